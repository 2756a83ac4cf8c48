"""The HTML pages of a site: which template renders each, with what, at which path.

Reading this module top to bottom is reading the site map. Each page is a
`View` value; `render/site.py` turns views into bytes, so everything here is
plain data that tests can inspect without a template in sight. A page is
planned before its view is made (`Planned`): its address, and the function
and frozen inputs that make its view from `site`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache

from microsite import urls
from microsite.model import CONTACT_SLUG, Community, Occurrence, Page, Site, Story
from microsite.render import eventpages
from microsite.render.fallbacks import fill
from microsite.render.jsonld import story_jsonld
from microsite.render.language import paged_title, words
from microsite.render.meta import ATOM, ICS, Alternate, make_meta, share_image
from microsite.render.view import (  # noqa: F401
    Pagination,
    View,
    freeze,
    paged_path,
    paginate,
    variables,
)

STORIES_PER_PAGE = 10
HOME_STORIES = 3
HOME_EVENTS = 4
COMMUNITY_EVENTS = 20  # the next dates; the community's calendar has them all


@dataclass(frozen=True)
class NavItem:
    """A main-navigation link; `current` is the aria-current value ("page", "true") or None.

    Only `essential` links show on a phone, so the menu stays one row there;
    the others are in the footer too (and the site name leads home).
    """

    label: str
    path: str
    current: str | None
    essential: bool = True
    hreflang: str = ""  # the page's language, when it is not this page's (an untranslated page)
    lang: str = ""  # the label's language, likewise: a page's own title, not a translated word


CONTACT_FALLBACK = "#contact"  # the footer's contact section, on every page


Link = tuple[str, str, bool, str, str]  # label, path, on a phone, hreflang, lang


def main_links(site: Site) -> tuple[Link, ...]:
    """The main navigation's labels, paths and whether a phone shows them, in the page's
    language; the same on every page of one language.

    Contact is always there: the contact page when the site has one, else the
    footer's contact details.
    """
    t, root = words(site.settings.language), site.settings.root
    links = [(t.gettext("Home"), "/", False), (t.gettext("Stories"), "/stories/", True)]
    links += [
        (t.gettext("Events"), "/events/", True),
        (t.gettext("Communities"), "/communities/", True),
    ]
    language = site.settings.language
    found: list[Link] = [
        (label, urls.in_language(root, path), phone, "", "") for label, path, phone in links
    ]
    found += [_page_link(t.gettext("Contact"), p, language) for p in site.nav_pages]
    if not any(p.slug == CONTACT_SLUG for p in site.nav_pages):
        found.append((t.gettext("Contact"), CONTACT_FALLBACK, True, "", ""))
    return tuple(found)


def _page_link(contact: str, page: Page, language: str) -> Link:
    """A standing page in the menu; the contact page is `contact` ("Contact"), short enough
    for a phone. A page in another language says so: its title is in it, and so is what
    the link leads to (`contact` is this page's own word)."""
    other = page.lang if page.lang != language else ""
    if page.slug == CONTACT_SLUG:
        return (contact, page.path, True, other, "")
    return (page.title, page.path, False, other, other)


def navigation(links: tuple[Link, ...], path: str) -> tuple[NavItem, ...]:
    """Home, Stories, Events, Communities, then the standing pages that asked to be in the nav.

    `links` is `main_links(site)`, the same for every page. The link to the
    page itself is `aria-current="page"`; a section containing it (Stories,
    for a story) is `aria-current="true"`, so screen readers and the
    stylesheet both know where the reader is.
    """
    home = links[0][1] if links else "/"
    return _nav_items(
        tuple(
            (label, href, _current(href, path, home), e, hreflang, lang)
            for label, href, e, hreflang, lang in links
        )
    )


@lru_cache(maxsize=64)
def _nav_items(
    items: tuple[tuple[str, str, str | None, bool, str, str], ...],
) -> tuple[NavItem, ...]:
    """Every story page has the same navigation: one tuple serves them all."""
    return tuple(NavItem(*item) for item in items)


def _current(href: str, path: str, home: str) -> str | None:
    if href == path:
        return "page"
    return "true" if href not in {home, CONTACT_FALLBACK} and path.startswith(href) else None


def newest(stories: Sequence[Story]) -> datetime | None:
    """The latest substantive change among stories: a list page changes when one of them does."""
    return max((s.modified for s in stories), default=None)


def published(stories: Sequence[Story]) -> tuple[Story, ...]:
    """Stories a search engine or feed reader may see: never drafts, even in preview builds."""
    return tuple(s for s in stories if not s.draft)


def home(site: Site) -> View:
    """The lead story and the next event up top, then more stories, events and communities."""
    settings = site.settings
    meta = make_meta(
        site, urls.in_language(settings.root, "/"), settings.title, settings.description
    )
    lead = site.lead_story
    upcoming = site.upcoming_events
    context = variables(
        lead=lead,
        next_event=upcoming[0] if upcoming else None,
        stories=tuple(s for s in site.stories if s is not lead)[:HOME_STORIES],
        events=upcoming[1 : 1 + HOME_EVENTS],
    )
    return View("home.html", meta, context, newest(published(site.stories)))


def story_list(site: Site, pagination: Pagination) -> View:
    t, settings = words(site.settings.language), site.settings
    title = paged_title(settings.language, t.gettext("Stories"), pagination)
    description = fill(
        t.gettext("News and stories from the %(department)s, newest first."),
        {"department": settings.department},
    )
    path = urls.in_language(settings.root, urls.stories_list(pagination.number))
    meta = make_meta(site, path, title, description)
    context = variables(pagination=pagination, stories=pagination.items)
    return View("stories.html", meta, context, newest(published(pagination.items)))


def story(site: Site, item: Story) -> View:
    image = share_image(site, item)
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
    context = variables(story=item, communities=[site.community(k) for k in item.communities])
    return View("story.html", meta, context, item.modified, not item.draft, item.source)


def communities(site: Site) -> View:
    t, settings = words(site.settings.language), site.settings
    description = fill(
        t.gettext("The groups and neighborhoods the %(department)s meets."),
        {"department": settings.department},
    )
    path = urls.in_language(settings.root, "/communities/")
    meta = make_meta(site, path, t.gettext("Communities"), description)
    return View("communities.html", meta, (), newest(published(site.stories)))


def community_alternates(site: Site, item: Community) -> tuple[Alternate, ...]:
    """A community page advertises its own feed and calendar beside the site's."""
    t, name = words(site.settings.language), {"name": item.name}
    return (
        Alternate(f"{item.path}feed.xml", t.gettext("%(name)s: stories (Atom)") % name, ATOM),
        Alternate(f"{item.path}events.ics", t.gettext("%(name)s: events calendar") % name, ICS),
    )


def community(
    site: Site,
    item: Community,
    pagination: Pagination,
    events: tuple[Occurrence, ...] = (),
    more_events: bool = False,
) -> View:
    """A community's page: what is coming up and its stories, ten at a time like the
    story list (a community of a big department has hundreds). Its first page also
    has the coming dates (`events`, the next of them) and the calendar to follow; the
    later ones only stories."""
    alternates = community_alternates(site, item)
    title = paged_title(site.settings.language, item.name, pagination)
    path = paged_path(item.path, pagination.number)
    meta = make_meta(site, path, title, item.description, alternates=alternates)
    context = variables(
        community=item, stories=pagination.items, pagination=pagination,
        events=events, more_events=more_events,
    )  # fmt: skip
    return View("community.html", meta, context, newest(published(pagination.items)))


def community_pages(site: Site, item: Community) -> list[Planned]:
    """A community's pages, planned: the coming dates its first page lists are picked
    here, from the site's, so that no page reads them all from `site`."""
    stories = site.stories_in(item.key)
    pages = paginate(stories, STORIES_PER_PAGE, lambda number: paged_path(item.path, number))
    coming = site.upcoming_events_in(item.key)
    first = shortlist(coming, COMMUNITY_EVENTS)
    return [
        listed(
            community,
            (item, p, *first) if p.number == 1 else (item, p),
            paged_path(item.path, p.number),
            p.items,
        )
        for p in pages
    ]


def page(site: Site, item: Page) -> View:
    meta = make_meta(site, item.path, item.title, item.summary, draft=item.draft)
    return View("page.html", meta, variables(page=item), item.updated, not item.draft, item.source)


def not_found(site: Site) -> View:
    t = words(site.settings.language)
    description = t.gettext(
        "The page you asked for is not here. Try our stories, events or home page."
    )
    path = urls.in_language(site.settings.root, "/404.html")
    # A host serves this page at whatever address was missing: it has no address of its own.
    title = t.gettext("Page not found")
    meta = make_meta(site, path, title, description, noindex=True, canonical=False)
    return View("404.html", meta, (), listed=False)


@dataclass(frozen=True, slots=True)
class Planned:
    """A page known by its address before its `View` is made.

    `view(site, *inputs)` makes the view; it is a module-level function and
    `inputs` are frozen values, so the pair says everything the view depends
    on besides what it reads from `site`. A stage that remembers pages can
    key them on it without a hand-written list of inputs.
    """

    path: str
    view: Callable[..., View]
    inputs: tuple[Hashable, ...]
    lastmod: datetime | date | None = None
    listed: bool = True
    source: str = ""
    version_of: str = ""  # what its versions in other languages share; default: its address

    @property
    def output(self) -> str:
        return urls.output_file(self.path)


def given(site: Site, view: View) -> View:
    """The view of a page made up front: the home page and indexes, few."""
    return view


def ready(view: View) -> Planned:
    return Planned(view.meta.path, given, (view,), view.lastmod, view.listed, view.source)


def listed(
    view: Callable[..., View],
    inputs: tuple[Hashable, ...],
    path: str,
    stories: Sequence[Story] = (),
) -> Planned:
    """A page of a list (stories, events, a community's) at `path`, dated by the newest
    change among `stories`: its view, one of thousands on a big site, is made where the
    page is rendered, on every core, not here before any is."""
    return Planned(path, view, inputs, newest(published(stories)))


def shortlist(items: tuple[Occurrence, ...], count: int) -> tuple[tuple[Occurrence, ...], bool]:
    """The first `count` of `items` a list page shows, and whether it has more to link to."""
    return items[:count], len(items) > count


def all_pages(site: Site) -> list[Planned]:
    """Every HTML page of the site, in site-map order.

    A story's or event's view (metadata, JSON-LD) is made only when its page
    is rendered, so a rebuild that finds the page unchanged never makes it.
    """
    root = site.settings.root
    planned = [ready(home(site))]
    stories_at = rooted(root, urls.stories_list)
    pages = paginate(site.stories, STORIES_PER_PAGE, stories_at)
    planned += [listed(story_list, (p,), stories_at(p.number), p.items) for p in pages]
    planned += [
        Planned(s.path, story, (s,), s.modified, not s.draft, s.source, s.document)
        for s in site.stories
    ]
    upcoming_at = rooted(root, eventpages.upcoming_path)
    coming = paginate(site.upcoming_events, eventpages.UPCOMING_PER_PAGE, upcoming_at)
    past = site.past_events
    recent = shortlist(past, eventpages.PAST_ON_EVENTS_PAGE)
    planned += [
        listed(eventpages.events, (p, *recent) if p.number == 1 else (p,), upcoming_at(p.number))
        for p in coming
    ]
    planned += [
        Planned(e.path, eventpages.event, eventpages.event_inputs(site, e), source=e.source)
        for e in site.events
    ]
    past_at = rooted(root, eventpages.pagination_path)
    planned += [
        listed(eventpages.past_events, (p,), past_at(p.number))
        for p in paginate(past, eventpages.PAST_PER_PAGE, past_at)
    ]
    planned += [ready(eventpages.follow(site)), ready(communities(site))]
    planned += [page for c in site.communities for page in community_pages(site, c)]
    planned += [
        Planned(p.path, given, (page(site, p),), p.updated, not p.draft, p.source, p.document)
        for p in site.pages
    ]
    # A missing address has no version in another language: the 404 pairs with nothing.
    missing = replace(ready(not_found(site)), version_of=f"404 {site.settings.language}")
    return [*planned, missing]


def rooted(root: str, path_of: Callable[[int], str]) -> Callable[[int], str]:
    """`path_of` under a language's root: page n of a list on the Spanish side."""
    return lambda number: urls.in_language(root, path_of(number))
