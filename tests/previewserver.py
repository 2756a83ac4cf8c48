"""Running the real `serve` command for tests, and talking to it over HTTP and websocket.

Shared by the preview test files; free of pytest fixtures so each file
chooses its own set-up.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import Request, urlopen

from tornado.httpclient import HTTPRequest
from tornado.iostream import StreamClosedError
from tornado.websocket import WebSocketClosedError, websocket_connect

REPO = Path(__file__).parent.parent
BASIC = Path(__file__).parent / "sites" / "basic"
HELLO = '{"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Served:
    """A running `serve` on a copy of a content folder."""

    def __init__(self, root: Path, port: int, process: subprocess.Popen[str]):
        self.root = root
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.process = process

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new, 1))

    def stop(self, sig: int = signal.SIGINT) -> tuple[int, str]:
        self.process.send_signal(sig)
        out, _ = self.process.communicate(timeout=20)
        return self.process.returncode, out


def start(
    root: Path,
    port: int,
    *extra: str,
    env: dict[str, str] | None = None,
    new_session: bool = False,
) -> subprocess.Popen[str]:
    """`serve` with its own temporary folder, so the test can see what it leaves behind;
    `env` adds to its environment; `new_session` makes it lead a process group of its
    own, so that a test can signal it and its helpers together, as Ctrl-C does."""
    command = [sys.executable, str(REPO / "build.py"), "serve", "--port", str(port)]
    command += ["--now", "2026-11-25T09:00", *extra]
    (root / "tmp").mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(root / "tmp"), **(env or {})}
    return subprocess.Popen(
        command,
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=new_session,
    )


def wait_until_up(url: str, process: subprocess.Popen[str]) -> None:
    for _ in range(400):
        if process.poll() is not None:
            raise AssertionError(process.communicate()[0])
        try:
            urlopen(url, timeout=1).read()
            return
        except HTTPError:
            return  # up, and answering with an error page
        except OSError:
            time.sleep(0.05)
    raise AssertionError("serve did not start")


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 20) -> None:
    """Poll until `condition()` holds; fail naming `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def get(url: str, host: str | None = None) -> tuple[int, bytes]:
    """Status and body of a GET, errors included, optionally with another Host header."""
    request = Request(url, headers={"Host": host} if host else {})
    try:
        with urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except HTTPError as error:
        return error.code, error.read()


def socket_hello(url: str, headers: dict[str, str], before: tuple[str | bytes, ...] = ()) -> str:
    """Open the livereload socket, send `before`, then livereload's hello; its answer."""

    async def talk() -> str:
        request = HTTPRequest(url.replace("http", "ws", 1) + "/livereload", headers=headers)
        connection = await websocket_connect(request)
        try:
            for message in before:
                await connection.write_message(message, binary=isinstance(message, bytes))
            await connection.write_message(HELLO)
        except (StreamClosedError, WebSocketClosedError):
            connection.close()
            return "None"  # the preview closed it before hello, as read_message says below
        answer = await asyncio.wait_for(connection.read_message(), 10)
        connection.close()
        return str(answer)

    # In a thread of its own: Playwright's sync API keeps an event loop running in this
    # one for the whole session once a browser test has started.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, talk()).result()
