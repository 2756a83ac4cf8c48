"""Atom feeds, the sitemap and robots.txt: the files machines read.

Journalists subscribe to the Atom feed, so an entry must keep its id when a
PIO fixes a typo in a title, or every reader shows the story twice. Search
engines read the sitemap and stop trusting `lastmod` that merely tracks the
build time, so it comes only from content. Everything here is a pure function
of the site: the same content and clock give the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import date, datetime

from microsite.dates import iso
from microsite.images.markup import feed_picture, for_feeds
from microsite.model import Site, Story
from microsite.render.language import words
from microsite.render.textutil import absolute_links

ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
ATOM_TYPE = "application/atom+xml"
FEED_LIMIT = 30  # enough for a month of stories; readers keep what they have already fetched
XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'
# Control characters XML 1.0 forbids even when escaped; a stray one would break every reader.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def atom_feed(
    site: Site,
    stories: Sequence[Story],
    *,
    title: str,
    path: str,
    alternate: str,
    clock: datetime | None = None,
) -> bytes:
    """An RFC 4287 feed of the newest stories; `path` is the feed's own site path.

    An empty feed is "updated" at `clock` (by default the build time, `site.now`).
    """
    entries = sorted(stories, key=lambda s: (s.date, s.slug), reverse=True)[:FEED_LIMIT]
    feed = _feed_head(site, title=title, path=path, alternate=alternate)
    updated = max((s.modified for s in entries), default=None) or clock or site.now
    _child(feed, "updated", iso(updated))
    for story in entries:
        feed.append(_entry(site, story))
    return _serialise(feed)


def _feed_head(site: Site, *, title: str, path: str, alternate: str) -> ET.Element:
    settings = site.settings
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": settings.language})
    _child(feed, "id", settings.absolute(path))
    title_element = _child(feed, "title", title)
    subtitle = _child(feed, "subtitle", settings.description)
    # The site's own words not given in this language are the default language's: said
    # so, as pages say it with `lang` (a feed's title is the site's, or a community's).
    for element, name in ((title_element, "title"), (subtitle, "description")):
        if name in settings.fallback and (name != "title" or title == settings.title):
            element.set("xml:lang", settings.default_language)
    _child(feed, "link", rel="self", type=ATOM_TYPE, href=settings.absolute(path))
    _child(feed, "link", rel="alternate", type="text/html", href=settings.absolute(alternate))
    author = _child(feed, "author")
    _child(author, "name", settings.department)
    _child(author, "uri", settings.absolute("/"))
    _child(feed, "generator", "microsite")
    return feed


def _entry(site: Site, story: Story) -> ET.Element:
    settings = site.settings
    entry = ET.Element("entry")
    _child(entry, "id", tag_uri(site, story))
    _child(entry, "title", story.title)
    _child(entry, "link", rel="alternate", type="text/html", href=settings.absolute(story.path))
    _child(entry, "published", iso(story.date))
    _child(entry, "updated", iso(story.modified))
    author = _child(entry, "author")
    _child(author, "name", story.author or settings.department)
    _child(entry, "summary", story.summary)
    for key in story.communities:
        _child(entry, "category", term=key, label=site.community(key).name)
    _child(
        entry,
        "content",
        _lead(site, story) + absolute_links(for_feeds(story.body_html), settings),
        type="html",
    )
    return entry


def _lead(site: Site, story: Story) -> str:
    """The story's lead picture at the top of the entry, with its alt text, caption and credit."""
    if story.picture is None:
        return ""
    credit = ""
    if story.image_credit:
        credit = words(site.settings.language).gettext("Credit: %(name)s")
        credit %= {"name": story.image_credit}
    caption = " ".join(part for part in (story.image_caption, credit) if part)
    settings = site.settings
    return feed_picture(story.picture, settings.absolute, story.image_alt or "", caption)


def tag_uri(site: Site, story: Story) -> str:
    """A permanent entry id (RFC 4151): host, first-published day and path, never the title.

    The path includes any path of `base_url`, so two sites sharing a host never share ids.
    A port is left out: the RFC's authority is a domain name alone.
    """
    settings = site.settings
    path = settings.absolute(story.path).split(settings.host, 1)[1]
    authority = _PORT.sub("", settings.host)
    return f"tag:{authority},{story.date.date().isoformat()}:{path}"


_PORT = re.compile(r":\d*$")


Versions = Sequence[tuple[str, str]]  # (language, site path), the page itself included


Entry = tuple[str, datetime | date | None] | tuple[str, datetime | date | None, Versions]


def sitemap(
    site: Site, entries: Sequence[Entry], pictures: Sequence[tuple[str, str]] = ()
) -> bytes:
    """A sitemaps.org urlset in the order given; `lastmod` only where content says when.

    An entry may end with the page's versions: a page in several languages
    lists each as an `xhtml:link` alternate, itself included, as search engines ask, and
    the default language's as `x-default`, as the page's own head does.
    `pictures` pairs a page's path with its lead picture's path (`image:image`).
    """
    full = [(entry[0], entry[1], entry[2] if len(entry) > 2 else ()) for entry in entries]
    shown = dict(pictures)
    several = any(len(versions) > 1 for _, _, versions in full)
    attributes = {"xmlns": SITEMAP_NS} | ({"xmlns:xhtml": XHTML_NS} if several else {})
    attributes |= {"xmlns:image": IMAGE_NS} if shown else {}
    urlset = ET.Element("urlset", attributes)
    for path, lastmod, versions in full:
        url = _child(urlset, "url")
        _child(url, "loc", site.settings.absolute(path))
        if lastmod is not None:
            _child(url, "lastmod", iso(lastmod))
        alternates = [*versions, ("x-default", versions[0][1])] if len(versions) > 1 else []
        for language, other in alternates:  # the default's is x-default, as pages say
            href = site.settings.absolute(other)
            _child(url, "xhtml:link", rel="alternate", hreflang=language, href=href)
        if path in shown:
            _child(_child(url, "image:image"), "image:loc", site.settings.absolute(shown[path]))
    return _serialise(urlset)


def robots_txt(site: Site) -> bytes:
    """Everything may be crawled; the sitemap line must be absolute (RFC 9309)."""
    sitemap_url = site.settings.absolute("/sitemap.xml")
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n".encode()


def _child(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """Append an element; attributes keep the order given, so output bytes are stable."""
    clean = {name: NOT_XML.sub("", value) for name, value in attrs.items()}
    element = ET.SubElement(parent, tag, clean)
    element.text = NOT_XML.sub("", text) if text else text
    return element


def _serialise(root: ET.Element) -> bytes:
    """Indented UTF-8 with a double-quoted declaration; ElementTree escapes all text."""
    ET.indent(root)
    return XML_DECLARATION + ET.tostring(root, encoding="unicode").encode() + b"\n"
