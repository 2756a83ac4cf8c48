"""The whole-document shortcut gives exactly what Python-Markdown gives, or declines.

Every comparison is of the converter's whole result (safe HTML, problems,
the links it looked up, the lints' warnings) with and without the shortcut,
so a difference in link rewriting or heading ids shows as plainly as one in
the HTML. Each test also counts how many documents the shortcut took: one
that silently declines everything would pass every comparison and save nothing.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from microsite import pipeline
from microsite.content.load import load_site
from microsite.markdown import sanitize
from microsite.markdown.conversion import Conversion, LinkTable
from microsite.markdown.convert import Converter
from microsite.speed import wholedoc
from microsite.stages import Stages

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # noqa: E402

TABLE = LinkTable(
    links={
        "stories/2026-06-01-pier-safety.md": "/stories/pier-safety/",
        "pages/about.md": "/about/",
        "stories/2026-07-04-parade.es.md": "/es/stories/desfile/",
    },
    media=frozenset({"/media/route-map.pdf"}),
    unpublished={"stories/2026-12-01-draft.md": "it is a draft"},
)
PLAIN = Converter()
FAST = Converter(shortcut=wholedoc.convert)


def same(text: str, base: str = "https://www.city.gov/police/", lang: str = "") -> bool:
    """Assert both converters agree on `text`, and that HTML the shortcut calls clean is
    what the allow-list gives back; say whether the shortcut took it."""
    request = Conversion(text, "content/stories/x.md", "stories", 4, base, TABLE, lang=lang)
    assert (text, FAST(request)) == (text, PLAIN(request))
    taken = wholedoc.convert(text, FAST._resolver)
    if taken and taken[1]:
        assert (text, sanitize.clean(taken[0])) == (text, taken[0])
    return taken is not None


EDGES = [
    "Officers paddled out at dawn.\nThe surf was small.",
    '"Stay safe," the chief said.\n\n\u00bfPreguntas? Ll\u00e1menos.',
    "## Coffee with a Cop\n\nBring questions.\n\n## Coffee with a Cop\n\n## Main",
    "# One\n\n###### Six\n\n####### Seven",
    "## C# for kids\n\n## Heading ##\n\n##No space",
    "## Caf\u00e9 \u201cnight\u201d\n\n## \u00bf?\n\n## 2026 plans",
    "- one\n- two\n- three\n\nAfter the list.",
    "- one\n- two\n\n- three after a blank line",
    "1. First\n2. Second\n\n3. Third",
    "3. Starts at three\n4. Then four",
    "01. Zero-padded\n02. Two",
    "- bullet\n1. number",
    "Some text\n- not a list",
    "Some text\n1. not a list either",
    "- item\nlazy line",
    "- ## heading in an item\n- plain",
    "- - nested\n- plain",
    "- 2026 was busy\n- plain",
    "| Session | Time |\n|---|---:|\n| park | 1 a.m. |\n| beach | 5 p.m. |",
    '| a | b | c |\n|:--|:-:|--:|\n|  | [pier](2026-06-01-pier-safety.md) | "q" |',
    "| a | b |\n|---|---|",
    "| a | b |\n|---|---|\n| only one |",
    "a | b\n--- | ---\n1 | 2",
    "| a |\n|---|\n| b |",
    "Read [the pier story](2026-06-01-pier-safety.md) and [about us](../pages/about.md#team).",
    "A [map](/media/route-map.pdf), a [missing](/media/nope.pdf) and [draft](2026-12-01-draft.md).",
    "A [gone story](2026-01-01-nothing.md) and [mail](mailto:pio@city.gov) and [x](#top).",
    "[Bad](javascript:alert(1)) and [ftp](ftp://example.org/file)",
    "[Bad](javascript:alert) and [data](data:text/html;base64,PHNjcmlwdD4) and [v](vbscript:x)",
    "Zero\u200bwidth, \u00a0no-break inside, \u0661. Arabic-Indic digit\n\n- \u0661 item",
    "10\u00a0a.m. at the pier\n\n## Coffee\u00a0night\n\n- at 9\u00a0p.m.\n\n| a | b |\n|---|---|\n| 1\u00a0a.m. | x |",
    "[Spanish](2026-07-04-parade.es.md) [ext](https://example.org/a_b*c)",
    'He said "[the pier](2026-06-01-pier-safety.md)" -- then left...',
    "'[quoted link](https://example.org)' and [ spaced ](https://example.org)",
    "An ![image](/media/route-map.pdf) here",
    "Text with *emphasis* and _more_",
    "**Bold** start, **bold** middle and foo**bar**baz and **end**",
    "- **Email:** pio@city.gov\n- **Phone:** (310) 555-0100\n- **Mail or in person:**",
    '"**Quoted**" he said, and **"quoted"** again, and (**"odd"**) and a**"b"**c',
    "** spaced ** and a ** b ** c and **trailing **x and x** leading**",
    "***both*** and **a*b** and **[link](https://example.org)** and [**x**](y)",
    "**one\nline two** and **unclosed",
    'x **"b"**c and **b:**c and **b:** c and x **b.**, c',
    "## **Bold heading**",
    "**Note:** a paragraph led by bold words\n**Also** a line\n** not bold\n\n- ** not bold",
    "- **a**\n- **b**\n\n***\n\n** ** **\n\n**",
    "Text with `code` and \\escapes and &amp; and <b>html</b>",
    "A line ending in two spaces  \nnext",
    "A line ending in one space \nnext",
    "    indented code",
    " one space in",
    "- item text\n  continues here\n- second\n   three spaces\n\nPara line\n  indented",
    "- item\n    four spaces\n\nPara\n    four spaces too",
    "- item\n  - a nested item\n\nPara\n  ## not a heading\n  > not a quote",
    "- item\n  ---\n\nPara\n  ===",
    "[A link](https://example.org) starts a line\n[another](2026-06-01-pier-safety.md) too",
    "[Not a link] starts\n\n[ref]: https://example.org\n\n[^1]: note",
    "Text\n\n\n\nMore text after blank lines\n\n\n",
    "Text\n   \nspaces-only line between",
    "Title\n=====",
    "Title\n-----",
    "Text\n\n---\n\nRule above",
    "Quote\n> this",
    "See [^1].\n\n[^1]: A note.",
    "[ref]: https://example.org\n\nText",
    "Tabs\there",
    "Carriage\r\nreturn",
    "",
    "   ",
    "\u00a0leading no-break space",
    "Ends with a form feed\f",
]


@pytest.mark.parametrize("text", EDGES)
def test_same_result_at_each_edge(text: str) -> None:
    same(text)


def test_the_edges_are_on_both_sides() -> None:
    taken = sum(same(text) for text in EDGES)
    assert 15 <= taken <= len(EDGES) - 25, taken


def test_links_under_a_sub_path_and_at_the_root() -> None:
    text = "Read [the pier story](2026-06-01-pier-safety.md) or the [map](/media/route-map.pdf)."
    assert same(text, "https://www.city.gov/police/")
    assert same(text, "https://city.example")
    assert not same(text, "https://www.city.gov/a&b/")  # an href needing escapes: declined


def test_python_markdown_and_commonmark_test_documents() -> None:
    corpus = json.loads((REPO / "tests/data/markdown_corpus.json").read_text())
    texts = [text for part in corpus.values() for text in part.values()]
    taken = sum(same(text) for text in texts)
    assert taken >= 50, taken  # the plain ones among them (71 of 1,480)


@pytest.mark.parametrize("content", [REPO / "content", REPO / "tests/sites/basic"], ids=str)
def test_every_text_of_the_sample_and_fixture_sites(content: Path) -> None:
    texts = _texts_of(content)
    assert sum(same(text) for text in texts) >= len(texts) // 3


def test_a_generated_corpus_is_taken_whole(tmp_path: Path) -> None:
    """The bench corpus is written as a PIO writes: every text should take the shortcut."""
    generate(tmp_path, stories=60)
    texts = _texts_of(tmp_path / "content")
    assert len(texts) > 60
    assert all(same(text) for text in texts)


def _texts_of(content: Path) -> list[str]:
    texts: list[str] = []

    class Capture(Stages):
        def convert(self, step, items):  # type: ignore[no-untyped-def]
            texts.extend(item.text for item in items)
            return super().convert(step, items)

    load_site(content, now=datetime(2026, 11, 29, tzinfo=UTC), drafts=True, stages=Capture())
    return texts


# Generated documents: each block drawn from the shortcut's grammar, or from just
# outside it, so both sides of every rule are crossed thousands of times.
WORDS = ["pier", "Chief", "skate", "caf\u00e9", "ni\u00f1os", "Officers", "2026", "a.m.", "K-9"]
PUNCT = [
    '"',
    "'",
    "--",
    "---",
    "...",
    "'80s",
    "(",
    ")",
    ",",
    ".",
    "?",
    "\u00bf",
    ":",
    ";",
    "#",
    "!",
]
ODD = ["*", "_", "`", "\\", "<", ">", "&", "|", "[", "]", "![", "  ", "\t", "^", "\u2028"]
TARGETS = [
    "2026-06-01-pier-safety.md",
    "../pages/about.md",
    "/media/route-map.pdf",
    "/media/missing.pdf",
    "2026-12-01-draft.md",
    "nowhere.md",
    "https://example.org/a_b",
    "mailto:pio@city.gov",
    "#team",
    "javascript:void(0)",
    "//cdn.example.org/x",
]


def _phrase(rng: random.Random, odd: float) -> str:
    parts = []
    for _ in range(rng.randint(1, 6)):
        roll = rng.random() * (0.95 + odd)
        if roll < 0.55:
            parts.append(rng.choice(WORDS))
        elif roll < 0.8:
            parts.append(rng.choice(PUNCT) + rng.choice(WORDS) + rng.choice(PUNCT))
        elif roll < 0.9:
            parts.append(f"[{rng.choice(WORDS)} {rng.choice(WORDS)}]({rng.choice(TARGETS)})")
        elif roll < 0.95:
            words = rng.choice(PUNCT + WORDS) + " " + rng.choice(WORDS) + rng.choice([*PUNCT, ""])
            parts.append(rng.choice(["", "(", '"']) + f"**{words}**" + rng.choice(["", ":", "s"]))
        else:  # odd: a character some rule refuses
            parts.append(rng.choice(ODD) + rng.choice(WORDS))
    return rng.choice(["", "", '"', "'", "("]) + " ".join(parts) + rng.choice(["", ".", '"', "'"])


def _block(rng: random.Random, odd: float) -> str:
    kind = rng.randrange(10 if odd else 8)
    if kind < 4:
        return "\n".join(_phrase(rng, odd) for _ in range(rng.randint(1, 3)))
    if kind == 4 and not odd:
        return "#" * rng.randint(1, 6) + rng.choice([" ", "  "]) + _phrase(rng, odd)
    if kind == 4:
        return "#" * rng.randint(1, 7) + rng.choice([" ", "  ", ""]) + _phrase(rng, odd)
    if kind == 5:
        return "\n".join(f"- {_phrase(rng, odd)}" for _ in range(rng.randint(1, 4)))
    if kind == 6:
        first = rng.choice([1, 1, 2, 10])
        return "\n".join(f"{first + i}. {_phrase(rng, odd)}" for i in range(rng.randint(1, 4)))
    if kind == 7:
        width = rng.randint(1 if odd else 2, 4)
        rule = (
            "|"
            + "|".join(rng.choice(["---", ":--", "--:", ":-:", " - "]) for _ in range(width))
            + "|"
        )
        rows = ["|" + "|".join(f" {_phrase(rng, odd)} " for _ in range(width)) + "|"]
        rows.append(rule)
        rows += [
            "|" + "|".join(f" {rng.choice(['', _phrase(rng, odd)])} " for _ in range(width)) + "|"
        ]
        return "\n".join(rows[: rng.randint(2, 3)] if odd else rows)
    if kind == 8:
        return rng.choice(["---", "Title\n===", "> quoted", "    code", "[x]: /y", " lead"])
    return _phrase(rng, odd) + rng.choice(["  ", " ", "\n- lazy", "\n1. lazy", "\n## h", ""])


@pytest.mark.parametrize(("lang", "count"), [("", 5000), ("es", 1500)])
def test_generated_documents(lang: str, count: int) -> None:
    """Spanish too: its double quotes curl into « », on both roads (`quotes_for`)."""
    rng = random.Random(11)  # fixed: the same documents on every run
    taken = declined = 0
    for _ in range(count):
        odd = rng.choice([0, 0.05])  # half the documents are written to be taken
        joins = [rng.choice(["\n\n", "\n\n\n", "\n \n", "\n"][: 4 if odd else 3]) for _ in range(4)]
        blocks = [_block(rng, odd) for _ in range(rng.randint(1, 5))]
        text = blocks[0] + "".join(j + b for j, b in zip(joins, blocks[1:], strict=False))
        if same(text, lang=lang):
            taken += 1
        else:
            declined += 1
    assert taken > count // 7 and declined > count * 0.4, (taken, declined)


def test_the_build_uses_it() -> None:
    """Guard against the pipeline quietly dropping the shortcut (a build would be correct,
    and a third slower)."""
    assert pipeline._converter(shortcuts=True)._converter()._shortcut is wholedoc.convert
    assert pipeline._converter(shortcuts=False)._converter()._shortcut is None


SPANISH_QUOTES = [
    'El jefe dijo "gracias" a todos.',
    '## "Café con un policía"\n\nNos vemos en "el muelle".',
    'Lea "[la historia](2026-06-01-pier-safety.md)" hoy.',
    "- \"uno\"\n- 'dos'\n\nEl '80s y l'agent.",
]


@pytest.mark.parametrize("text", SPANISH_QUOTES)
def test_a_spanish_text_curls_double_quotes_as_angle_quotes(text: str) -> None:
    """docs/SPANISH.md asks for « » (the RAE's first choice), but straight quotes came out
    English “ ” (walkthrough find). Single quotes and apostrophes are as in English, and
    both converters agree."""
    english = Conversion(text, "content/stories/x.md", "stories", 4, "https://x.org", TABLE)
    spanish = replace(english, source="content/stories/x.es.md", lang="es")
    assert FAST(spanish) == PLAIN(spanish)
    curled = PLAIN(english).html.replace("\u201c", "\u00ab").replace("\u201d", "\u00bb")
    assert PLAIN(spanish).html == curled and "\u00ab" in curled


def test_a_spanish_inch_mark_is_no_closing_quote() -> None:
    """`55"` became `55»`, a closing quote with no opening one (review find)."""
    text = 'Una tabla de 9\'6" y una pantalla de 55". El año "1990" fue bueno.'
    request = Conversion(text, "content/stories/x.es.md", "stories", 4, "https://x.org", TABLE)
    spanish = replace(request, lang="es")
    assert FAST(spanish) == PLAIN(spanish)
    assert (
        "9\u20186\u2033 y una pantalla de 55\u2033. El año \u00ab1990\u00bb" in PLAIN(spanish).html
    )


def test_quotes_a_spanish_writer_typed_stay_as_typed() -> None:
    text = 'Ya escrito: \u201casí\u201d y \u00abasí\u00bb, y "así".'
    request = Conversion(text, "content/stories/x.es.md", "stories", 4, "https://x.org", TABLE)
    html = PLAIN(replace(request, lang="es")).html
    assert "\u201casí\u201d y \u00abasí\u00bb, y \u00abasí\u00bb." in html
