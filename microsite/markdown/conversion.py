"""What converting one Markdown text takes and gives: the request, the link table, the result.

Apart from the converter (`convert.py`) so that reading content, the disk
cache and the links' checks can name these without loading Python-Markdown:
a rebuild whose texts are all converted already never imports it.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from microsite.errors import ContentError
from microsite.lints.rules import NO_LINTS, LintRules


@dataclass(frozen=True, eq=False)
class LinkTable:
    """Every place a link in Markdown may lead, the same for every text of one build.

    Compared by identity: it is large, and a conversion records the few
    entries it looked up (`Converted.lookups`) rather than depending on all.
    """

    links: Mapping[str, str]  # content-relative file -> site path
    media: frozenset[str]  # /media/ paths that exist
    unpublished: Mapping[str, str]  # content-relative file -> why it has no page

    def resolution(self, target: str, folder: str) -> Resolution:
        """Where a link leads today: a page, a reason it has none, whether media exists."""
        path = target.partition("#")[0]
        resolved = posixpath.normpath(posixpath.join(folder, path))
        in_media = (path if path.startswith("/") else "/" + resolved) in self.media
        return self.links.get(resolved), self.unpublished.get(resolved), in_media


Resolution = tuple[str | None, str | None, bool]


@dataclass(frozen=True)
class Conversion:
    """One Markdown text to convert: the body of `source`, starting at `first_line`."""

    text: str
    source: str  # the file, as messages name it
    folder: str  # its folder inside content/, which relative links start from
    first_line: int
    base_url: str  # links are written under its path
    table: LinkTable = field(compare=False, hash=False)
    lints: LintRules = NO_LINTS  # which writing lints to run (`microsite.lints`)
    lang: str = ""  # the language its links resolve in: a Spanish text links to Spanish versions
    # The file line of each of its lines, when they are not one after another from
    # `first_line` (a folded YAML text); problems are found as if they were, then moved.
    lines: tuple[int, ...] = ()

    def placed(self, problems: Iterable[ContentError]) -> tuple[ContentError, ...]:
        """Problems found as if the text's lines followed each other from `first_line`, at
        the file lines they are on. Where several file lines became one line of the text,
        the column cannot be known, so none is given."""
        if not self.lines:
            return tuple(problems)
        return tuple(replace(p, line=self.file_line(p.line), column=0) for p in problems)

    def file_line(self, line: int) -> int:
        index = line - self.first_line
        return self.lines[index] if 0 <= index < len(self.lines) else line


def lines_apart(lines: tuple[int, ...]) -> tuple[int, ...]:
    """`lines` as `Conversion.lines` takes them: empty when they follow each other."""
    return () if lines == tuple(range(lines[0], lines[0] + len(lines))) else lines


@dataclass(frozen=True)
class Converted:
    """Safe HTML, the problems found, and where each local link in it led.

    `lints` are the writing lints' warnings: they depend on the text alone,
    so a faster stage may keep them with the HTML, unlike `problems`.
    """

    html: str
    problems: tuple[ContentError, ...]
    lookups: tuple[tuple[str, Resolution], ...]
    lints: tuple[ContentError, ...] = ()
    # Links written as site paths (`/events/`), each with its line: which pages the site
    # has is known only once they are planned, so rendering checks them (`render/sitelinks`).
    site_paths: tuple[tuple[str, int], ...] = ()


def summary_of(body_html: str, limit: int = 200) -> str:
    """The first paragraph as plain text, cut at a word boundary when long."""
    match = re.search(r"<p>(.*?)</p>", body_html, re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", match.group(1))) if match else ""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:—–-") + "…"
