"""Markdown to safe HTML, with links between content files resolved and checked.

One configured `markdown.Markdown` serves every document (reset between
them): building the extension pipeline is far costlier than converting a
story. Raw HTML is allowed in Markdown but passes an allow-list (`nh3`);
whatever the allow-list strips is reported as a warning on the line it came
from, so a PIO learns why their embed vanished instead of guessing.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import Counter
from collections.abc import Mapping
from html.parser import HTMLParser
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

from . import parallel
from .diskcache import digest_of
from .errors import ContentError, did_you_mean, warning
from .headings import HeadingIdsExtension
from .inline import PlainTextFirstExtension
from .memo import NO_MEMO, Memo
from .typography import TypographyExtension

ALLOWED_TAGS = frozenset(
    "a abbr b blockquote br caption cite code dd del details dfn div dl dt em figcaption "
    "figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span strong "
    "sub summary sup table tbody td tfoot th thead time tr u ul".split()
)
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "ol": {"start", "reversed"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset({"href", "src"})
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_ALIGN_RE = re.compile(r"text-align:\s*(left|right|center)")


class _ContentLinks(Treeprocessor):
    """Rewrites links to content files (`../pages/about.md`) and media to site paths."""

    links: Mapping[str, str] = {}  # content-relative file -> site path
    folder = ""  # content-relative folder of the document being converted
    unresolved: dict[str, str]  # target as written -> content-relative path it names

    def run(self, root: Element) -> None:
        self.unsafe = False
        self.seen: set[str] = set()  # every local target, for checking a remembered result
        for element in root.iter():
            for attribute in ("href", "src"):
                target = element.get(attribute)
                if target:
                    element.set(attribute, self.resolve(target))
            align = _ALIGN_RE.search(element.attrib.pop("style", ""))
            if align:  # inline styles are blocked by the site's CSP; classes are not
                element.set("class", f"align-{align.group(1)}")

    def resolve(self, target: str) -> str:
        scheme = _SCHEME_RE.match(target)
        if scheme:
            self.unsafe |= scheme.group()[:-1].lower() not in URL_SCHEMES
            return target
        if target.startswith("#"):
            return target
        self.seen.add(target)
        if target.startswith("/"):
            return target
        path, hash_, fragment = target.partition("#")
        resolved = posixpath.normpath(posixpath.join(self.folder, path))
        if resolved in self.links:
            return self.links[resolved] + hash_ + fragment
        if resolved.startswith("media/"):
            return "/" + resolved + hash_ + fragment
        self.unresolved[target] = resolved
        return target


class _Inventory(HTMLParser):
    """What an HTML fragment contains, counted, so two versions can be compared."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.items: Counter[tuple[str, ...]] = Counter()
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.items[("tag", tag)] += 1
        for name, value in attrs:
            if name in URL_ATTRIBUTES:
                self.items[("url", tag, name, value or "")] += 1
            else:
                self.items[("attr", tag, name)] += 1


_LINK_TAG = re.compile(r"<(a|img)\s([^>]*)>")
_ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')


def _convert_in_worker(
    markup: Markup, request: tuple[str, str, str, int]
) -> tuple[str, tuple[str, ...], list[ContentError]]:
    found: list[ContentError] = []
    converted, targets = markup._convert(*request, found)
    return converted, targets, found


def links_in(clean: str) -> list[tuple[str, str, dict[str, str]]]:
    """Each link and image of sanitised HTML: tag, target, attributes.

    nh3 writes every attribute as name="value", so a pattern reads its output
    exactly, several times faster than an HTML parser.
    """
    found = []
    for match in _LINK_TAG.finditer(clean):
        attrs = {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(match.group(2))}
        target = attrs.get("href" if match.group(1) == "a" else "src")
        if target is not None:
            found.append((match.group(1), target, attrs))
    return found


class Markup:
    """Converts one document after another, reporting problems against its file."""

    def __init__(
        self,
        links: Mapping[str, str],
        media: frozenset[str],
        unpublished: Mapping[str, str],
        memo: Memo = NO_MEMO,
    ):
        """`links` maps content files to their pages; `unpublished` says why others have none."""
        self.links = links
        self.media = media
        self.unpublished = unpublished
        self.memo = memo
        # Everything a conversion depends on besides its own text: the site's files.
        self.key = memo.intern(
            "markup", (frozenset(links.items()), media, frozenset(unpublished.items()))
        )
        self._resolver = _ContentLinks()
        self._resolver.links = links
        self._md = markdown.Markdown(
            extensions=[
                "tables",
                "footnotes",
                "sane_lists",
                TypographyExtension(),
                HeadingIdsExtension(),
                PlainTextFirstExtension(),
            ],
            output_format="html",
        )
        self._md.treeprocessors.register(self._resolver, "content_links", 1)

    def convert(
        self, text: str, *, path: str, folder: str, first_line: int, problems: list[ContentError]
    ) -> str:
        """Safe HTML for `text`, the body of file `path` starting at `first_line`."""
        request = (text, path, folder, first_line)
        converted = self._remembered(request)
        if converted is None:
            found: list[ContentError] = []
            converted, targets = self._convert(*request, found)
            self._remember(request, converted, targets, found)
            problems.extend(found)
        return converted

    def prefetch(self, requests: list[tuple[str, str, str, int]]) -> None:
        """Convert, on every core, the (text, path, folder, first line) not yet known.

        `convert` then finds each result remembered.
        """
        missing = [request for request in requests if self._remembered(request) is None]
        results, _ = parallel.map_shared(_convert_in_worker, self, missing)
        for request, (converted, targets, found) in zip(missing, results, strict=True):
            self._remember(request, converted, targets, found)

    def _resolution(self, target: str, folder: str) -> tuple[str | None, str | None, bool]:
        """Where a link leads today: a page, a reason it has none, whether media exists."""
        path = target.partition("#")[0]
        resolved = posixpath.normpath(posixpath.join(folder, path))
        in_media = (path if path.startswith("/") else "/" + resolved) in self.media
        return self.links.get(resolved), self.unpublished.get(resolved), in_media

    def _remembered(self, request: tuple[str, str, str, int]) -> str | None:
        """A stored conversion of this text, if every link in it still leads where it did.

        Checking the links a result used, rather than keying it on every link of
        the site, means adding a story does not make all other Markdown stale.
        """
        key = ("markdown", *request)
        entry = self.memo.get(key, lambda: None) if self.memo.known(key) else None
        if entry is None and self.memo.disk:
            entry = self.memo.disk.get(digest_of(key))
            if entry is not None:
                self.memo.put(key, entry)
        if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], str)):
            return None  # nothing stored, or not in a shape this code wrote
        converted, targets = entry
        try:
            if all(self._resolution(target, request[2]) == was for target, was in targets):
                return converted
        except (TypeError, ValueError, AttributeError):
            pass  # a damaged entry: convert afresh
        return None

    def _remember(
        self,
        request: tuple[str, str, str, int],
        converted: str,
        targets: tuple[str, ...],
        problems: list[ContentError],
    ) -> None:
        """Only clean conversions are kept: a problem's hint may name any file of the site."""
        if problems:
            return
        entry = (converted, tuple((t, self._resolution(t, request[2])) for t in targets))
        key = ("markdown", *request)
        self.memo.put(key, entry)
        if self.memo.disk:
            self.memo.disk.put(digest_of(key), entry)

    def _convert(
        self, text: str, path: str, folder: str, first_line: int, problems: list[ContentError]
    ) -> tuple[str, tuple[str, ...]]:
        """The safe HTML, and every local link or image target it holds."""
        self._md.reset()
        self._resolver.folder = folder
        self._resolver.unresolved = {}
        raw = self._md.convert(text)
        clean = nh3.clean(
            raw,
            tags=set(ALLOWED_TAGS),
            attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
            url_schemes=set(URL_SCHEMES),
            link_rel=None,
        )
        where = _Locator(text, path, first_line)
        if self._md.htmlStash.html_counter or self._resolver.unsafe:
            # Only raw HTML or an odd link can hold what the allow-list removes.
            before, after = _Inventory(raw), _Inventory(clean)
            problems.extend(where.removed(before.items - after.items))
        found = links_in(clean)
        problems.extend(self._check_links(found, where))
        targets = self._resolver.seen | {
            target for _, target, _ in found if not _SCHEME_RE.match(target)
        }
        return clean, tuple(sorted(targets))

    def _check_links(
        self, found: list[tuple[str, str, dict[str, str]]], where: _Locator
    ) -> list[ContentError]:
        problems = []
        for tag, target, attrs in found:
            if tag == "img" and not (attrs.get("alt") or "").strip():
                problems.append(
                    where.error(
                        target,
                        f"image '{target}' has no alt text",
                        "describe it for people who cannot see it: ![Kids on stage](/media/x.png)",
                    )
                )
            problems.extend(self._check_target(target, where))
        return problems

    def _check_target(self, target: str, where: _Locator) -> list[ContentError]:
        path = target.partition("#")[0]
        if not path or _SCHEME_RE.match(path) or target.startswith("//"):
            return []
        if path.startswith("/media/"):
            if path in self.media:
                return []
            hint = did_you_mean(path, self.media) or "put the file in content/media/"
            return [where.error(target, f"'{path}' does not exist", hint)]
        if path.startswith("/"):
            return []
        named = self._resolver.unresolved.get(target, "")
        if named in self.unpublished:
            message = f"link to '{path}': {self.unpublished[named]}, so its page will not exist"
            return [where.error(target, message, "publish it first, or remove the link")]
        if path.endswith(".md"):
            folder = self._resolver.folder
            nearby = [posixpath.relpath(p, folder) for p in self.links]
            hint = did_you_mean(path, nearby, list_all=False) or (
                "check the file name; links are relative to this file's folder"
            )
            return [where.error(target, f"link to '{path}': no such story or page", hint)]
        return [
            where.error(
                target,
                f"link to '{path}' does not lead to a page of this site",
                "link to a story or page by its .md file, or to a file as /media/...",
            )
        ]


class _Locator:
    """Finds the line a piece of Markdown came from, to point problems at it."""

    def __init__(self, text: str, path: str, first_line: int):
        self.text = text
        self.path = path
        self.first_line = first_line

    def line_of(self, needle: str) -> int:
        index = self.text.find(needle)
        if index < 0:
            index = self.text.find(html.escape(needle))
        return self.first_line + (self.text.count("\n", 0, index) if index > 0 else 0)

    def error(self, needle: str, message: str, hint: str = "") -> ContentError:
        return ContentError(self.path, self.line_of(needle), message, hint)

    def removed(self, lost: Counter[tuple[str, ...]]) -> list[ContentError]:
        """Warnings for what the sanitiser took out of raw HTML."""
        problems = []
        for item in sorted(lost):
            if item[0] == "tag":
                needle, message = f"<{item[1]}", f"removed <{item[1]}>: not allowed in content"
            elif item[1] not in ALLOWED_TAGS:
                continue  # already reported with its element
            elif item[0] == "url":
                needle, message = item[3], f"removed unsafe link '{item[3]}'"
            else:
                needle, message = f"{item[2]}=", f"removed '{item[2]}' from <{item[1]}>"
            line = self.line_of(needle)
            problems.append(warning(self.path, line, message, "see 'Raw HTML' in README.md"))
        return problems


def summary_of(body_html: str, limit: int = 200) -> str:
    """The first paragraph as plain text, cut at a word boundary when long."""
    match = re.search(r"<p>(.*?)</p>", body_html, re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", match.group(1))) if match else ""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:—–-") + "…"
