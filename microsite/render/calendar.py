"""Events as iCalendar (RFC 5545): the files people add to their phone calendars.

What matters to a subscriber: a UID that never changes, so an edited or
cancelled event updates the copy in their calendar instead of duplicating it;
local times tied to a VTIMEZONE, so Google and Apple show the right hour; and
the same bytes for the same content, so a rebuild doesn't look like a change.
The `icalendar` package does the escaping, folding and CRLF line ends.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import icalendar

from microsite.characters import NOT_ONE_LINE, NOT_TEXT
from microsite.model import Event, EventStatus, Settings, Site
from microsite.render.textutil import plain_text

# Calendars have no "postponed": TENTATIVE tells clients the date is not firm.
STATUSES = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
    EventStatus.POSTPONED: "TENTATIVE",
}


END = b"END:VCALENDAR\r\n"
# Loading refuses control characters, but icalendar writes a lone CR (which
# ends a line for many readers: a title could inject a property) and control
# bytes as they are, and asserts on a newline in X-WR-CALNAME: drop them here too.


def event_uid(site: Site, event: Event) -> str:
    """A UUID derived from the event's public URL: stable across builds and machines."""
    return _uid(site.settings, event)


def _uid(settings: Settings, event: Event) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, settings.absolute(event.path)))


def ics_calendar(
    site: Site, events: Sequence[Event], *, name: str, day: date | None = None
) -> bytes:
    """A whole VCALENDAR; an empty `events` still gives a valid, subscribable calendar.

    The calendar is assembled from each part's own bytes, exactly as the
    library would write the whole, so an event that appears in the site's,
    its communities' and its own calendar is written out once. `day` is the
    build's day (UTC, by default that of `site.now`): the DTSTAMP of every
    event, and the year an empty calendar's time zone covers.
    """
    ordered = sorted(events, key=lambda e: (e.starts_at, e.slug))
    head = _calendar_header(site, name).to_ical()
    names = tuple((c.key, c.name) for c in site.communities)
    day = day or build_day(site.now)
    stamp = datetime.combine(day, time(), UTC)
    parts = [_vevent_bytes(site.settings, names, event, stamp) for event in ordered]
    return b"".join([head[: -len(END)], _timezone(site, ordered, day.year), *parts, END])


def _calendar_header(site: Site, name: str) -> icalendar.Calendar:
    import icalendar  # imported when a calendar is made: a rebuild that reuses them skips it

    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//microsite//{_line(site.settings.title)}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _line(name))
    calendar.add("x-wr-timezone", site.settings.timezone.key)
    return calendar


def _timezone(site: Site, events: Sequence[Event], year: int) -> bytes:
    """The site zone's rules for the whole years the events touch (this year when none).

    Bounding the range keeps the file small and, because the bounds come from
    the content rather than the clock, keeps it byte-identical between builds.
    """
    years = [e.starts_at.year for e in events] + [e.ends_at.year for e in events]
    first, last = (min(years), max(years)) if years else (year, year)
    return _zone_rules(site.settings.timezone.key, first, last)


@lru_cache(maxsize=64)
def _zone_rules(tzid: str, first: int, last: int) -> bytes:
    """Working out a zone's transitions is costly and every event calendar needs them."""
    import icalendar

    zone = icalendar.Timezone.from_tzid(
        tzid, first_date=date(first, 1, 1), last_date=date(last + 1, 1, 1)
    )
    return zone.to_ical()


def build_day(now: datetime) -> date:
    """DTSTAMP's day: honest about when the file was made, yet identical for every
    build on the same clock day (UTC)."""
    return now.astimezone(UTC).date()


@lru_cache(maxsize=8192)
def _vevent_bytes(
    settings: Settings, communities: tuple[tuple[str, str], ...], event: Event, stamp: datetime
) -> bytes:
    """One VEVENT as it appears in any calendar; `communities` gives the category names."""
    import icalendar

    vevent = icalendar.Event()
    vevent.add("uid", _uid(settings, event))
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.start)
    end = _dtend(event)
    if end is not None:
        vevent.add("dtend", end)
    vevent.add("summary", _line(_summary(event)))
    vevent.add("status", STATUSES[event.status])
    vevent.add("location", _line(", ".join(filter(None, (event.location, event.address)))))
    vevent.add("description", NOT_TEXT.sub(" ", _description(settings, event)))
    vevent.add("url", settings.absolute(event.path))
    if event.communities:
        names = dict(communities)
        vevent.add("categories", [_line(names[key]) for key in event.communities])
    return vevent.to_ical()


def _line(text: str) -> str:
    """`text` on one line with no control characters, for a one-line property."""
    return NOT_ONE_LINE.sub(" ", text)


def _dtend(event: Event) -> date | datetime | None:
    """All-day ends are exclusive in iCalendar, inclusive in our content: add a day."""
    if event.all_day:
        last = event.end if event.end is not None else event.start
        return last + timedelta(days=1)
    return event.end


def _description(settings: Settings, event: Event) -> str:
    """Plain text, then the links a calendar user needs to find out more."""
    parts = [plain_text(event.description_html)]
    if event.info_url:
        parts.append(f"More information: {event.info_url}")
    parts.append(settings.absolute(event.path))
    return "\n\n".join(part for part in parts if part)


def _summary(event: Event) -> str:
    """A calendar shows only the title at a glance: a changed status leads it."""
    if event.status == EventStatus.SCHEDULED:
        return event.title
    return f"{event.status.label}: {event.title}"
