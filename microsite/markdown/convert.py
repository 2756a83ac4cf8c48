"""Markdown to safe HTML, with links between content files resolved and checked.

One configured `markdown.Markdown` serves every document (reset between
them): building the extension pipeline is far costlier than converting a
story. It is made, and Python-Markdown imported, when the first text needs
it: a shortcut (`speed/wholedoc.py`) may convert every text of a build.
Raw HTML is allowed in Markdown but passes the allow-list in `sanitize.py`.
A conversion is a pure function of one `Conversion` value; the result says
which links it looked up, so a faster stage can tell when a stored result
still holds (`microsite.speed`), without the core knowing anything of it.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from microsite import urls
from microsite.errors import SUGGESTED, ContentError, did_you_mean, shown_name
from microsite.lints.run import lint_text, prepare_lints
from microsite.markdown import limits, sanitize
from microsite.markdown.conversion import Conversion, Converted, LinkTable
from microsite.markdown.sanitize import SCHEME_RE, URL_SCHEMES, Locator, links_in, numbered
from microsite.markdown.typography import quotes_for

if TYPE_CHECKING:
    import markdown
    from markdown.extensions import Extension

# Browsers read a backslash in an address as `/` and drop tabs and line breaks: written
# in a site path, `/\evil.example/x.png` or `/<tab>/evil.example` leads to another website.
_READ_AS_SLASH = re.compile(r"[\\\t\n\r]")
SLASH_HINT = (
    "browsers read it as '/', or drop it, and the link may lead to another website: "
    "write the address with '/' only"
)
SHOWN = 100  # characters of a target a message quotes


# Converts a text with the link resolver's help, exactly as Python-Markdown would, or
# declines (None): see `microsite.speed.wholedoc`. With the HTML it says whether
# `sanitize.clean` would give that HTML back unchanged, so that cleaning it may be skipped.
Shortcut = Callable[[str, "LinkResolver"], tuple[str, bool] | None]


class LinkResolver:
    """Rewrites links to content files (`../pages/about.md`) and media to hrefs, and notes
    what it saw: Python-Markdown's tree step (`treesteps.ContentLinks`) and a shortcut
    past it both hand it each address."""

    table: LinkTable
    base = ""  # the base URL's path, put before every site path
    folder = ""  # content-relative folder of the document being converted
    unresolved: dict[str, str]  # target as written -> content-relative path it names
    quotes: dict[int, int] | None = None  # its language's double quotes (`quotes_for`)

    def begin(self) -> None:
        """Forget the last document's links (a shortcut past the tree calls this too)."""
        self.unsafe = False
        self.seen: set[str] = set()  # every local target, for checking a remembered result
        self.from_files: set[str] = set()  # the hrefs it made of links to content files

    def resolve(self, target: str) -> str:
        scheme = SCHEME_RE.match(target)
        if scheme:
            self.unsafe |= scheme.group()[:-1].lower() not in URL_SCHEMES
            return target
        if target.startswith("#"):
            return target
        self.seen.add(target)
        if target.startswith("//"):
            return target
        if target.startswith("/"):
            return self.base + target
        path, hash_, fragment = target.partition("#")
        resolved = posixpath.normpath(posixpath.join(self.folder, path))
        if resolved in self.table.links:
            href = self.base + self.table.links[resolved] + hash_ + fragment
            self.from_files.add(href)
            return href
        if resolved.startswith("media/"):
            return self.base + "/" + resolved + hash_ + fragment
        self.unresolved[target] = resolved
        return target


class Converter:
    """Converts one `Conversion` after another: a pure function with a costly set-up.

    The extensions `extra` gives (asked for when Python-Markdown is first
    needed) may change how the work is done, never its result (the Markdown
    shortcuts in `microsite.speed`); so may `shortcut`, which
    gets each text and the link resolver first and may return its HTML (and
    whether it is already as clean as the allow-list would leave it), or None
    to leave the text to Python-Markdown.
    """

    def __init__(
        self,
        extra: Callable[[], Sequence[Extension]] = tuple,
        shortcut: Shortcut | None = None,
    ):
        self._shortcut = shortcut
        self._extra = extra  # called when Python-Markdown is first needed, not before
        self._resolver = LinkResolver()
        self._made: markdown.Markdown | None = None
        self._searches = 0
        self._nearby_key: tuple[LinkTable, str] | None = None
        self._nearby_files: list[str] = []

    def _md(self) -> markdown.Markdown:
        """The configured Python-Markdown, made on first use."""
        if self._made is None:
            self._made = self._markdown()
        return self._made

    def _markdown(self) -> markdown.Markdown:
        import markdown
        from markdown.extensions.footnotes import FootnoteExtension
        from markdown.extensions.sane_lists import SaneListExtension
        from markdown.extensions.tables import TableExtension

        from microsite.markdown.treesteps import (
            ContentLinks,
            HeadingIdsExtension,
            TypographyExtension,
        )

        md = markdown.Markdown(
            # Instances, not names: looking names up among installed packages' entry
            # points took longer than a one-story rebuild's whole conversion.
            extensions=[
                TableExtension(),
                FootnoteExtension(),
                SaneListExtension(),
                TypographyExtension(),
                HeadingIdsExtension(),
                *self._extra(),
            ],
            output_format="html",
        )
        md.treeprocessors.register(ContentLinks(md, self._resolver), "content_links", 1)
        return md

    def prepare(self, requests: Sequence[Conversion]) -> None:
        """Set up what converting many texts will need, Python-Markdown and the lints'
        dictionaries: a stage about to fork helpers calls this first, so that they share
        them instead of each loading its own."""
        prepare_lints({request.lints for request in requests})
        self._md()

    def __call__(self, request: Conversion) -> Converted:
        problems: list[ContentError] = []
        clean, targets, lints, site_paths = self._convert(request, problems)
        lookups = tuple((t, request.table.resolution(t, request.folder)) for t in targets)
        if request.lines:
            site_paths = tuple(sorted({(p, request.file_line(n)) for p, n in site_paths}))
        return Converted(
            clean, request.placed(problems), lookups, request.placed(lints), site_paths
        )

    def _convert(
        self, request: Conversion, problems: list[ContentError]
    ) -> tuple[str, tuple[str, ...], tuple[ContentError, ...], tuple[tuple[str, int], ...]]:
        """The safe HTML, every local link or image target it holds, the lints' warnings,
        and the links to site paths with their lines."""
        too_much = limits.check(request.text, request.source, request.first_line)
        if too_much:  # converting it would take minutes or crash
            problems.extend(too_much)
            return "", (), (), ()
        self.table = self._resolver.table = request.table
        self._resolver.base = urls.base_path(request.base_url)
        self._resolver.folder = request.folder
        self._resolver.unresolved = {}
        self._resolver.quotes = quotes_for(request.lang)
        self._searches = 0  # broken links given a "did you mean" so far
        taken = self._shortcut(request.text, self._resolver) if self._shortcut else None
        if taken:  # a text the shortcut writes holds no raw HTML
            (raw, clean_already), raw_html = taken, False
        else:
            raw, clean_already = self._python_markdown(request.text), False
            raw_html = bool(self._md().htmlStash.html_counter)
        # Already clean, it skips a tenth of a conversion: nh3 parses and writes the whole text.
        allowed = raw if clean_already else sanitize.clean(raw, raw_html=raw_html)
        where = Locator(request.text, request.source, request.first_line)
        if raw_html or self._resolver.unsafe:
            # Only raw HTML or an odd link can hold what the allow-list removes.
            allowed = sanitize.own_ids(allowed)
            problems.extend(where.warnings(sanitize.removed(raw, allowed)))
        clean = _under_base(allowed, self._resolver.base)
        found = links_in(clean)
        problems.extend(self._check_links(found, where))
        problems.extend(sanitize.external_images(found, where))
        targets = self._resolver.seen | {
            target for _, target, _ in found if not SCHEME_RE.match(target)
        }
        images = [(target, attrs) for tag, target, attrs in found if tag == "img"]
        lints = lint_text(
            request.text, request.source, request.first_line, request.lints, clean, images
        )
        written = [target for _, target, _ in found if target not in self._resolver.from_files]
        site_paths = self._site_paths(written, where)
        return clean, tuple(sorted(targets)), lints, site_paths

    def _python_markdown(self, text: str) -> str:
        md = self._md()
        md.reset()
        md.quotes = self._resolver.quotes  # type: ignore[attr-defined]
        return md.convert(text)

    def _nearby(self) -> list[str]:
        """Every story and page file as a link from this text's folder would name it: worked
        out once per text and folder, not once per broken link (a story with thousands of
        them took minutes)."""
        key = (self.table, self._resolver.folder)
        if self._nearby_key != key:
            self._nearby_key = key
            self._nearby_files = [posixpath.relpath(p, key[1]) for p in self.table.links]
        return self._nearby_files

    def _site_paths(self, written: list[str], where: Locator) -> tuple[tuple[str, int], ...]:
        """Each site path the text links to (`/events/`, `/stories/x/#map`), with each line
        it is linked from. Links to content files are left out: they lead where the link
        table says."""
        counts = Counter(self._local(target) for target in written)
        return tuple(
            sorted(
                {
                    (path, line)
                    for path, count in counts.items()
                    if path.startswith("/") and not path.startswith(("//", "/media/"))
                    for line in where.lines_of(path)[:count]
                }
            )
        )

    def _local(self, target: str) -> str:
        """A target as the Markdown means it: without a fragment, and without the base URL's
        path this conversion put before a site path."""
        return urls.without_base(target.partition("#")[0], self._resolver.base)

    def _check_links(
        self, found: list[tuple[str, str, dict[str, str]]], where: Locator
    ) -> list[ContentError]:
        problems = []
        targets = numbered(target for _, target, _ in found)  # each one's nth place
        for (tag, _, attrs), (target, nth) in zip(found, targets, strict=True):
            if tag == "img" and not (attrs.get("alt") or "").strip():
                problems.append(
                    where.error(
                        target,
                        f"image '{target}' has no alt text",
                        "describe it for people who cannot see it: ![Kids on stage](/media/x.png)",
                        nth,
                    )
                )
            problems.extend(self._check_target(target, where, nth))
        return problems

    def _check_target(self, target: str, where: Locator, nth: int) -> list[ContentError]:
        if _READ_AS_SLASH.search(target):
            shown = shown_name(target[:SHOWN])
            message = f"the address '{shown}' holds a backslash, a tab or a line break"
            return [where.error(target, message, SLASH_HINT, nth)]
        path = self._local(target)
        if not path or SCHEME_RE.match(path) or target.startswith("//"):
            return []
        if path.startswith("/media/"):
            if path in self.table.media:
                return []
            if path in self.table.unpublished:  # there, but refused: its own error says why
                return [where.error(target, f"'{path}' {self.table.unpublished[path]}", "", nth)]
            hint = did_you_mean(path, self.table.media) or "put the file in content/media/"
            return [where.error(target, f"'{path}' does not exist", hint, nth)]
        if path.startswith("/"):
            return []  # a site path: checked once the pages are planned (`render/sitelinks`)
        named = self._resolver.unresolved.get(target, "")
        if named in self.table.unpublished:
            if not self.table.unpublished[named]:  # a file with errors: they are said there
                return []
            message = (
                f"link to '{path}': {self.table.unpublished[named]}, so its page will not exist"
            )
            return [where.error(target, message, "publish it first, or remove the link", nth)]
        if path.endswith(".md"):
            self._searches += 1  # each search reads every file name: a hundred per text
            nearby = self._nearby() if self._searches <= SUGGESTED else []
            hint = did_you_mean(path, nearby, list_all=False) or (
                "check the file name; links are relative to this file's folder"
            )
            return [where.error(target, f"link to '{path}': no such story or page", hint, nth)]
        return [
            where.error(
                target,
                f"link to '{path}' does not lead to a page of this site",
                "link to a story or page by its .md file, or to a file as /media/...",
                nth,
            )
        ]


# A link or picture of raw HTML at a site path (`<a href="/events/">`, `<img src="/media/
# x.png">`): Markdown's get the base URL's path from the resolver, raw HTML's only here.
_SITE_HREF = re.compile(r'(<(?:a\s[^>]*?\bhref|img\s[^>]*?\bsrc)=")(/(?!/)[^"]*)"')


def _under_base(clean: str, base: str) -> str:
    """Raw HTML's links and pictures at site paths put under the base URL's path, as
    Markdown's are: a site at `https://www.city.gov/police/` publishes `/events/` as
    `/police/events/`. One already under it (Markdown's, or written with it) is left."""
    if not base or ('href="/' not in clean and 'src="/' not in clean):
        return clean

    def placed(match: re.Match[str]) -> str:
        path = match.group(2)
        return f'{match.group(1)}{path if path.startswith(base + "/") else base + path}"'

    return _SITE_HREF.sub(placed, clean)
