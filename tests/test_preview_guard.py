"""The preview holds drafts: it answers only to its own names and survives what strangers send."""

from __future__ import annotations

import http.client
import shutil
import signal
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from previewserver import (
    BASIC,
    REPO,
    Served,
    free_port,
    get,
    socket_hello,
    start,
    wait_until_up,
)
from tornado.httpclient import HTTPClientError

REFUSED = b"This preview answers only to"


def serve_basic(root: Path, *extra: str) -> Served:
    shutil.copytree(BASIC, root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    port = free_port()
    process = start(root, port, *extra)
    served = Served(root, port, process)
    wait_until_up(served.url + "/", process)
    return served


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    server = serve_basic(tmp_path)
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "[::1]", "LOCALHOST"])
def test_answers_to_the_loopback_names(served: Served, name: str) -> None:
    status, body = get(served.url + "/", host=f"{name}:{served.port}")
    assert status == 200 and b"Harbor Police Community" in body
    assert get(served.url + "/", host=f"{name}:9999")[0] == 200  # an SSH tunnel's port


@pytest.mark.parametrize(
    "host", ["evil.example:{port}", "evil.example", "localhost.evil.example:{port}", "10.0.0.7"]
)
def test_refuses_other_names_so_a_rebinding_page_cannot_read_drafts(
    served: Served, host: str
) -> None:
    status, body = get(served.url + "/stories/draft/", host=host.format(port=served.port))
    assert status == 403
    assert body.startswith(REFUSED) and b"Draft" not in body
    assert get(served.url + "/livereload.js", host=host.format(port=served.port))[0] == 403


def test_a_wildcard_host_answers_to_addresses_and_this_machine_only(tmp_path: Path) -> None:
    served = serve_basic(tmp_path, "--host", "0.0.0.0")
    try:
        assert get(served.url + "/", host=f"192.168.1.20:{served.port}")[0] == 200
        assert get(served.url + "/", host=f"{socket.gethostname()}:{served.port}")[0] == 200
        assert get(served.url + "/", host=f"evil.example:{served.port}")[0] == 403
    finally:
        served.stop()


def test_livereload_socket_checks_origin_and_host(served: Served) -> None:
    own = {"Origin": served.url}
    assert '"command": "hello"' in socket_hello(served.url, own)
    for headers in (
        {"Origin": "http://evil.example"},
        {"Origin": f"http://evil.example:{served.port}", "Host": f"evil.example:{served.port}"},
        {"Origin": "null"},
    ):
        with pytest.raises(HTTPClientError) as refused:
            socket_hello(served.url, headers)
        assert refused.value.code == 403


def test_malformed_socket_messages_are_shrugged_off(served: Served) -> None:
    junk = ("not json", "[1, 2]", '{"command": 1}', "{}", '{"command": "info"}', b"\xff\xfe")
    assert '"command": "hello"' in socket_hello(served.url, {"Origin": served.url}, junk)
    junk = (
        '{"command": "info", "url": "http://[::1"}',  # urlsplit: Invalid IPv6 URL
        '{"command": "info", "url": ["http://127.0.0.1/"]}',
        '{"command": "info", "url": null}',
        '{"command": ["hello"]}',
        '{"command": "hello", "protocols": 7}',
        '{"command": "reload", "path": {"a": 1}}',
        "[" * 100_000,  # nested too deep for Python's JSON parser
        '{"command": "info", "url": "http://x/' + "a" * 2_000_000 + '"}',
    )
    assert '"command": "hello"' in socket_hello(served.url, {"Origin": served.url}, junk)
    code, out = served.stop()
    assert code == 0 and "Traceback" not in out and "Error" not in out


@pytest.mark.parametrize("path", ["/" + "a" * 300, "/" + "ab/" * 2000, "/%00", "/a%00b.html"])
def test_impossible_paths_are_not_found_not_a_server_error(served: Served, path: str) -> None:
    assert get(served.url + path)[0] == 404
    assert get(served.url + "/")[0] == 200


def rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_many_distinct_paths_do_not_grow_the_preview(served: Served) -> None:
    """Every request path used to be remembered forever: about 3 KiB each here."""
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    tail = ("x" * 99 + "/") * 30

    def fetch(number: int) -> None:
        connection.request("GET", f"/{number}/{tail}")
        response = connection.getresponse()
        response.read()
        assert response.status == 404

    for number in range(800):  # warm up: allocator pools, the record's steady size
        fetch(number)
    before = rss_kib(served.process.pid)
    for number in range(800, 3800):
        fetch(number)
    assert rss_kib(served.process.pid) - before < 4 * 1024


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_stops_cleanly_and_removes_its_preview_folder(served: Served, sig: int) -> None:
    previews = list((served.root / "tmp").glob("microsite-preview-*"))
    assert len(previews) == 1 and (previews[0] / "index.html").is_file()
    code, out = served.stop(sig)
    assert code == 0
    assert "Traceback" not in out
    assert "Stopped." in out
    assert not previews[0].exists()
