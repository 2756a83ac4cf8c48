"""The validated site, as frozen values.

Everything here has already passed validation: templates and writers can
trust every field, and nothing downstream reads the disk or the clock. The
build clock travels inside `Site.now` so that "upcoming", "scheduled" and
"alert expired" are all decided against one instant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from microsite import urls
from microsite.images.source import Source
from microsite.lints.rules import SITE_DEFAULT, LintRules
from microsite.recurrence import all_occurrences
from microsite.schedule import (  # noqa: F401  (re-exported: the model is one import)
    DEFAULT_DURATION,
    EVENT_STATUSES,
    Change,
    Event,
    EventStatus,
    Occurrence,
    Repeat,
)

CONTACT_SLUG = "contact"  # the standing page the header always links to, when it exists
ALERT_LEVELS = ("info", "warning", "emergency")
HEADLINE_LENGTH = 48  # characters of an alert without a title shown on phones
Texts = tuple[tuple[str, str, str], ...]
"""Text fields given in other languages: (language, field, text), in the order written."""


@dataclass(frozen=True)
class Contact:
    """How to reach the department, shown in every page's footer: 911 first, always."""

    emergency: str
    non_emergency: str
    email: str
    address: str


@dataclass(frozen=True)
class Alert:
    """A site-wide notice over every page until `expires` (a road closed, a shelter open)."""

    message: str
    level: str
    expires: datetime
    title: str = ""  # a short headline for the compact alert on phones
    translated: Texts = ()  # the message and title in other languages
    fallback: tuple[str, ...] = ()  # fields shown in the default language (an edition's)

    @property
    def headline(self) -> str:
        """The title, else the message's first words: a line that fits a phone."""
        if self.title or len(self.message) <= HEADLINE_LENGTH:
            return self.title or self.message
        return self.message[: HEADLINE_LENGTH + 1].rsplit(" ", 1)[0].rstrip(",;:.") + "\u2026"


@dataclass(frozen=True)
class Settings:
    """The site as `site.yaml` describes it: what every page's header, footer and
    feeds share."""

    title: str
    department: str
    base_url: str  # absolute https URL, never with a trailing slash
    language: str
    timezone: ZoneInfo
    description: str
    contact: Contact
    alert: Alert | None = None
    lints: LintRules = SITE_DEFAULT  # `lints:` in site.yaml
    languages: tuple[str, ...] = ()  # every language of the site, the default first
    translated: Texts = ()  # title, department, description in other languages
    fallback: tuple[str, ...] = ()  # fields shown in the default language (an edition's)

    @property
    def default_language(self) -> str:
        return (self.languages or (self.language,))[0]

    @property
    def root(self) -> str:
        """The path this language's side of the site lives under: `` or `/es`."""
        return urls.language_root(self.language, self.default_language)

    def absolute(self, path: str) -> str:
        """The public URL of a site path such as `/stories/x/`."""
        return urls.public(self.base_url, path)

    @property
    def host(self) -> str:
        return self.base_url.split("://", 1)[1].split("/", 1)[0]


@dataclass(frozen=True)
class Community:
    """A neighbourhood or group a story can belong to: its page and feed let a
    resident follow only the stories about it."""

    key: str
    name: str
    description: str
    minors: bool = False  # stories here that have pictures must state consent
    root: str = ""  # the language root its page lives under (an edition's)
    translated: Texts = ()  # name and description in other languages
    fallback: tuple[str, ...] = ()  # fields shown in the default language (an edition's)

    @property
    def path(self) -> str:
        return urls.in_language(self.root, urls.community(self.key))


@dataclass(frozen=True, slots=True)
class Story:
    """A published story, with its body already converted and sanitised: templates
    show it as it is."""

    slug: str
    title: str
    date: datetime  # aware, in the site time zone
    summary: str  # plain text
    body_html: str  # sanitised
    source: str  # the file it came from, as shown in messages
    communities: tuple[str, ...] = ()
    author: str = ""
    image: str | None = None  # a /media/ path
    image_alt: str | None = None
    image_caption: str | None = None
    image_credit: str | None = None
    picture: Source | None = None  # the lead image's facts, when it is a raster picture
    updated: datetime | None = None
    draft: bool = False
    featured: bool = False  # leads the home page
    lang: str = "en"  # the language it is written in
    root: str = ""  # that language's root: `` or `/es`
    document: str = ""  # what every language version shares: `stories/2026-08-02-surf`
    machine: bool = False  # `translation: machine`: says so on the page

    @property
    def path(self) -> str:
        return urls.in_language(self.root, urls.story(self.slug))

    @property
    def modified(self) -> datetime:
        """When the story last changed in substance: what feeds and sitemaps report."""
        return self.updated or self.date


@dataclass(frozen=True)
class Page:
    """A standing page (contact, about), outside the stories' dated stream."""

    slug: str
    title: str
    summary: str
    body_html: str
    source: str
    nav: int | None = None  # position in the main navigation, or absent from it
    updated: datetime | None = None
    draft: bool = False
    lang: str = "en"  # the language it is written in
    root: str = ""  # that language's root: `` or `/es`
    document: str = ""  # what every language version shares: `pages/about`
    machine: bool = False  # `translation: machine`: says so on the page

    @property
    def path(self) -> str:
        return urls.in_language(self.root, urls.page(self.slug))

    @property
    def in_nav(self) -> bool:
        """In the header menu: a `nav` number says where; the contact page is there anyway."""
        return self.nav is not None or self.slug == CONTACT_SLUG


@dataclass(frozen=True, order=True)
class SiteLink:
    """A link in content written as a site path (`/events/`): whether the site has that
    page is known only once its pages are planned (`render/sitelinks.py`)."""

    source: str  # the content file, as messages name it
    line: int
    path: str  # as written, less its #fragment
    withheld: str = ""  # why the story or page at that address is not published, if so


@dataclass(frozen=True)
class Site:
    """Everything a build renders, decided against one clock: what the render step
    is given, and all it is given."""

    settings: Settings
    now: datetime  # the build clock, aware
    communities: tuple[Community, ...] = ()
    stories: tuple[Story, ...] = ()  # published (and drafts when asked for), newest first
    events: tuple[Event, ...] = ()  # every event and series, by (first) start
    pages: tuple[Page, ...] = ()
    media: tuple[str, ...] = ()  # files under content/media, as /media/ paths, sorted
    pictures: tuple[Source, ...] = ()  # the raster pictures among them, re-encoded when published
    links: tuple[SiteLink, ...] = ()  # links to site paths in stories, pages and events
    # An edition's standing pages not written in its language: the default language's,
    # linked from its menu and footer as they are (a Spanish side without its own privacy
    # page still links the English one), never published under its root.
    fallback_pages: tuple[Page, ...] = ()

    def community(self, key: str) -> Community:
        return next(c for c in self.communities if c.key == key)

    @property
    def alert(self) -> Alert | None:
        alert = self.settings.alert
        return alert if alert and alert.expires > self.now else None

    @cached_property
    def occurrences(self) -> tuple[Occurrence, ...]:
        """Every listed date of every event, soonest first: a series is listed a year ahead."""
        return all_occurrences(self.events, self.now)

    @cached_property
    def upcoming_events(self) -> tuple[Occurrence, ...]:
        """Occurrences not yet over, soonest first: a series once per date."""
        return tuple(o for o in self.occurrences if o.ends_at > self.now)

    @cached_property
    def past_events(self) -> tuple[Occurrence, ...]:
        """Occurrences that are over, most recent first."""
        past = (o for o in self.occurrences if o.ends_at <= self.now)
        return tuple(sorted(past, key=lambda o: (o.starts_at, o.event.slug), reverse=True))

    def stories_in(self, key: str) -> tuple[Story, ...]:
        return tuple(s for s in self.stories if key in s.communities)

    def upcoming_events_in(self, key: str) -> tuple[Occurrence, ...]:
        return tuple(e for e in self.upcoming_events if key in e.communities)

    def events_in(self, key: str) -> tuple[Event, ...]:
        return tuple(e for e in self.events if key in e.communities)

    @property
    def nav_pages(self) -> tuple[Page, ...]:
        """Pages in the header menu by their `nav` number; `contact` is in it unless it says no."""
        listed = (p for p in self.standing_pages if p.in_nav)
        return tuple(sorted(listed, key=lambda p: (p.nav is None, p.nav or 0)))

    @property
    def standing_pages(self) -> tuple[Page, ...]:
        """The pages the menu and footer may link: this edition's, and the default
        language's it has no version of."""
        if not self.fallback_pages:
            return self.pages
        return tuple(sorted(self.pages + self.fallback_pages, key=lambda p: p.slug))

    @property
    def lead_story(self) -> Story | None:
        """The story the home page leads with: the newest `featured` one, else the newest."""
        return next((s for s in self.stories if s.featured), None) or next(iter(self.stories), None)

    def community_tone(self, key: str) -> int:
        """A community's colour, 1 to 6, by its place in communities.yaml: stable per key."""
        keys = [c.key for c in self.communities]
        return keys.index(key) % 6 + 1 if key in keys else 0
