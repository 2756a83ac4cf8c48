"""The preview under faults a fuzzer found: bad flags, rebuilds that fail or never end.

Whatever happens, the PIO gets one line, not a traceback; the preview keeps
answering; and Ctrl-C, `kill` or closing the terminal stop it at once.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.request import urlopen

import pytest
from previewserver import (
    BASIC,
    REPO,
    Served,
    free_port,
    get,
    socket_hello,
    start,
    wait_for,
    wait_until_up,
)

TITLE = "title: Harbor Police"
# Loaded into the preview (as `sitecustomize`), it stands in for what a fuzzer did to the
# files a rebuild reads: `doomed.md` is deleted just as it is read, reading `cursed.md`
# fails as no check foresaw, and `slow*.md` are read for ever once the test says `spin`;
# then it holds the rebuild just after it wrote the about page, until the test says `go`;
# and the preview fails to answer for `/boom`, as a page and on the live-reload socket.
HOOK = """
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
import microsite.content.reading as reading
_read_text, hold = reading.read_text, Path(os.environ["MICROSITE_TEST_HOLD"])

def read_text(path, problems):
    if path.name == "doomed.md":
        path.unlink(missing_ok=True)
    elif path.name == "cursed.md":
        raise RuntimeError("the disk spirits are\\nrestless")
    elif path.name.startswith("slow") and (hold / "spin").exists():
        (hold / f"spinning-{os.getpid()}").touch()
        while True:
            pass
    return _read_text(path, problems)

reading.read_text = read_text

import time
import microsite.output as output
_write = output.Mirror.write

def write(self, rel, data):
    changed = _write(self, rel, data)
    if rel == "about/index.html" and (hold / "spin").exists():
        (hold / "wrote").touch()
        while not (hold / "go").exists():
            time.sleep(0.01)
    return changed

output.Mirror.write = write

import microsite.preview.server as server
_respond, _is_stale = server.Preview.respond, server.Preview.is_stale

def respond(self, url_path):
    if url_path == "boom":
        raise RuntimeError("a page\\nfailed")
    return _respond(self, url_path)

def is_stale(self, url_path):
    if url_path == "/boom":
        raise RuntimeError("a socket\\nfailed")
    return _is_stale(self, url_path)

server.Preview.respond, server.Preview.is_stale = respond, is_stale
"""
SLOW_STORY = "---\ntitle: Slow story {n}\ndate: 2026-03-01\n---\n\nRead for ever.\n"


def copy_basic(root: Path) -> None:
    shutil.copytree(BASIC, root / "content")
    shutil.copytree(REPO / "templates", root / "templates")


@pytest.fixture
def hooked(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """Starts `serve` on the basic site with HOOK loaded (its folder: `tmp_path / "hold"`);
    whatever the test does, kills what is left of it at the end, helpers included."""
    started: list[Served] = []

    def serve_hooked(*extra: str, new_session: bool = False) -> Served:
        copy_basic(tmp_path)
        hold = tmp_path / "hold"
        hold.mkdir()
        (hold / "sitecustomize.py").write_text(HOOK)
        path = os.pathsep.join([str(hold), str(REPO)])
        env = {"PYTHONPATH": path, "MICROSITE_TEST_HOLD": str(hold)}
        port = free_port()
        process = start(tmp_path, port, *extra, env=env, new_session=new_session)
        started.append(Served(tmp_path, port, process))
        wait_until_up(started[-1].url + "/", process)
        return started[-1]

    yield serve_hooked
    for served in started:
        if served.process.poll() is None:
            served.process.kill()  # its helpers die with it (PR_SET_PDEATHSIG)
            served.process.communicate()


def run_serve(root: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    """`serve` with flags it should refuse at once: it must end by itself."""
    command = [sys.executable, str(REPO / "build.py"), "serve", *flags]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=30)


@pytest.mark.parametrize("port", ["-1", "65536", "99999", "eighty"])
def test_an_impossible_port_is_a_usage_error(tmp_path: Path, port: str) -> None:
    result = run_serve(tmp_path, "--port", port)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "argument --port: expected a port number from 1 to 65535" in result.stderr
    assert f"got '{port}'" in result.stderr


@pytest.mark.parametrize(
    ("host", "why"),
    [
        ("192.0.2.1", "this computer has no such address"),  # TEST-NET-1: never this machine's
        ("no.such.invalid", "no such host name"),  # .invalid never resolves
        ("a" * 300, "no such host name"),  # too long for a DNS name
    ],
)
def test_an_address_it_cannot_listen_on_is_one_line(tmp_path: Path, host: str, why: str) -> None:
    copy_basic(tmp_path)
    port = free_port()
    started = time.monotonic()
    result = run_serve(tmp_path, "--host", host, "--port", str(port))
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == (
        f"error: cannot listen on {host}:{port}: {why}; "
        "leave --host out to preview on this computer only"
    )
    assert time.monotonic() - started < 10  # refused before building anything


def test_port_0_serves_on_a_free_port_and_says_which(tmp_path: Path) -> None:
    copy_basic(tmp_path)
    process = start(tmp_path, 0)
    try:
        assert process.stdout is not None
        line = ""
        while "Previewing at" not in line and process.poll() is None:
            line = process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/ ", line)
        assert found and int(found[1]) != 0, line
        assert b"Harbor Police Community" in urlopen(found[0].strip(), timeout=10).read()
    finally:
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=20)
    assert process.returncode == 0 and "Traceback" not in out


def test_a_file_deleted_while_read_is_one_line_and_the_next_scan_rebuilds(
    tmp_path: Path, hooked: Callable[..., Served]
) -> None:
    served = hooked()
    try:
        served.edit("content/site.yaml", TITLE, "title: Saved Harbor Police")
        (tmp_path / "content/pages/doomed.md").write_text("---\ntitle: Doomed\n---\n\nGone.\n")
        # Nothing else is saved: the rebuild after the failed one must come by itself.
        wait_for(lambda: b"Saved Harbor Police" in get(served.url + "/")[1], "the saved title")
    finally:
        code, out = served.stop()
    assert code == 0 and "Traceback" not in out, out
    assert "content/pages/doomed.md:" in out  # one line naming the file, whatever it says


def test_an_unexpected_rebuild_error_is_one_line_here_and_in_the_browser(
    tmp_path: Path, hooked: Callable[..., Served]
) -> None:
    served = hooked()
    cursed = tmp_path / "content/pages/cursed.md"
    line = (
        "preview: the rebuild stopped on an unexpected error: RuntimeError: the disk spirits"
        " are restless (the preview rebuilds at the next save)"
    )
    try:
        cursed.write_text("---\ntitle: Cursed\n---\n\nBoo.\n")
        wait_for(lambda: get(served.url + "/")[0] == 500, "the error page")
        assert "RuntimeError: the disk spirits are restless" in get(served.url + "/")[1].decode()
        cursed.unlink()
        wait_for(lambda: get(served.url + "/")[0] == 200, "the site again")
    finally:
        code, out = served.stop()
    assert code == 0 and "Traceback" not in out, out
    assert line in out.splitlines(), out


def spinning(served: Served) -> list[int]:
    """The processes stuck reading a `slow` file, once there are any."""
    hold = served.root / "hold"
    wait_for(lambda: any(hold.glob("spinning-*")), "a rebuild stuck reading")
    return [int(p.name.split("-")[1]) for p in hold.glob("spinning-*")]


def stop_promptly(served: Served, send: object) -> str:
    """Send a stop signal (`send()` does), and the output once `serve` has ended, which
    must be within a few seconds."""
    started = time.monotonic()
    send()  # type: ignore[operator]
    try:
        out, _ = served.process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        served.process.kill()
        served.process.communicate()
        raise AssertionError("serve did not stop while a rebuild ran") from None
    assert time.monotonic() - started < 5
    assert served.process.returncode == 0 and "Traceback" not in out, out
    assert "Stopped." in out
    assert not list((served.root / "tmp").iterdir())  # preview folder and its stamp removed
    return out


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_rebuild_that_never_ends_still_serves_and_stops_at_once(
    tmp_path: Path, hooked: Callable[..., Served], sig: int
) -> None:
    served = hooked()
    (tmp_path / "hold/spin").touch()
    (tmp_path / "content/pages/slow.md").write_text("---\ntitle: Slow\n---\n\nSlow.\n")
    assert spinning(served) == [served.process.pid]  # in the process that serves
    for path in ("/", "/about/", "/stories/surf-contest/"):
        status, body = get(served.url + path)  # the last good preview, meanwhile
        assert status == 200 and b"Harbor Police" in body
    stop_promptly(served, lambda: served.process.send_signal(sig))


@pytest.mark.skipif(sys.platform != "linux", reason="helpers are forked on Linux only")
def test_ctrl_c_stops_a_rebuild_and_its_helpers(
    tmp_path: Path, hooked: Callable[..., Served]
) -> None:
    served = hooked("--jobs", "2", new_session=True)
    (tmp_path / "hold/spin").touch()
    stories = tmp_path / "content/stories"
    more = shutil.copytree(stories, tmp_path / "more")
    for n in range(60):  # enough files to read them in helper processes, if read together:
        (more / f"slow-{n}.md").write_text(SLOW_STORY.format(n=n))
    stories.rename(tmp_path / "before")  # so they appear at once
    more.rename(stories)
    wait_for(lambda: len(list((tmp_path / "hold").glob("spinning-*"))) == 2, "two processes")
    helpers = [pid for pid in spinning(served) if pid != served.process.pid]
    assert helpers
    assert get(served.url + "/")[0] == 200
    stop_promptly(served, lambda: os.killpg(served.process.pid, signal.SIGINT))  # as Ctrl-C does
    wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in helpers), "helpers gone", 5)


def test_a_page_the_rebuild_is_writing_waits_for_it_then_is_the_new_one(
    tmp_path: Path, hooked: Callable[..., Served]
) -> None:
    served = hooked()
    hold = tmp_path / "hold"
    (hold / "spin").touch()
    served.edit("content/pages/about.md", "community team", "community policing team")
    wait_for(lambda: (hold / "wrote").exists(), "the rebuild to write the about page")
    assert get(served.url + "/stories/surf-contest/")[0] == 200  # not rewritten: served now
    with ThreadPoolExecutor(1) as pool:
        about = pool.submit(get, served.url + "/about/")
        time.sleep(0.5)
        assert not about.done()  # it may be half written: wait for the rebuild
        (hold / "go").touch()
        status, body = about.result(timeout=10)
    assert status == 200 and b"community policing team" in body
    stop_promptly(served, lambda: served.process.send_signal(signal.SIGINT))


def test_an_error_answering_a_request_is_one_line(
    tmp_path: Path, hooked: Callable[..., Served]
) -> None:
    served = hooked()
    assert get(served.url + "/boom")[0] == 500
    info = f'{{"command": "info", "url": "{served.url}/boom"}}'
    socket_hello(served.url, {"Origin": served.url}, (info,))  # the socket closes: no answer
    assert get(served.url + "/")[0] == 200
    out = stop_promptly(served, lambda: served.process.send_signal(signal.SIGINT))
    lines = out.splitlines()
    assert "preview: could not answer GET /boom: RuntimeError: a page failed" in lines, out
    assert "preview: could not answer GET /livereload: RuntimeError: a socket failed" in lines


def test_links_to_folders_are_not_walked_by_the_watcher(tmp_path: Path) -> None:
    """Two links to their own folder made the preview's first scan walk 2**40 folders: it
    never started (fuzzing find). The build does not follow them either."""
    from microsite.preview.watch import Snapshot

    media = tmp_path / "content/media"
    media.mkdir(parents=True)
    (media / "wave.svg").write_text("<svg/>")
    (media / "a").symlink_to(".")
    (media / "b").symlink_to(".")
    snapshot = Snapshot([tmp_path / "content"])
    seen = [Path(name) for name in snapshot._scan()]
    assert media / "wave.svg" in seen
    assert not any(
        "a/" in str(path.relative_to(media)) for path in seen if path.is_relative_to(media)
    )


@pytest.mark.parametrize("second", [signal.SIGTERM, signal.SIGHUP])
def test_a_second_stop_signal_at_once_is_not_a_traceback(
    tmp_path: Path, hooked: Callable[..., Served], second: int
) -> None:
    """Ctrl-C, then the terminal closed: the second signal, already on its way when the
    first one's handler set stop signals to be ignored, made Python print "OSError:
    Signal 15 ignored due to race condition" with a traceback (fuzzing find)."""
    served = hooked()

    def both() -> None:
        served.process.send_signal(signal.SIGINT)
        served.process.send_signal(second)

    stop_promptly(served, both)
