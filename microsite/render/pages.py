"""The HTML pages of a site: which template renders each, with what, at which path.

Reading this module top to bottom is reading the site map. Each page is a
`View` value; `render.py` turns views into bytes, so everything here is plain
data that tests can inspect without a template in sight.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache, partial
from typing import Any

from microsite.model import Community, Event, Page, Site, Story
from microsite.render.dates import ap_date, ap_when
from microsite.render.jsonld import event_jsonld, story_jsonld
from microsite.render.meta import ATOM, ICS, Alternate, Meta, make_meta
from microsite.speed.memo import NO_MEMO, Memo
from microsite.speed.pagecache import freeze

STORIES_PER_PAGE = 10
HOME_STORIES = 3
HOME_EVENTS = 4


@dataclass(frozen=True)
class View:
    """One HTML page: its template, its head metadata and what its template gets besides."""

    template: str
    meta: Meta
    context: dict[str, Any] = field(default_factory=dict)
    lastmod: datetime | date | None = None  # for the sitemap: when its content last changed
    listed: bool = True  # in the sitemap
    source: str = ""  # the content file behind the page, for error messages

    @property
    def output(self) -> str:
        return output_of(self.meta.path)


def output_of(path: str) -> str:
    """`/stories/x/` -> `stories/x/index.html`: the file a static host serves for that URL."""
    path = path.lstrip("/")
    return path if path.endswith(".html") else path + "index.html"


@dataclass(frozen=True)
class Pagination:
    """One page of a long list, with the paths of its neighbours (None at either end)."""

    number: int
    count: int
    items: tuple[Any, ...]
    previous: str | None
    next: str | None


@dataclass(frozen=True)
class NavItem:
    """A main-navigation link; `current` is the aria-current value ("page", "true") or None."""

    label: str
    path: str
    current: str | None


def main_links(site: Site) -> tuple[tuple[str, str], ...]:
    """The main navigation's labels and paths, the same on every page."""
    links = [("Home", "/"), ("Stories", "/stories/"), ("Events", "/events/")]
    links += [("Communities", "/communities/")] + [(p.title, p.path) for p in site.nav_pages]
    return tuple(links)


def navigation(links: tuple[tuple[str, str], ...], path: str) -> tuple[NavItem, ...]:
    """Home, Stories, Events, Communities, then the standing pages that asked to be in the nav.

    `links` is `main_links(site)`, the same for every page. The link to the
    page itself is `aria-current="page"`; a section containing it (Stories,
    for a story) is `aria-current="true"`, so screen readers and the
    stylesheet both know where the reader is.
    """
    return _nav_items(tuple((label, href, _current(href, path)) for label, href in links))


@lru_cache(maxsize=64)
def _nav_items(items: tuple[tuple[str, str, str | None], ...]) -> tuple[NavItem, ...]:
    """Every story page has the same navigation: one tuple serves them all."""
    return tuple(NavItem(*item) for item in items)


def _current(href: str, path: str) -> str | None:
    if href == path:
        return "page"
    return "true" if href != "/" and path.startswith(href) else None


def newest(stories: Sequence[Story]) -> datetime | None:
    """The latest substantive change among stories: a list page changes when one of them does."""
    return max((s.modified for s in stories), default=None)


def published(stories: Sequence[Story]) -> tuple[Story, ...]:
    """Stories a search engine or feed reader may see: never drafts, even in preview builds."""
    return tuple(s for s in stories if not s.draft)


def home(site: Site) -> View:
    settings = site.settings
    meta = make_meta(site, "/", settings.title, settings.description)
    context = {
        "stories": site.stories[:HOME_STORIES],
        "events": site.upcoming_events[:HOME_EVENTS],
    }
    return View("home.html", meta, context, newest(published(site.stories)))


def list_path(number: int) -> str:
    return "/stories/" if number == 1 else f"/stories/page/{number}/"


def paginate(items: Sequence[Any], size: int) -> list[Pagination]:
    """Split a list into pages; an empty list still gets its first page."""
    count = max(1, -(-len(items) // size))
    return [
        Pagination(
            number=n,
            count=count,
            items=tuple(items[(n - 1) * size : n * size]),
            previous=list_path(n - 1) if n > 1 else None,
            next=list_path(n + 1) if n < count else None,
        )
        for n in range(1, count + 1)
    ]


def story_list(site: Site, pagination: Pagination) -> View:
    title = "Stories"
    if pagination.count > 1:
        title = f"Stories, page {pagination.number} of {pagination.count}"
    description = f"News and stories from the {site.settings.department}, newest first."
    meta = make_meta(site, list_path(pagination.number), title, description)
    context = {"pagination": pagination, "stories": pagination.items}
    return View("stories.html", meta, context, newest(published(pagination.items)))


def share_image(site: Site, image: str | None) -> str | None:
    """The story image for social sites, which ignore SVG: its PNG twin, else the site default."""
    if image is None or not image.endswith(".svg"):
        return image
    twin = image.removesuffix(".svg") + ".png"
    return twin if twin in site.media else None


def story(site: Site, item: Story) -> View:
    image = share_image(site, item.image)
    meta = make_meta(
        site,
        item.path,
        item.title,
        item.summary,
        og_type="article",
        image=image,
        image_alt=item.image_alt if image else None,
        jsonld=story_jsonld(site, item),
        draft=item.draft,
    )
    context = {"story": item, "communities": [site.community(k) for k in item.communities]}
    return View("story.html", meta, context, item.modified, not item.draft, item.source)


def events(site: Site) -> View:
    description = f"Upcoming community events with the {site.settings.department}."
    meta = make_meta(site, "/events/", "Events", description)
    context = {"upcoming": site.upcoming_events, "past": site.past_events}
    return View("events.html", meta, context)


def event(site: Site, item: Event) -> View:
    description = f"{ap_when(item)}, at {item.location}."
    # Recurring events share a title; the date keeps each page's <title> unique.
    title = f"{item.title}, {ap_date(item.start, weekday=False)}"
    meta = make_meta(site, item.path, title, description, jsonld=event_jsonld(site, item))
    context = {"event": item, "communities": [site.community(k) for k in item.communities]}
    return View("event.html", meta, context)


def communities(site: Site) -> View:
    description = f"The groups and neighborhoods the {site.settings.department} meets."
    meta = make_meta(site, "/communities/", "Communities", description)
    return View("communities.html", meta, {}, newest(published(site.stories)))


def community_alternates(item: Community) -> tuple[Alternate, ...]:
    """A community page advertises its own feed and calendar beside the site's."""
    return (
        Alternate(f"{item.path}feed.xml", f"{item.name}: stories (Atom)", ATOM),
        Alternate(f"{item.path}events.ics", f"{item.name}: events calendar", ICS),
    )


def community(site: Site, item: Community) -> View:
    meta = make_meta(
        site, item.path, item.name, item.description, alternates=community_alternates(item)
    )
    stories = site.stories_in(item.key)
    context = {"community": item, "stories": stories, "events": site.upcoming_events_in(item.key)}
    return View("community.html", meta, context, newest(published(stories)))


def page(site: Site, item: Page) -> View:
    meta = make_meta(site, item.path, item.title, item.summary, draft=item.draft)
    return View("page.html", meta, {"page": item}, item.updated, not item.draft, item.source)


def not_found(site: Site) -> View:
    description = "The page you asked for is not here. Try our stories, events or home page."
    meta = make_meta(site, "/404.html", "Page not found", description, noindex=True)
    return View("404.html", meta, {}, listed=False)


@dataclass(frozen=True)
class Planned:
    """A page known by its address and its inputs before its `View` is made.

    A story's or event's view (metadata, JSON-LD) is made from nothing but the
    item and a few site-wide values, named in `inputs`. A rebuild that finds
    the page unchanged never makes it, and a cold build makes it in whichever
    process renders the page.
    """

    path: str
    inputs: Hashable  # everything `make` reads; equal inputs make an equal view
    make: Callable[[], View]
    lastmod: datetime | date | None = None
    listed: bool = True
    source: str = ""

    @property
    def output(self) -> str:
        return output_of(self.path)


def ready(view: View) -> Planned:
    """A page whose view is cheap enough to make up front: it stands for its own inputs."""
    inputs = (view.template, view.meta, freeze(view.context))
    return Planned(view.meta.path, inputs, lambda: view, view.lastmod, view.listed, view.source)


def all_pages(site: Site, memo: Memo = NO_MEMO) -> list[Planned]:
    """Every HTML page of the site, in site-map order."""
    shared = (site.settings, site.communities, site.media)  # what a story's or event's view uses

    def story_page(item: Story) -> Planned:
        inputs = ("story view", shared, item)
        make = partial(memo.get, inputs, partial(story, site, item))
        return Planned(item.path, inputs, make, item.modified, not item.draft, item.source)

    def event_page(item: Event) -> Planned:
        inputs = ("event view", shared, item)
        return Planned(item.path, inputs, partial(memo.get, inputs, partial(event, site, item)))

    views = [home(site)]
    views += [story_list(site, p) for p in paginate(site.stories, STORIES_PER_PAGE)]
    planned = [ready(view) for view in views]
    planned += [story_page(s) for s in site.stories]
    planned += [ready(events(site))] + [event_page(e) for e in site.events]
    views = [communities(site)] + [community(site, c) for c in site.communities]
    views += [page(site, p) for p in site.pages]
    return planned + [ready(view) for view in [*views, not_found(site)]]
