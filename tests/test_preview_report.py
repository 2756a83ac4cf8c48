"""What the preview tells the PIO: errors counted right, warnings kept, no save missed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from previewserver import BASIC, REPO, Served, free_port, get, start, wait_for, wait_until_up

EVENT_WARNING = "content/events/2026.yaml:9: warning: removed 'onclick' from <span>"


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
    # The saves may reach one rebuild or several, so which files the line names varies;
    # what it counts must not: one error, whatever the warnings.
    reports = [line for line in out.splitlines() if line.endswith("the browser shows them.")]
    assert reports and reports[-1].endswith(": 1 problem(s); the browser shows them."), out


def test_events_warnings_are_printed_once_and_counted_on_every_rebuild(tmp_path: Path) -> None:
    """A cached event's warning is not lost on a rebuild: it is counted after every save,
    though printed only once (a save prints only the warnings it brought)."""
    copy_basic(tmp_path)
    events = tmp_path / "content/events/2026.yaml"
    events.write_text(events.read_text().replace("Bring gloves.", 'Bring <span onclick="x()">'))
    served = serve(tmp_path)
    served.edit("content/pages/about.md", "community team", "community policing team")
    wait_for(lambda: b"community policing team" in get(served.url + "/about/")[1], "a rebuild")
    _code, out = served.stop()
    assert out.count(EVENT_WARNING) == 1, out
    assert "about.md: rebuilt in" in out and "; 1 warning in 1 file, shown on" in out, out


def test_a_missing_template_is_named_not_a_traceback(tmp_path: Path) -> None:
    copy_basic(tmp_path)
    (tmp_path / "templates/home.html").unlink()
    served = serve(tmp_path)
    status, body = get(served.url + "/")
    _code, out = served.stop()
    assert status == 500 and b"templates/home.html" in body and b"missing" in body
    assert "templates/home.html: missing" in out and "Traceback" not in out


HELD_PAGE = "---\ntitle: Held page\n---\n\nRead only once the test lets it.\n"
# Loaded into the preview (as `sitecustomize`): its first read of `held.md` waits until the
# test has saved a file, so that save lands in the middle of the first build every time.
HOLD = """
import os, time
from pathlib import Path
import microsite.content.reading as reading
_read_text, hold = reading.read_text, Path(os.environ["MICROSITE_TEST_HOLD"])

def read_text(path, problems):
    if path.name == "held.md" and not (hold / "go").exists():
        (hold / "reading").touch()
        while not (hold / "go").exists():
            time.sleep(0.01)
    return _read_text(path, problems)

reading.read_text = read_text
"""


def test_a_save_made_during_the_first_build_is_seen(tmp_path: Path) -> None:
    copy_basic(tmp_path)
    (tmp_path / "content/pages/held.md").write_text(HELD_PAGE)
    hold = tmp_path / "hold"
    hold.mkdir()
    (hold / "sitecustomize.py").write_text(HOLD)
    path = os.pathsep.join([str(hold), str(REPO)])
    port = free_port()
    env = {"PYTHONPATH": path, "MICROSITE_TEST_HOLD": str(hold)}
    served = Served(tmp_path, port, start(tmp_path, port, env=env))
    try:
        wait_for(lambda: (hold / "reading").exists(), "the first build to read held.md", 60)
        served.edit("content/site.yaml", "title: Harbor Police", "title: Saved Harbor Police")
        (hold / "go").touch()
        wait_until_up(served.url + "/", served.process)
        wait_for(lambda: b"Saved Harbor Police" in get(served.url + "/")[1], "the saved title")
        assert b"Held page" in get(served.url + "/held/")[1]
    finally:
        served.stop()


def test_a_site_under_a_sub_path_is_previewed_under_it(tmp_path: Path) -> None:
    """Its pages link to /community/...: the preview served them only at /, so every link
    and the stylesheet were missing (fuzzing find)."""
    copy_basic(tmp_path)
    site = tmp_path / "content/site.yaml"
    site.write_text(site.read_text().replace("harbor.example\n", "harbor.example/community/\n", 1))
    served = serve(tmp_path)
    home = get(served.url + "/community/")
    paths = ("/community/stories/", "/community/static/site.css", "/", "/community")
    answers = [get(served.url + path)[0] for path in paths]
    served.stop()
    assert home[0] == 200 and b'href="/community/stories/"' in home[1]
    assert answers == [200, 200, 200, 200]
