"""The event pages: the events list, older events, one event or series, and "How to follow".

Lists show occurrences, each on its own date; an event's page shows the
event (a series: its rule and its coming dates, skipped, cancelled and moved
ones marked). What a page says about dates comes from `recurrence`, the same
place the calendars' tests check against, so the page and the calendar agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from urllib.parse import quote_plus, urlencode

from microsite import urls
from microsite.model import Community, Event, Occurrence, Site
from microsite.recurrence import first_occurrence, horizon, occurrences
from microsite.render.calendar import ics_end
from microsite.render.dates import FULL_MONTHS, ap_date, ap_repeat, ap_when
from microsite.render.jsonld import event_jsonld
from microsite.render.meta import make_meta
from microsite.render.rrules import rrule_text
from microsite.render.textutil import plain_text
from microsite.render.view import Pagination, View, page_title, paged_path, variables

PAST_ON_EVENTS_PAGE = 10  # the rest are on /events/past/
PAST_PER_PAGE = 20
UPCOMING_PER_PAGE = 50
GOOGLE_TEMPLATE = "https://calendar.google.com/calendar/render"
DIRECTIONS = "https://www.openstreetmap.org/search?query="


@dataclass(frozen=True)
class Month:
    """Upcoming occurrences of one month, for the grouped events list."""

    label: str  # "December 2026"
    key: str  # "2026-12", for ids
    events: tuple[Occurrence, ...]


@dataclass(frozen=True)
class Feed:
    """A subscription offered to residents: its name, https path and kind."""

    name: str
    path: str
    kind: str  # "calendar" | "feed"


def by_month(items: tuple[Occurrence, ...]) -> tuple[Month, ...]:
    """Occurrences (soonest first) grouped under their month."""
    months = []
    for (year, month), group in groupby(items, key=lambda o: (o.start.year, o.start.month)):
        label = f"{FULL_MONTHS[month - 1]} {year}"
        months.append(Month(label, f"{year}-{month:02d}", tuple(group)))
    return tuple(months)


def events(site: Site, pagination: Pagination) -> View:
    """The events list: upcoming dates by month, a page at a time; past ones after the first."""
    description = f"Upcoming community events with the {site.settings.department}."
    title = page_title("Events", pagination)
    meta = make_meta(site, upcoming_path(pagination.number), title, description)
    past = site.past_events if pagination.number == 1 else ()
    context = variables(
        pagination=pagination,
        months=by_month(pagination.items),
        past=past[:PAST_ON_EVENTS_PAGE],
        more_past=len(past) > PAST_ON_EVENTS_PAGE,
    )
    return View("events.html", meta, context)


def upcoming_path(number: int) -> str:
    """`/events/`, then `/events/page/2/`...: a year of weekly series is thousands of dates."""
    return paged_path("/events/", number)


def past_events(site: Site, pagination: Pagination) -> View:
    description = f"Events the {site.settings.department} held, most recent first."
    title = page_title("Past events", pagination)
    meta = make_meta(site, pagination_path(pagination.number), title, description)
    return View("past_events.html", meta, variables(pagination=pagination))


def pagination_path(number: int) -> str:
    """`/events/past/`, then `/events/past/page/2/`..."""
    return paged_path("/events/past/", number)


def coming_dates(site: Site, item: Event) -> tuple[Occurrence, ...]:
    """The dates of an event not yet over, skipped ones included, as its page lists them."""
    return tuple(o for o in occurrences(item, horizon(site.now)) if o.ends_at > site.now)


def event(site: Site, item: Event) -> View:
    dates = coming_dates(site, item)
    first = first_occurrence(item)
    if item.repeat is not None:
        when = ap_repeat(item.repeat, item.start)
        title = f"{item.title}, {ap_repeat(item.repeat, item.start, until=False).lower()}"
    else:
        when = ap_when(first)
        title = f"{item.title}, {ap_date(item.start, weekday=False)}"  # unique among repeats
    jsonld = event_jsonld(site, item, tuple(o for o in dates if not o.skipped) or (first,))
    meta = make_meta(site, item.path, title, f"{when}, at {item.location}.", jsonld=jsonld)
    context = variables(
        event=item,
        first=first,
        dates=dates,
        communities=[site.community(k) for k in item.communities],
        registration_open=item.registration_open(site.now),
        google=google_link(site, item),
        directions=DIRECTIONS + quote_plus(item.address) if item.address else None,
    )
    return View("event.html", meta, context, source=item.source)


def google_link(site: Site, item: Event) -> str:
    """Google Calendar's "add event" page, filled in: a plain link, nothing is requested."""
    first = first_occurrence(item)
    end = ics_end(first.start, first.end)
    stamp = "%Y%m%d" if item.all_day else "%Y%m%dT%H%M%S"
    query = {
        "action": "TEMPLATE",
        "text": item.title,
        "dates": f"{first.start.strftime(stamp)}/{end.strftime(stamp)}",
        "ctz": site.settings.timezone.key,
        "details": f"{plain_text(item.description_html)}\n\n{site.settings.absolute(item.path)}",
        "location": ", ".join(filter(None, (item.location, item.address))),
    }
    if item.repeat is not None:
        query["recur"] = f"RRULE:{rrule_text(item)}"
    return f"{GOOGLE_TEMPLATE}?{urlencode(query, safe='/:')}"


def webcal(site: Site, path: str) -> str:
    """The `webcal://` address calendar apps open as a subscription."""
    return "webcal://" + site.settings.absolute(path).split("://", 1)[1]


def site_feeds(site: Site) -> tuple[Feed, ...]:
    """Everything a resident can follow, site-wide first, then each community's."""
    feeds = [
        Feed("All events", "/events.ics", "calendar"),
        Feed("All stories", "/feed.xml", "feed"),
    ]
    for community in site.communities:
        feeds += community_feeds(community)
    return tuple(feeds)


def community_feeds(community: Community) -> list[Feed]:
    return [
        Feed(f"{community.name} events", f"{community.path}events.ics", "calendar"),
        Feed(f"{community.name} stories", f"{community.path}feed.xml", "feed"),
    ]


def follow(site: Site) -> View:
    description = "How to get our stories and events on your phone, in plain steps."
    meta = make_meta(site, urls.FOLLOW, "How to follow", description)
    return View("follow.html", meta, variables(feeds=site_feeds(site)))
