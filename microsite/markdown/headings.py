"""Heading ids, so every `## Heading` in a story can be linked to.

Python-Markdown's `toc` extension does this, but it also renders a table of
contents for every document, which we never show and which cost a fifth of
the conversion time. This keeps toc's own slug and de-duplication rules, so
the ids are the ones `toc` would give.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify, unique
from markdown.treeprocessors import Treeprocessor

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")  # raw HTML and escapes not yet put back


class _HeadingIds(Treeprocessor):
    def run(self, root: Element) -> None:
        used = {element.get("id", "") for element in root.iter()} - {""}
        counters: dict[str, int] = {}
        for element in root.iter():
            if element.tag in HEADINGS and "id" not in element.attrib:
                text = html.unescape(_PLACEHOLDER.sub("", "".join(_words(element))))
                element.set("id", unique(slugify(text, "-"), used, counters))


def _words(element: Element, top: bool = True) -> Iterator[str]:
    """The heading's text, without footnote reference numbers."""
    if not (element.tag == "sup" and element.get("id", "").startswith("fnref")):
        yield element.text or ""
        for child in element:
            yield from _words(child, top=False)
    if not top:
        yield element.tail or ""


class HeadingIdsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_HeadingIds(md), "heading_ids", 5)
