"""What the `<head>` of a page says about it: title, description, canonical URL, Open Graph.

Search engines, social sites and feed readers read this, not the page body, so
it is computed in Python where it can be tested (a `<title>` must be unique
across the site) instead of being pieced together inside templates.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from microsite import urls
from microsite.images.renditions import share
from microsite.model import Event, Site, Story
from microsite.render.language import N_, og_locale, words

DEFAULT_IMAGE = "/static/og-default.png"
# What tools/brand.py draws into the default share picture.
DEFAULT_IMAGE_ALT = N_("The %(department)s badge beside the words %(title)s")
ATOM = "application/atom+xml"
ICS = "text/calendar"


@dataclass(frozen=True)
class Alternate:
    """A `<link rel="alternate">`: how feed readers and calendars discover subscriptions."""

    path: str  # site path, e.g. /feed.xml
    title: str
    type: str


@dataclass(frozen=True)
class Meta:
    """Everything the `<head>` needs for one page; `path` is its site path, e.g. /stories/x/."""

    path: str
    title: str  # the page's own name, shown in its h1
    document_title: str  # the `<title>`: "Page — Site"
    description: str
    canonical: str  # absolute URL; empty for the 404 page, which answers at any address
    og_type: str
    image: str  # absolute URL of the Open Graph image
    image_alt: str
    locale: str  # og:locale, e.g. en_US
    alternates: tuple[Alternate, ...]
    jsonld: Markup | None = None  # escaped JSON text, ready for a script element
    draft: bool = False
    noindex: bool = False  # drafts and the 404 page stay out of search results


def site_alternates(site: Site) -> tuple[Alternate, ...]:
    """The site-wide feed and calendar in the page's language, advertised on every page."""
    settings = site.settings
    t, name, root = words(settings.language), {"name": settings.title}, settings.root
    return (
        Alternate(
            urls.in_language(root, "/feed.xml"), t.gettext("%(name)s: stories (Atom)") % name, ATOM
        ),
        Alternate(
            urls.in_language(root, "/events.ics"),
            t.gettext("%(name)s: events calendar") % name,
            ICS,
        ),
    )


def make_meta(
    site: Site,
    path: str,
    title: str,
    description: str,
    *,
    og_type: str = "website",
    image: str | None = None,
    image_alt: str | None = None,
    alternates: tuple[Alternate, ...] = (),
    jsonld: str | None = None,
    draft: bool = False,
    noindex: bool = False,
    canonical: bool = True,
) -> Meta:
    """Fill in what every page shares (site name, default image, site feeds) around its facts."""
    settings = site.settings
    own_image = image is not None
    t, home = words(settings.language), urls.in_language(settings.root, "/")
    return Meta(
        path=path,
        title=title,
        document_title=title if path == home else f"{title} \u2014 {settings.title}",
        description=" ".join(description.split()) or settings.description,
        canonical=settings.absolute(path) if canonical else "",
        og_type=og_type,
        image=settings.absolute(image if own_image else DEFAULT_IMAGE),
        image_alt=(image_alt or "")
        if own_image
        else t.gettext(DEFAULT_IMAGE_ALT)
        % {"department": settings.department, "title": settings.title},
        locale=og_locale(settings.language),
        alternates=site_alternates(site) + alternates,
        jsonld=Markup(jsonld) if jsonld else None,
        draft=draft,
        noindex=noindex or draft,
    )


def share_image(site: Site, item: Story | Event) -> str | None:
    """A story's or event's picture for social sites: its 1200 x 630 crop; for an SVG, which they
    ignore, its PNG twin's crop, else the site default."""
    image = item.image
    if item.picture is not None and not item.picture.vector:
        return share(item.picture).path
    if image is None or not image.endswith(".svg"):
        return image
    twin = image.removesuffix(".svg") + ".png"
    picture = next((p for p in site.pictures if p.path == twin and not p.vector), None)
    return share(picture).path if picture else None
