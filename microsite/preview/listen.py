"""Where the preview listens, and the thread that answers there.

Sockets are bound before the first build, so a mistyped `--host` or a busy
port is reported at once, in one line, rather than after a long build and as
a traceback. Pages are answered by a thread of their own: the main thread
watches and rebuilds, and a rebuild may be slow (a huge site, a template
that loops for a long time). Meanwhile the server keeps answering, and the
main thread, which alone receives signals, can always be stopped.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import socket
import threading

from tornado import httpserver, ioloop, netutil, web

NO_ADDRESS = "this computer has no such address; leave --host out to preview on this computer only"
NO_NAME = "no such host name; leave --host out to preview on this computer only"


class CannotListen(Exception):
    """The preview cannot listen where it was asked to (a usage error)."""


class PortInUse(CannotListen):
    """Another program already listens on the preview's port."""


def bind(host: str, port: int) -> list[socket.socket]:
    """Listening sockets for `host` and `port` (0: any free port), or CannotListen saying why."""
    try:
        return netutil.bind_sockets(port, address=bare(host) or None)
    except (OSError, UnicodeError, ValueError) as exc:  # idna refuses a label over 63 characters
        raise _refusal(exc, host, port) from None


def _refusal(exc: Exception, host: str, port: int) -> CannotListen:
    """What a failed bind means for the PIO, in their terms rather than the C library's."""
    code = getattr(exc, "errno", None)
    if code == errno.EADDRINUSE:
        other = port + 1 if port < 65535 else port - 1
        return PortInUse(f"port {port} is in use; try --port {other}")
    where = f"cannot listen on {_joined(bare(host) or '0.0.0.0', port)}"
    if code == errno.EADDRNOTAVAIL:
        return CannotListen(f"{where}: {NO_ADDRESS}")
    if code == errno.EACCES and 0 < port < 1024:
        return CannotListen(f"{where}: ports below 1024 need administrator rights; try --port 8000")
    if isinstance(exc, socket.gaierror) and code == socket.EAI_AGAIN:
        return CannotListen(f"{where}: the name could not be looked up (no answer from DNS)")
    if isinstance(exc, socket.gaierror | UnicodeError | ValueError):
        return CannotListen(f"{where}: {NO_NAME}")
    return CannotListen(f"{where}: {getattr(exc, 'strerror', None) or exc}")


def bare(host: str) -> str:
    """`--host` as the resolver wants it: `[::1]`, written as in a URL, is `::1`."""
    host = host.strip()
    return host[1:-1] if host.startswith("[") and host.endswith("]") else host


def address(host: str, sockets: list[socket.socket]) -> str:
    """The URL to open: the port is the one bound, which `--port 0` leaves to the system."""
    port = sockets[0].getsockname()[1]
    return f"http://{_joined(bare(host) or '0.0.0.0', port)}/"


def _joined(name: str, port: int) -> str:
    """`name:port`, with an IPv6 address in brackets as URLs write it."""
    try:
        is_ipv6 = ipaddress.ip_address(name).version == 6
    except ValueError:
        is_ipv6 = False
    return f"[{name}]:{port}" if is_ipv6 else f"{name}:{port}"


class Serving:
    """The preview's web server, running in a thread of its own until `stop()`.

    Everything that touches Tornado's objects, the live-reload sockets
    included, happens in that thread: others ask through `call`.
    """

    def __init__(self, app: web.Application, sockets: list[socket.socket]):
        self._started = threading.Event()
        self._loop: ioloop.IOLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._thread = threading.Thread(
            target=asyncio.run, args=(self._serve(app, sockets),), name="preview", daemon=True
        )
        self._thread.start()
        self._started.wait()
        if self._loop is None:
            raise RuntimeError("the preview's web server did not start")

    async def _serve(self, app: web.Application, sockets: list[socket.socket]) -> None:
        try:
            server = httpserver.HTTPServer(app)
            server.add_sockets(sockets)
            self._loop, self._stopping = ioloop.IOLoop.current(), asyncio.Event()
        finally:
            self._started.set()  # also after an error, which `__init__` then reports
        await self._stopping.wait()
        server.stop()

    def call(self, callback: object, *args: object) -> None:
        """Run `callback(*args)` in the server's thread, soon; safe from any thread."""
        assert self._loop is not None
        self._loop.add_callback(callback, *args)  # type: ignore[arg-type]

    def stop(self) -> None:
        """Stop listening and let the thread end; a second or so at most."""
        if self._loop and self._stopping and self._thread.is_alive():
            self._loop.add_callback(self._stopping.set)
            self._thread.join(timeout=2)
