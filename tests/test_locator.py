"""A mistake is reported at every line it is made on, and never at an example of it in code.

Found by fuzzing: the same broken link, removed tag or picture without alt
text written twice was reported once, at its first line; and a link shown as
an example in a code span or code block was blamed for the real one below it.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from sitefactory import problems_for

from microsite import pipeline
from microsite.errors import BuildFailed
from microsite.markdown.sanitize import Locator, code_spans

REPO = Path(__file__).resolve().parent.parent
NOW = datetime.fromisoformat("2026-11-25T09:00")
STORY = "stories/2026-05-05-twice.md"


def story(body: str) -> str:
    return f"---\ntitle: Twice\ndate: 2026-05-05\n---\n\n{body}\n"


# Run from a throwaway folder: messages name `content/...`, as a PIO sees them.
pytestmark = pytest.mark.usefixtures("in_tmp")


def places(found: list[str]) -> list[tuple[int, str]]:
    """Each problem's line and its message without the hint."""
    return [(int(p.split(":")[1]), p.split(": ", 1)[1].split(" (")[0]) for p in found]


def test_a_mistake_made_twice_is_reported_at_both_lines() -> None:
    body = (
        "See [the cleanup](cleanup.md).\n\n<script>a()</script>\n\n"
        "Again, see [the cleanup](cleanup.md).\n\n![](/media/nope.png)\n\n"
        "<script>b()</script>\n\n![](/media/nope.png)"
    )
    found = problems_for(Path("."), {STORY: story(body)})
    assert places(found) == [
        (6, "link to 'cleanup.md': no such story or page"),
        (8, "warning: removed <script>: not allowed in content"),
        (10, "link to 'cleanup.md': no such story or page"),
        (12, "'/media/nope.png' does not exist"),
        (12, "image '/media/nope.png' has no alt text"),
        (14, "warning: removed <script>: not allowed in content"),
        (16, "'/media/nope.png' does not exist"),
        (16, "image '/media/nope.png' has no alt text"),
    ]


def test_an_example_in_code_is_not_blamed_for_the_mistake() -> None:
    body = (
        "To link to a story, write `[it](cleanup.md)` like this:\n\n"
        "    ![](/media/nope.png)\n\n```\n[it](cleanup.md)\n```\n\n"
        "Here it is: [it](cleanup.md) and ![](/media/nope.png)"
    )
    found = problems_for(Path("."), {STORY: story(body)})
    assert sorted({line for line, _ in places(found)}) == [14]


def test_a_dead_site_path_is_not_looked_for_in_an_example() -> None:
    body = "Write `[events](/evnets/)` to link.\n\nThe calendar: [events](/evnets/)."
    shutil.copytree(REPO / "tests" / "sites" / "basic", "content")
    Path("content", STORY).write_text(story(body))
    folders = pipeline.Folders(Path("content"), REPO / "templates")
    with pytest.raises(BuildFailed) as failed:
        pipeline.build_into(folders, Path("site"), now=NOW, jobs=1)
    assert [e.where for e in failed.value.errors] == [f"content/{STORY}:8"]


def test_code_is_found_in_spans_fences_and_indented_blocks_but_not_lists() -> None:
    text = (
        "Write `code` here.\n\n    indented code\n\n- an item\n    its continuation\n\n"
        "```\nfenced\n```\n\nA paragraph.\n\n~~~\nnever closed"
    )
    found = [text[start:end] for start, end in code_spans(text)]
    assert found == ["`code`", "    indented code", "```\nfenced\n```", "~~~\nnever closed"]


def test_the_nth_place_of_a_needle_is_its_nth_line_outside_code() -> None:
    where = Locator("`<b>`\n<b>x</b>\n\n<b>y</b>", "f.md", 10)
    assert [where.line_of("<b", n) for n in range(4)] == [11, 13, 10, 10]


def test_a_picture_the_build_refuses_is_not_said_to_be_missing() -> None:
    """A link to an unsafe SVG was also told the file does not exist, with a "did you mean"
    naming another picture (fuzzing find)."""
    evil = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    found = problems_for(
        Path("."), {"media/evil.svg": evil, STORY: story("![A map](/media/evil.svg)")}
    )
    assert [p.split(" (")[0] for p in found] == [
        "content/media/evil.svg:1: unsafe SVG: it contains <script>",
        f"content/{STORY}:6: '/media/evil.svg' cannot be published",
    ]
