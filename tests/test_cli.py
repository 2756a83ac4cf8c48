"""The command line as a PIO uses it: exit codes, messages, and a site never left half-built."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from conftest import REPO, tree
from sitefactory import make_site

from microsite.cli import main
from microsite.output import UnsafeOutput, safe_target

ATOM = "{http://www.w3.org/2005/Atom}"

NOW = ["--now", "2026-11-25T09:00"]


def break_story(work: Path) -> None:
    path = work / "content/stories/2026-08-02-surf-contest.md"
    path.write_text(path.read_text().replace("date: 2026-08-02 10:00", "date: Aug 2"))


def test_build_writes_the_site_and_says_so(work: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["build", *NOW]) == 0
    assert (work / "site/stories/surf-contest/index.html").is_file()
    assert capsys.readouterr().out.startswith("Built 15 pages into site/ in ")


def test_build_is_the_default_command(work: Path) -> None:
    assert main(NOW) == 0
    assert (work / "site/index.html").is_file()


def test_failed_build_lists_errors_and_leaves_the_site_untouched(
    work: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(NOW) == 0
    (work / "site/marker.txt").write_text("last good build")
    before = tree(work / "site")
    break_story(work)
    assert main(NOW) == 1
    err = capsys.readouterr().err
    assert "content/stories/2026-08-02-surf-contest.md:3: date: expected a date, got 'Aug 2'" in err
    assert "Build failed: 1 problem in 1 file(s). site/ was not changed." in err
    assert "Traceback" not in err
    assert tree(work / "site") == before
    assert not [p for p in work.iterdir() if p.name.startswith(".site.new-")]


def test_rebuild_removes_stale_files(work: Path) -> None:
    assert main(NOW) == 0
    (work / "content/stories/2026-05-04-band-backstage.md").unlink()
    (work / "content/stories/2026-08-02-surf-contest.md").write_text(
        "---\ntitle: Surf\ndate: 2026-08-02\n---\n\nText.\n"
    )
    assert main(NOW) == 0
    assert not (work / "site/stories/band-backstage").exists()


def test_same_content_and_clock_give_identical_bytes(work: Path) -> None:
    assert main([*NOW, "--output", "one"]) == 0
    assert main([*NOW, "--output", "two"]) == 0
    assert tree(work / "one") == tree(work / "two")


def test_source_date_epoch_is_the_default_clock(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1794988800")  # 2026-11-18T08:00Z
    assert main(["--output", "one"]) == 0
    assert main(["--now", "2026-11-18T00:00", "--output", "two"]) == 0
    assert tree(work / "one") == tree(work / "two")


def test_one_instant_gives_one_site_whatever_zone_the_clock_is_given_in(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever zone the clock is given in, every date is written in the site's. An empty
    feed is "updated" when the site's newest story was, not at the build time, so it
    stays the same from build to build."""
    communities = work / "content/communities.yaml"
    communities.write_text(communities.read_text() + "quiet:\n  name: Quiet\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795626000")  # 2026-11-25T17:00Z
    assert main(["--output", "one"]) == 0
    assert main(["--now", "2026-11-25T17:00+00:00", "--output", "two"]) == 0
    assert main(["--now", "2026-11-25T09:00", "--output", "three"]) == 0
    assert tree(work / "one") == tree(work / "two") == tree(work / "three")
    assert main(["--now", "2026-11-26T09:00", "--output", "four"]) == 0
    empty = "communities/quiet/feed.xml"
    assert (work / "four" / empty).read_bytes() == (work / "three" / empty).read_bytes()
    quiet = ET.parse(work / "three" / empty).getroot()
    assert quiet.find(f"{ATOM}entry") is None
    newest = ET.parse(work / "three/feed.xml").getroot().findtext(f"{ATOM}updated")
    assert quiet.findtext(f"{ATOM}updated") == newest != "2026-11-25T09:00:00-08:00"


def test_check_writes_nothing(work: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["check", *NOW]) == 0
    assert not (work / "site").exists()
    assert "No problems found." in capsys.readouterr().out
    break_story(work)
    assert main(["check", *NOW]) == 1


def test_strict_turns_warnings_into_failures(work: Path, capsys: pytest.CaptureFixture) -> None:
    path = work / "content/pages/about.md"
    path.write_text(path.read_text() + '\n<span onclick="x()">Hi</span>\n')
    assert main(["check", *NOW]) == 0
    assert (
        "content/pages/about.md:9: warning: removed 'onclick' from <span>"
        in capsys.readouterr().err
    )
    assert main(["check", "--strict", *NOW]) == 1
    assert main(["build", "--strict", *NOW]) == 1
    assert not (work / "site").exists()


def test_drafts_and_scheduled_stories_only_with_drafts(work: Path) -> None:
    assert main(NOW) == 0
    assert not (work / "site/stories/draft").exists()
    assert not (work / "site/stories/scheduled").exists()
    assert main([*NOW, "--drafts"]) == 0
    assert "Draft" in (work / "site/stories/draft/index.html").read_text()
    assert (work / "site/stories/scheduled/index.html").exists()


def test_scheduled_story_appears_once_its_date_comes(work: Path) -> None:
    assert main(["--now", "2026-12-20T08:00"]) == 0
    assert (work / "site/stories/scheduled/index.html").exists()


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["--now", "tomorrow"],
            "error: --now: expected a date like 2026-11-25T09:00, got 'tomorrow'",
        ),
        (["--content", "nope"], "error: --content: no folder at nope"),
        (["--output", "content"], "error: refusing to replace content: it holds content"),
        (["--output", "."], "error: refusing to replace .: it holds content"),
    ],
)
def test_usage_errors_exit_2(
    work: Path, capsys: pytest.CaptureFixture, argv: list, message: str
) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err.strip() == message
    assert (work / "content/site.yaml").exists()


def test_output_folders_that_would_harm_a_site_or_are_no_folder_are_one_line(
    work: Path, capsys: pytest.CaptureFixture
) -> None:
    """Each was a traceback, or was accepted and put a second site inside the first
    (fuzzing finds)."""
    assert main(["build", *NOW]) == 0
    capsys.readouterr()
    (work / "afile").write_text("not a folder")
    cases = {
        "site/stories/x": "error: refusing to build into site/stories/x: it is inside "
        f"{work}/site, a site microsite built, and would be published with it; "
        "choose a folder outside it",
        "afile/sub": f"error: cannot use {work}/afile/sub as the output folder: a part of "
        "its path is a file (choose a folder of your own, such as site/)",
        "x" * 250: f"error: cannot use {work}/{'x' * 250} as the output folder: File name "
        "too long (choose a folder of your own, such as site/)",
    }
    for output, message in cases.items():
        assert main(["build", "--output", output, *NOW]) == 2
        assert capsys.readouterr().err.strip() == message
    assert not (work / "site/stories/x").exists()


def test_new_never_writes_a_file_whose_address_is_taken(
    work: Path, capsys: pytest.CaptureFixture
) -> None:
    """Monthly events and yearly stories share their titles: the second file written by
    `new` failed the build at once (fuzzing find). It gets the date in its address."""
    for day in ("2026-10-06", "2026-11-03"):
        assert main(["new", "story", "Coffee with a Cop", "--now", f"{day}T09:00"]) == 0
        first = Path(capsys.readouterr().out.strip())
        first.write_text(first.read_text().replace("draft: true", "draft: false"))
    assert "slug: coffee-with-a-cop-2026-11-03" in first.read_text()
    for day in ("2027-01-09", "2027-02-13"):
        argv = ["new", "event", "Pier cleanup", "--start", f"{day} 09:00", *NOW]
        assert main(argv) == 0
    second = Path(capsys.readouterr().out.strip().splitlines()[-1])
    assert second.name == "2027-02-13-pier-cleanup.yaml"
    assert "  slug: pier-cleanup-2027-02-13  #" in second.read_text()
    assert main(["check", *NOW]) == 0


def test_an_empty_host_is_refused(work: Path, capsys: pytest.CaptureFixture) -> None:
    """An unset variable (`--host "$HOST"`) would show drafts to the whole network."""
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--host", "", *NOW])
    assert exited.value.code == 2
    assert "--host: expected an address" in capsys.readouterr().err


def test_template_error_names_the_template_and_line(
    work: Path, capsys: pytest.CaptureFixture
) -> None:
    page = work / "templates/page.html"
    lines = page.read_text().splitlines()
    lines.insert(2, "{{ pgae.title }}")
    page.write_text("\n".join(lines))
    assert main(NOW) == 1
    err = capsys.readouterr().err
    assert "templates/page.html:3: " in err and "pgae" in err
    assert "Traceback" not in err


def test_new_story_is_a_valid_draft_and_never_overwrites(
    work: Path, capsys: pytest.CaptureFixture
) -> None:
    argv = ["new", "story", "Surf: the rematch", "--community", "surf", *NOW]
    assert main(argv) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == Path("content/stories/2026-11-25-surf-the-rematch.md")
    meta = yaml.safe_load(path.read_text().split("---")[1])
    assert meta["title"] == "Surf: the rematch" and meta["draft"] is True
    assert meta["communities"] == ["surf"]
    path.write_text(path.read_text() + "My own words.\n")
    assert main(argv) == 2
    assert "already exists; nothing was changed" in capsys.readouterr().err
    assert path.read_text().endswith("My own words.\n")
    assert main(["check", *NOW]) == 0
    assert main(["check", "--drafts", *NOW]) == 0


def test_new_story_rejects_an_unknown_community(work: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["new", "story", "Hello", "--community", "srf", *NOW]) == 2
    assert "unknown community 'srf' (did you mean 'surf'?)" in capsys.readouterr().err


def test_new_event_builds(work: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["new", "event", "Pier walk", "--start", "2026-12-09 17:30", *NOW]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == Path("content/events/2026-12-09-pier-walk.yaml")
    assert "  slug: pier-walk  #" in path.read_text(encoding="utf-8")
    assert main(NOW) == 0
    assert "slug" not in capsys.readouterr().err  # pinned: no warning about its slug
    assert (work / "site/events/pier-walk/event.ics").exists()
    assert main(["new", "event", "Pier walk", "--start", "2026-12-09 17:30"]) == 2
    assert main(["new", "event", "Pier walk", "--start", "soon"]) == 2


def test_new_event_with_communities_is_listed_on_their_pages(
    work: Path, capsys: pytest.CaptureFixture
) -> None:
    argv = ["new", "event", "Paddle out", "--start", "2026-12-12 08:00", "--community", "surf"]
    assert main([*argv, "--community", "music", *NOW]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert yaml.safe_load(path.read_text())[0]["communities"] == ["surf", "music"]
    assert main(NOW) == 0
    for key in ("surf", "music"):
        page = (work / f"site/communities/{key}/index.html").read_text()
        assert 'href="/events/paddle-out/"' in page


def test_new_event_rejects_an_unknown_community_and_writes_nothing(
    work: Path, capsys: pytest.CaptureFixture
) -> None:
    argv = ["new", "event", "Paddle out", "--start", "2026-12-12 08:00", "--community", "srf"]
    assert main([*argv, *NOW]) == 2
    assert "unknown community 'srf' (did you mean 'surf'?)" in capsys.readouterr().err
    assert not (work / "content/events/2026-12-12-paddle-out.yaml").exists()


@pytest.mark.parametrize("rel", ["../x", "/etc/passwd", "a/../../b", "a\\..\\b", "", "."])
def test_no_path_can_escape_the_output_folder(tmp_path: Path, rel: str) -> None:
    with pytest.raises(UnsafeOutput):
        safe_target(tmp_path, rel)


def test_failure_summary_counts_files_with_errors_only(
    work: Path, capsys: pytest.CaptureFixture
) -> None:
    break_story(work)
    (work / "content/stories/notes.txt").write_text("not a story")
    about = work / "content/pages/about.md"
    about.write_text(about.read_text() + '\n<span onclick="x()">Hi</span>\n')
    assert main(NOW) == 1
    err = capsys.readouterr().err
    assert "content/stories/notes.txt:1: warning: ignored: not a content file" in err
    assert "Build failed: 1 problem in 1 file(s)." in err
    assert main(["check", "--strict", *NOW]) == 1
    assert "Build failed: 3 problems in 3 file(s)." in capsys.readouterr().err


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_missing_template_is_one_clear_line(
    work: Path, capsys: pytest.CaptureFixture, command: str
) -> None:
    (work / "templates/home.html").unlink()
    assert main([command, *NOW]) == 1
    err = capsys.readouterr().err
    assert err.startswith("templates/home.html: missing (every site needs it")
    assert "Build failed: 1 problem in 1 file(s)." in err


def test_scaffolds_build_in_any_content_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """Not only in the sample: this site has none of the sample's stories or communities."""
    make_site(tmp_path)
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    monkeypatch.chdir(tmp_path)
    assert main(["new", "story", "Coffee with a cop", "--templates", "templates", *NOW]) == 0
    assert main(["new", "event", "Pier walk", "--start", "2026-12-09 17:30", *NOW]) == 0
    event = tmp_path / "content/events/2026-12-09-pier-walk.yaml"
    text = event.read_text().replace("Where it happens", "Redondo Beach Pier, the plaza")
    event.write_text(text.replace("What to expect, who it is for", "A walk on the pier for all"))
    capsys.readouterr()  # the PIO writes over the words `new` wrote, as they are told to
    assert main(["check", "--drafts", "--strict", *NOW]) == 0
    assert main(["build", "--drafts", *NOW]) == 0
    assert (tmp_path / "site/stories/coffee-with-a-cop/index.html").is_file()
    assert (tmp_path / "site/events/pier-walk/index.html").is_file()  # its pinned slug
    assert "warning" not in capsys.readouterr().err


def test_a_very_long_title_gets_a_short_file_name(
    work: Path, capsys: pytest.CaptureFixture
) -> None:
    title = "Officers and neighbours " * 12 + "meet"
    assert len(title) > 290
    assert main(["new", "story", title, *NOW]) == 0
    path = Path(capsys.readouterr().out.strip())
    slug = path.stem.removeprefix("2026-11-25-")
    assert 50 < len(slug) <= 60
    assert ("officers-and-neighbours-" * 12).startswith(slug + "-")  # cut between words
    assert yaml.safe_load(path.read_text().split("---")[1])["title"] == title
    assert main(["check", "--drafts", *NOW]) == 0


def test_the_entry_script_delivers_every_line_and_the_exit_code(work: Path) -> None:
    """`build.py` ends the process without Python's teardown (which frees every cached
    object one by one): what the command printed must still arrive through a pipe,
    buffered as it is when nobody asked for unbuffered output, and the exit code
    must still be the command's."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, str(REPO / "build.py"), *args, *NOW]
        return subprocess.run(command, capture_output=True, text=True, env=env, check=False)

    built = run("build", "--quiet")
    assert (built.returncode, built.stdout, built.stderr) == (0, "", "")
    checked = run("check")
    assert checked.returncode == 0 and checked.stdout.strip() == "No problems found."
    break_story(work)
    failed = run("build")
    assert failed.returncode == 1
    assert "content/stories/2026-08-02-surf-contest.md:" in failed.stderr
    assert failed.stdout == ""


def test_long_titles_and_file_names_still_build(work: Path, capsys: pytest.CaptureFixture) -> None:
    """A folder name has a length limit (255 bytes on most file systems); a slug the build
    makes from a title or a file name is cut between words to 100 characters instead."""
    name = "2026-11-01-" + "-".join(["neighbors"] * 20) + ".md"
    story = "---\ntitle: Neighbors\ndate: 2026-11-01\n---\n\nText.\n"
    (work / "content/stories" / name).write_text(story)
    event = f'- title: {"x" * 250}\n  start: "2026-12-05 10:00"\n  location: Pier\n'
    (work / "content/events/long.yaml").write_text(event)
    assert main(["build", *NOW]) == 0
    assert "Traceback" not in capsys.readouterr().err
    story_slug = "-".join(["neighbors"] * 10)  # 99 characters: an eleventh word would not fit
    assert (work / f"site/stories/{story_slug}/index.html").is_file()
    assert (work / f"site/events/{'x' * 89}-2026-12-05/event.ics").is_file()


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize("jobs", ["0", "65", "99999999999999999999"])
def test_jobs_from_1_to_64_only(
    work: Path, capsys: pytest.CaptureFixture, command: str, jobs: str
) -> None:
    """Twenty digits of processes used to end in `OSError: Too many open files`."""
    with pytest.raises(SystemExit) as stopped:
        main([command, *NOW, "--jobs", jobs])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"argument --jobs: expected a number of processes from 1 to 64; got '{jobs}'" in err
    assert not (work / "site").exists()
    assert main([command, *NOW, "--jobs", "64"]) == 0


def test_a_stop_between_calls_never_splits_a_preview_line() -> None:
    """Ctrl-C raises from a signal handler, which Python runs between calls.

    `print` writes a line and its newline in two calls; a stop between them
    left "Stopped." glued to the end of the last report line.
    """
    from microsite.cli import _whole_line

    class StoppedAfterEachWrite(io.StringIO):
        def write(self, text: str) -> int:
            super().write(text)
            raise KeyboardInterrupt  # the signal handler runs as the call returns

    stream = StoppedAfterEachWrite()
    with pytest.raises(KeyboardInterrupt):
        _whole_line(stream, "surf.md: 1 problem(s); the browser shows them.")
    assert stream.getvalue() == "surf.md: 1 problem(s); the browser shows them.\n"


def test_the_entry_point_turns_the_collector_back_on_once_the_package_is_in() -> None:
    """`build.py` keeps Python's cycle collector off while it imports the package (speed);
    left off, a long preview session would never free a cycle of its rebuilds."""
    probe = "import gc, runpy; runpy.run_path('build.py'); print(gc.isenabled())"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "True"
