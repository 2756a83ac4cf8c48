"""A time the PIO wrote that the clock skips: a warning at its line, naming the gap.

`start: "2027-03-14 02:30"` in Los Angeles is an hour that never comes.
Calendars read it as 3:30 a.m. (RFC 5545), and so do JSON-LD and Python, but
the page would print 2:30: so the PIO is told, in the page's own words for
dates and times, which time to write instead. See `microsite/daylight.py`.
"""

from __future__ import annotations

from datetime import datetime

from microsite.content.fields import Fields
from microsite.dates import ap_date, ap_time
from microsite.daylight import as_clocks_show, gap_around, in_gap, zone_name
from microsite.errors import warning
from microsite.schedule import Moment


def check_gaps(fields: Fields, moments: dict[str, Moment | None], prefix: str = "") -> None:
    """Warn at each key's line whose time the site's clocks skip: `{"start": ..., "end": ...}`."""
    for key, value in moments.items():
        if isinstance(value, datetime) and in_gap(value):
            _warn(fields, key, value, prefix)


def _warn(fields: Fields, key: str, value: datetime, prefix: str) -> None:
    first, after = gap_around(value)
    shown = ap_time(as_clocks_show(value))
    zone = zone_name(value.tzinfo)  # type: ignore[arg-type]
    message = (
        f"{prefix}{key}: {ap_time(value)} on {ap_date(value)} does not exist in {zone} time: "
        f"clocks go from {_jump(first, after)}"
    )
    hint = f"use {shown}, the time calendars will show, or another time"
    fields.problems.append(warning(fields.path, fields.line(key), message, hint))


def _jump(first: datetime, after: datetime) -> str:
    """`2 to 3 a.m.`, as a newsroom writes a range that shares its a.m."""
    start, end = ap_time(first), ap_time(after)
    if start[-4:] == end[-4:] and start[-4:] in ("a.m.", "p.m."):
        start = start[:-5]
    return f"{start} to {end}"
