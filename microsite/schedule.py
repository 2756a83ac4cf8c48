"""Events as frozen values: a one-off event or a series, and each dated occurrence of it.

An `Event` is what the PIO wrote, checked: for a series, its first date and a
`Repeat` rule, the dates it skips and the occurrences that differ
(`Change`). An `Occurrence` is one date of it as the public sees it: lists
show occurrences, the event's page and its calendar entry show the event.
Its identity (URL and calendar UID) comes from the slug alone, so moving a
date never moves the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from microsite import urls
from microsite.images.source import Source

# A timed event without `end` is taken to last an hour: what calendars, search
# engines and "is it over yet?" all need, while the page shows only its start.
DEFAULT_DURATION = timedelta(hours=1)


class EventStatus(StrEnum):
    """The one spelling of each status: what PIOs write, templates compare and pages show."""

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


EVENT_STATUSES = tuple(status.value for status in EventStatus)
Moment = datetime | date  # an aware datetime, or a date for all-day events


def instant(value: Moment, tz: ZoneInfo) -> datetime:
    """The first instant of a moment: an all-day date starts at its midnight."""
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time(), tz)


def over_at(start: Moment, end: Moment | None, tz: ZoneInfo) -> datetime:
    """The instant a thing is over: an all-day one runs to the midnight after its last day."""
    if isinstance(start, datetime):
        return end if isinstance(end, datetime) else start + DEFAULT_DURATION
    last = end if end is not None else start
    return datetime.combine(last + timedelta(days=1), time(), tz)


def day_of(value: Moment) -> date:
    return value.date() if isinstance(value, datetime) else value


@dataclass(frozen=True)
class Repeat:
    """A series' rule, from the PIO's plain words: what dateutil and an RRULE both read.

    `weekdays` count from Monday = 0. A month or year rule on "first tuesday"
    has `nth=1, weekdays=(1,)`; "last friday" has `nth=-1`; "day 15" has
    `monthday=15`. A year rule keeps the month of the first date.
    """

    freq: str  # daily | weekly | monthly | yearly
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    nth: int | None = None
    monthday: int | None = None
    until: date | None = None
    count: int | None = None

    def days_of_week(self, first: date) -> tuple[int, ...]:
        """The weekdays the series falls on, said or not: a weekly rule with no `on:`
        repeats on its first date's weekday, as RFC 5545 has it (and its page says which:
        "Every week on Wednesday", not "Every week")."""
        if self.weekdays or self.freq != "weekly":
            return self.weekdays
        return (first.weekday(),)

    def day_of_month(self, first: date) -> int | None:
        """The day of the month a monthly or yearly rule falls on, said or not: its first
        date's, when `on:` names neither a day nor a weekday."""
        if self.nth is not None or self.weekdays or self.freq not in ("monthly", "yearly"):
            return self.monthday
        return self.monthday or first.day


@dataclass(frozen=True)
class Change:
    """One occurrence that differs from the rule: cancelled, postponed or moved."""

    day: date  # the date the rule gives it: its RECURRENCE-ID
    status: EventStatus = EventStatus.SCHEDULED
    start: Moment | None = None  # a new start (and end) when it moved
    end: Moment | None = None
    location: str | None = None
    note: str = ""
    translated: tuple[tuple[str, str, str], ...] = ()  # (language, field, text): location, note
    fallback: tuple[str, ...] = ()  # fields shown in the default language (an edition's)


@dataclass(frozen=True, slots=True)
class Event:
    """One event as the PIO wrote it, checked: a single date, or a series from its
    first date. Frozen and hashable, so it is its own cache key."""

    slug: str
    title: str
    start: Moment  # for a series, its first date
    location: str
    source: str
    end: Moment | None = None  # same kind as start; all-day ends are inclusive
    address: str | None = None
    communities: tuple[str, ...] = ()
    description_html: str = ""  # sanitised; may be empty
    info_url: str | None = None  # the `url` field: more information
    status: EventStatus = EventStatus.SCHEDULED
    tz: ZoneInfo = field(default=ZoneInfo("UTC"), compare=False, repr=False)
    repeat: Repeat | None = None
    skipped: tuple[date, ...] = ()  # `except`: dates the rule gives that have no occurrence
    changes: tuple[Change, ...] = ()
    registration: str | None = None  # sign-up address
    deadline: datetime | None = None  # sign-up closes
    cost: str | None = None  # absent means free
    accessibility: str | None = None
    contact: str | None = None
    image: str | None = None  # a /media/ path: the page's picture, its share image, JSON-LD's
    image_alt: str | None = None
    picture: Source | None = None  # the image's facts, when it is a raster picture
    updated: datetime | None = None  # last substantive change: LAST-MODIFIED and SEQUENCE
    root: str = ""  # the language root its page lives under (an edition's)
    translated: tuple[tuple[str, str, str], ...] = ()  # (language, field, text): title, location...
    fallback: tuple[str, ...] = ()  # fields shown in the default language (an edition's)

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", EventStatus(self.status))  # "cancelled" is fine too

    @property
    def path(self) -> str:
        return urls.in_language(self.root, urls.event(self.slug))

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def starts_at(self) -> datetime:
        """The first instant of the event, all-day events included."""
        return instant(self.start, self.tz)

    @property
    def ends_at(self) -> datetime:
        """The instant the (first) occurrence is over."""
        return over_at(self.start, self.end, self.tz)

    @property
    def free(self) -> bool:
        return self.cost is None

    @property
    def deadline_is_a_day(self) -> bool:
        """Whether the deadline was written as a bare date (open all that day): the page
        then names the day alone, not "11:59 p.m."."""
        return self.deadline is not None and self.deadline.time() == time.max

    def registration_open(self, now: datetime) -> bool:
        """Whether to offer the sign-up link: there is one and its deadline has not passed."""
        return self.registration is not None and (self.deadline is None or now < self.deadline)


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One date of an event, as lists and the series page show it: its status, place
    and note are the event's, unless `change` (its entry in `changes`) says otherwise.

    They are worked out when asked, not kept: a big site has tens of thousands of
    dates, and each field is one more to make and to digest (`speed/fingerprint.py`).
    """

    event: Event
    start: Moment
    end: Moment | None
    rule_start: Moment  # where the rule put it (its RECURRENCE-ID); differs when moved
    change: Change | None = None
    skipped: bool = False  # an `except` date: listed on the series page only

    @property
    def status(self) -> EventStatus:
        return self.change.status if self.change else self.event.status

    @property
    def location(self) -> str:
        return (self.change and self.change.location) or self.event.location

    @property
    def note(self) -> str:
        return self.change.note if self.change else ""

    @property
    def fallback(self) -> tuple[str, ...]:
        """Its fields shown in the default language: its place, if that is the event's or
        the change's and in the default language, and the change's note if that is."""
        change = self.change
        if change is None:
            return ("location",) if "location" in self.event.fallback else ()
        place = change if change.location else self.event
        return tuple(
            name for name, item in (("location", place), ("note", change)) if name in item.fallback
        )

    @property
    def title(self) -> str:
        return self.event.title

    @property
    def path(self) -> str:
        return self.event.path

    @property
    def communities(self) -> tuple[str, ...]:
        return self.event.communities

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def starts_at(self) -> datetime:
        return instant(self.start, self.event.tz)

    @property
    def ends_at(self) -> datetime:
        return over_at(self.start, self.end, self.event.tz)

    @property
    def moved(self) -> bool:
        return self.start != self.rule_start

    @property
    def anchor(self) -> str:
        """The id of this date on the series page, from the rule's date (stable when moved)."""
        return f"on-{day_of(self.rule_start).isoformat()}"

    @property
    def link(self) -> str:
        """Where a list sends a reader: the event page, at this date for a series."""
        return self.path + (f"#{self.anchor}" if self.event.repeat else "")
