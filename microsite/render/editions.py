"""One language's side of the site: the `Site` a page in that language is made from.

The loaded `Site` holds every language: stories and pages in each language
they were written in, and the other languages' texts of settings,
communities and events (`translated`). An edition is the same site as one
language sees it: only that language's stories and pages, every text field
in that language, falling back to the default language where a translation
was not given (and saying so in `fallback`, so templates can mark it with
its own `lang`), and every address under that language's root (`/es/...`).

An edition is a plain frozen value made from the site, so everything a
page reads from it is known to the speed layer like any other site value.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from microsite import urls
from microsite.model import Event, Page, Site

SETTINGS_TEXTS = ("title", "department", "description")
ALERT_TEXTS = ("message", "title")
COMMUNITY_TEXTS = ("name", "description")
EVENT_TEXTS = (
    "title", "location", "address", "description_html", "cost", "accessibility", "contact",
    "image_alt",
)  # fmt: skip
CHANGE_TEXTS = ("location", "note")  # of one date of a series

T = TypeVar("T")


def languages(site: Site) -> tuple[str, ...]:
    """The site's languages, the default first."""
    return site.settings.languages or (site.settings.language,)


def edition(site: Site, language: str) -> Site:
    """The site as seen in `language` (the site itself for a one-language site)."""
    settings = site.settings
    default = settings.default_language
    if language == default:
        return _default_edition(site, default)
    root = urls.language_root(language, default)
    alert = settings.alert and localized(settings.alert, language, ALERT_TEXTS)
    return replace(
        site,
        settings=replace(
            localized(settings, language, SETTINGS_TEXTS), alert=alert, language=language
        ),
        communities=tuple(
            localized(replace(c, root=root), language, COMMUNITY_TEXTS) for c in site.communities
        ),
        events=tuple(_event(e, root, language) for e in site.events),
        stories=tuple(s for s in site.stories if s.lang == language),
        pages=tuple(p for p in site.pages if p.lang == language),
        fallback_pages=_untranslated(site.pages, language, default),
    )


def _untranslated(pages: tuple[Page, ...], language: str, default: str) -> tuple[Page, ...]:
    """The default language's pages with no version in `language`."""
    translated = {p.document for p in pages if p.lang == language}
    return tuple(p for p in pages if p.lang == default and p.document not in translated)


def _default_edition(site: Site, default: str) -> Site:
    """The default language's stories and pages; a one-language site is its own edition."""
    if all(s.lang == default for s in site.stories) and all(p.lang == default for p in site.pages):
        return site
    return replace(
        site,
        stories=tuple(s for s in site.stories if s.lang == default),
        pages=tuple(p for p in site.pages if p.lang == default),
    )


def _event(event: Event, root: str, language: str) -> Event:
    """An event in `language`, the changes to its dates included."""
    changes = tuple(localized(change, language, CHANGE_TEXTS) for change in event.changes)
    return localized(replace(event, root=root, changes=changes), language, EVENT_TEXTS)


def localized(item: T, language: str, names: tuple[str, ...]) -> T:
    """`item` with its `names` fields in `language`; those not given keep the default's text
    and are listed in `fallback`."""
    given = {name: text for lang, name, text in item.translated if lang == language}  # type: ignore[attr-defined]
    given = {name: text for name, text in given.items() if name in names}
    fallback = tuple(n for n in names if n not in given and getattr(item, n))
    return replace(item, **given, fallback=fallback)  # type: ignore[type-var]
