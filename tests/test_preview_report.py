"""What the preview tells the PIO: errors counted right, warnings kept, no save missed."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

from previewserver import BASIC, REPO, Served, free_port, get, start, wait_for, wait_until_up

EVENT_WARNING = "content/events/2026.yaml:7: warning: removed 'onclick' from <span>"


def copy_basic(root: Path) -> None:
    shutil.copytree(BASIC, root / "content")
    shutil.copytree(REPO / "templates", root / "templates")


def serve(root: Path) -> Served:
    port = free_port()
    process = start(root, port)
    served = Served(root, port, process)
    wait_until_up(served.url + "/", process)
    return served


def test_error_page_counts_errors_not_warnings(tmp_path: Path) -> None:
    copy_basic(tmp_path)
    served = serve(tmp_path)
    try:
        served.edit("content/pages/about.md", "team.", 'team. <span onclick="x()">Hi</span>')
        (tmp_path / "content/stories/notes.txt").write_text("not a story")
        served.edit("content/stories/2026-08-02-surf-contest.md", "2026-08-02 10:00", "Aug 2")
        wait_for(lambda: get(served.url + "/")[0] == 500, "the error page")
        body = get(served.url + "/")[1].decode()
        assert "1 problem stops the preview" in body
        assert "warning: removed &#x27;onclick&#x27; from &lt;span&gt;" in body
        assert body.index("expected a date") < body.index("warning: ")  # errors first
    finally:
        _code, out = served.stop()
    assert "notes.txt: 1 problem(s); the browser shows them." in out


def test_events_warnings_are_printed_on_every_rebuild(tmp_path: Path) -> None:
    copy_basic(tmp_path)
    events = tmp_path / "content/events/2026.yaml"
    events.write_text(events.read_text().replace("Bring gloves.", 'Bring <span onclick="x()">'))
    served = serve(tmp_path)
    served.edit("content/pages/about.md", "community team", "community policing team")
    wait_for(lambda: b"community policing team" in get(served.url + "/about/")[1], "a rebuild")
    _code, out = served.stop()
    assert out.count(EVENT_WARNING) == 2, out


def test_a_missing_template_is_named_not_a_traceback(tmp_path: Path) -> None:
    copy_basic(tmp_path)
    (tmp_path / "templates/home.html").unlink()
    served = serve(tmp_path)
    status, body = get(served.url + "/")
    _code, out = served.stop()
    assert status == 500 and b"templates/home.html" in body and b"missing" in body
    assert "templates/home.html: missing" in out and "Traceback" not in out


PIPE_PAGE = "---\ntitle: Piped page\n---\n\nRead through a pipe.\n"


def feed_pipe(pipe: Path, opened: threading.Event, go: threading.Event, done: threading.Event):
    """Serve the page to every build that reads it; hold the first read until `go`.

    Opening a named pipe for writing waits for a reader: `opened` is set while
    the preview's first build is, for certain, in the middle of reading.
    """
    try:
        while not done.is_set():
            with pipe.open("w") as stream:
                if not opened.is_set():
                    opened.set()
                    go.wait(30)
                stream.write(PIPE_PAGE)
    except OSError:
        return  # the test is over and no longer reads


def test_a_save_made_during_the_first_build_is_seen(tmp_path: Path) -> None:
    copy_basic(tmp_path)
    pipe = tmp_path / "content/pages/piped.md"
    os.mkfifo(pipe)
    opened, go, done = threading.Event(), threading.Event(), threading.Event()
    feeder = threading.Thread(target=feed_pipe, args=(pipe, opened, go, done), daemon=True)
    feeder.start()
    port = free_port()
    served = Served(tmp_path, port, start(tmp_path, port))
    try:
        assert opened.wait(60), "the first build never read the pipe"
        served.edit("content/site.yaml", "title: Harbor Police", "title: Saved Harbor Police")
        go.set()
        wait_until_up(served.url + "/", served.process)
        wait_for(lambda: b"Saved Harbor Police" in get(served.url + "/")[1], "the saved title")
    finally:
        served.stop()
        done.set()
        os.close(os.open(pipe, os.O_RDONLY | os.O_NONBLOCK))  # lets a waiting writer go
        feeder.join(10)
