"""Wall-clock times that never happen: the hour skipped when clocks go forward.

In Los Angeles, 2:30 a.m. on Sunday, March 14, 2027 does not exist: clocks
go from 2 straight to 3. RFC 5545 reads such a time "using the UTC offset
before the gap", which makes it 3:30 a.m.; Python's zoneinfo does the same
for a time with `fold=0`. So calendars and JSON-LD agree on the instant, and
only a page that prints the time as written would say otherwise. A time the
PIO wrote there gets a warning (content/gaps.py); a date a series' rule lands
there is shown as calendars show it (recurrence.py).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

MINUTE = timedelta(minutes=1)


def in_gap(moment: datetime) -> bool:
    """Whether an aware time falls in a skipped stretch: only there is the offset after
    the change (`fold=1`) ahead of the one before it (`fold=0`)."""
    before, after = moment.replace(fold=0).utcoffset(), moment.replace(fold=1).utcoffset()
    return before is not None and after is not None and after > before


def as_clocks_show(moment: datetime) -> datetime:
    """The time on the clock at the instant `moment` means: 3:30 for a skipped 2:30,
    any other time unchanged. (Converting to the same zone is a no-op in Python; the
    trip through UTC is what moves it.)"""
    return moment.astimezone(UTC).astimezone(moment.tzinfo)


def gap_around(moment: datetime) -> tuple[datetime, datetime]:
    """The skipped stretch `moment` is in, as the wall-clock times it runs from and to."""
    first = moment.replace(second=0, microsecond=0)
    while in_gap(first - MINUTE):
        first -= MINUTE
    jump = moment.replace(fold=1).utcoffset() - moment.replace(fold=0).utcoffset()  # type: ignore[operator]
    return first, first + jump


def jump_days(zone: ZoneInfo, first: date, last: date) -> frozenset[date]:
    """The days from `first` to `last` on which a time could be skipped: each day the
    clocks go forward, and the day before it (an evening that runs past midnight)."""
    days: set[date] = set()
    for year in range(first.year, last.year + 1):
        days |= _jumps(zone, year)
    return frozenset(days | {day - timedelta(days=1) for day in days})


@lru_cache(maxsize=64)
def _jumps(zone: ZoneInfo, year: int) -> frozenset[date]:
    """The days of `year` on which `zone`'s clocks go forward: the offset at the next
    midnight is ahead of this one's. Worked out once per zone and year."""
    days = [date(year, 1, 1) + timedelta(days=n) for n in range(367)]
    offsets = [datetime.combine(day, time(), zone).utcoffset() for day in days]
    pairs = zip(days, offsets, offsets[1:], strict=False)
    return frozenset(day for day, this, following in pairs if following > this)  # type: ignore[operator]


def zone_name(zone: ZoneInfo) -> str:
    """`America/Los_Angeles` -> `Los Angeles`: how a PIO names the site's time."""
    return zone.key.rsplit("/", 1)[-1].replace("_", " ")
