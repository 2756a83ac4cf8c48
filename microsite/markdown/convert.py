"""Markdown to safe HTML, with links between content files resolved and checked.

One configured `markdown.Markdown` serves every document (reset between
them): building the extension pipeline is far costlier than converting a
story. Raw HTML is allowed in Markdown but passes the allow-list in `sanitize.py`.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Mapping
from typing import TypeVar
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor

from microsite.errors import ContentError, did_you_mean
from microsite.markdown import sanitize
from microsite.markdown.headings import HeadingIdsExtension
from microsite.markdown.sanitize import SCHEME_RE, URL_SCHEMES, Locator, links_in
from microsite.markdown.typography import TypographyExtension
from microsite.speed import parallel
from microsite.speed.blocks import PlainParagraphsExtension
from microsite.speed.diskcache import digest_of
from microsite.speed.inline import PlainTextFirstExtension
from microsite.speed.memo import NO_MEMO, Memo

T = TypeVar("T")

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
            if "style" not in element.attrib:
                continue
            align = _ALIGN_RE.search(element.attrib.pop("style"))
            if align:  # inline styles are blocked by the site's CSP; classes are not
                element.set("class", f"align-{align.group(1)}")

    def resolve(self, target: str) -> str:
        scheme = SCHEME_RE.match(target)
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


Resolved = tuple[tuple[str, tuple[str | None, str | None, bool]], ...]  # target, where it led


def _convert_in_helper(
    markup: Markup, request: tuple[str, str, str, int]
) -> tuple[str, Resolved, list[ContentError]]:
    """A conversion and where each of its links led, worked out beside it (on every core)."""
    found: list[ContentError] = []
    converted, targets = markup._convert(*request, found)
    return converted, markup._resolved(targets, request[2]), found


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
        self._ready: dict[tuple[str, str, str, int], str] = {}  # prefetched for `convert`
        self._resolver = _ContentLinks()
        self._resolver.links = links
        self._md = markdown.Markdown(
            # Instances, not names: looking names up among installed packages' entry
            # points took longer than a one-story rebuild's whole conversion.
            extensions=[
                TableExtension(),
                FootnoteExtension(),
                SaneListExtension(),
                TypographyExtension(),
                HeadingIdsExtension(),
                PlainTextFirstExtension(),
                PlainParagraphsExtension(),
            ],
            output_format="html",
        )
        self._md.treeprocessors.register(self._resolver, "content_links", 1)

    def convert(
        self, text: str, *, path: str, folder: str, first_line: int, problems: list[ContentError]
    ) -> str:
        """Safe HTML for `text`, the body of file `path` starting at `first_line`."""
        request = (text, path, folder, first_line)
        converted = self._ready.pop(request, None) or self._remembered(request)
        if converted is None:
            found: list[ContentError] = []
            converted, targets = self._convert(*request, found)
            self._remember(request, converted, self._resolved(targets, folder), found)
            problems.extend(found)
        return converted

    def prefetch(self, requests: list[tuple[str, str, str, int]], meanwhile: Callable[[], T]) -> T:
        """Convert, on every core, the (text, path, folder, first line) not yet known.

        `convert` then finds each result ready, without checking its links
        again. `meanwhile()` runs in this process first, while helpers start
        converting; its result is returned.
        """
        missing, digests = [], []
        for request in requests:
            digest = self._digest(request)
            converted = self._remembered(request, digest)
            if converted is None:
                missing.append(request)
                digests.append(digest)
            else:
                self._ready[request] = converted
        results, also = parallel.map_shared(_convert_in_helper, self, missing, meanwhile)
        for request, digest, result in zip(missing, digests, results, strict=True):
            converted, resolved, found = result
            self._remember(request, converted, resolved, found, digest)
            if not found:  # with problems, `convert` converts again to report them
                self._ready[request] = converted
        return also

    def _resolution(self, target: str, folder: str) -> tuple[str | None, str | None, bool]:
        """Where a link leads today: a page, a reason it has none, whether media exists."""
        path = target.partition("#")[0]
        resolved = posixpath.normpath(posixpath.join(folder, path))
        in_media = (path if path.startswith("/") else "/" + resolved) in self.media
        return self.links.get(resolved), self.unpublished.get(resolved), in_media

    def _resolved(self, targets: tuple[str, ...], folder: str) -> Resolved:
        return tuple((target, self._resolution(target, folder)) for target in targets)

    def _digest(self, request: tuple[str, str, str, int]) -> str | None:
        """The disk cache's name for a conversion (None without a disk cache)."""
        return digest_of(("markdown", *request)) if self.memo.disk else None

    def _remembered(
        self, request: tuple[str, str, str, int], digest: str | None = None
    ) -> str | None:
        """A stored conversion of this text, if every link in it still leads where it did.

        Checking the links a result used, rather than keying it on every link of
        the site, means adding a story does not make all other Markdown stale.
        """
        key = ("markdown", *request)
        entry = self.memo.get(key, lambda: None) if self.memo.known(key) else None
        if entry is None and self.memo.disk:
            entry = self.memo.disk.get(digest or self._digest(request))
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
        resolved: Resolved,
        problems: list[ContentError],
        digest: str | None = None,
    ) -> None:
        """Only clean conversions are kept: a problem's hint may name any file of the site."""
        if problems:
            return
        entry = (converted, resolved)
        self.memo.put(("markdown", *request), entry)
        if self.memo.disk:
            self.memo.disk.put(digest or self._digest(request), entry)

    def _convert(
        self, text: str, path: str, folder: str, first_line: int, problems: list[ContentError]
    ) -> tuple[str, tuple[str, ...]]:
        """The safe HTML, and every local link or image target it holds."""
        self._md.reset()
        self._resolver.folder = folder
        self._resolver.unresolved = {}
        raw = self._md.convert(text)
        clean = sanitize.clean(raw)
        where = Locator(text, path, first_line)
        if self._md.htmlStash.html_counter or self._resolver.unsafe:
            # Only raw HTML or an odd link can hold what the allow-list removes.
            problems.extend(where.warnings(sanitize.removed(raw, clean)))
        found = links_in(clean)
        problems.extend(self._check_links(found, where))
        targets = self._resolver.seen | {
            target for _, target, _ in found if not SCHEME_RE.match(target)
        }
        return clean, tuple(sorted(targets))

    def _check_links(
        self, found: list[tuple[str, str, dict[str, str]]], where: Locator
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

    def _check_target(self, target: str, where: Locator) -> list[ContentError]:
        path = target.partition("#")[0]
        if not path or SCHEME_RE.match(path) or target.startswith("//"):
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


def summary_of(body_html: str, limit: int = 200) -> str:
    """The first paragraph as plain text, cut at a word boundary when long."""
    match = re.search(r"<p>(.*?)</p>", body_html, re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", match.group(1))) if match else ""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:—–-") + "…"
