"""Shortcuts through Python-Markdown's block parsing for plain paragraphs.

Python-Markdown offers each block of a story to a dozen block processors in
turn (headings, lists, quotes, tables, footnotes...) before the paragraph
processor takes it. Most blocks are plain paragraphs that none of them can
claim, and asking them all was a quarter of the cost of a conversion. A
block whose every line starts with a letter and that has no `|` can be
claimed by none of them, so it goes straight to the paragraph processor:
the same result, reached at once.

Python-Markdown also asks "is this tag a block element?" tens of thousands of
times per site, each time lower-casing the tag and scanning a list. The
answer for a tag never changes, so it is remembered.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension

# Every line begins with a letter (after any indent, for lines after the
# first): no heading `#`, list marker, quote `>`, rule, setext underline,
# footnote or link definition `[`, code indent, or raw HTML `<`. No `|`: no table.
PLAIN = re.compile(r"[A-Za-z][^\n|]*(?:\n[ ]*[A-Za-z][^\n|]*)*")


class _PlainParagraph(BlockProcessor):
    def test(self, parent: Element, block: str) -> bool:
        return PLAIN.fullmatch(block) is not None

    def run(self, parent: Element, blocks: list[str]) -> bool | None:
        return self.parser.blockprocessors["paragraph"].run(parent, blocks)


class PlainParagraphsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # Above every other block processor (the first, "empty", is at 100).
        md.parser.blockprocessors.register(_PlainParagraph(md.parser), "plain_paragraph", 200)
        block_level = frozenset(md.block_level_elements)
        known: dict[object, bool] = {}

        def is_block_level(tag: object) -> bool:
            answer = known.get(tag)
            if answer is None:
                answer = isinstance(tag, str) and tag.lower().rstrip("/") in block_level
                known[tag] = answer
            return answer

        md.is_block_level = is_block_level  # type: ignore[method-assign]
