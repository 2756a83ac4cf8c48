"""Dates and times as a US newsroom writes them (AP style), and ISO 8601 for machines.

The public reads "Saturday, Dec. 5, 2026, 9-10:30 a.m."; browsers, feeds and
search engines read `<time datetime="2026-12-05T09:00:00-08:00">`. Both come
from here so a page never says one thing to people and another to machines.
Values are formatted in the zone they carry: the loader already put every
event and story in the site's time zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Protocol

from markupsafe import Markup, escape

from microsite.model import Repeat


class Dated(Protocol):
    """An event or one occurrence of it: anything with a start and maybe an end."""

    @property
    def start(self) -> date | datetime: ...
    @property
    def end(self) -> date | datetime | None: ...


# AP abbreviates only the long month names, and only when a day follows.
MONTHS = (
    "Jan.", "Feb.", "March", "April", "May", "June",
    "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
)  # fmt: skip
FULL_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
BADGE_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""The month on an event's date badge: three letters, as `strftime("%b")` gives them in the C
locale, without asking the machine's locale (and four times sooner)."""
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DASH = "\u2013"  # en dash: AP and typography both use it for ranges


def _day(value: date | datetime, weekday: bool) -> str:
    """'Saturday, Dec. 5' — the date without its year, for ranges that share one."""
    text = f"{MONTHS[value.month - 1]} {value.day}"
    return f"{WEEKDAYS[value.weekday()]}, {text}" if weekday else text


def ap_date(value: date | datetime, weekday: bool = True) -> str:
    """'Saturday, Dec. 5, 2026' (or 'Dec. 5, 2026'): no ordinals, AP month abbreviations."""
    return f"{_day(value, weekday)}, {value.year}"


def _clock(value: time) -> str:
    """'9' or '9:30': AP drops ':00' on the hour and uses a 12-hour clock."""
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d}" if value.minute else str(hour)


def _meridiem(value: time) -> str:
    return "a.m." if value.hour < 12 else "p.m."


def _special(value: time) -> str | None:
    """AP writes 'noon' and 'midnight', never '12 p.m.' or '12 a.m.'."""
    if value.minute or value.second:
        return None
    return {12: "noon", 0: "midnight"}.get(value.hour)


def _as_time(value: datetime | time) -> time:
    return value.time() if isinstance(value, datetime) else value


def ap_time(value: datetime | time) -> str:
    """'9 a.m.', '9:30 p.m.', 'noon', 'midnight'."""
    clock = _as_time(value)
    return _special(clock) or f"{_clock(clock)} {_meridiem(clock)}"


def ap_time_range(start: datetime | time, end: datetime | time) -> str:
    """'9-10:30 a.m.' names a shared meridiem once; '11 a.m.-1 p.m.' and '10 a.m.-noon' need both.

    The separator is an en dash (shown here as a hyphen to keep the source ASCII).
    """
    first, last = _as_time(start), _as_time(end)
    if first == last:
        return ap_time(first)
    shared = _meridiem(first) == _meridiem(last)
    if shared and not _special(first) and not _special(last):
        return f"{_clock(first)}{DASH}{ap_time(last)}"
    return f"{ap_time(first)}{DASH}{ap_time(last)}"


def _same_evening(start: datetime, end: datetime) -> bool:
    """True when a timed event ends on its start day, or at the midnight that closes it."""
    if end.date() == start.date():
        return True
    return end.date() == start.date() + timedelta(days=1) and end.time() == time()


def _timed_when(start: datetime, end: datetime | None) -> str:
    if end is None:
        return f"{ap_date(start)}, {ap_time(start)}"
    if _same_evening(start, end):
        return f"{ap_date(start)}, {ap_time_range(start, end)}"
    return f"{ap_date(start)}, {ap_time(start)}, to {ap_date(end)}, {ap_time(end)}"


def _all_day_when(start: date, end: date | None) -> str:
    """One day reads '(all day)'; a span names the year once when both ends share it."""
    if end is None or end == start:
        return f"{ap_date(start)} (all day)"
    if end.year == start.year:
        return f"{_day(start, True)}, to {ap_date(end)}"
    return f"{ap_date(start)}, to {ap_date(end)}"


def ap_when(event: Dated) -> str:
    """The event's date and time as one phrase, e.g. 'Saturday, Dec. 5, 2026, 9-10:30 a.m.'."""
    return _when_text(event.start, event.end)


def _when_text(start: date | datetime, end: date | datetime | None) -> str:
    if isinstance(start, datetime):
        return _timed_when(start, end if isinstance(end, datetime) else None)
    return _all_day_when(start, end if isinstance(end, date) else None)


def ap_when_html(event: Dated) -> Markup:
    """`ap_when` for a page: a same-day time range never breaks across lines ("9-" / "10:30")."""
    return _when_html(event.start, event.end)


@lru_cache(maxsize=16384)
def _when_html(start: date | datetime, end: date | datetime | None) -> Markup:
    """Remembered: a weekly series shows the same dates on several list pages."""
    text = _when_text(start, end)
    spans_days = isinstance(end, datetime) and not _same_evening(start, end)  # type: ignore[arg-type]
    if spans_days:  # each end's time holds together: "9 p.m." never becomes "9" / "p.m."
        return Markup(escape(text.replace(" a.m.", "\u00a0a.m.").replace(" p.m.", "\u00a0p.m.")))
    if not isinstance(start, datetime):
        return Markup(escape(text))
    day, _, clock = text.rpartition(", ")
    return Markup(f'{escape(day)}, <span class="nowrap">{escape(clock)}</span>')


def ap_times(event: Dated) -> str:
    """'8-9:30 a.m.': the time of day of each date of a series (empty when all day)."""
    start, end = event.start, event.end
    if not isinstance(start, datetime):
        return ""
    return ap_time_range(start, end) if isinstance(end, datetime) else ap_time(start)


ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
PERIOD_WORDS = {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year"}


def ap_repeat(repeat: Repeat, start: date | datetime, until: bool = True) -> str:
    """'Every month on the first Tuesday, through June 30, 2027': the rule in the PIO's words."""
    period = PERIOD_WORDS[repeat.freq]
    every = f"Every {repeat.interval} {period}s" if repeat.interval > 1 else f"Every {period}"
    text = every + _repeat_days(repeat, start)
    if until and repeat.until is not None:
        text += f", through {ap_date(repeat.until, weekday=False)}"
    elif until and repeat.count is not None:
        text += f", {repeat.count} times" if repeat.count > 1 else ", once"
    return text


def _repeat_days(repeat: Repeat, start: date | datetime) -> str:
    names = [WEEKDAYS[day] for day in repeat.days_of_week(start)]
    month = f" of {FULL_MONTHS[start.month - 1]}" if repeat.freq == "yearly" else ""
    if repeat.nth is not None:
        return f" on the {ORDINAL_WORDS[repeat.nth]} {names[0]}{month}"
    monthday = repeat.day_of_month(start)
    if monthday is not None:
        return f" on day {monthday}{month}"
    if names:
        return " on " + " and ".join(
            [", ".join(names[:-1]), names[-1]] if len(names) > 1 else names
        )
    return ""


def iso(value: date | datetime) -> str:
    """ISO 8601 for `<time datetime>`, feeds and JSON-LD: seconds and offset, or a bare date."""
    if isinstance(value, datetime):
        offset = value.utcoffset()
        if offset is not None and offset.seconds % 60:
            # Local mean time (-07:52:58) is no RFC 3339 offset: feeds would be invalid.
            value = value.astimezone(UTC)
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def repeat_words(event: Any) -> str:
    """A series' rule in words, for its page ("Every month on the first Tuesday, ...")."""
    return ap_repeat(event.repeat, event.start)


# The filters the event templates use besides ap_date, ap_time, ap_when and iso.
EVENT_FILTERS = {"ap_when_html": ap_when_html, "ap_times": ap_times, "repeat_words": repeat_words}
