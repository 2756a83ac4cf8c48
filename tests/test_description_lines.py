"""A problem in an event's description is reported at the file line it is on, however the
description is written in YAML.

A literal block (`|`) keeps its lines as they are in the file, but a folded
one (`>`), a plain one spread over several lines, or a quoted one joins
file lines into one line of text: the line of a broken link in the text is
not the line in the file. These tests put a mistake on a known line and ask
for it there.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sitefactory import SITE_YAML, problems_for

from microsite import pipeline
from microsite.content import yamlsrc
from microsite.errors import BuildFailed
from microsite.markdown.conversion import lines_apart

REPO = Path(__file__).resolve().parent.parent
NOW = datetime.fromisoformat("2026-11-25T09:00")
HEAD = "- title: Beach cleanup\n  slug: cleanup\n  start: 2026-12-05 09:00\n  location: Pier\n"
HINT = " (check the file name; links are relative to this file's folder)"
MISTAKE = "[the pier page](../pages/peir.md)"

# Each description has the mistake on the line marked HERE (the marker is removed).
STYLES = {
    "literal block": "  description: |\n    Bring gloves.\n\n    Read HERE{m} first.\n",
    "literal block of one line": "  description: |\n    Read HERE{m} first.\n",
    "folded block": (
        "  description: >\n    Bring gloves\n    and water.\n\n    We meet at eight.\n"
        "    Parking is free.\n\n    Read HERE{m} first.\n"
    ),
    "folded block, blank lines kept": (
        "  description: >\n    Bring gloves.\n\n\n\n    Read HERE{m}\n    first.\n"
    ),
    "plain text over several lines": (
        "  description: Bring gloves\n    and water.\n\n    Read HERE{m}\n    first.\n"
    ),
    "plain text on the next line": "  description:\n    Bring gloves.\n\n    Read HERE{m}.\n",
    "double quotes": (
        '  description: "Bring \\"gloves\\"\n    and water.\n\n    Read HERE{m} first."\n'
    ),
    "single quotes": (
        "  description: 'Bring ''gloves''\n    and water.\n\n    Read HERE{m} first.'\n"
    ),
    "one line": "  description: Read HERE{m} first.\n",
}


def _placed(description: str, mistake: str) -> tuple[str, int]:
    """The events file with `mistake` where HERE is, and the line it is on."""
    text = HEAD + description.replace("{m}", mistake)
    line = next(n for n, row in enumerate(text.split("\n"), 1) if "HERE" in row)
    return text.replace("HERE", ""), line


# Run from a throwaway folder: messages name `content/...`, as a PIO sees them.
pytestmark = pytest.mark.usefixtures("in_tmp")


@pytest.mark.parametrize("style", STYLES)
def test_a_broken_link_is_reported_at_its_line(style: str) -> None:
    text, line = _placed(STYLES[style], MISTAKE)
    found = problems_for(Path("."), {"events/e.yaml": text})
    assert found == [
        f"content/events/e.yaml:{line}: link to '../pages/peir.md': no such story or page{HINT}"
    ]


EVENT = "- title: {title}\n  slug: {slug}\n  start: 2026-12-0{day} 09:00\n  location: Pier\n"
# Found by fuzzing: escapes, text after the closing quote, a paragraph that starts with the
# words the one before ended with. Each mistake is on the line marked HERE.
AWKWARD = {
    "escapes in double quotes": (
        '  description: "Meet at the pier.\n\n    HEREBring a \\"float\\" [a](../pages/n1.md)\n\n'
        "    HEREIt's warm \\\n    today [a](../pages/n2.md)\"\n"
    ),
    "an escaped quote in single quotes": (
        "  description: 'Meet at the pier.\n\n    HEREIt''s a 5k [a](../pages/n1.md)'\n"
    ),
    "a comment after the closing quote": (
        '  description: "Meet at the pier.\n\n    HEREBring a float [a](../pages/n1.md)"  # Nov 20\n'
    ),
    "a mapping of languages on one line": (
        '  description: {en: "Meet at the pier.\n\n      HEREBring a float [a](../pages/n1.md)",\n'
        '    es: "Nos vemos en el muelle."}\n'
    ),
    "a paragraph that starts like the last line": (
        "  description: >\n    Bring a towel. We meet\n    on the pier\n\n"
        "    HEREon the pier [a](../pages/n1.md) is a map.\n"
    ),
}


@pytest.mark.parametrize("case", AWKWARD)
def test_awkwardly_written_descriptions_are_placed_right(case: str) -> None:
    site = SITE_YAML + "languages: [en, es]\n"
    text = EVENT.format(title="Swim", slug="swim", day=5) + AWKWARD[case]
    rows = text.split("\n")
    expected = [n for n, row in enumerate(rows, 1) if "HERE" in row]
    found = problems_for(Path("."), {"site.yaml": site, "events/e.yaml": text.replace("HERE", "")})
    assert [int(problem.split(":")[1]) for problem in found] == expected, found


def test_a_long_quoted_description_full_of_escapes_is_placed_line_by_line() -> None:
    """Each of 3,000 paragraphs found in one pass (a search per paragraph took 33 s)."""
    paragraphs = "\n\n".join(f'    \\"Quoted\\" paragraph {n}.' for n in range(3000))
    source = f'd: "Start.\n\n{paragraphs}"\n'
    data = yamlsrc.load(source, written=True)
    lines = yamlsrc.text_lines(data["d"], data.written("d"), source.split("\n"))
    assert lines == (1, *range(3, 3 + 2 * 3000, 2))


def test_each_language_s_description_is_placed_in_its_own_lines() -> None:
    site = SITE_YAML + "languages: [en, es]\n"
    description = (
        "  description:\n    en: >\n      Bring gloves\n      and water.\n\n"
        "      Read HERE{m} first.\n    es: >\n      Traiga guantes\n      y agua.\n\n"
        "      Lea [la página](../pages/muelle.md) antes.\n"
    )
    text, line = _placed(description, MISTAKE)
    spanish = text.split("\n").index("      Lea [la página](../pages/muelle.md) antes.") + 1
    found = problems_for(Path("."), {"site.yaml": site, "events/e.yaml": text})
    assert found == [
        f"content/events/e.yaml:{line}: link to '../pages/peir.md': no such story or page{HINT}",
        f"content/events/e.yaml:{spanish}: link to '../pages/muelle.md': no such story or page"
        + HINT,
    ]


def test_a_dead_site_path_in_a_folded_description_is_reported_at_its_line() -> None:
    """Site paths are checked after planning, from lines kept with the conversion."""
    text, line = _placed(STYLES["folded block"], "[our events](/event/)")
    shutil.copytree(REPO / "tests" / "sites" / "basic", "content")
    Path("content/events/e.yaml").write_text(text)
    folders = pipeline.Folders(Path("content"), REPO / "templates")
    with pytest.raises(BuildFailed) as failed:
        pipeline.build_into(folders, Path("site"), now=NOW, jobs=1)
    assert [e.where for e in failed.value.errors] == [f"content/events/e.yaml:{line}"]
    assert "did you mean '/events/'?" in str(failed.value.errors[0])


def test_in_a_folded_paragraph_a_problem_is_at_the_paragraph_s_first_line() -> None:
    """The lines of one paragraph are one line of the folded text: which of them holds
    the mistake is not known, so the paragraph's first line is given (written down in
    the README)."""
    description = "  description: >\n    HEREBring gloves\n    and water,\n    and read {m}.\n"
    text, first = _placed(description, MISTAKE)
    found = problems_for(Path("."), {"events/e.yaml": text})
    assert [problem.split(": ")[0] for problem in found] == [f"content/events/e.yaml:{first}"]


def test_the_lines_of_a_folded_text_are_found_in_the_file() -> None:
    source = "d: >\n  one\n  more\n\n\n  two\n"
    data = yamlsrc.load(source, written=True)
    assert data["d"] == "one more\n\ntwo\n"
    lines = yamlsrc.text_lines(data["d"], data.written("d"), source.split("\n"))
    assert [lines[0], lines[2]] == [2, 6]  # the blank line between holds nothing to report


def test_a_line_changed_by_escapes_is_put_with_the_line_before() -> None:
    """`\\n` in double quotes starts a line of the text inside one file line: the usual
    reason a line is not found where it starts."""
    source = 'd: "one\\ntwo\n\n  three"\n'
    data = yamlsrc.load(source, written=True)
    assert data["d"] == "one\ntwo\nthree"
    assert yamlsrc.text_lines(data["d"], data.written("d"), source.split("\n")) == (1, 1, 3)


def test_lines_that_follow_each_other_need_no_map() -> None:
    assert lines_apart((4, 5, 6)) == ()
    assert lines_apart((6, 6, 6, 10, 10)) == (6, 6, 6, 10, 10)  # first and last 4 apart


STYLES_OF_YAML = ("|", ">", '"', "'", None)
LINE = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, min_size=1, max_size=6), st.sampled_from(STYLES_OF_YAML))
def test_every_line_of_any_text_is_placed_within_its_value(
    pieces: list[str], style: str | None
) -> None:
    """However PyYAML writes a text, each of its lines gets a file line inside the value,
    in order, and a line that starts with plain words is placed on a file line holding
    them."""
    value = "\n".join(pieces)
    source = "key: x\n" + yaml.dump({"d": value}, default_style=style, allow_unicode=True)
    data = yamlsrc.load(source, written=True)
    assume(data["d"] == value)  # PyYAML may not keep every text in every style
    written = data.written("d")
    assert written is not None
    lines = yamlsrc.text_lines(value, written, source.split("\n"))
    assert len(lines) == value.count("\n") + 1
    assert list(lines) == sorted(lines)
    assert all(written.line <= line <= written.last for line in lines)
    rows = source.split("\n")
    for piece, line in zip(value.split("\n"), lines, strict=True):
        words = piece.strip().split(" ")[0]
        if (
            words.isascii()
            and words.isalnum()
            and (written.style in ("|", ">") or line > written.line)
        ):
            assert words in rows[line - 1]


def test_an_event_with_a_mistake_elsewhere_still_has_its_description_checked() -> None:
    """Every problem at once: a typo in `communities` used to hide the description's."""
    text = (
        EVENT.format(title="Swim", slug="swim", day=5)
        + "  communities: [srf]\n  description: |\n    See [the pier](../pages/peir.md).\n"
        + "    <script>alert(1)</script>\n"
    )
    found = problems_for(Path("."), {"events/e.yaml": text})
    assert [problem.split(" (")[0] for problem in found] == [
        "content/events/e.yaml:5: communities: unknown key 'srf'",
        "content/events/e.yaml:7: link to '../pages/peir.md': no such story or page",
        "content/events/e.yaml:8: warning: removed <script>: not allowed in content",
    ]


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"])
def test_a_line_break_only_yaml_sees_moves_no_later_line(separator: str) -> None:
    """NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR end a line for YAML but not in an
    editor: every problem after one was reported a line too low."""
    events = (
        EVENT.format(title="Swim", slug="swim", day=5)
        + f"  description: |\n    Meet at the pier.{separator}    Bring a towel.\n"
        + "    See [the pier](../pages/peir.md).\n  cots: $5\n"
    )
    story = (
        f"---\ntitle: A\ndate: 2026-01-01\nsummary: Pier{separator} news\ncomunities: [surf]\n"
        "---\n\nText.\n"
    )
    found = problems_for(Path("."), {"events/e.yaml": events, "stories/2026-01-01-a.md": story})
    refused = separator != "\x85"  # YAML reads a NEL as a line break; the others stay, refused
    assert [problem.split(": ")[0] for problem in found] == [
        *(["content/events/e.yaml:5"] if refused else []),  # in the description
        "content/events/e.yaml:7",  # the link: one line after the separator's
        "content/events/e.yaml:8",  # `cots`
        *(["content/stories/2026-01-01-a.md:4"] if refused else []),  # in the summary
        "content/stories/2026-01-01-a.md:5",  # `comunities`
    ], "\n".join(found)
