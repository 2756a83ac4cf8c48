"""The writing lints through the real command line: the six faults of issue 13 in one story.

Each fault must come out as `path:line: warning: code: message (fix)` at the
line where it is written, from `check`, `build` and `check --format json`;
`--strict` turns them into a failure; a second build from the cache reports
them again.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pdffactory import make_pdf
from sitefactory import TINY_PNG, make_site

REPO = Path(__file__).parent.parent
NOW = ["--now", "2026-11-25T09:00"]
STORY = "stories/2026-09-01-pier-patrol.md"
SIX_FAULTS = """\
---
title: Pier patrol update
date: 2026-09-01
communities: [surf]
---

The suspect was apprehended after he exited the vehicle.

To see the schedule, [click here](../stories/2026-08-02-good.md).

![IMG_1234.jpg](/media/pier.png)

## What happened

#### Where it was

PLEASE DO NOT PARK on the pier deck.

The [parking flyer](/media/flyer.pdf) has the details.
"""
EXPECTED = [
    '7: warning: jargon: "apprehended", "exited", "vehicle" (write "arrested" for '
    '"apprehended"; "got out of" for "exited"; "car" for "vehicle")',
    '9: warning: link-text: "click here" as link text says nothing (name where it leads: '
    "[the National Night Out flyer](/media/flyer.pdf))",
    '11: warning: alt-text: the alt text "IMG_1234.jpg" is a file name (say what the picture '
    "shows: ![Officer Diaz hands a helmet to a boy](...))",
    "15: warning: headings: a level 4 heading right after level 2 (use ### here: go down one "
    "level at a time)",
    '17: warning: capitals: "PLEASE DO NOT PARK" reads as shouting (write it in sentence case; '
    "use **bold** for the one word that matters)",
    "19: warning: pdf: /media/flyer.pdf cannot be read by screen readers: it is untagged, it has "
    "no document language and it has no text layer (a scan) (put the text in the story itself, "
    "and ask whoever made the PDF for a tagged one with its language set)",
]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A throwaway site whose one extra story holds the six faults."""
    content = make_site(tmp_path, {STORY: SIX_FAULTS, "media/pier.png": TINY_PNG})
    make_pdf(content / "media/flyer.pdf", text=False)
    return content


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(REPO / "build.py"), *args, *NOW]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def folders(content: Path) -> list[str]:
    return ["--content", str(content), "--templates", str(REPO / "templates")]


def warnings_in(stderr: str, content: Path) -> list[str]:
    """The story's problems without its path (shown relative to the folder the build ran in)."""
    prefix = f"{content.name}/{STORY}:"
    return [line.split(prefix, 1)[1] for line in stderr.splitlines() if prefix in line]


def test_check_lists_the_six_faults_at_their_lines(site: Path) -> None:
    result = run("check", *folders(site))
    assert result.returncode == 0, result.stderr
    assert warnings_in(result.stderr, site) == EXPECTED
    assert "6 warning(s), no errors." in result.stdout


def test_check_strict_fails_on_them(site: Path) -> None:
    result = run("check", "--strict", *folders(site))
    assert result.returncode == 1
    assert warnings_in(result.stderr, site) == EXPECTED
    assert "Build failed: 6 problems in 1 file(s)." in result.stderr


def test_check_json_gives_one_object_per_problem(site: Path) -> None:
    result = run("check", "--format", "json", *folders(site))
    assert result.returncode == 0, result.stderr
    problems = json.loads(result.stdout)
    assert [(p["line"], p["code"], p["level"]) for p in problems] == [
        (7, "jargon", "warning"),
        (9, "link-text", "warning"),
        (11, "alt-text", "warning"),
        (15, "headings", "warning"),
        (17, "capitals", "warning"),
        (19, "pdf", "warning"),
    ]
    first = problems[0]
    assert set(first) == {"path", "line", "column", "level", "code", "message", "hint"}
    assert first["path"] == f"{site}/{STORY}"
    assert first["column"] == len("The suspect was ") + 1
    assert first["hint"].startswith('write "arrested" for "apprehended"')
    assert problems[3]["column"] is None  # headings: the whole line


def test_check_json_reports_errors_with_their_level(site: Path) -> None:
    story = site / STORY
    story.write_text(story.read_text().replace("date: 2026-09-01", "date: next week"))
    result = run("check", "--format", "json", *folders(site))
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert {"path": f"{site}/{STORY}", "line": 3, "column": None, "level": "error"}.items() <= (
        problems[0].items()
    )
    assert problems[0]["code"] is None


def test_build_warns_and_builds_then_warns_again_from_the_cache(site: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    first = run("build", *folders(site), "--output", str(output), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert (output / "stories/pier-patrol/index.html").is_file()
    again = run("build", *folders(site), "--output", str(output), cwd=tmp_path)
    assert (tmp_path / ".cache").is_dir()
    assert warnings_in(first.stderr, site) == EXPECTED
    assert warnings_in(again.stderr, site) == EXPECTED


def test_build_strict_refuses_to_publish(site: Path, tmp_path: Path) -> None:
    result = run("build", "--strict", *folders(site), "--output", str(tmp_path / "out"))
    assert result.returncode == 1
    assert not (tmp_path / "out").exists()


def test_lint_ignore_silences_only_what_it_names(site: Path) -> None:
    story = site / STORY
    story.write_text(story.read_text().replace("---\n\n", "lint_ignore: [jargon, pdf]\n---\n\n"))
    result = run("check", *folders(site))
    codes = [line.split(": ")[2] for line in warnings_in(result.stderr, site)]
    assert codes == ["link-text", "alt-text", "headings", "capitals"]


def test_unknown_lint_names_are_errors_with_did_you_mean(site: Path) -> None:
    story = site / STORY
    story.write_text(story.read_text().replace("---\n\n", "lint_ignore: [jargonn]\n---\n\n"))
    settings = site / "site.yaml"
    settings.write_text(settings.read_text() + "lints:\n  off: [capital]\n")
    result = run("check", *folders(site))
    assert result.returncode == 1
    assert f"{site}/{STORY}:5: lint_ignore: unknown key 'jargonn' (did you mean 'jargon'?)" in (
        result.stderr
    )
    assert f"{site}/site.yaml:12: off: unknown key 'capital' (did you mean 'capitals'?)" in (
        result.stderr
    )


def test_site_settings_turn_lints_off_and_add_jargon(site: Path) -> None:
    settings = site / "site.yaml"
    extra = "lints:\n  off: [pdf, capitals, headings, alt-text, link-text]\n"
    extra += "  jargon:\n    pier deck: deck\n"
    settings.write_text(settings.read_text() + extra)
    result = run("check", *folders(site))
    assert warnings_in(result.stderr, site) == [
        EXPECTED[0],
        '17: warning: jargon: "pier deck" (write "deck" for "pier deck")',
    ]
