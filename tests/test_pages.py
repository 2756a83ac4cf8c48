"""Structural checks over every HTML page of the built sample site.

These are the promises of DESIGN.md that a parser can check without a browser:
what a search engine, a feed reader, a screen reader and a strict CSP need to
find in each page, and that every link inside the site leads somewhere. Each
test covers all pages and lists every offending page, so one run is a to-do list.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from browser import url_path

LANDMARKS = {"header": "banner", "nav": "navigation", "footer": "contentinfo", "main": "main"}
# Attributes that hold one URL, per element; srcset is handled apart.
URL_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "source": "src",
    "video": "poster",
    "audio": "src",
    "iframe": "src",
    "form": "action",
    "track": "src",
    "embed": "src",
    "object": "data",
}
LOCAL_SCHEMES = {"", "http", "https"}
LANG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")
FAKE_ORIGIN = "http://site.invalid/"


@dataclass
class PageDoc:
    """What the checks need from one page, gathered in a single parse."""

    lang: str | None = None
    titles: list[str] = field(default_factory=list)
    metas: list[dict[str, str]] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    tags: Counter[str] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)
    scripts: list[tuple[dict[str, str], str]] = field(default_factory=list)
    handlers: list[str] = field(default_factory=list)
    images: list[dict[str, str]] = field(default_factory=list)
    urls: list[tuple[str, str]] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)
    footer_text: str = ""

    def meta(self, key: str) -> str | None:
        """The content of the first `<meta name=key>` or `<meta property=key>`."""
        for attrs in self.metas:
            if key in (attrs.get("name"), attrs.get("property")):
                return attrs.get("content")
        return None

    def link_rel(self, rel: str, kind: str | None = None) -> list[dict[str, str]]:
        """Every `<link>` whose rel includes `rel` (and whose type is `kind`, when given)."""
        return [
            attrs
            for attrs in self.links
            if rel in attrs.get("rel", "").lower().split()
            and (kind is None or attrs.get("type", "").lower() == kind)
        ]


class PageParser(HTMLParser):
    """Collects a PageDoc; tracks only the few open elements whose text matters."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.doc = PageDoc()
        self.open_text: dict[str, list[str]] = {}
        self.footer_depth = 0
        self.footer_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record attributes, ids, landmarks, URLs and handlers of every start tag."""
        values = {name: value or "" for name, value in attrs}
        self.doc.tags[tag] += 1
        self.record_attributes(tag, values)
        if tag == "html":
            self.doc.lang = values.get("lang")
        elif tag == "meta":
            self.doc.metas.append(values)
        elif tag == "link":
            self.doc.links.append(values)
        elif tag == "img":
            self.doc.images.append(values)
        elif tag == "a" and "href" in values:
            self.doc.anchors.append(values["href"])
        if tag == "footer":
            self.footer_depth += 1
        if tag in {"title", "script"}:
            self.open_text[tag] = []
        if tag == "script":
            self.script_attrs = values

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """`<br/>` style tags are start tags that never open; footer and title cannot be."""
        self.handle_starttag(tag, attrs)
        if tag in {"title", "script"}:
            self.handle_endtag(tag)

    def record_attributes(self, tag: str, values: dict[str, str]) -> None:
        """Ids, roles, event handler attributes and every URL-bearing attribute."""
        if "id" in values:
            self.doc.ids.add(values["id"])
        if "role" in values:
            self.doc.roles[values["role"]] += 1
        self.doc.handlers += [f"<{tag} {name}>" for name in values if name.startswith("on")]
        if tag == "meta" and values.get("property") in {"og:url", "og:image"}:
            self.doc.urls.append((tag, values.get("content", "")))
        name = URL_ATTRIBUTES.get(tag)
        if name and values.get(name):
            self.doc.urls.append((tag, values[name]))
        for candidate in values.get("srcset", "").split(","):
            if candidate.strip():
                self.doc.urls.append((tag, candidate.split()[0]))

    def handle_endtag(self, tag: str) -> None:
        """Close title/script text capture and footer tracking."""
        if tag == "footer" and self.footer_depth:
            self.footer_depth -= 1
        text = "".join(self.open_text.pop(tag, []))
        if tag == "title":
            self.doc.titles.append(" ".join(text.split()))
        elif tag == "script":
            self.doc.scripts.append((getattr(self, "script_attrs", {}), text))

    def handle_data(self, data: str) -> None:
        """Text goes to an open title or script, and to the footer text when inside it."""
        for parts in self.open_text.values():
            parts.append(data)
        if self.footer_depth:
            self.footer_parts.append(data)

    def close(self) -> None:
        """Finish parsing and join the footer text with single spaces."""
        super().close()
        self.doc.footer_text = " ".join(" ".join(self.footer_parts).split())


def parse_page(path: Path) -> PageDoc:
    """Parse one built page (UTF-8, as DESIGN.md requires of all text)."""
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.doc


@pytest.fixture(scope="session")
def docs(sample_site: Path, sample_pages: list[str]) -> dict[str, PageDoc]:
    """Every page of the sample site, parsed once for all the checks."""
    return {page: parse_page(sample_site / page) for page in sample_pages}


@pytest.fixture(scope="session")
def base_url(sample_settings: dict[str, Any]) -> str:
    """The site's public address from site.yaml, always ending in `/`."""
    return str(sample_settings["base_url"]).rstrip("/") + "/"


def fail_if_any(title: str, lines: list[str]) -> None:
    """Fail with a heading and one line per problem, so a failure reads as a to-do list."""
    if lines:
        body = "\n".join(lines)
        pytest.fail(f"{title}\n{body}", pytrace=False)


def problems(docs: dict[str, PageDoc], check: Any) -> list[str]:
    """Run `check(page, doc) -> list[str]` over every page; prefix each problem with the page."""
    return [f"{page}: {problem}" for page, doc in docs.items() for problem in check(page, doc)]


# --- head: language, title, description, canonical, Open Graph, autodiscovery --------


def test_html_has_lang(docs: dict[str, PageDoc]) -> None:
    """`<html lang>` tells screen readers which voice to use; it must be a language tag."""

    def check(page: str, doc: PageDoc) -> list[str]:
        if not doc.lang or not LANG.match(doc.lang):
            return [f"<html lang={doc.lang!r}> is missing or not a language tag"]
        return []

    fail_if_any("Pages without a usable <html lang>:", problems(docs, check))


def test_exactly_one_title(docs: dict[str, PageDoc]) -> None:
    """One non-empty `<title>` per page: it is the tab name and the search result heading."""

    def check(page: str, doc: PageDoc) -> list[str]:
        if len(doc.titles) != 1 or not doc.titles[0]:
            return [f"{len(doc.titles)} <title> element(s): {doc.titles}"]
        return []

    fail_if_any("Pages without exactly one non-empty <title>:", problems(docs, check))


def test_titles_are_unique(docs: dict[str, PageDoc]) -> None:
    """No two pages share a title, so tabs, bookmarks and search results can be told apart."""
    owners: dict[str, list[str]] = {}
    for page, doc in docs.items():
        for title in doc.titles[:1]:
            owners.setdefault(title, []).append(page)
    lines = [f"{title!r}: {', '.join(pages)}" for title, pages in owners.items() if len(pages) > 1]
    fail_if_any("Titles used by more than one page:", lines)


def test_meta_description(docs: dict[str, PageDoc]) -> None:
    """A non-empty meta description: it is the snippet under the search result and the share."""

    def check(page: str, doc: PageDoc) -> list[str]:
        return [] if (doc.meta("description") or "").strip() else ["no meta description"]

    fail_if_any("Pages without a meta description:", problems(docs, check))


NOT_FOUND = "404.html"  # a host serves it at every missing address: it has no URL to name


def not_found(page: str) -> bool:
    """The 404 page, of any language (`es/404.html`)."""
    return page.rsplit("/", 1)[-1] == NOT_FOUND


def test_canonical_url(docs: dict[str, PageDoc], base_url: str) -> None:
    """One canonical link: absolute https on the site's base_url, naming this very page.

    The 404 page has none: a canonical link there would tell search engines that
    every mistyped address is /404.html.
    """

    def check(page: str, doc: PageDoc) -> list[str]:
        links = doc.link_rel("canonical")
        if not_found(page):
            return [f"{len(links)} canonical link(s) on the page served at any address"] * len(
                links
            )
        if len(links) != 1:
            return [f"{len(links)} canonical link(s)"]
        href = links[0].get("href", "")
        own = urljoin(base_url, url_path(page).lstrip("/"))
        if urlsplit(href).scheme != "https":
            return [f"canonical {href!r} is not an absolute https URL"]
        if href not in {own, urljoin(base_url, page)}:
            return [f"canonical {href!r} should be {own!r}"]
        return []

    fail_if_any("Pages with a wrong canonical link:", problems(docs, check))


def test_open_graph(docs: dict[str, PageDoc]) -> None:
    """og:title, og:type, og:url and og:image, the URLs absolute, so shares show a card."""

    def check(page: str, doc: PageDoc) -> list[str]:
        found = []
        for key in ("og:title", "og:type", "og:image") + (("og:url",) * (not not_found(page))):
            value = (doc.meta(key) or "").strip()
            if not value:
                found.append(f"no {key}")
            elif key in {"og:url", "og:image"} and urlsplit(value).scheme not in {"http", "https"}:
                found.append(f"{key} {value!r} is not an absolute URL")
        return found

    fail_if_any("Pages with missing Open Graph tags:", problems(docs, check))


def test_feed_and_calendar_autodiscovery(docs: dict[str, PageDoc]) -> None:
    """Feed readers and calendar apps find the Atom feed and the .ics from any page."""

    def check(page: str, doc: PageDoc) -> list[str]:
        found = []
        if not doc.link_rel("alternate", "application/atom+xml"):
            found.append('no <link rel="alternate" type="application/atom+xml">')
        if not doc.link_rel("alternate", "text/calendar"):
            found.append('no <link rel="alternate" type="text/calendar">')
        return found

    fail_if_any("Pages without feed or calendar autodiscovery:", problems(docs, check))


# --- body: skip link, landmarks, footer ------------------------------------------------


def test_skip_link(docs: dict[str, PageDoc]) -> None:
    """The first link is a skip link to an element that exists, so keyboard users can jump."""

    def check(page: str, doc: PageDoc) -> list[str]:
        first = doc.anchors[0] if doc.anchors else None
        if not first or not first.startswith("#") or len(first) < 2:
            return [f"the first link is {first!r}, not a skip link like '#main'"]
        if unquote(first[1:]) not in doc.ids:
            return [f"skip link {first!r} points at no element with that id"]
        return []

    fail_if_any("Pages without a working skip link:", problems(docs, check))


def test_landmarks(docs: dict[str, PageDoc]) -> None:
    """Exactly one `<main>`, and header, nav and footer, so screen readers can navigate."""

    def check(page: str, doc: PageDoc) -> list[str]:
        found = []
        if doc.tags["main"] + doc.roles["main"] != 1:
            found.append(f"{doc.tags['main'] + doc.roles['main']} <main> element(s), want 1")
        for tag in ("header", "nav", "footer"):
            if not doc.tags[tag] and not doc.roles[LANDMARKS[tag]]:
                found.append(f"no <{tag}>")
        return found

    fail_if_any("Pages missing landmarks:", problems(docs, check))


def digits(text: str) -> str:
    """Only the digits, so `(310) 379-2477` and `310.379.2477` compare equal."""
    return re.sub(r"\D", "", text)


def test_footer_has_emergency_numbers(
    docs: dict[str, PageDoc], sample_settings: dict[str, Any]
) -> None:
    """Every footer says to call 911 and gives the non-emergency number from site.yaml."""
    non_emergency = str(sample_settings["contact"]["non_emergency"])

    def check(page: str, doc: PageDoc) -> list[str]:
        found = []
        if not re.search(r"\b911\b", doc.footer_text):
            found.append("footer does not mention 911")
        if digits(non_emergency) not in digits(doc.footer_text):
            found.append(f"footer lacks the non-emergency number {non_emergency}")
        return found

    fail_if_any("Pages whose footer lacks the emergency numbers:", problems(docs, check))


# --- no inline script ------------------------------------------------------------------


def test_no_inline_script(docs: dict[str, PageDoc]) -> None:
    """Only external scripts and JSON-LD (which must parse): the CSP forbids inline code."""

    def check(page: str, doc: PageDoc) -> list[str]:
        found = []
        for attrs, text in doc.scripts:
            if "src" in attrs:
                continue
            if attrs.get("type", "").lower() != "application/ld+json":
                found.append(f"inline <script type={attrs.get('type')!r}>: {text.strip()[:60]!r}")
                continue
            try:
                json.loads(text)
            except json.JSONDecodeError as error:
                found.append(f"JSON-LD does not parse: {error}")
        return found

    fail_if_any("Pages with inline script:", problems(docs, check))


def test_no_event_handler_attributes(docs: dict[str, PageDoc]) -> None:
    """No `on*=` attributes or `javascript:` URLs: inline code the CSP would block anyway."""

    def check(page: str, doc: PageDoc) -> list[str]:
        scripted = [
            f"<{tag}> URL {url!r}"
            for tag, url in doc.urls
            if url.strip().lower().startswith("javascript:")
        ]
        return [f"event handler attribute {h}" for h in doc.handlers] + scripted

    fail_if_any("Pages with inline event handlers:", problems(docs, check))


def test_images_have_alt(docs: dict[str, PageDoc]) -> None:
    """Every `<img>` has an alt attribute (empty only for decoration)."""

    def check(page: str, doc: PageDoc) -> list[str]:
        return [
            f"<img src={img.get('src')!r}> has no alt" for img in doc.images if "alt" not in img
        ]

    fail_if_any("Images without alt:", problems(docs, check))


# --- every internal link resolves -----------------------------------------------------


def site_path(page: str, ref: str, base_url: str) -> tuple[str, str] | None:
    """The (file path, fragment) an internal reference points at, or None for other sites."""
    parts = urlsplit(ref)
    if parts.scheme.lower() not in LOCAL_SCHEMES:
        return None  # mailto:, tel:, data: and the like
    base = urlsplit(base_url)
    if parts.netloc and parts.netloc.lower() != base.netloc.lower():
        return None  # another site
    if parts.netloc:  # an absolute link to this site: make it site-relative
        path = parts.path
        if not path.startswith(base.path):
            return None
        ref = "/" + path.removeprefix(base.path) + (f"#{parts.fragment}" if parts.fragment else "")
    target = urlsplit(urljoin(FAKE_ORIGIN + page, ref))
    path = unquote(target.path).lstrip("/")
    return path, unquote(target.fragment)


def resolve(site: Path, path: str) -> str | None:
    """The built file a site path serves (`x/` -> `x/index.html`), or None when missing."""
    if path == "" or path.endswith("/"):
        path += "index.html"
    file = site / PurePosixPath(path)
    return path if file.is_file() else None


def reference_problem(
    site: Path, docs: dict[str, PageDoc], page: str, ref: str, base_url: str
) -> str | None:
    """Why one reference from `page` is broken, or None when it resolves."""
    target = site_path(page, ref, base_url)
    if target is None:
        return None
    path, fragment = target
    found = resolve(site, path)
    if found is None:
        hint = " (add a trailing slash)" if (site / path / "index.html").is_file() else ""
        return f"{ref!r} -> /{path} does not exist{hint}"
    if fragment and fragment != "top" and found in docs and fragment not in docs[found].ids:
        return f"{ref!r}: /{found} has no element with id {fragment!r}"
    return None


def test_internal_links_resolve(docs: dict[str, PageDoc], sample_site: Path, base_url: str) -> None:
    """Every href/src/srcset inside the site (and on base_url) leads to a built file."""

    def check(page: str, doc: PageDoc) -> list[str]:
        found = (reference_problem(sample_site, docs, page, ref, base_url) for _, ref in doc.urls)
        return sorted({problem for problem in found if problem})

    fail_if_any("Broken internal links:", problems(docs, check))
