"""Hostile or mangled content is refused at its file and line, before it reaches any output.

Each case here once crashed a build, hung it, or slipped something into a
published file: an alias bomb, control characters in titles, a newline in
`base_url` or a slug, a link out of content/, the year 9999.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from sitefactory import COMMUNITIES_YAML, SITE_YAML, make_site, problems_for

from microsite.content.load import load_site
from microsite.errors import BuildFailed
from microsite.output import collect_files

NOW = datetime.fromisoformat("2026-11-25T09:00")
STORY_FILE = "stories/2026-01-01-a.md"
ONE_LINE = "(write it on one line)"
CONTROL = "(delete it: retype the text around it)"
YEARS = "(use a year from 1900 to 2999)"
ALIAS = "YAML aliases (*name) are not supported: write the value out where it is used"


def story(front: str) -> str:
    return f"---\n{front}\n---\n\nText.\n"


def event(extra: str = "", title: str = "Cleanup", start: str = "2026-12-01") -> str:
    return f'- title: "{title}"\n  start: {start}\n  location: Pier\n  slug: cleanup\n{extra}'


# Run from a throwaway folder: messages name `content/...`, as a PIO sees them.
pytestmark = pytest.mark.usefixtures("in_tmp")


def alias_bomb(levels: int) -> str:
    """Nine levels of ten aliases each: 10**9 items once expanded."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 10)}]")
    return "\n".join([*lines, f"? *a{levels}", ": 1"])


CASES = {
    "alias bomb as a mapping key in front matter": (
        {STORY_FILE: story(alias_bomb(9))},
        f"content/stories/2026-01-01-a.md:3: {ALIAS}",
    ),
    "alias to a scalar in an events file": (
        {"events/e.yaml": event("  address: &where 1 Pier Way\n- title: B\n  location: *where\n")},
        f"content/events/e.yaml:7: {ALIAS}",
    ),
    "alias in site.yaml": (
        {"site.yaml": SITE_YAML.replace("title: Harbor", "title: &t Harbor") + "language: *t\n"},
        f"content/site.yaml:11: {ALIAS}",
    ),
    "newline in an event title": (
        {"events/e.yaml": event(title="Clean\\nup")},
        f"content/events/e.yaml:1: title: must be one line, without line breaks {ONE_LINE}",
    ),
    "carriage return injecting a calendar property": (
        {"events/e.yaml": event(title="Cleanup\\rX-INJECTED:1")},
        f"content/events/e.yaml:1: title: must be one line, without line breaks {ONE_LINE}",
    ),
    "control character in an event location": (
        {"events/e.yaml": event().replace("Pier", '"Pier\\x01"')},
        "content/events/e.yaml:3: location: contains the invisible control character U+0001 "
        + CONTROL,
    ),
    "control character in an event description": (
        {"events/e.yaml": event('  description: "Line one\\nline two\\x1b[31m"\n')},
        "content/events/e.yaml:5: description: contains the invisible control character U+001B "
        + CONTROL,
    ),
    "line separator in a story summary": (
        {STORY_FILE: story('title: A\ndate: 2026-01-01\nsummary: "One\\u2029Two"')},
        "content/stories/2026-01-01-a.md:4: summary: contains the invisible control character "
        f"U+2029 {CONTROL}",
    ),
    "line separator in a story title": (
        {STORY_FILE: story('title: "A\\u2028B"\ndate: 2026-01-01')},
        f"content/stories/2026-01-01-a.md:2: title: must be one line, without line breaks {ONE_LINE}",
    ),
    "control character in a story summary": (
        {STORY_FILE: story('title: A\ndate: 2026-01-01\nsummary: "One\\x00"')},
        "content/stories/2026-01-01-a.md:4: summary: contains the invisible control character "
        f"U+0000 {CONTROL}",
    ),
    "newline in the site title": (
        {"site.yaml": SITE_YAML.replace("title: Harbor Police Community", 'title: "A\\nB"')},
        f"content/site.yaml:1: title: must be one line, without line breaks {ONE_LINE}",
    ),
    "control character in a contact field": (
        {
            "site.yaml": SITE_YAML.replace("email: community", 'email: "\\x07community').replace(
                "harbor.example\n  address", 'harbor.example"\n  address'
            )
        },
        f"content/site.yaml:9: email: contains the invisible control character U+0007 {CONTROL}",
    ),
    "control character in a community name": (
        {"communities.yaml": COMMUNITIES_YAML.replace("name: Surf", 'name: "Surf\\x01"')},
        f"content/communities.yaml:2: name: contains the invisible control character U+0001 {CONTROL}",
    ),
    "control character in a community description": (
        {"communities.yaml": COMMUNITIES_YAML.replace("Surfers.", '"Surf\\x0cers."')},
        "content/communities.yaml:3: description: contains the invisible control character "
        f"U+000C {CONTROL}",
    ),
    "brackets nested thirty thousand deep (the YAML parser crashed the process)": (
        {STORY_FILE: story("title: A\ndate: 2026-01-01\nsummary: " + "[" * 30000)},
        f"content/{STORY_FILE}:4: values nested more than 50 deep: no content needs this "
        "(check for stray [ { or -)",
    ),
    "dashes nested deep in an events file": (
        {"events/e.yaml": event() + "- " * 30000 + "x\n"},
        "content/events/e.yaml:5: values nested more than 50 deep: no content needs this "
        "(check for stray [ { or -)",
    ),
    "mappings nested by indentation": (
        {"events/e.yaml": event() + "".join(" " * (i + 2) + f"k{i}:\n" for i in range(120))},
        "content/events/e.yaml:103: values nested more than 50 deep: no content needs this "
        "(check for stray [ { or -)",
    ),
    "YAML merge key": (
        {
            "events/e.yaml": "- &base\n  title: A\n  start: 2026-12-01\n  location: Pier\n- <<: *base\n"
        },
        "content/events/e.yaml:5: YAML merge keys (<<:) are not supported: write the values out "
        "where they are used",
    ),
    "control character in a story's text": (
        {STORY_FILE: "---\ntitle: A\ndate: 2026-01-01\n---\n\nFirst.\n\nHello\x01 world.\n"},
        f"content/{STORY_FILE}:8: contains the invisible control character U+0001 {CONTROL}",
    ),
    "form feed in a page's text, pasted from a PDF": (
        {"pages/help.md": "---\ntitle: Help\n---\n\nOne.\x0c\n\nTwo.\n"},
        f"content/pages/help.md:5: contains the invisible control character U+000C {CONTROL}",
    ),
    "community key ending in a newline": (
        {"communities.yaml": '"skate\\n":\n  name: Skate\n' + COMMUNITIES_YAML},
        "content/communities.yaml:1: 'skate\\n' is not a valid community key "
        "(use lowercase letters, digits and single hyphens, like 'skate')",
    ),
    "base_url with a newline": (
        {
            "site.yaml": SITE_YAML.replace(
                "base_url: https://community.harbor.example",
                'base_url: "https://community.harbor.example/\\nDisallow: /"',
            )
        },
        f"content/site.yaml:3: base_url: must be one line, without line breaks {ONE_LINE}",
    ),
    "base_url with credentials": (
        {"site.yaml": SITE_YAML.replace("https://community", "https://pio:secret@community")},
        "content/site.yaml:3: base_url: expected an absolute https address, got "
        "'https://pio:secret@community.harbor.example' "
        "(it must not contain a user name or password)",
    ),
    "base_url with a query": (
        {"site.yaml": SITE_YAML.replace("harbor.example\n", "harbor.example/?x=1\n", 1)},
        "content/site.yaml:3: base_url: expected an absolute https address, got "
        "'https://community.harbor.example/?x=1' "
        "(it must not have a query or fragment: nothing from '?' or '#' on)",
    ),
    "base_url with a bad host": (
        {"site.yaml": SITE_YAML.replace("community.harbor", "community_harbor")},
        "content/site.yaml:3: base_url: expected an absolute https address, got "
        "'https://community_harbor.example' ('community_harbor.example' is not a host name)",
    ),
    "base_url with a character a page escapes": (
        {"site.yaml": SITE_YAML.replace("harbor.example\n", "harbor.example/police&fire\n", 1)},
        "content/site.yaml:3: base_url: expected an absolute https address, got "
        "'https://community.harbor.example/police&fire' (it must not contain '&')",
    ),
    "base_url with a comma": (
        {"site.yaml": SITE_YAML.replace("harbor.example\n", "harbor.example/a,b\n", 1)},
        "content/site.yaml:3: base_url: expected an absolute https address, got "
        "'https://community.harbor.example/a,b' (it must not contain ',')",
    ),
    "a contact email that copies mail to someone else": (
        {
            "site.yaml": SITE_YAML.replace(
                "email: community@harbor.example",
                'email: "community@harbor.example?cc=tips@evil.example"',
            )
        },
        "content/site.yaml:9: email: expected one email address, got "
        "'community@harbor.example?cc=tips@evil.example' (like community@redondo.org, and "
        "nothing after it)",
    ),
    "an emergency number with words after it, which phones would dial as one number": (
        {"site.yaml": SITE_YAML.replace('emergency: "911"', "emergency: 911 (text 911 too)")},
        "content/site.yaml:7: emergency: expected one phone number, got '911 (text 911 too)' "
        "(write the number alone, like 911: phones dial it)",
    ),
    "a non-emergency number that is not one": (
        {"site.yaml": SITE_YAML.replace("(555) 010-2000", "javascript:alert(3)")},
        "content/site.yaml:8: non_emergency: expected one phone number, got "
        "'javascript:alert(3)' (write the number alone, like (310) 379-2477: phones dial it)",
    ),
    "a yes where a date goes": (
        {"events/e.yaml": event(start="no")},
        "content/events/e.yaml:2: start: expected a date, got a yes-or-no value (false) "
        "(dates look like 2026-12-05 or 2026-12-05 09:00)",
    ),
    "an event link with a space": (
        {"events/e.yaml": event('  registration: "http://example.org/Sign Up Form.pdf"\n')},
        "content/events/e.yaml:5: registration: expected a web address, got "
        "'http://example.org/Sign Up Form.pdf' (it must not contain spaces, line breaks or "
        "control characters; copy it from the browser's address bar)",
    ),
    "an event link without a host": (
        {"events/e.yaml": event('  url: "https://"\n')},
        "content/events/e.yaml:5: url: expected a web address, got 'https://' "
        "(it names no site after '//')",
    ),
    "an event link with a tag in it": (
        {"events/e.yaml": event('  url: "https://example.org/<b>"\n')},
        "content/events/e.yaml:5: url: expected a web address, got 'https://example.org/<b>' "
        "(it must not contain '<'; copy it from the browser's address bar)",
    ),
    "an event link with a password": (
        {"events/e.yaml": event('  url: "https://pio:secret@example.org/"\n')},
        "content/events/e.yaml:5: url: expected a web address, got "
        "'https://pio:secret@example.org/' (it must not contain a user name or password)",
    ),
    "year 9999 in a story": (
        {STORY_FILE: story("title: A\ndate: 9999-12-31")},
        f"content/stories/2026-01-01-a.md:3: date: the year 9999 is out of range {YEARS}",
    ),
    "year 0001 in an event": (
        {"events/e.yaml": event(start="0001-01-01 10:00")},
        f"content/events/e.yaml:2: start: the year 1 is out of range {YEARS}",
    ),
    "year 9999 in the alert": (
        {"site.yaml": SITE_YAML + "alert:\n  message: Road closed\n  expires: 9999-12-31\n"},
        f"content/site.yaml:13: expires: the year 9999 is out of range {YEARS}",
    ),
}


@pytest.mark.parametrize("files, expected", CASES.values(), ids=CASES.keys())
def test_each_hostile_input_names_file_and_line(tmp_path: Path, files: dict, expected: str) -> None:
    assert expected in problems_for(tmp_path, files)


def test_every_line_of_a_text_with_control_characters_is_named(tmp_path: Path) -> None:
    body = "A\x1b[31m red.\n\nPlain.\n\nB\x07\x07 and C\x08.\n"
    found = problems_for(tmp_path, {STORY_FILE: f"---\ntitle: A\ndate: 2026-01-01\n---\n\n{body}"})
    assert [problem.split(": ")[0] for problem in found] == [
        f"content/{STORY_FILE}:6",
        f"content/{STORY_FILE}:10",
    ]


def test_a_description_s_text_may_hold_what_would_be_too_deep_as_yaml(tmp_path: Path) -> None:
    """The nesting limit is YAML's: Markdown in a `|` text is no structure."""
    text = "[" * 60 + "]" * 60 + "\n\n" + " " * 120 + "code\n"
    block = "".join(f"    {line}\n" for line in text.split("\n"))
    make_site(tmp_path, {"events/e.yaml": event("  description: |\n" + block)})
    site, _ = load_site(Path("content"), now=NOW)
    assert "code" in site.events[0].description_html


def test_a_tab_and_line_breaks_are_fine_in_a_description(tmp_path: Path) -> None:
    description = '  description: "First line\\n\\tindented second line"\n'
    make_site(tmp_path, {"events/e.yaml": event(description)})
    site, _ = load_site(Path("content"), now=NOW)
    assert "indented second line" in site.events[0].description_html


def test_an_event_link_to_a_site_named_in_any_script_with_a_query_is_fine(
    tmp_path: Path,
) -> None:
    link = "https://münchen.de/anmeldung?x=1&y=2#top"
    make_site(tmp_path, {"events/e.yaml": event(f'  registration: "{link}"\n')})
    site, _ = load_site(Path("content"), now=datetime.fromisoformat("2026-11-25T09:00"))
    assert site.events[0].registration == link


def test_a_base_url_with_a_path_is_fine(tmp_path: Path) -> None:
    url = "https://www.city.gov/police/"
    make_site(tmp_path, {"site.yaml": SITE_YAML.replace("https://community.harbor.example", url)})
    site, _ = load_site(Path("content"), now=NOW)
    assert site.settings.base_url == "https://www.city.gov/police"


@pytest.mark.skipif(os.name == "nt", reason="newlines in file names")
def test_a_file_name_ending_in_a_newline_is_not_a_slug(tmp_path: Path) -> None:
    found = problems_for(tmp_path, {"pages/events\n.md": "---\ntitle: A\n---\n\nText.\n"})
    assert (
        "content/pages/events\\n.md:1: the file name gives the slug 'events\\n', which is not "
        "valid in a web address (rename the file to use 'events' or add 'slug: events')"
    ) in found


@pytest.mark.parametrize(
    "rel", ["pages/notes.md", "stories/2026-01-01-x.md", "events/e.yaml", "communities.yaml"]
)
def test_a_link_out_of_content_is_refused(tmp_path: Path, rel: str) -> None:
    secret = tmp_path / "private.txt"
    secret.write_text("---\ntitle: Secret\ndate: 2026-01-01\n---\n\nPrivate notes.\n")
    content = make_site(tmp_path)
    (content / rel).parent.mkdir(exist_ok=True)
    (content / rel).unlink(missing_ok=True)
    (content / rel).symlink_to(secret)
    assert f"content/{rel}:1: this link points outside content/" in problems_for(tmp_path, {})


def test_a_linked_site_yaml_outside_content_is_refused(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    (tmp_path / "elsewhere.yaml").write_text(SITE_YAML)
    (content / "site.yaml").unlink()
    (content / "site.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    assert "content/site.yaml:1: this link points outside content/" in problems_for(tmp_path, {})


def test_a_linked_folder_outside_content_is_refused(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    (content / "stories").rename(tmp_path / "elsewhere")
    (content / "stories").symlink_to(tmp_path / "elsewhere")
    assert problems_for(tmp_path, {}) == ["content/stories:1: this link points outside content/"]


def test_a_media_folder_linked_from_outside_content_is_refused(tmp_path: Path) -> None:
    """Every file it held was published, `secret.txt` too, although a single linked file
    in media/ and a linked stories/ were refused (review find)."""
    content = make_site(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/secret.txt").write_text("private")
    (content / "media").symlink_to(tmp_path / "elsewhere")
    assert problems_for(tmp_path, {}) == ["content/media:1: this link points outside content/"]


def test_a_link_inside_content_is_fine(tmp_path: Path) -> None:
    content = make_site(tmp_path, {"drafts/notes.md": "---\ntitle: Notes\n---\n\nHello.\n"})
    (content / "pages").mkdir()
    (content / "pages/notes.md").symlink_to(content / "drafts/notes.md")
    site, _ = load_site(Path("content"), now=NOW)
    assert [page.slug for page in site.pages] == ["notes"]


LEADS_NOWHERE = (
    "this link leads nowhere: what it pointed to is gone, or it points to itself "
    "(remove the link, or point it at a file in content/)"
)


@pytest.mark.parametrize(
    "rel", ["stories/2026-01-01-x.md", "pages/notes.md", "events/e.yaml", "media/x.png"]
)
@pytest.mark.parametrize("target", ["gone.md", "itself"])
def test_a_link_to_nothing_is_an_error_at_the_link(tmp_path: Path, rel: str, target: str) -> None:
    content = make_site(tmp_path)
    link = content / rel
    link.parent.mkdir(exist_ok=True)
    link.symlink_to(link.name if target == "itself" else target)  # a loop, or a dangling link
    assert problems_for(tmp_path, {}) == [f"content/{rel}:1: {LEADS_NOWHERE}"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
@pytest.mark.parametrize("rel", ["stories/2026-01-01-x.md", "events/e.yaml", "media/f.pdf"])
def test_a_named_pipe_is_left_alone_not_read(tmp_path: Path, rel: str) -> None:
    """Opening a pipe waits until something writes to it: the build would never end."""
    content = make_site(tmp_path)
    (content / rel).parent.mkdir(exist_ok=True)
    os.mkfifo(content / rel)
    site, warnings = load_site(Path("content"), now=NOW)
    assert [str(w) for w in warnings] == [
        f"content/{rel}:1: warning: ignored: not a plain file (a named pipe or a device), "
        "so it cannot be content (remove it from content/)"
    ]
    assert "/media/f.pdf" not in site.media


def test_a_folder_inside_stories_is_named_not_silently_skipped(tmp_path: Path) -> None:
    make_site(tmp_path, {"stories/2026/2026-01-01-x.md": story("title: X\ndate: 2026-01-01")})
    site, warnings = load_site(Path("content"), now=NOW)
    assert [s.slug for s in site.stories] == ["good"]
    assert [str(w) for w in warnings] == [
        "content/stories/2026:1: warning: ignored: files in folders inside stories/ are not "
        "published (move its files into content/stories/ itself)"
    ]


def test_a_site_yaml_that_cannot_be_read_is_the_only_error(tmp_path: Path) -> None:
    """Every other file is checked against its languages and zone: guessing them made a
    Spanish story's every field an error, and buried the one mistake that mattered."""
    found = problems_for(
        tmp_path,
        {
            "site.yaml": "languages: [en, es]\n" + SITE_YAML + "title: Again\n",
            "stories/2026-08-02-good.es.md": story("title: Hola\ndate: 2026-08-02"),
        },
    )
    assert found == [
        f"content/site.yaml:{SITE_YAML.count(chr(10)) + 2}: 'title' appears twice (keep one)"
    ]


@pytest.mark.parametrize("name", ["a#b.png", "what?.pdf", "100%.png", "notes\\x.txt"])
def test_a_media_name_that_would_break_its_address_is_refused(tmp_path: Path, name: str) -> None:
    """A backslash, which browsers read as `/`, failed the build with no file named, or
    a traceback from a helper (fuzzing find)."""
    sign = next(c for c in name if c in "#?%\\")
    assert problems_for(tmp_path, {f"media/{name}": b"%PDF-1.4\n"}) == [
        f"content/media/{name}:1: '{sign}' in a file name would break its web address "
        "(rename the file, using letters, digits, '-' and '_', and what refers to it)"
    ]


def test_a_control_character_in_yaml_is_found_on_its_own_line(tmp_path: Path) -> None:
    """libyaml counts the place in bytes: the dashes before it are three bytes each."""
    note = '  note: "Bring water — and sunscreen — \x07"\n'
    found = problems_for(tmp_path, {"events/e.yaml": event(note)})
    assert found == [
        "content/events/e.yaml:5: an invisible control character (#x0007) that cannot be "
        "published: delete it by retyping the text around it"
    ]


@pytest.mark.parametrize(
    "error, expected",
    [
        (
            PermissionError(13, "Permission denied"),
            "this file may not be read (permission denied) (let your user read it: chmod u+r, "
            "or the file's Properties on Windows)",
        ),
        (
            FileNotFoundError(2, "No such file or directory"),
            "this file was removed while the site was being built (build again)",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_named_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, expected: str
) -> None:
    make_site(tmp_path, {STORY_FILE: story("title: A\ndate: 2026-01-01")})
    real = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path.name == "2026-01-01-a.md":
            raise error
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert problems_for(tmp_path, {}) == [f"content/{STORY_FILE}:1: {expected}"]


def test_a_folder_that_cannot_be_listed_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_site(tmp_path)
    real = os.scandir

    def scandir(path: object) -> object:
        if str(path).endswith("stories"):
            raise PermissionError(13, "Permission denied")
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    assert problems_for(tmp_path, {})[0].startswith(
        "content/stories:1: this file may not be read (permission denied)"
    )


def problems_as_they_are() -> list[str]:
    """What `load_site` reports for content/ as the test left it (not made afresh)."""
    with pytest.raises(BuildFailed) as failed:
        load_site(Path("content"), now=NOW)
    return [str(e) for e in failed.value.errors]


@pytest.mark.parametrize("rel", ["stories", "events"])
def test_a_content_folder_saved_as_a_file_is_named(tmp_path: Path, rel: str) -> None:
    content = make_site(tmp_path)
    shutil.rmtree(content / rel, ignore_errors=True)
    (content / rel).write_text("")
    assert problems_as_they_are() == [
        f"content/{rel}:1: this should be a folder (make {rel}/ a folder and put its files in it)"
    ]


def test_site_yaml_as_a_folder_is_named(tmp_path: Path) -> None:
    content = make_site(tmp_path)
    (content / "site.yaml").unlink()
    (content / "site.yaml").mkdir()
    assert problems_as_they_are() == [
        "content/site.yaml:1: this is a folder, not a file "
        "(every site needs site.yaml as a file: move the folder away)"
    ]


def test_what_windows_and_word_leave_in_folders_is_passed_over_in_silence(
    tmp_path: Path,
) -> None:
    """Explorer writes Thumbs.db beside pictures, and Word a `~$` file beside an open story."""
    content = make_site(
        tmp_path,
        {
            "media/Thumbs.db": b"\xd0\xcf\x11\xe0",
            "media/desktop.ini": "[.ShellClassInfo]\n",
            "stories/~$08-02-good.md": b"\x0bJane Doe",
            "pages/Desktop.ini": "[.ShellClassInfo]\n",
            # Emacs's backup of each saved file: warned, with advice to rename it to .md,
            # which would have made a second story at one address (review find).
            "stories/2026-08-02-good.md~": "---\ntitle: Old\n---\n",
            "media/flyer.pdf~": b"%PDF-1.4",
        },
    )
    site, warnings = load_site(Path("content"), now=NOW)
    assert warnings == [] and site.media == ()
    assert collect_files(content / "media", "media") == {}


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\ufeff"])
def test_an_invisible_format_character_in_a_title_is_refused_at_its_line(
    tmp_path: Path, char: str
) -> None:
    """A right-to-left override makes a title read otherwise than it is written."""
    found = problems_for(tmp_path, {STORY_FILE: story(f"title: Pier {char}day\ndate: 2026-01-01")})
    assert found == [
        f"content/{STORY_FILE}:2: title: contains the invisible control character "
        f"U+{ord(char):04X} {CONTROL}"
    ]


def test_marks_and_joiners_that_right_to_left_and_emoji_titles_need_are_kept(
    tmp_path: Path,
) -> None:
    title = "قهوة\u200c مع \u200fشرطي 👩\u200d🚒"
    make_site(tmp_path, {STORY_FILE: story(f"title: {title}\ndate: 2026-01-01")})
    site, _ = load_site(Path("content"), now=NOW)
    assert title in [s.title for s in site.stories]


def test_slugs_made_from_accented_titles_and_names_keep_their_letters(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {
            "events/e.yaml": '- title: "Café con un policía"\n  start: 2026-12-01\n  location: Pier\n'
        },
    )
    site, _ = load_site(Path("content"), now=NOW)
    assert site.events[0].path == "/events/cafe-con-un-policia-2026-12-01/"
    found = problems_for(
        tmp_path, {"stories/2026-01-01-título.md": story("title: T\ndate: 2026-01-01")}
    )
    assert any("(rename the file to use 'titulo' or add 'slug: titulo')" in p for p in found)


def test_microsite_s_own_brackets_are_refused_in_content(tmp_path: Path) -> None:
    """U+E000 and U+E001 bracket English interface text for `render/fallbacks.py`: in a
    story they unbalanced a page's spans, and a lone one took every mark off the pages
    listing it (review find)."""
    body = "\ue000First paragraph.\n\nSecond paragraph.\ue001\n"
    story = f"---\ntitle: Beach day \ue000\ndate: 2026-01-01\n---\n\n{body}"
    found = problems_for(tmp_path, {STORY_FILE: story})
    keeps = "a private-use character microsite keeps for itself"
    assert [p for p in found if keeps in p] == [
        f"content/{STORY_FILE}:2: title: contains U+E000, {keeps} (delete it: retype the "
        "text around it)",
        f"content/{STORY_FILE}:6: contains U+E000, {keeps} (delete it: retype the text around it)",
        f"content/{STORY_FILE}:8: contains U+E001, {keeps} (delete it: retype the text around it)",
    ]


@pytest.mark.parametrize("char", ["\ue002", "\ue003"])
def test_the_brackets_around_values_are_refused_too(tmp_path: Path, char: str) -> None:
    """One U+E002 in a story took the English marks off the page listing it (review find)."""
    story = f"---\ntitle: A\ndate: 2026-01-01\n---\n\nAn icon font's glyph {char} here.\n"
    found = problems_for(tmp_path, {STORY_FILE: story})
    assert f"content/{STORY_FILE}:6: contains U+{ord(char):04X}, a private-use" in found[0]


@pytest.mark.parametrize("url", ["https://[pier", "https://pier]/", "http://x[y]z.org/"])
def test_a_bracket_in_an_address_s_site_name_is_an_error_not_a_traceback(
    tmp_path: Path, url: str
) -> None:
    """Python's URL parser raises on an unclosed `[` in the site's name: the build
    stopped with a traceback (fuzzing find)."""
    events = f"- title: A\n  start: 2026-12-01\n  location: Pier\n  slug: a\n  url: {url}\n"
    assert problems_for(tmp_path, {"events/e.yaml": events}) == [
        f"content/events/e.yaml:5: url: expected a web address, got '{url}' "
        "(a site's name holds no '[' or ']': copy the address from the browser's address bar)"
    ]
