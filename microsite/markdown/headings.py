"""Heading ids, so every `## Heading` in a story can be linked to.

Python-Markdown's `toc` extension does this, but it also renders a table of
contents for every document, which we never show and which cost a fifth of
the conversion time. This keeps toc's own text, slug and de-duplication
rules, so the ids are the ones `toc` would give, with one addition: a
heading never takes an id that the page templates use (`<main id="main">`).
"""

from __future__ import annotations

import html
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.toc import remove_fnrefs, render_inner_html, slugify, strip_tags, unique
from markdown.treeprocessors import Treeprocessor
from markdown.util import STX

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Every id written in templates/*.html (a test keeps the two in step): a `## Main`
# gets `main_1`, so the skip link still lands on the page's <main id="main">.
RESERVED_IDS = frozenset(
    {
        "main",
        "contact",
        "next-event",
        "footer-contact",
        "footer-about",
        "footer-follow",
        "community-events",
        "community-stories",
        "latest-stories",
        "next-events",
        "our-communities",
        "upcoming",
        "coming-dates",
        "calendar-actions",
        "past",
    }
)


class _HeadingIds(Treeprocessor):
    def run(self, root: Element) -> None:
        used = {element.get("id", "") for element in root.iter()} - {""} | RESERVED_IDS
        counters: dict[str, int] = {}
        for element in root.iter():
            if element.tag in HEADINGS and "id" not in element.attrib:
                element.set("id", unique(slugify(self._text(element), "-"), used, counters))

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
