"""The core's steps in Python-Markdown's tree: typography, heading ids and links.

Each applies a rule kept in its own module, on text (`typography.typeset`,
`headings.slugify`, `convert.LinkResolver`), to the elements Python-Markdown
has built. Only a text the shortcut declines (`speed/wholedoc.py`) is
converted this way, so Python-Markdown is imported with this module, when
the first such text comes.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.toc import remove_fnrefs, render_inner_html, strip_tags
from markdown.treeprocessors import Treeprocessor
from markdown.util import STX, AtomicString

from microsite.markdown.headings import HEADINGS, RESERVED_IDS, slugify, unique
from microsite.markdown.typography import CODE_TAGS, typeset

if TYPE_CHECKING:
    from microsite.markdown.convert import LinkResolver


class _Typography(Treeprocessor):
    def run(self, root: Element) -> None:
        self._walk(root, "")

    def _walk(self, element: Element, before: str) -> str:
        """Typeset an element's text and its children's; returns the last character seen."""
        if element.tag in CODE_TAGS:
            return "x"  # code reads as a word: a quote after it closes
        if self.md.is_block_level(element.tag):
            before = ""
        before = self._text(element, "text", before)
        for child in element:
            before = self._text(child, "tail", self._walk(child, before))
        return before

    def _text(self, element: Element, which: str, before: str) -> str:
        """Typeset `element.text` or `.tail`, unless Markdown marked it to be kept as is."""
        text = getattr(element, which)
        if not text:
            return before
        if not isinstance(text, AtomicString):  # an autolink's visible address, for one
            text = typeset(text, before, getattr(self.md, "quotes", None))
            setattr(element, which, text)
        return text[-1]


class TypographyExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After inline patterns (20) and before heading ids are made (5).
        md.treeprocessors.register(_Typography(md), "typography", 6)
        # `\"` and `\'` become placeholders, so a writer can ask for a straight quote.
        md.ESCAPED_CHARS.extend(['"', "'"])


class _HeadingIds(Treeprocessor):
    def run(self, root: Element) -> None:
        used = {element.get("id", "") for element in root.iter()} - {""} | RESERVED_IDS
        counters: dict[str, int] = {}
        for element in root.iter():
            if element.tag in HEADINGS and "id" not in element.attrib:
                element.set("id", unique(slugify(self._text(element)), used, counters))

    def _text(self, heading: Element) -> str:
        """The heading's text as `toc` reads it."""
        text = heading.text or ""
        if len(heading) == 0 and STX not in text:
            return text
        # Code (escaped early), escapes, entities, inline HTML or an email address
        # (still placeholders): toc's own way of reading them costs more.
        return html.unescape(strip_tags(render_inner_html(remove_fnrefs(heading), self.md)))


class HeadingIdsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_HeadingIds(md), "heading_ids", 5)


_ALIGN_RE = re.compile(r"text-align:\s*(left|right|center)")


class ContentLinks(Treeprocessor):
    """Every link and picture's address through the converter's `LinkResolver`, and a
    paragraph's or cell's alignment made a class (inline styles are blocked by the
    site's CSP; classes are not)."""

    def __init__(self, md: Markdown, resolver: LinkResolver):
        super().__init__(md)
        self.resolver = resolver

    def run(self, root: Element) -> None:
        self.resolver.begin()
        for element in root.iter():
            for attribute in ("href", "src"):
                target = element.get(attribute)
                if target:
                    element.set(attribute, self.resolver.resolve(target))
            if "style" not in element.attrib:
                continue
            align = _ALIGN_RE.search(element.attrib.pop("style"))
            if align:
                element.set("class", f"align-{align.group(1)}")
