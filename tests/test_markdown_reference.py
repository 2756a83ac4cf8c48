"""Our typography and heading ids against stock Python-Markdown's `smarty` and `toc`.

`typography.py` and `headings.py` replace two stock extensions for speed, and
must give the same HTML. This converts the same Markdown both ways: the
Markdown of Python-Markdown's own tests and the CommonMark spec's examples
(`tests/data/markdown_corpus.json`, rebuilt by `tools/markdown_corpus.py`),
and a few thousand generated snippets of news prose. Where we differ on
purpose, the difference is listed in DIFFERENCES with why, and with an
example that shows it is real.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement

import markdown
import pytest
from markdown.extensions import Extension, toc
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.smarty import SmartyExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension
from markdown.treeprocessors import Treeprocessor

from microsite.markdown.convert import Converter
from microsite.markdown.headings import RESERVED_IDS, slugify, unique
from microsite.markdown.treesteps import HeadingIdsExtension, TypographyExtension
from microsite.speed.blocks import PlainParagraphsExtension
from microsite.speed.inline import PlainTextFirstExtension

HERE = Path(__file__).parent
CORPUS = json.loads((HERE / "data" / "markdown_corpus.json").read_text(encoding="utf-8"))
# smarty's defaults are HTML entities; ours are the characters themselves.
UNICODE = {
    "mdash": "\u2014",
    "ndash": "\u2013",
    "ellipsis": "\u2026",
    "left-single-quote": "\u2018",
    "right-single-quote": "\u2019",
    "left-double-quote": "\u201c",
    "right-double-quote": "\u201d",
}


class _ReserveIds(Extension):
    """Puts the templates' ids in the document while `toc` runs (see DIFFERENCES)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_Reserve(md), "reserve_ids", 5.5)
        md.treeprocessors.register(_Unreserve(md), "unreserve_ids", 4.5)


class _Reserve(Treeprocessor):
    def run(self, root: Element) -> None:
        holder = SubElement(root, "reserved")
        for name in sorted(RESERVED_IDS):
            SubElement(holder, "span", id=name)


class _Unreserve(Treeprocessor):
    def run(self, root: Element) -> None:
        root.remove(root.find("reserved"))  # type: ignore[arg-type]


def ours() -> markdown.Markdown:
    """The Markdown set-up of `convert.py` (a test below keeps the two in step)."""
    return markdown.Markdown(
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


def reference() -> markdown.Markdown:
    """The same, with stock smarty and toc (ids only: no `[TOC]` marker) in place of ours."""
    return markdown.Markdown(
        extensions=[
            TableExtension(),
            FootnoteExtension(),
            SaneListExtension(),
            SmartyExtension(substitutions=UNICODE),
            TocExtension(marker=""),
            _ReserveIds(),
        ],
        output_format="html",
    )


@dataclass(frozen=True)
class Difference:
    """A place where we differ from stock Python-Markdown on purpose."""

    why: str
    example: str  # Markdown that shows the difference
    reference: str  # what stock smarty and toc give for it
    ours: str  # what we give
    mask: re.Pattern[str] | None = None  # where it shows; hidden in both outputs to compare


QUOTES = "\u201c\u201d\u2018\u2019"
_ANY_QUOTE = re.compile(f"[{QUOTES}]")
INLINE_TAG = r"(?:</?(?:em|strong|code|sup)>|<a [^>]*>|<sup [^>]*>|</a>)"
DIFFERENCES = [
    Difference(
        why="A quote beside emphasis, a link or code is judged by the text around it. "
        "smarty judges each piece of text between tags alone, as if it began a paragraph, "
        "so a quote that ends a sentence after emphasis opens again.",
        example='"Stay off the *pier*"',
        reference="<p>\u201cStay off the <em>pier</em>\u201c</p>",
        ours="<p>\u201cStay off the <em>pier</em>\u201d</p>",
        mask=re.compile(rf"{INLINE_TAG}[{QUOTES}]+|[{QUOTES}]+{INLINE_TAG}"),
    ),
    Difference(
        why="A quote that begins a paragraph opens. smarty closes one followed by "
        "punctuation, a rule meant for a quote right after emphasis (handled above).",
        example='"...and then we waited," she said.',
        reference="<p>\u201d\u2026and then we waited,\u201d she said.</p>",
        ours="<p>\u201c\u2026and then we waited,\u201d she said.</p>",
        mask=re.compile(rf"<(?:p|li|h\d|td|th)(?: [^>]*)?>[{QUOTES}](?=[^\w\s])"),
    ),
    Difference(
        why="A quote after a word ending in 's closes. smarty's rule for 's takes the s "
        "out of sight of the rules after it, so the quote after it opens.",
        example='"That one is Joe\'s".',
        reference="<p>\u201cThat one is Joe\u2019s\u201c.</p>",
        ours="<p>\u201cThat one is Joe\u2019s\u201d.</p>",
        mask=re.compile(f"\u2019s[{QUOTES}]+"),
    ),
    Difference(
        why="A quote followed by a space or line break closes. smarty's rule for an opening quote after "
        "a space hides the space from its later rules, so a quote before it opens "
        "when the character before that is an entity or inline HTML.",
        example='<b>Stay</b>" "safe"',
        reference="<p><b>Stay</b>\u201c \u201csafe\u201d</p>",
        ours="<p><b>Stay</b>\u201d \u201csafe\u201d</p>",
        mask=re.compile(f"[{QUOTES}](?=\\s[{QUOTES}])"),
    ),
    Difference(
        why="Three or more quote marks in a row: what smarty makes of them depends on "
        "the order its dozen patterns run in, and no writer means them.",
        example="He said '\"'Stay'",
        reference="<p>He said \u2018\u201c\u2018Stay\u2019</p>",
        ours="<p>He said \u2018\u201c\u2018Stay\u2019</p>",
        mask=re.compile(f"[{QUOTES}]{{3,}}"),
    ),
    Difference(
        why="A heading never takes an id the page templates use: a second id='main' "
        "would break the skip link. The reference gets the same rule from _ReserveIds.",
        example="## Main",
        reference='<h2 id="main_1">Main</h2>',
        ours='<h2 id="main_1">Main</h2>',
    ),
]


def masked(html: str) -> str:
    """`html` with each curly quote that a listed difference may change made a `?`."""
    for difference in DIFFERENCES:
        if difference.mask:
            html = difference.mask.sub(lambda m: _ANY_QUOTE.sub("?", m.group()), html)
    return html


OURS, REFERENCE = ours(), reference()


def both(text: str) -> tuple[str, str]:
    """`text` converted our way and the stock way, from a fresh start each."""
    OURS.reset()
    REFERENCE.reset()
    return OURS.convert(text), REFERENCE.convert(text)


def test_the_reference_is_our_markdown_set_up() -> None:
    """If convert.py gains an extension, so must both pipelines here."""
    theirs = Converter()._md().registeredExtensions
    assert [type(e) for e in theirs] == [type(e) for e in OURS.registeredExtensions]


@pytest.mark.parametrize("difference", DIFFERENCES, ids=lambda d: d.example)
def test_each_listed_difference_is_real(difference: Difference) -> None:
    mine, stock = both(difference.example)
    assert (mine, stock) == (difference.ours, difference.reference)
    assert masked(mine) == masked(stock)


@pytest.mark.parametrize("source", list(CORPUS))
def test_test_files_convert_as_stock(source: str) -> None:
    """Every document; the first that differs is shown whole."""
    for name, text in CORPUS[source].items():
        mine, stock = both(text)
        assert (name, masked(mine)) == (name, masked(stock))


# Generated news prose: words, quotations (nested too), contractions and years,
# dashes and ellipses, and each inline thing a quote may stand next to. A seeded
# generator rather than hypothesis: as many snippets in a tenth of the time.
WORDS = ["Stay", "safe", "officers", "pier", "the", "80s", "2026", "caf&eacute;", "don't", "Joe's"]
INLINE = ["{}", "{}", "*{}*", "**{}**", "`{}`", "<b>{}</b>", "[{}](https://example.org)"]
LINKS = ["<https://example.org/pier--safety-day>", "<safety@example.org>"]
QUOTED = ["{}", "{}", '"{}"', "'{}'", "\"'{}' {}\"", "'\"{}\" {}'"]
JOINS = [" ", " ", ", ", " -- ", "--", "---", " --- ", "----", "... ", "....", "&mdash;"]
JOINS += ["&nbsp;", " &amp; ", "<br>", "\\* ", ' \\"', " (", ") ", ": ", ". ", "? ", "\n", "'", '"']
HEADINGS = [
    "Main",
    "Past",
    "Fish &amp; chips",
    "snake\\_case",
    "A \\*star\\*",
    "<safety@example.org>",
]
BLOCKS = ["{}", "{}", "{}", "## {}", "- {}", "> {}", "{}[^1]\n\n[^1]: A note."]


def snippet(rng: random.Random) -> str:
    """One to three blocks of generated prose."""
    blocks = []
    for _ in range(rng.randint(1, 3)):
        block = rng.choice(BLOCKS)
        text = rng.choice(HEADINGS) if block == "## {}" and rng.random() < 0.3 else sentence(rng)
        blocks.append(block.format(text))
    return "\n\n".join(blocks)


def sentence(rng: random.Random) -> str:
    text = quoted(rng)
    for _ in range(rng.randint(0, 4)):
        text += rng.choice(JOINS) + quoted(rng)
    return text


def quoted(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return rng.choice(LINKS)
    return rng.choice(QUOTED).format(inline(rng), phrase(rng))


def inline(rng: random.Random) -> str:
    return rng.choice(INLINE).format(phrase(rng))


def phrase(rng: random.Random) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(1, 3)))


def test_generated_prose_converts_as_stock() -> None:
    rng = random.Random(8)  # fixed: the same snippets on every run
    for _ in range(3000):
        text = snippet(rng)
        mine, stock = both(text)
        assert (text, masked(mine)) == (text, masked(stock))


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("\"'Stay safe' is what he told me,\"", "<p>“‘Stay safe’ is what he told me,”</p>"),
        ('He paused&mdash;"Stay safe."', "<p>He paused&mdash;“Stay safe.”</p>"),
        ('Go<br>"Stay"', "<p>Go<br>“Stay”</p>"),
        ('\\*"Stay"', "<p>*“Stay”</p>"),
        ('"He said *no*"', "<p>“He said <em>no</em>”</p>"),
        (
            "<https://example.org/pier--safety-day>",
            '<p><a href="https://example.org/pier--safety-day">https://example.org/pier--safety-day</a></p>',
        ),
        ("Wait----what... and.... -- --- ----", "<p>Wait----what… and.... – — ----</p>"),
        ("## Caf&eacute; hours", '<h2 id="cafe-hours">Caf&eacute; hours</h2>'),
        ("## snake\\_case", '<h2 id="snake_case">snake_case</h2>'),
        ("## Write <safety@example.org>", 'id="write-safetyexampleorg"'),
        ("## Main\n\n## Main", '<h2 id="main_1">Main</h2>\n<h2 id="main_2">Main</h2>'),
    ],
)
def test_known_bugs_stay_fixed(text: str, html: str) -> None:
    """The visible mistakes issue 8 listed, each as a writer would meet it."""
    assert html in both(text)[0]


def test_heading_ids_never_take_a_template_id() -> None:
    """RESERVED_IDS must hold every id the templates write, or a `## Past` could steal one."""
    written = {
        found
        for template in (HERE.parent / "templates").glob("*.html")
        for found in re.findall(r'\bid="([^"{]+)"', template.read_text(encoding="utf-8"))
    }
    assert written and written <= RESERVED_IDS


# Letters with accents, other scripts, marks, spaces of several kinds, punctuation,
# digits, underscores and hyphens: what a heading may hold, and what slugs strip.
HEADING_CHARACTERS = (
    "abcxyzABCXYZ0129 _-—–.,:;!?'\"()[]{}&#%@/\\*+=<>|~`^$"
    "éÉñÑüÜçÇøØåßþðłŁžŽ"
    "αβγΩжЖ中文日本語한국어ﬁ①²"
    "\u0301\u0308\u00a0\u2009\u3000\t\n"
    "🚓🏄"
)


def test_heading_slugs_follow_tocs_own_rule() -> None:
    """`headings.slugify` is written out so that the shortcut needs no Python-Markdown;
    it must give toc's slug for every heading."""
    rng = random.Random(8)
    for _ in range(5000):
        text = "".join(rng.choice(HEADING_CHARACTERS) for _ in range(rng.randint(0, 24)))
        assert slugify(text) == toc.slugify(text, "-"), repr(text)


def test_heading_ids_are_made_unique_as_toc_makes_them() -> None:
    """`headings.unique`, with and without its counters, takes the ids toc's `unique`
    takes, in documents that repeat headings and write numbered ones (`a_2`) themselves."""
    rng = random.Random(8)
    names = ["a", "a_1", "a_2", "a_3", "a_10", "b", "b_1", "", "_1", "a_1_1", "main"]
    for _ in range(3000):
        ids = [rng.choice(names) for _ in range(rng.randint(1, 30))]
        taken = set(rng.sample(names, rng.randint(0, 3)))
        ours, theirs, cached = set(taken), set(taken), set(taken)
        counters: dict[str, int] = {}
        mine = [unique(i, ours) for i in ids]
        assert mine == [toc.unique(i, theirs) for i in ids], ids
        assert [unique(i, cached, counters) for i in ids] == mine, ids
