"""Events as iCalendar (RFC 5545): the files people add to their phone calendars.

What matters to a subscriber: a UID that never changes, so an edited or
cancelled event updates the copy in their calendar instead of duplicating it;
local times tied to a VTIMEZONE, so Google and Apple show the right hour; and
the same bytes for the same content, so a rebuild doesn't look like a change.
Each event's VEVENT is written by `icstext.py`, to the same bytes as the
`icalendar` package would write (tested; but a backslash-N stays one), which writes the rest: each
calendar's header and its VTIMEZONE.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from microsite import urls
from microsite.characters import NOT_ONE_LINE, NOT_TEXT
from microsite.model import DEFAULT_DURATION, Change, Event, EventStatus, Occurrence, Settings, Site
from microsite.recurrence import HORIZON, changed_occurrence, first_occurrence, rule_moment
from microsite.render.language import with_status, words
from microsite.render.textutil import plain_text
from microsite.schedule import Moment

if TYPE_CHECKING:  # the writers of calendar text load when a calendar is made
    from microsite.render.icstext import Property

# Calendars have no "postponed": TENTATIVE tells clients the date is not firm.
STATUSES = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
    EventStatus.POSTPONED: "TENTATIVE",
}


END = b"END:VCALENDAR\r\n"
# How often subscribers should look for changes: twice a day catches a
# cancellation the same day without asking more of a static host.
REFRESH = timedelta(hours=12)
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
# Loading refuses control characters; `line` drops them again as a defence:
# TEXT escaping leaves control bytes as they are, and a line break in a
# one-line property reads as a second line in many clients.


def event_uid(site: Site, event: Event) -> str:
    """A UUID derived from the event's public URL: stable across builds and machines."""
    return _uid(site.settings, event)


def _uid(settings: Settings, event: Event) -> str:
    """From the default language's address: the Spanish calendar's copy of an event is the
    same event, so a phone subscribed to both shows it once."""
    import uuid  # 2 ms to import, for the builds that make a calendar; most rebuilds do not

    return str(uuid.uuid5(uuid.NAMESPACE_URL, settings.absolute(urls.event(event.slug))))


def ics_calendar(
    site: Site, events: Sequence[Event], *, name: str | None, day: date | None = None
) -> bytes:
    """A whole VCALENDAR; an empty `events` still gives a valid, subscribable calendar.

    A `name` makes it a subscription: it is named (X-WR-CALNAME) and tells
    subscribers how often to look for changes. Without one it is a file to
    import, one event's own `.ics`, which must not create a calendar of its
    own in the reader's app. The calendar is assembled from each part's own
    bytes, exactly as the library would write the whole, so an event that
    appears in several calendars is written out once. `day` is the build's
    day (UTC, by default that of `site.now`): the DTSTAMP of every event.
    """
    ordered = sorted(events, key=lambda e: (e.starts_at, e.slug))
    head = _calendar_header(site.settings, name)
    names = tuple((c.key, c.name) for c in site.communities)
    day = day or build_day(site.now)
    stamp = datetime.combine(day, time(), UTC)
    catalog = words(site.settings.language)
    parts = [vevent_bytes(site.settings, names, event, stamp, catalog) for event in ordered]
    zone = _timezone(site, ordered, day)
    return b"".join([head[: -len(END)], zone, *parts, END])


@lru_cache(maxsize=64)
def _calendar_header(settings: Settings, name: str | None) -> bytes:
    """The VCALENDAR's own lines: the same for every event's `.ics` of a language."""
    import icalendar  # imported when a calendar is made: a rebuild that reuses them skips it

    calendar = icalendar.Calendar()
    language = settings.language.upper()
    calendar.add("prodid", f"-//microsite//{line(settings.title)}//{language}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name is not None:
        calendar.add("x-wr-calname", line(name))
        calendar.add("x-wr-timezone", settings.timezone.key)
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT12H")  # Outlook's older spelling of the same
    return calendar.to_ical()


def _timezone(site: Site, events: Sequence[Event], day: date) -> bytes:
    """The site zone's rules for the whole years the events touch (this year when none).

    A series counts to its last date, or to a year past the build day when it
    runs on. Bounding the range keeps the file small and, because the bounds
    come from the content and the build day, the same for the same build.
    """
    years = [year for event in events for year in _years(event, day)]
    first, last = (min(years), max(years)) if years else (day.year, day.year)
    return _zone_rules(site.settings.timezone.key, first, last)


def _years(event: Event, day: date) -> tuple[int, ...]:
    years = (event.starts_at.year, event.ends_at.year)
    if event.repeat is None:
        return years
    if event.repeat.until is not None:
        return (*years, event.repeat.until.year)
    return (*years, (day + HORIZON).year)


@lru_cache(maxsize=64)
def _zone_rules(tzid: str, first: int, last: int) -> bytes:
    """The zone's changes listed year by year from `first` to `last`, then the rule it
    follows today, repeating (`zonerules.py`): a series without end runs on past
    `last`. Working out the transitions is costly and every event calendar needs them."""
    from microsite.render import zonerules  # with the calendar: a rebuild that makes none skips it

    listed = _listed_changes(tzid, first, last)
    ongoing = zonerules.ongoing(tzid, last)
    if not ongoing:
        return listed
    end = listed.rindex(b"END:VTIMEZONE")
    # Its COMMENT says the rules end with the listed years: no longer true.
    return _LIMITED.sub(b"", listed[:end]) + ongoing + listed[end:]


def _listed_changes(tzid: str, first: int, last: int) -> bytes:
    """The VTIMEZONE of the zone's clock as it was at the start of `first` and each of its
    changes to the end of `last`, every change an observance of its own, as the
    `icalendar` package writes them (its COMMENT included).

    The package's own `Timezone.from_tzid` finds changes in 64-day steps and missed
    any shorter period with both its changes (Morocco's clocks go back for the five
    weeks of Ramadan: events an hour off in ical.js, review find), and it lists the
    later changes of one kind as RDATEs of the first, which ical.js (Thunderbird)
    misreads (a 10 a.m. July 2026 event at 11, fuzzing find). Here the zone is read
    once a day and each change found to the second. An observance starts at the
    later of the two wall-clock times the change joins (3 a.m. when clocks go forward,
    2 a.m. when they go back), as the package writes it."""
    import icalendar

    zone = ZoneInfo(tzid)
    begin, end = date(first, 1, 1), date(last + 1, 1, 1)
    calendar_zone = icalendar.Timezone()
    calendar_zone.add("TZID", tzid)
    calendar_zone.add("COMMENT", f"This timezone only works from {begin} to {end}.")
    opening = datetime.combine(begin, time(), zone)
    offset = opening.utcoffset() or timedelta()
    observances = [(opening.replace(tzinfo=None), opening, offset, offset)]
    for instant, before, after in _changes(zone, opening, datetime.combine(end, time(), zone)):
        wall = (instant + max(before, after)).replace(tzinfo=None)
        observances.append((wall, instant.astimezone(zone), before, after))
    for wall, clock, before, after in observances:
        standard = clock.dst() == timedelta()
        observance = icalendar.TimezoneStandard() if standard else icalendar.TimezoneDaylight()
        observance.add("DTSTART", wall)
        observance.add("TZNAME", clock.tzname() or str(after))
        observance.add("TZOFFSETFROM", before)
        observance.add("TZOFFSETTO", after)
        calendar_zone.add_component(observance)
    return calendar_zone.to_ical()


def _changes(
    zone: ZoneInfo, start: datetime, end: datetime
) -> list[tuple[datetime, timedelta, timedelta]]:
    """Each change of `zone`'s offset from `start` to `end`: its instant (UTC, to the
    second) and the offsets before and after it."""
    step = timedelta(days=1)  # no zone has changed its clock twice in a day
    found = []
    moment = start.astimezone(UTC)
    offset = moment.astimezone(zone).utcoffset()
    while moment < end:
        following = min(moment + step, end.astimezone(UTC))
        later = following.astimezone(zone).utcoffset()
        if later != offset:
            low, high = moment, following  # the offset changes after `low`, by `high`
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                if middle.astimezone(zone).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            found.append((high, offset, later))
            offset = later
        moment = following
    return found


_LIMITED = re.compile(rb"COMMENT:This timezone only works [^\r]*\r\n(?: [^\r]*\r\n)*")


def build_day(now: datetime) -> date:
    """DTSTAMP's day: honest about when the file was made, yet identical for every
    build on the same clock day (UTC)."""
    return now.astimezone(UTC).date()


@lru_cache(maxsize=8192)
def vevent_bytes(
    settings: Settings,
    communities: tuple[tuple[str, str], ...],
    event: Event,
    stamp: datetime,
    catalog: object = None,
) -> bytes:
    """An event as it appears in any calendar: one VEVENT, plus one per changed date.

    `catalog` is the language's (`words`), whose "Sign up" and status words it holds:
    a catalog read afresh (the preview, once a translator saves it) is another key."""
    from microsite.render import icstext  # with the calendar, as `zonerules`

    master = vevent_properties(settings, communities, event, stamp)
    overrides = [
        override_properties(settings, communities, event, change, stamp) for change in event.changes
    ]
    return b"".join(icstext.vevent(properties) for properties in [master, *overrides])


def vevent_properties(
    settings: Settings, communities: tuple[tuple[str, str], ...], event: Event, stamp: datetime
) -> list[Property]:
    """The series' (or the single event's) own VEVENT; `communities` gives category names."""
    from microsite.render.rrules import rrule_parts  # with the calendar, as `zonerules`

    properties = _described(settings, communities, event, first_occurrence(event), stamp)
    if event.repeat is not None:
        properties.append(("RRULE", rrule_parts(event)))
        if event.skipped:
            properties.append(("EXDATE", [rule_moment(event, day) for day in event.skipped]))
    return properties


def override_properties(
    settings: Settings,
    communities: tuple[tuple[str, str], ...],
    event: Event,
    change: Change,
    stamp: datetime,
) -> list[Property]:
    """One changed date of a series: the same UID, with RECURRENCE-ID naming the date."""
    occurrence = changed_occurrence(event, change)
    properties = _described(settings, communities, event, occurrence, stamp, override=True)
    properties.append(("RECURRENCE-ID", occurrence.rule_start))
    return properties


def _described(
    settings: Settings,
    communities: tuple[tuple[str, str], ...],
    event: Event,
    occurrence: Occurrence,
    stamp: datetime,
    override: bool = False,
) -> list[Property]:
    """What every VEVENT of an event says: identity, version, time, place and words."""
    properties: list[Property] = [("UID", _uid(settings, event)), ("DTSTAMP", stamp)]
    if event.updated is not None:
        properties.append(("LAST-MODIFIED", event.updated.astimezone(UTC)))
    place = ", ".join(filter(None, (occurrence.location, event.address)))
    text = _description(settings, event, occurrence.note)
    properties += [
        ("SEQUENCE", sequence(event, occurrence.status, override)),
        ("DTSTART", occurrence.start),
        ("DTEND", ics_end(occurrence.start, occurrence.end)),
        ("SUMMARY", line(with_status(settings.language, event.title, occurrence.status))),
        ("STATUS", STATUSES[occurrence.status]),
        ("LOCATION", line(place)),
        ("DESCRIPTION", NOT_TEXT.sub(" ", text)),
        ("URL", settings.absolute(event.path)),
    ]
    if event.communities:
        names = dict(communities)
        properties.append(("CATEGORIES", [line(names[key]) for key in event.communities]))
    return properties


def sequence(event: Event, status: EventStatus, override: bool = False) -> int:
    """A version number that only grows: from `updated`, then a step for each change.

    Clients that keep an imported copy replace it only with a higher
    SEQUENCE. Four times the minutes from 2020 to `updated` leaves room for
    the steps (a changed date is newer than its rule; a call-off newer still),
    so a later edit always wins (docs/CALENDARS.md).
    """
    minutes = 0
    if event.updated is not None and event.updated > SEQUENCE_EPOCH:
        minutes = int((event.updated - SEQUENCE_EPOCH).total_seconds()) // 60
    return 4 * minutes + 2 * override + (status != EventStatus.SCHEDULED)


def line(text: str) -> str:
    """`text` on one line with no control characters, for a one-line property."""
    return NOT_ONE_LINE.sub(" ", text)


def ics_end(start: Moment, end: Moment | None) -> Moment:
    """DTEND: all-day ends are exclusive in iCalendar, inclusive in our content; a timed
    event without an end lasts DEFAULT_DURATION."""
    if not isinstance(start, datetime):
        return (end if end is not None else start) + timedelta(days=1)
    return end if isinstance(end, datetime) else start + DEFAULT_DURATION


def _description(settings: Settings, event: Event, note: str = "") -> str:
    """Plain text, then the links a calendar user needs to find out more."""
    parts = [note, plain_text(event.description_html)]
    if event.registration:
        parts.append(
            words(settings.language).gettext("Sign up: %(url)s") % {"url": event.registration}
        )
    if event.info_url:
        more = words(settings.language).gettext("More information: %(url)s")
        parts.append(more % {"url": event.info_url})
    parts.append(settings.absolute(event.path))
    return "\n\n".join(part for part in parts if part)
