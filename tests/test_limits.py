"""Pathological Markdown is refused with an error at its line, instead of hanging the build.

Each size below is past its bound yet small enough that, without the bound,
the test fails (wrong answer or a RecursionError) in a few seconds rather
than hanging for minutes.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sitefactory import TINY_PNG, make_site, problems_for

from microsite.content.load import load_site
from microsite.markdown import limits

NOW = datetime.fromisoformat("2026-11-25T09:00")
STORY = "content/stories/2026-01-01-a.md"


def story(body: str) -> str:
    return f"---\ntitle: A\ndate: 2026-01-01\n---\n\nIntro.\n\n{body}\n"


# Run from a throwaway folder: messages name `content/...`, as a PIO sees them.
pytestmark = pytest.mark.usefixtures("in_tmp")


CASES = {
    "unclosed brackets": (
        "[" * 3000,
        f"{STORY}:8: 3,000 brackets are never closed ('[' without ']', or '(' of a link "
        "without ')'): Markdown would take minutes to read them "
        r"(close them, or write \[ and \( for brackets that are not links)",
    ),
    "unclosed link parentheses": (
        '[a](x "q) ' * 1500,
        f"{STORY}:8: 1,500 brackets are never closed ('[' without ']', or '(' of a link "
        "without ')'): Markdown would take minutes to read them "
        r"(close them, or write \[ and \( for brackets that are not links)",
    ),
    "unclosed tags": (
        "Fine <b>bold</b>.\n\n" + "<a " * 3000,
        f"{STORY}:10: 3,000 '<' are never closed by '>': Markdown would take minutes to read "
        "them (write &lt; for a '<' that does not start an HTML tag)",
    ),
    "nested quotes": (
        "\n".join(">" * depth + " a" for depth in range(1, 30)),
        f"{STORY}:28: quotes and lists nested 21 levels deep (at most 20) "
        "(use fewer '>', list markers or indentation)",
    ),
    "nested lists": (
        "- " * 600 + "a",
        f"{STORY}:8: quotes and lists nested 600 levels deep (at most 20) "
        "(use fewer '>', list markers or indentation)",
    ),
    "indented lists": (
        "\n".join("    " * depth + "- a" for depth in range(30)),
        f"{STORY}:28: quotes and lists nested 21 levels deep (at most 20) "
        "(use fewer '>', list markers or indentation)",
    ),
    "footnotes": (
        "".join(f"[^{n}]: a\n" for n in range(1001)),
        f"{STORY}:1008: 1,001 footnotes (at most 1,000) (split the text into several stories)",
    ),
    "references to one footnote": (  # 4,000 of them, 16 KB, took 11 s
        "Text" + "[^1]" * 4000 + "\n\n[^1]: The note.\n",
        f"{STORY}:8: a footnote referred to more than 2,000 times "
        "(split the text into several stories)",
    ),
    "packed paragraph": (
        "*a" * 40000,
        f"{STORY}:8: a paragraph of 80,001 characters with 40,000 links, tags, emphasis "
        "marks or line breaks: Markdown would take minutes to read it (break it into "
        "paragraphs with blank lines)",
    ),
    "thousands of headings": (  # each made the parser look through the rest again
        "".join(f"Heading {n}\n---\n" for n in range(2_001)),
        f"{STORY}:4009: more than 2,000 headings and horizontal rules "
        "(split the text into several stories)",
    ),
    "a paragraph of line breaks": (  # two spaces ending each of 20,000 lines: 9 s
        "".join(f"word {n}  \n" for n in range(20_000)),
        f"{STORY}:8: a paragraph of 248,889 characters with 19,999 links, tags, emphasis "
        "marks or line breaks: Markdown would take minutes to read it (break it into "
        "paragraphs with blank lines)",
    ),
    "huge text": (
        "word " * 200_001,
        f"{STORY}:5: this text has 1,000,015 characters, more than 1,000,000 "
        "(split it into several stories)",
    ),
}


@pytest.mark.parametrize("body, expected", CASES.values(), ids=CASES.keys())
def test_pathological_markdown_is_an_error_at_its_line(
    tmp_path: Path, body: str, expected: str
) -> None:
    assert problems_for(tmp_path, {"stories/2026-01-01-a.md": story(body)}) == [expected]


def test_event_descriptions_are_bounded_too(tmp_path: Path) -> None:
    event = "- title: A\n  slug: a\n  start: 2026-12-01\n  location: Pier\n  description: |\n    x\n    "
    found = problems_for(tmp_path, {"events/e.yaml": event + "- " * 600 + "a\n"})
    assert found == [
        "content/events/e.yaml:7: quotes and lists nested 600 levels deep (at most 20) "
        "(use fewer '>', list markers or indentation)"
    ]


def long_story(words: int) -> str:
    """Real writing at its longest: links, titles, emphasis, code, quotes, lists, notes."""
    sentence = (
        'Officers met *neighbors* at the [pier](https://harbor.example/pier "The pier") '
        "and talked about `bike locks`, the [park's](/media/x.png) hours (and parking), "
        "[a note][ref] & a<b rules[^n] today. "
    )
    paragraph = sentence * 4
    block = (
        f"{paragraph}\n\n> {paragraph}\n>\n> > quoted reply\n\n"
        "- one\n    - two\n        - three [the harbor map](https://harbor.example/a)\n\n"
    )
    per_block = len(block.split())
    body = block * (words // per_block + 1)
    return body + "\n[ref]: https://harbor.example/ref\n[^n]: A footnote.\n"


def test_a_long_real_story_passes(tmp_path: Path) -> None:
    text = long_story(50_000)
    assert len(text.split()) >= 50_000
    make_site(tmp_path, {"stories/2026-01-01-a.md": story(text), "media/x.png": TINY_PNG})
    site, warnings = load_site(Path("content"), now=NOW)
    html = next(s for s in site.stories if s.slug == "a").body_html
    assert html.count('<a href="https://harbor.example/pier"') > 1000
    assert not warnings


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("- " * 30 + "a\n\nMore.", 8),  # on the text's first line
        ("Intro.\n\n" + "> " * 30 + "a", 10),  # after a line break
        ("Intro.\r\n\r\n" + "- " * 30 + "a", 10),  # after Windows line ends
    ],
)
def test_deep_nesting_is_found_on_any_line(text: str, line: int) -> None:
    found = limits.check(text, "content/stories/a.md", 8)
    assert [(p.line, p.message.split(" (")[0]) for p in found] == [
        (line, "quotes and lists nested 30 levels deep")
    ]
