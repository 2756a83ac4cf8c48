"""The shortcuts through Python-Markdown give exactly what Python-Markdown gives without them.

Each snippet sits near a shortcut's edge: a block that looks like a plain
paragraph but has a line another block processor would claim, or text with
just one character an inline pattern needs.
"""

from __future__ import annotations

import random

import markdown
import pytest
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from test_markdown_reference import snippet

from microsite.markdown.treesteps import HeadingIdsExtension, TypographyExtension
from microsite.speed.blocks import PlainParagraphsExtension
from microsite.speed.inline import PlainTextFirstExtension

SNIPPETS = [
    "Officers paddled out at dawn.\nThe surf was small.",
    "A paragraph\n# not a heading inside a paragraph?",
    "Title line\n=========",
    "Title line\n---------",
    "Some text\n- a list item",
    "Some text\n* another item",
    "Some text\n1. numbered",
    "Some text\n> a quote",
    "Some text\n    indented four",
    "Some text\n---",
    "Column | Other\n--- | ---\nA | B",
    "Pier | Beach",
    "See the note.[^1]\n\n[^1]: Footnotes work.",
    "Text\n[^2]: a footnote definition inside a block",
    "Text\n[home]: https://example.org",
    "Text with <b>raw</b> HTML",
    "Text\n<div>block html</div>",
    "- item one\n- item two\n\nAfter the list.",
    "- item one\n\n    Indented continuation.\n\nNot indented.",
    "1. First\n2. Second\nlazy continuation line",
    "> Quoted\ncontinues lazily",
    "Plain *emphasis* and `code` and [a link](https://example.org).",
    'Curly "quotes" -- and dashes... and it\'s fine.',
    "Line with two trailing spaces  \nnext line",
    "ALL CAPS SHOUTING\nlower case",
    "Ünïcode first letter\nstill a paragraph",
    "word|pipe inside",
    "Text\n\n\n\nMore text after blank lines",
]


def convert(with_shortcuts: bool, text: str) -> str:
    extensions = [
        TableExtension(),
        FootnoteExtension(),
        SaneListExtension(),
        TypographyExtension(),
        HeadingIdsExtension(),
    ]
    if with_shortcuts:
        extensions += [PlainTextFirstExtension(), PlainParagraphsExtension()]
    return markdown.Markdown(extensions=extensions, output_format="html").convert(text)


@pytest.mark.parametrize("text", SNIPPETS)
def test_same_html_with_and_without_shortcuts(text: str) -> None:
    assert convert(True, text) == convert(False, text)


def test_same_html_on_generated_prose() -> None:
    """Quotes, dashes, entities, escapes and inline HTML beside every block kind."""
    rng = random.Random(6)
    for _ in range(500):
        text = snippet(rng)
        assert (text, convert(True, text)) == (text, convert(False, text))


def test_the_paragraph_shortcut_is_taken() -> None:
    """Guard against a shortcut that silently never applies (and so saves nothing)."""
    md = markdown.Markdown(extensions=[PlainParagraphsExtension()])
    taken = []
    shortcut = md.parser.blockprocessors["plain_paragraph"]
    original = shortcut.run

    def spy(parent, blocks):  # type: ignore[no-untyped-def]
        taken.append(blocks[0])
        return original(parent, blocks)

    shortcut.run = spy  # type: ignore[method-assign]
    md.convert("First plain paragraph.\n\n# Heading\n\nSecond plain paragraph.")
    assert taken == ["First plain paragraph.", "Second plain paragraph."]
