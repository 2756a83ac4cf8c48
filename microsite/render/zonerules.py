"""A time zone's rule for the years to come, as VTIMEZONE observances that repeat.

A calendar's VTIMEZONE lists the zone's clock changes year by year over the
years its events touch (`calendar._zone_rules`). A series with no end runs on
past the last of them, and RFC 5545 (3.6.5) asks the VTIMEZONE to cover every
date of it: a client that reads the VTIMEZONE (ical.js, Thunderbird, Outlook)
would otherwise keep the last offset it lists, and a weekly 4 p.m. session
would show at 5 p.m. from the first spring after it. So after the listed
years comes one STANDARD and one DAYLIGHT observance with a yearly RRULE,
read from the rule the zone follows today: the POSIX TZ string at the end of
its TZif file (RFC 8536, 3.3), such as `PST8PDT,M3.2.0,M11.1.0`.

Only rules an RRULE can say are written: a change on the n-th or last
weekday of a month, at a time of that same day. A zone whose changes fall
otherwise (Greenland's at -1:00, Gaza's at 50:00) keeps the listed years only.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import resources
from pathlib import Path

_NAME = r"<[^>]+>|[A-Za-z]{3,}"
_OFFSET = r"[+-]?\d{1,3}(?::\d{2}){0,2}"
_DAY = r"M(\d{1,2})\.([1-5])\.([0-6])(?:/(" + _OFFSET + "))?"
_RULE = re.compile(
    rf"(?P<std>{_NAME})(?P<std_offset>{_OFFSET})(?P<dst>{_NAME})(?P<dst_offset>{_OFFSET})?"
    rf",{_DAY},{_DAY}"
)
_CODES = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")  # POSIX counts weekdays from Sunday


@dataclass(frozen=True)
class Change:
    """One yearly clock change: on the `week`-th (5: last) `weekday` of `month`, at
    `at` on the clock before it, from `before` to `after` (offsets from UTC)."""

    month: int
    week: int
    weekday: int  # 0 is Sunday
    at: time
    before: timedelta
    after: timedelta
    name: str  # what the clock is called after it

    def day_in(self, year: int) -> date:
        first = date(year, self.month, 1)
        if self.week == 5:  # the last one: count back from the next month's first day
            following = date(year + self.month // 12, self.month % 12 + 1, 1)
            last = following - timedelta(days=1)
            return last - timedelta(days=(last.isoweekday() % 7 - self.weekday) % 7)
        ahead = (self.weekday - first.isoweekday() % 7) % 7
        return first + timedelta(days=ahead + 7 * (self.week - 1))


def ongoing(tzid: str, after_year: int) -> bytes:
    """The zone's yearly STANDARD and DAYLIGHT observances from the first change after
    `after_year`, as VTIMEZONE lines; nothing for a zone without clock changes today,
    or whose changes no RRULE can say."""
    changes = yearly_changes(tzid)
    if changes is None:
        return b""
    return b"".join(_observance(change, after_year + 1) for change in changes)


def yearly_changes(tzid: str) -> tuple[Change, Change] | None:
    """The zone's two yearly changes (into daylight time, back to standard), if its
    rule today has them and each is one an RRULE can say."""
    rule = _rule_text(tzid)
    found = _RULE.fullmatch(rule) if rule else None
    if found is None:
        return None
    standard = -_duration(found["std_offset"])  # POSIX counts hours west of Greenwich
    daylight = -_duration(found["dst_offset"]) if found["dst_offset"] else standard + _HOUR
    parts = found.groups()
    into = _change(parts[4:8], standard, daylight, found["dst"])
    back = _change(parts[8:12], daylight, standard, found["std"])
    return (into, back) if into and back else None


_HOUR = timedelta(hours=1)


def _change(
    parts: tuple[str | None, ...], before: timedelta, after: timedelta, name: str
) -> Change | None:
    month, week, weekday, at = parts
    moment = _duration(at) if at else 2 * _HOUR
    if not timedelta(0) <= moment < timedelta(days=1) or not 1 <= int(month or 0) <= 12:
        return None  # on another day than the rule names: RRULE cannot say it
    clock = (datetime.min + moment).time()
    return Change(int(month or 0), int(week or 0), int(weekday or 0), clock, before, after, name)


def _duration(text: str) -> timedelta:
    sign = -1 if text.startswith("-") else 1
    hours, minutes, seconds = ([int(part) for part in text.lstrip("+-").split(":")] + [0, 0])[:3]
    return sign * timedelta(hours=hours, minutes=minutes, seconds=seconds)


def _observance(change: Change, year: int) -> bytes:
    kind = "DAYLIGHT" if change.after > change.before else "STANDARD"
    start = datetime.combine(change.day_in(year), change.at)
    week = -1 if change.week == 5 else change.week
    lines = [
        f"BEGIN:{kind}",
        f"DTSTART:{start:%Y%m%dT%H%M%S}",
        f"TZNAME:{change.name.strip('<>')}",
        f"TZOFFSETFROM:{_offset(change.before)}",
        f"TZOFFSETTO:{_offset(change.after)}",
        f"RRULE:FREQ=YEARLY;BYMONTH={change.month};BYDAY={week}{_CODES[change.weekday]}",
        f"END:{kind}",
    ]
    return "".join(line + "\r\n" for line in lines).encode()


def _offset(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    sign, seconds = ("-" if seconds < 0 else "+"), abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


def _rule_text(tzid: str) -> str:
    """The POSIX TZ string at the end of the zone's TZif file, found where `zoneinfo`
    finds the file: the system's zone folders first, then the `tzdata` package."""
    data = None
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / tzid
        if path.is_file():
            data = path.read_bytes()
            break
    if data is None:
        try:
            package = "tzdata.zoneinfo." + ".".join(tzid.split("/")[:-1])
            data = resources.files(package.rstrip(".")).joinpath(tzid.split("/")[-1]).read_bytes()
        except (ModuleNotFoundError, FileNotFoundError, OSError):
            return ""
    if not data.startswith(b"TZif") or not data.endswith(b"\n"):
        return ""
    return data[:-1].rsplit(b"\n", 1)[-1].decode("ascii", "replace")
