"""`new story` and `new event` when the keyboard slips: a clean message, never a traceback,
never a file outside content/, never a file written over.

The happy paths live in test_cli.py and test_translations.py; these are the fuzzer's finds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

import pytest
from sitefactory import SITE_YAML, STORY, make_site

from microsite.cli import main

NOW = ["--now", "2026-11-25T09:00"]
REPO = Path(__file__).resolve().parent.parent
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


@pytest.mark.parametrize(
    ("denied_file", "argv"),
    [
        ("stories/2026-08-02-good.md", ["story", "--translate", "2026-08-02-good.md"]),
        ("site.yaml", ["story", "Hi"]),
        ("communities.yaml", ["story", "Hi", "--community", "surf"]),
    ],
)
def test_new_says_when_a_file_it_reads_cannot_be_read(
    site: Path,
    capsys: pytest.CaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    denied_file: str,
    argv: list[str],
) -> None:
    """Tests run as root, who reads any file whatever its mode: the refusal is simulated."""
    read_bytes = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self.as_posix().endswith(denied_file):
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    before = files(site)
    monkeypatch.setattr(Path, "read_bytes", denied)
    message = refused(argv, capsys)
    monkeypatch.undo()
    denied = (
        f"content/{denied_file}:1: this file may not be read (permission denied) "
        "(let your user read it: chmod u+r, or the file's Properties on Windows)"
    )
    assert message.startswith(denied)  # the build's own words (content/reading.py)
    assert files(site) == before


def test_a_file_that_cannot_be_written_whole_is_removed(
    site: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk mid-write must not leave half a story that blocks the next try."""
    real_open = Path.open

    class Full:
        def __init__(self, file: IO[str]) -> None:
            self.file = file

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.file.close()

        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

    def opening(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        file = real_open(self, mode, *args, **kwargs)
        return Full(file) if mode == "x" else file

    monkeypatch.setattr(Path, "open", opening)
    message = refused(["story", "Hi"], capsys)
    path = "content/stories/2026-11-25-hi.md"
    assert message == f"{path}: cannot be written (No space left on device)"
    assert not (site / path).exists()


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
        f"no content folder here: {what} (run this from your site's folder, the one that "
        "holds content/, or give --content)"
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


# --- Titles ------------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["قهوة مع شرطي", "קפה עם שוטר", "☕🚓", "Кофе с полицейским"])
@pytest.mark.parametrize("kind", ["story", "event"])
def test_a_title_without_latin_letters_says_why_it_needs_them(
    site: Path, capsys: pytest.CaptureFixture, title: str, kind: str
) -> None:
    start = ["--start", "2026-12-01 10:00"] if kind == "event" else []
    before = files(site)
    assert refused([kind, title, *start], capsys) == (
        "the file's name and the page's address are made of the title's Latin letters (a-z)"
        " and digits, and this title has none (give the title in Latin letters, in English"
        " say; then, in the file, write this title over it: the address stays as it was)"
    )
    assert files(site) == before


@pytest.mark.parametrize("kind", ["story", "event"])
@pytest.mark.parametrize("title", ["", "   "])
def test_an_empty_title_is_called_empty(
    site: Path, capsys: pytest.CaptureFixture, title: str, kind: str
) -> None:
    start = ["--start", "2026-12-01 10:00"] if kind == "event" else []
    message = refused([kind, title, *start], capsys)
    assert message == f'the title is empty (give it in quotes: new {kind} "Coffee with a Cop")'


@pytest.mark.parametrize("char", ["\u202a", "\u202e", "\u2066", "\u2069", "\u200b", "\ufeff"])
@pytest.mark.parametrize("kind", ["story", "event"])
def test_a_title_with_an_invisible_format_character_is_refused(
    site: Path, capsys: pytest.CaptureFixture, char: str, kind: str
) -> None:
    """A bidi override makes a title read otherwise than it is written; like the build's
    control characters, it is refused, named by its code point."""
    start = ["--start", "2026-12-01 10:00"] if kind == "event" else []
    before = files(site)
    message = refused([kind, f"Pier {char}walk", *start], capsys)
    assert message == (
        f"the title contains the invisible control character U+{ord(char):04X}"
        " (delete it: retype the text around it)"
    )
    assert files(site) == before


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Family 👨\u200d👩\u200d👧 day", "family-day"),  # zero-width joiners build the emoji
        ("Pier walk \u0645\u06cc\u200cروم", "pier-walk"),  # Persian needs the non-joiner
    ],
)
def test_joiners_that_scripts_and_emoji_need_are_kept(
    site: Path, capsys: pytest.CaptureFixture, title: str, name: str
) -> None:
    assert main(["new", "story", title, *NOW]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.name == f"2026-11-25-{name}.md"
    assert title in path.read_text(encoding="utf-8")


# --- Languages ---------------------------------------------------------------------------


def test_translating_into_the_default_language_says_it_is_the_originals(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    message = refused(["story", "--translate", "2026-08-02-good.md", "--lang", "en"], capsys)
    assert message == (
        "--lang: 'en' is the site's default language, the original's own"
        " (a translation is in another of the site's languages: es)"
    )


def test_a_one_language_site_is_told_how_to_add_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    make_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    message = refused(["story", "--translate", "2026-08-02-good.md"], capsys)
    assert message == (
        "--translate: this site has one language, en"
        " (add the translation's to site.yaml first: languages: [en, es])"
    )


def test_a_spanish_only_story_is_translated_into_the_default_language(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    (site / "content/stories/2026-09-01-solo.es.md").write_text(STORY)
    assert main(["new", "story", "--translate", "2026-09-01-solo.es.md", *NOW]) == 0
    assert capsys.readouterr().out.strip() == "content/stories/2026-09-01-solo.md"


def test_a_language_the_site_lacks_writes_nothing(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    before = files(site)
    assert refused(["story", "Hi", "--lang", "xx"], capsys) == (
        "--lang: 'xx' is not one of the site's languages (site.yaml has: en, es)"
    )
    assert files(site) == before


@pytest.mark.parametrize(
    ("name", "text", "argv"),
    [  # site.yaml: before, `--lang es` said the site had only `en`, an unreadable file's stand-in
        ("site.yaml", BILINGUAL + "title: [\n", ["story", "Hi", "--lang", "es"]),
        ("communities.yaml", "surf: [\n", ["story", "Hi", "--community", "surf"]),
    ],
)
def test_a_broken_settings_file_is_named_not_guessed_at(
    site: Path, capsys: pytest.CaptureFixture, name: str, text: str, argv: list[str]
) -> None:
    (site / "content" / name).write_text(text)
    message = refused(argv, capsys)
    assert message.startswith(f"content/{name}:")
    assert message.endswith("; fix it first (python build.py check lists every problem)")


# --- Event dates -------------------------------------------------------------------------


def test_an_event_in_the_past_is_written_with_a_warning(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    """A past event may be worth recording; a wrong year is the likelier slip, so say so."""
    assert main(["new", "event", "Meet", "--start", "2025-12-01 10:00", *NOW]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == "content/events/2025-12-01-meet.yaml"
    assert err == (
        "warning: --start: 2025-12-01 10:00 is in the past (it is now 2026-11-25 09:00):"
        " the event will be listed among past events; is the year right?\n"
    )


def test_an_event_later_today_has_no_warning(site: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["new", "event", "Meet", "--start", "2026-11-25", *NOW]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("argv", "written", "slug"),
    [
        (["story", "ES"], "content/stories/2026-11-25-es.md", "es-2026-11-25"),
        (["event", "ES", "--start", "2026-12-05 09:00"], "content/events/2026-12-05-es.yaml", "es-2026-12-05"),
        (["event", "Past", "--start", "2026-12-05 09:00"], "content/events/2026-12-05-past.yaml", "past-2026-12-05"),
    ],
)  # fmt: skip
def test_a_title_whose_address_the_site_keeps_gets_the_date_and_builds(
    site: Path, capsys: pytest.CaptureFixture, argv: list[str], written: str, slug: str
) -> None:
    """`es` is the Spanish side's folder and `past` the past events' list: the file `new`
    wrote failed the build at once (fuzzing find)."""
    assert main(["new", *argv, *NOW]) == 0
    assert capsys.readouterr().out.strip() == written
    assert f"slug: {slug}" in (site / written).read_text(encoding="utf-8")
    assert main(["check", "--templates", str(REPO / "templates"), *NOW]) == 0


@pytest.mark.parametrize("title", ["Yes", "Off", "Null", "2026", "0x1F"])
def test_an_event_titled_like_a_yaml_value_gets_a_slug_that_reads_as_text(
    site: Path, capsys: pytest.CaptureFixture, title: str
) -> None:
    """The event "Yes" was written `slug: yes`, which YAML reads as true: the file `new`
    wrote failed the build (review find)."""
    assert main(["new", "event", title, "--start", "2026-12-05 09:00", *NOW]) == 0
    written = site / capsys.readouterr().out.strip()
    assert f'slug: "{title.lower()}"' in written.read_text(encoding="utf-8")
    assert main(["check", "--templates", str(REPO / "templates"), *NOW]) == 0


def test_new_reads_past_a_named_pipe_or_a_link_to_a_device(site: Path) -> None:
    """Looking for a taken address, `new` read every entry of the folder: a named pipe
    held it for ever, and a link to /dev/zero ran it out of memory (fuzzing find)."""
    os.mkfifo(site / "content/stories/notes.md")
    (site / "content/stories/zero.md").symlink_to("/dev/zero")
    (site / "content/events").mkdir(exist_ok=True)
    os.mkfifo(site / "content/events/pipe.yaml")
    for argv in (["story"], ["event", "--start", "2026-12-12 10:00"]):
        command = [sys.executable, str(REPO / "build.py"), "new", *argv, "Pipe test", *NOW]
        done = subprocess.run(command, cwd=site, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["Extra title"], "new story --translate: the title is the original's, to translate "
         "in the file; leave out 'Extra title'"),
        (["--community", "surf"], "new story --translate: a translation has its original's "
         "communities; leave out --community"),
    ],
)  # fmt: skip
def test_translate_says_what_it_would_not_use(
    site: Path, capsys: pytest.CaptureFixture, extra: list[str], expected: str
) -> None:
    """Both were accepted and silently dropped (fuzzing find)."""
    before = files(site)
    name = "content/stories/2026-08-02-good.md"
    assert refused(["story", "--translate", name, *extra], capsys) == expected
    assert files(site) == before


def test_a_translation_marks_the_caption_to_translate(site: Path) -> None:
    original = site / "content/stories/2026-08-02-good.md"
    text = original.read_text().replace(
        "---\n\n", "image_caption: Officers at the pier.\n---\n\n", 1
    )
    original.write_text(text)
    assert main(["new", "story", "--translate", str(original.relative_to(site)), *NOW]) == 0
    written = (site / "content/stories/2026-08-02-good.es.md").read_text()
    assert 'image_caption: "Officers at the pier."  # translate' in written


def test_translate_asks_which_language_on_a_site_with_three(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    """It picked Spanish for a Vietnamese translator who left out --lang (fuzzing find)."""
    site_yaml = site / "content/site.yaml"
    site_yaml.write_text(
        site_yaml.read_text().replace("languages: [en, es]", "languages: [en, es, vi]")
    )
    (site / "content/stories/2026-09-01-solo.md").write_text(STORY)
    before = files(site)
    assert refused(["story", "--translate", "2026-09-01-solo.md"], capsys) == (
        "--translate: which language? This site has es, vi besides en (add --lang es, say)"
    )
    assert files(site) == before
    (site / "content/stories/2026-09-01-solo.es.md").write_text(STORY)
    assert refused(["story", "--translate", "2026-09-01-solo.md"], capsys) == (
        "--translate: which language? This site has es, vi besides en (add --lang vi, say)"
    )  # the one not translated yet
    assert main(["new", "story", "--translate", "2026-09-01-solo.md", "--lang", "vi", *NOW]) == 0
    assert capsys.readouterr().out.strip() == "content/stories/2026-09-01-solo.vi.md"


def test_the_words_new_writes_are_a_warning_once_published(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    """An event has no draft: `new event` published "Where it happens" and "What to expect,
    who it is for, and what to bring." with no word from `check` (walkthrough find). A
    story's are left alone while it is a draft."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from microsite.content.load import load_site

    assert main(["new", "event", "Bike rodeo", "--start", "2026-12-12 10:00", *NOW]) == 0
    assert main(["new", "story", "Bike rodeo recap", *NOW]) == 0
    capsys.readouterr()
    now = datetime(2026, 12, 20, 9, tzinfo=ZoneInfo("America/Los_Angeles"))
    said = [str(w) for w in load_site(Path("content"), now=now)[1]]
    event = "content/events/2026-12-12-bike-rodeo.yaml"
    assert said == [
        f"{event}:5: warning: location: still the words `new` wrote (write over it with the place's name)",
        f'{event}:10: warning: still the words `new` wrote: "What to expect, who it is '
        '..." (write over it, or delete it)',
    ]
    story = site / "content/stories/2026-11-25-bike-rodeo-recap.md"
    story.write_text(story.read_text().replace("draft: true", "draft: false"))
    said = [str(w) for w in load_site(Path("content"), now=now)[1] if "bike-rodeo-recap" in w.path]
    assert [line.split(": warning: ")[1].split(" (write")[0] for line in said] == [
        "summary: still the words `new` wrote",
        'still the words `new` wrote: "Start with what happened, who was ..."',
        'still the words `new` wrote: "## A heading for the next ..."',
        'still the words `new` wrote: "To link to another story, write ..."',
    ]


@pytest.mark.parametrize("command", [["new", "story", "Hi"], ["check"]])
def test_run_from_inside_content_or_above_the_site_says_where_to_go(
    site: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """From inside content/ the message named `--content`, an option the PIO never typed
    (walkthrough find): it now says which folder to go to."""
    monkeypatch.chdir(site / "content")
    assert main([*command, *NOW]) != 0
    said = capsys.readouterr().err
    assert "this folder holds site.yaml, so it is the content folder: go up one (cd ..)" in said
    above = site / "above"
    shutil.copytree(site / "content", above / "mysite" / "content")
    monkeypatch.chdir(above)
    assert main([*command, *NOW]) != 0
    assert "the site's folder is mysite: go there (cd mysite)" in capsys.readouterr().err


def test_a_spanish_story_starts_in_spanish_words(site: Path, capsys: pytest.CaptureFixture) -> None:
    """`new story --lang es` wrote English words to write over (walkthrough find); they are
    Spanish now, and a warning still, once published."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from microsite.content.load import load_site

    assert main(["new", "story", "Reunión de vecinos", "--lang", "es", *NOW]) == 0
    path = Path(capsys.readouterr().out.strip())
    text = path.read_text()
    assert "summary: Una frase que diga qué pasó y por qué importa." in text
    assert "Empiece por lo que pasó" in text and "Start with" not in text
    path.write_text(text.replace("draft: true", "draft: false"))
    now = datetime(2026, 12, 20, 9, tzinfo=ZoneInfo("America/Los_Angeles"))
    said = [str(w) for w in load_site(Path("content"), now=now)[1] if w.path == str(path)]
    assert len(said) == 4 and all("still the words `new` wrote" in w for w in said)


def test_a_placeholder_in_a_folded_description_is_found_at_its_file_line() -> None:
    """A `>` text joins its lines into one: the warning named the description's first line
    (review find)."""
    from zoneinfo import ZoneInfo

    from microsite.content.events import EventRules, parse_events

    text = (
        '- title: Test\n  start: "2026-12-10 18:00"\n  location: Pier\n  slug: test\n'
        "  description: >\n    Come meet the officers.\n    Bring your family.\n"
        "    What to expect, who it is for, and what to bring.\n"
    )
    problems: list = []
    rules = EventRules(tz=ZoneInfo("America/Los_Angeles"), communities=())
    parse_events(text, "e.yaml", rules, problems)
    assert [str(p).split(": warning")[0] for p in problems] == ["e.yaml:8"]
