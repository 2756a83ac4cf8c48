"""A shortcut through Python-Markdown's inline patterns for plain text.

Python-Markdown tries each of its inline patterns (links, emphasis, code...)
on every piece of text, one after another, in Python. Most text in a story
is plain sentences that no pattern can match, yet trying them all was most
of the cost of a build. Every pattern needs one of a few characters to
match, so text without any of them is returned as it is: the same result,
reached at once.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor

# What any default or footnote inline pattern needs: code, escapes, links and
# images, footnotes, autolinks and raw HTML, entities, emphasis, and (tested
# apart: a plain character class is scanned several times faster) hard breaks.
TRIGGERS = re.compile(r"[`\\\[<&*_]")
HARD_BREAK = "  \n"


class _PlainTextFirst(InlineProcessor):
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if patternIndex == 0 and not (TRIGGERS.search(data) or HARD_BREAK in data):
            return data
        return InlineProcessor._InlineProcessor__handleInline(self, data, patternIndex)  # type: ignore[attr-defined]


class PlainTextFirstExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_PlainTextFirst(md), "inline", 20)
