"""The event pages: the events list, older events, one event or series, and "How to follow".

Lists show occurrences, each on its own date; an event's page shows the
event (a series: its rule and its coming dates, skipped, cancelled and moved
ones marked). What a page says about dates comes from `recurrence`, the same
place the calendars' tests check against, so the page and the calendar agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import groupby
from urllib.parse import quote_plus, urlencode

from markupsafe import Markup

from microsite import urls
from microsite.model import Community, Event, EventStatus, Occurrence, Site
from microsite.recurrence import first_occurrence, horizon, occurrences
from microsite.render.calendar import ics_end
from microsite.render.fallbacks import fill
from microsite.render.jsonld import event_jsonld
from microsite.render.language import N_, fallback_text, paged_title, with_status, words
from microsite.render.localdates import long_date, month_label, repeat_text, when
from microsite.render.meta import make_meta, share_image
from microsite.render.textutil import plain_text
from microsite.render.view import Pagination, View, paged_path, variables

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


def by_month(items: tuple[Occurrence, ...], language: str = "en") -> tuple[Month, ...]:
    """Occurrences (soonest first) grouped under their month."""
    months = []
    for (year, month), group in groupby(items, key=lambda o: (o.start.year, o.start.month)):
        label = month_label(year, month, language)
        months.append(Month(label, f"{year}-{month:02d}", tuple(group)))
    return tuple(months)


def _said(site: Site, message: str) -> str:
    """`message` in the site's language, its `%(department)s` filled in."""
    text = words(site.settings.language).gettext(message)
    return text % {"department": site.settings.department}


def _here(site: Site, path: str) -> str:
    return urls.in_language(site.settings.root, path)


def events(
    site: Site, pagination: Pagination, past: tuple[Occurrence, ...] = (), more_past: bool = False
) -> View:
    """The events list: upcoming dates by month, a page at a time; on the first, the most
    recent `past` ones (the site's first PAST_ON_EVENTS_PAGE, `more_past` if it has more)."""
    t = words(site.settings.language)
    description = _said(site, N_("Upcoming community events with the %(department)s."))
    title = paged_title(site.settings.language, t.gettext("Events"), pagination)
    meta = make_meta(site, _here(site, upcoming_path(pagination.number)), title, description)
    context = variables(
        pagination=pagination,
        months=by_month(pagination.items, site.settings.language),
        past=past,
        more_past=more_past,
    )
    return View("events.html", meta, context)


def upcoming_path(number: int) -> str:
    """`/events/`, then `/events/page/2/`...: a year of weekly series is thousands of dates."""
    return paged_path("/events/", number)


def past_events(site: Site, pagination: Pagination) -> View:
    description = _said(site, N_("Events the %(department)s held, most recent first."))
    language = site.settings.language
    title = paged_title(language, words(language).gettext("Past events"), pagination)
    meta = make_meta(site, _here(site, pagination_path(pagination.number)), title, description)
    return View("past_events.html", meta, variables(pagination=pagination))


def pagination_path(number: int) -> str:
    """`/events/past/`, then `/events/past/page/2/`..."""
    return paged_path("/events/past/", number)


def event_inputs(site: Site, item: Event) -> tuple[Event, date, int, bool]:
    """What an event's page shows that depends on the build clock, worked out when the page
    is planned: the page then never reads `site.now`, which differs on every build, so a
    rebuild leaves it alone until one of its dates passes or sign-up closes.

    Its coming dates are given as the horizon they were counted to and which of those
    dates are not yet over (bit n: the nth), not as the dates themselves: `occurrences`
    gives the same dates for the same event and horizon, so the pair says as much, and
    the page's job is digested from two numbers instead of a year of a series' dates
    (each date spelt out again in every process that renders the page)."""
    last = horizon(site.now)
    kept = sum(1 << n for n, o in enumerate(occurrences(item, last)) if o.ends_at > site.now)
    return item, last, kept, item.registration_open(site.now)


def kept_dates(item: Event, last: date, kept: int) -> tuple[Occurrence, ...]:
    """The dates of an event not yet over, skipped ones included, as its page lists them:
    those `event_inputs` kept."""
    return tuple(o for n, o in enumerate(occurrences(item, last)) if kept >> n & 1)


def event(site: Site, item: Event, last: date, kept: int, registration_open: bool) -> View:
    dates = kept_dates(item, last, kept)
    first = first_occurrence(item)
    language = site.settings.language
    if item.repeat is not None:
        said = repeat_text(item.repeat, item.start, language)
        rule = repeat_text(item.repeat, item.start, language, until=False)
        title = f"{item.title}, {rule.lower()}"
    else:
        said = when(first, language)
        title = f"{item.title}, {long_date(item.start, language, weekday=False)}"  # unique
    listed = tuple(o for o in dates if not o.skipped) or (first,)
    jsonld = event_jsonld(site, item, listed, signing_up=registration_open)
    t = words(language)
    if item.status == EventStatus.POSTPONED:  # its date is no longer its date
        sentence = t.gettext(
            "A new date has not been set yet. It was planned for %(when)s, at %(place)s."
        )
    else:
        sentence = t.gettext("%(when)s, at %(place)s.")
    if item.repeat is not None and not sentence.startswith("%(when)s"):
        said = said[:1].lower() + said[1:]  # a rule inside a sentence: "Cuándo: cada mes"
    description = sentence % {"when": said, "place": item.location}
    description = with_status(language, description, item.status, sentence=True)
    title = with_status(language, title, item.status)
    image = share_image(site, item)
    alt = item.image_alt if image else None
    meta = make_meta(site, item.path, title, description, image=image, image_alt=alt, jsonld=jsonld)
    context = variables(
        event=item,
        first=first,
        dates=dates,
        communities=[site.community(k) for k in item.communities],
        registration_open=registration_open,
        # Offered only while the event is scheduled: no other status shows it (event.html).
        google=google_link(site, item) if item.status == EventStatus.SCHEDULED else None,
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
        from microsite.render.rrules import rrule_text  # with the calendars' writers

        query["recur"] = f"RRULE:{rrule_text(item)}"
    return f"{GOOGLE_TEMPLATE}?{urlencode(query, safe='/:')}"


def webcal(site: Site, path: str) -> str:
    """The `webcal://` address calendar apps open as a subscription."""
    return "webcal://" + site.settings.absolute(path).split("://", 1)[1]


def site_feeds(site: Site) -> tuple[Feed, ...]:
    """Everything a resident can follow, site-wide first, then each community's."""
    t = words(site.settings.language)
    feeds = [
        Feed(t.gettext("All events"), _here(site, "/events.ics"), "calendar"),
        Feed(t.gettext("All stories"), _here(site, "/feed.xml"), "feed"),
    ]
    for community in site.communities:
        feeds += community_feeds(site, community)
    return tuple(feeds)


def community_feeds(site: Site, community: Community) -> list[Feed]:
    """A community's calendar and news feed, named in the page's language; a name that
    falls back to the default language is marked so (`fallback_text`)."""
    t = words(site.settings.language)
    name = {"name": fallback_text(site.settings, community, "name")}
    return [
        Feed(
            fill(Markup.escape(t.gettext("%(name)s events")), name),
            f"{community.path}events.ics",
            "calendar",
        ),
        Feed(
            fill(Markup.escape(t.gettext("%(name)s stories")), name),
            f"{community.path}feed.xml",
            "feed",
        ),
    ]


def follow(site: Site) -> View:
    t = words(site.settings.language)
    description = t.gettext("How to get our stories and events on your phone, in plain steps.")
    meta = make_meta(site, _here(site, urls.FOLLOW), t.gettext("How to follow"), description)
    return View("follow.html", meta, variables(feeds=site_feeds(site)))
