"""Curly quotes, dashes and ellipses, the way a newsroom prints them.

Python-Markdown's own `smarty` extension does this with a dozen inline
patterns tried at every position of every text node, which made it more
than half the cost of converting a story. This does the same job in one pass
over the finished text nodes, skipping code, and keeps `\\"` (an escaped
quote) straight because escapes are still placeholders at this point.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

CODE_TAGS = frozenset({"code", "pre", "kbd", "samp", "script", "style"})
OPENERS = frozenset(" \t\n([{\u201c\u2018\u2014\u2013-/")  # what may come before an opening quote
_DASHES = (("---", "\u2014"), ("--", "\u2013"), ("...", "\u2026"))
_QUOTE = re.compile(r"[\"']")
_DECADE = re.compile(r"\d\ds")


def typeset(text: str, before: str) -> str:
    """`text` with typographic punctuation; `before` is the character that precedes it."""
    # Most text has nothing to change; `in` tells that several times faster than a pattern.
    if not ('"' in text or "'" in text or "--" in text or "..." in text):
        return text
    for plain, fancy in _DASHES:
        text = text.replace(plain, fancy)
    return _QUOTE.sub(lambda m: _curl(m.group(), text, m.start(), before), text)


def _curl(quote: str, text: str, at: int, before: str) -> str:
    prev = text[at - 1] if at else before
    after = text[at + 1 : at + 4]
    opening = prev in OPENERS or prev == ""
    if quote == '"':
        return "\u201c" if opening and not after[:1].isspace() else "\u201d"
    if prev.isalnum() and after[:1].isalnum():
        return "\u2019"  # a contraction: don't, officer's
    if opening and not _DECADE.match(after):
        return "\u2018"
    return "\u2019"  # closing quote, or an abbreviated year: '80s


class _Typography(Treeprocessor):
    def run(self, root: Element) -> None:
        self._walk(root, "")

    def _walk(self, element: Element, before: str) -> str:
        """Typeset an element's text and its children's; returns the last character seen."""
        if element.tag in CODE_TAGS:
            return "x"  # code reads as a word: a quote after it closes
        if element.text:
            element.text = typeset(element.text, before)
            before = element.text[-1]
        for child in element:
            before = self._walk(child, before)
            if child.tail:
                child.tail = typeset(child.tail, before)
                before = child.tail[-1]
        return before


class TypographyExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After inline patterns (20) and before heading ids are made (5).
        md.treeprocessors.register(_Typography(md), "typography", 6)
        # `\"` and `\'` become placeholders, so a writer can ask for a straight quote.
        md.ESCAPED_CHARS.extend(['"', "'"])
