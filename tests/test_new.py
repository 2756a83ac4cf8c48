"""`new story` and `new event` when the keyboard slips: a clean message, never a traceback,
never a file outside content/, never a file written over.

The happy paths live in test_cli.py and test_translations.py; these are the fuzzer's finds.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sitefactory import SITE_YAML, STORY, make_site

from microsite.cli import main

NOW = ["--now", "2026-11-25T09:00"]
BILINGUAL = "languages: [en, es]\n" + SITE_YAML
ONLY_CONTENT = "only a story or page in content/stories/ or content/pages/ can be translated"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bilingual content folder in a tmp working directory; returns the working directory."""
    make_site(tmp_path, {"site.yaml": BILINGUAL})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def files(root: Path) -> dict[str, bytes]:
    """Every file under `root` (links not followed), to show that nothing was written."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def refused(argv: list[str], capsys: pytest.CaptureFixture) -> str:
    """Run a `new` command that must fail as a usage error; its one-line message."""
    assert main(["new", *argv, *NOW]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err.removeprefix("error: ").rstrip("\n")


# --- --translate reads the original the way the build does --------------------------------


def test_translate_names_an_original_that_is_not_utf8_at_its_line(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    original = site / "content/stories/2026-01-05-x.md"
    original.write_bytes(b"---\ntitle: Caf\xe9\ndate: 2026-01-01\n---\nhi\n")
    before = files(site)
    message = refused(["story", "--translate", "content/stories/2026-01-05-x.md"], capsys)
    assert message == (
        "content/stories/2026-01-05-x.md:2: this file is not UTF-8 text"
        " (save it as UTF-8 in your editor (File > Save with encoding > UTF-8))"
    )
    assert files(site) == before


def test_translate_reads_a_byte_order_mark_and_windows_line_ends(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    """What the build reads, `--translate` reads: a BOM and CRLF are fine in a UTF-8 file."""
    original = site / "content/stories/2026-01-05-x.md"
    original.write_bytes(b"\xef\xbb\xbf" + STORY.replace("\n", "\r\n").encode())
    assert main(["new", "story", "--translate", "2026-01-05-x.md", *NOW]) == 0
    written = Path(capsys.readouterr().out.strip())
    assert written == Path("content/stories/2026-01-05-x.es.md")
    assert written.read_text(encoding="utf-8").startswith('---\ntitle: "A good story"  # translate')


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "nope.md",
            "--translate: no story or page named 'nope.md'"
            " (give a file in content/stories/ or content/pages/)",
        ),
        (
            "content/stories",
            "--translate: content/stories is a folder (give one story or page file in it)",
        ),
    ],
)
def test_translate_names_a_missing_original_or_a_folder(
    site: Path, capsys: pytest.CaptureFixture, name: str, expected: str
) -> None:
    before = files(site)
    assert refused(["story", "--translate", name], capsys) == expected
    assert files(site) == before


def test_translate_says_when_the_original_cannot_be_read(
    site: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests run as root, who reads any file whatever its mode: the refusal is simulated."""
    read_bytes = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self.name == "2026-08-02-good.md":
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    message = refused(["story", "--translate", "2026-08-02-good.md"], capsys)
    assert message == "content/stories/2026-08-02-good.md: cannot be read (Permission denied)"
    assert not (site / "content/stories/2026-08-02-good.es.md").exists()


# --- --translate takes only stories and pages inside content/ -------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "outside.md",  # beside content/, in the working directory
        "/etc/passwd",
        "content/site.yaml",
        "content/stories/../../outside.md",
        "content/stories/linked.md",  # a link in stories/ that leads out of content/
        "content/media/notes.md",
    ],
)
def test_translate_refuses_anything_but_a_story_or_page_in_content(
    site: Path, capsys: pytest.CaptureFixture, name: str
) -> None:
    (site / "outside.md").write_text(STORY)
    (site / "content/stories/linked.md").symlink_to(site / "outside.md")
    (site / "content/media").mkdir()
    (site / "content/media/notes.md").write_text(STORY)
    before = files(site)
    message = refused(["story", "--translate", name, "--lang", "es"], capsys)
    assert message.startswith("--translate: ") and message.endswith(f"{ONLY_CONTENT})")
    assert files(site) == before
    assert not list(site.rglob("*.es.md"))


@pytest.mark.parametrize("name", ["about.md", "pages/about.md", "content/pages/about.md"])
def test_translate_finds_a_page_by_its_name_or_path(
    site: Path, capsys: pytest.CaptureFixture, name: str
) -> None:
    (site / "content/pages").mkdir()
    (site / "content/pages/about.md").write_text(STORY.replace("date: 2026-08-02\n", ""))
    assert main(["new", "story", "--translate", name, *NOW]) == 0
    assert capsys.readouterr().out.strip() == "content/pages/about.es.md"


# --- The content folder must be there; new never makes one --------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["story", "Hi"],
        ["event", "Meet", "--start", "2026-12-01 10:00"],
        ["story", "--translate", "2026-08-02-good.md"],
    ],
)
@pytest.mark.parametrize(
    ("where", "what"),
    [
        ("typo", "typo does not exist"),
        ("empty", "empty has no site.yaml"),
        ("site.txt", "site.txt is not a folder"),
    ],
)
def test_new_needs_an_existing_content_folder(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
    argv: list[str],
    where: str,
    what: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    (tmp_path / "site.txt").write_text("not a folder")
    message = refused([*argv, "--content", where], capsys)
    assert message == (
        f"no content folder here: {what} (run this from your site's folder, or give --content)"
    )
    assert files(tmp_path) == {"site.txt": b"not a folder"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "site.txt"]


def test_new_run_from_the_wrong_folder_makes_no_content_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.chdir(tmp_path)
    message = refused(["story", "Hi"], capsys)
    assert message.startswith("no content folder here: content does not exist (run this")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", ["file", "broken link"])
@pytest.mark.parametrize(
    ("folder", "argv"),
    [("events", ["event", "Meet", "--start", "2026-12-01 10:00"]), ("stories", ["story", "Hi"])],
)
def test_new_says_when_its_folder_is_a_file(
    site: Path, capsys: pytest.CaptureFixture, kind: str, folder: str, argv: list[str]
) -> None:
    path = site / "content" / folder
    if path.exists():
        for child in path.iterdir():
            child.unlink()
        path.rmdir()
    if kind == "file":
        path.write_text("my notes")
    else:
        path.symlink_to(site / "gone")
    message = refused(argv, capsys)
    assert message == (
        f"content/{folder} is not a folder: it is a file, or a link that leads nowhere"
        " (rename it, then run this again)"
    )
    assert path.is_symlink() or path.read_text() == "my notes"


def test_new_writes_no_file_through_a_folder_link_that_leads_out_of_content(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    """The build ignores such a folder, so a file written there would never be published."""
    (site / "elsewhere").mkdir()
    (site / "content/events").symlink_to(site / "elsewhere")
    message = refused(["event", "Meet", "--start", "2026-12-01 10:00"], capsys)
    assert message == (
        "content/events is a link that leads outside content/, and the build reads nothing"
        " there (make it a real folder inside content/)"
    )
    assert list((site / "elsewhere").iterdir()) == []
