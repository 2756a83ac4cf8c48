"""A series' rule as RFC 5545 writes it: the RRULE of its VEVENT and of Google's link.

The rule was checked when the content was loaded (`content/repeat.py`); here
it is only spelt. `UNTIL` must be in UTC when DTSTART has a TZID (RFC 5545
3.3.10), so the last day is closed at its local midnight and converted.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from microsite.render.icstext import recur
from microsite.schedule import Event

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def rrule_parts(event: Event) -> dict[str, Any]:
    """The RRULE's parts, in the order RFC 5545's examples give them."""
    repeat = event.repeat
    assert repeat is not None
    parts: dict[str, Any] = {"FREQ": repeat.freq.upper()}
    if repeat.interval > 1:
        parts["INTERVAL"] = repeat.interval
    if repeat.weekdays:
        nth = str(repeat.nth) if repeat.nth else ""
        parts["BYDAY"] = [nth + DAY_CODES[day] for day in repeat.weekdays]
    if repeat.monthday:
        parts["BYMONTHDAY"] = repeat.monthday
    if repeat.freq == "yearly" and (repeat.nth or repeat.monthday):
        parts["BYMONTH"] = event.start.month
    if repeat.until is not None:
        parts["UNTIL"] = _until(event)
    if repeat.count is not None:
        parts["COUNT"] = repeat.count
    return parts


def _until(event: Event) -> Any:
    """The series' last day: a date for all-day events, else its last second, in UTC."""
    assert event.repeat is not None and event.repeat.until is not None
    if not isinstance(event.start, datetime):
        return event.repeat.until
    last = datetime.combine(event.repeat.until, time(23, 59, 59), event.start.tzinfo)
    return last.astimezone(UTC)


def rrule_text(event: Event) -> str:
    """`FREQ=MONTHLY;BYDAY=1TU;...`: the rule as one line, for links."""
    return recur(rrule_parts(event))
