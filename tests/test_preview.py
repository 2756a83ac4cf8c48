"""`python build.py serve` in a real browser: saves show up, errors show in the page, nothing leaks."""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pytest
from previewserver import BASIC, REPO, Served, free_port, start, wait_for, wait_until_up

STORY = "content/stories/2026-08-02-surf-contest.md"
WAIT_MS = 10_000


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    shutil.copytree(BASIC, tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    port = free_port()
    process = start(tmp_path, port)
    server = Served(tmp_path, port, process)
    wait_until_up(server.url + "/", process)
    yield server
    if process.poll() is None:
        server.stop()


@pytest.fixture
def chromium(browser: Any) -> Any:
    """The session's Chromium: asking for `browser` also marks these tests `browser`."""
    return browser


def open_page(chromium: Any, url: str) -> Any:
    """A page whose full reloads are counted, so tests can tell live reload from their own."""
    page = chromium.new_page()
    page.goto(url)
    page.get_by_role("main").wait_for()
    return page


def test_save_shows_up_without_the_test_reloading(served: Served, chromium: Any) -> None:
    page = open_page(chromium, served.url + "/stories/surf-contest/")
    served.edit(STORY, "Officers joined 120 surfers", "Officers joined 150 surfers")
    page.get_by_text("Officers joined 150 surfers").wait_for(timeout=WAIT_MS)
    served.edit("templates/story.html", "</article>", "<p>Template edit seen.</p></article>")
    page.get_by_text("Template edit seen.").wait_for(timeout=WAIT_MS)


def test_new_and_deleted_files_are_picked_up(served: Served, chromium: Any) -> None:
    page = open_page(chromium, served.url + "/stories/")
    new = served.root / "content/stories/2026-11-20-new-one.md"
    new.write_text("---\ntitle: A brand new story\ndate: 2026-11-20\n---\n\nHello.\n")
    page.get_by_text("A brand new story").wait_for(timeout=WAIT_MS)
    new.unlink()
    page.get_by_text("A brand new story").wait_for(state="detached", timeout=WAIT_MS)
    assert urlopen(served.url + "/stories/").read().count(b"A brand new story") == 0


def test_broken_content_shows_errors_in_the_same_tab_then_recovers(
    served: Served, chromium: Any
) -> None:
    page = open_page(chromium, served.url + "/stories/surf-contest/")
    served.edit(STORY, "date: 2026-08-02 10:00", "date: next tuesday")
    page.get_by_text("1 problem stops the preview").wait_for(timeout=WAIT_MS)
    assert "content/stories/2026-08-02-surf-contest.md:3" in page.inner_text("main")
    assert "date: expected a date, got 'next tuesday'" in page.inner_text("main")
    assert "dates look like 2026-12-05 or 2026-12-05 09:00" in page.inner_text("main")
    served.edit(STORY, "date: next tuesday", "date: 2026-08-02 10:00")
    page.get_by_role("heading", name="Officers paddle out at the surf contest").wait_for(
        timeout=WAIT_MS
    )
    code, out = served.stop()
    assert "content/stories/2026-08-02-surf-contest.md:3: date: expected a date" in out
    assert "Traceback" not in out and code == 0


def test_drafts_carry_a_banner_in_preview_only(served: Served, chromium: Any) -> None:
    page = open_page(chromium, served.url + "/stories/draft/")
    assert "Draft — not published" in page.inner_text("body")
    built = served.root / "built"
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "build.py"),
            "--output",
            str(built),
            "--now",
            "2026-11-25T09:00",
        ],
        cwd=served.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert not (built / "stories/draft").exists()
    pages = list(built.rglob("*.html"))
    assert len(pages) > 10
    for html in pages:
        assert "livereload" not in html.read_text()
    assert not (served.root / "site").exists()


def test_served_pages_carry_the_reload_script(served: Served) -> None:
    assert b'<script src="/livereload.js"></script></head>' in urlopen(served.url + "/").read()


def test_port_in_use_gets_one_line(served: Served) -> None:
    port = int(served.url.rsplit(":", 1)[1])
    process = start(served.root, port)
    out, _ = process.communicate(timeout=30)
    assert process.returncode == 2
    assert out.strip().splitlines()[-1] == f"error: port {port} is in use; try --port {port + 1}"


def test_preview_folder_equals_a_full_drafts_build(served: Served, chromium: Any) -> None:
    page = open_page(chromium, served.url + "/stories/surf-contest/")
    served.edit(STORY, "Officers joined 120 surfers", "Officers joined 99 surfers")
    served.edit("content/pages/about.md", "community team", "community policing team")
    page.get_by_text("Officers joined 99 surfers").wait_for(timeout=WAIT_MS)
    page.goto(served.url + "/about/")
    page.get_by_text("community policing team").wait_for(timeout=WAIT_MS)
    preview = next((served.root / "tmp").glob("microsite-preview-*"))
    full = served.root / "full"
    argv = [
        sys.executable,
        str(REPO / "build.py"),
        "--drafts",
        "--output",
        str(full),
        "--now",
        "2026-11-25T09:00",
    ]
    assert subprocess.run(argv, cwd=served.root, check=False).returncode == 0
    assert tree(preview) == tree(full)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_warnings_are_printed_in_the_terminal(served: Served, chromium: Any) -> None:
    page = open_page(chromium, served.url + "/about/")
    raw = '<span onclick="x()">Hello from raw HTML</span>'
    served.edit("content/pages/about.md", "community team.", f"community team. {raw}")
    page.get_by_text("Hello from raw HTML").wait_for(timeout=WAIT_MS)
    _code, out = served.stop()
    assert "content/pages/about.md:7: warning: removed 'onclick' from <span>" in out


def ask(served: Served, method: str, path: str) -> http.client.HTTPResponse:
    """One request, redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    connection.request(method, path)
    return connection.getresponse()


def test_head_says_what_get_would_send(served: Served) -> None:
    """HEAD said `Content-Length: 0` and the Etag of an empty body (fuzzing find)."""
    got, head = ask(served, "GET", "/about/"), ask(served, "HEAD", "/about/")
    body = got.read()
    assert head.status == got.status == 200 and head.read() == b""
    assert head.getheader("Content-Length") == got.getheader("Content-Length") == str(len(body))
    assert head.getheader("Etag") == got.getheader("Etag")


@pytest.mark.parametrize(
    ("asked", "location"),
    [("/stories", "/stories/"), ("/stories/surf-contest?x=1", "/stories/surf-contest/?x=1"),
     ("//stories", "/stories/")],
)  # fmt: skip
def test_a_folder_without_its_slash_is_redirected_as_a_static_host_does(
    served: Served, asked: str, location: str
) -> None:
    """Served at `/stories/surf-contest` the page lacked its lint panel, and its relative
    links would have gone one folder up (fuzzing find)."""
    answer = ask(served, "GET", asked)
    assert (answer.status, answer.getheader("Location")) == (301, location)
    assert ask(served, "GET", "/feed.xml").status == 200  # a file is no folder


def test_a_template_saved_with_its_old_size_and_time_is_seen(served: Served) -> None:
    """Jinja judged a template by its time alone, and the watcher by time, size and
    inode: a template put back with its old time (`cp -p`, `rsync -a`) kept the preview
    on the old one until it was restarted (fuzzing find)."""
    template = served.root / "templates/story.html"
    before = template.stat()
    text = template.read_text()
    assert 'class="story"' in text
    template.with_suffix(".new").write_text(text.replace('class="story"', 'class="st0ry"'))
    template.with_suffix(".new").replace(template)
    os.utime(template, ns=(before.st_atime_ns, before.st_mtime_ns))
    page = served.url + "/stories/surf-contest/"
    wait_for(lambda: b'class="st0ry"' in urlopen(page).read(), "the template's change")
