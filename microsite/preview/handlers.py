"""The preview's Tornado handlers: pages, livereload's script and its socket.

Every one of them first checks the request's Host (see `guard`); the socket
also checks Origin and shrugs off messages that are not livereload's. An
error in a handler is one line on the terminal, never Tornado's traceback.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import web

from microsite.preview.guard import Guard, Guarded

if TYPE_CHECKING:
    from microsite.preview.server import Preview

HOLD_SECONDS = 5  # how long a request waits for a file a rebuild may be writing
HOLD_STEP = 0.005  # seconds between two looks: a held request is answered this soon after
MESSAGE_SHOWN = 200  # characters of a request path or message quoted in a terminal note


def application(preview: Preview, host: str, note: Callable[[str], None]) -> web.Application:
    """The preview's routes, answering only to the names `host` allows; `note` prints a
    line on the terminal."""
    return web.Application(
        [
            (r"/livereload", _ReloadHandler),
            (r"/livereload.js", _ScriptHandler),
            (r"/(.*)", _PageHandler, {"preview": preview}),
        ],
        log_function=lambda _handler: None,
        guard=Guard(host),
        preview=preview,
        note=note,
    )


class _OneLine(web.RequestHandler):
    """Reports a handler's unexpected error in one line instead of a traceback."""

    def log_exception(
        self,
        typ: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if isinstance(value, web.HTTPError):  # a request Tornado refuses: the client's mistake
            return
        what = f"{self.request.method} {self.request.path}"[:MESSAGE_SHOWN]
        why = " ".join(str(value).split())[:MESSAGE_SHOWN]
        self.settings["note"](f"preview: could not answer {what}: {type(value).__name__}: {why}")


class _PageHandler(Guarded, _OneLine):
    """The site's pages, or the error page while the content has errors."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    async def get(self, path: str) -> None:
        if self.preview.lacks_slash(self.request.path):
            query = f"?{self.request.query}" if self.request.query else ""
            self.redirect("/" + self.request.path.lstrip("/") + "/" + query, permanent=True)
            return
        status, body, kind = await self._answer(path)
        self.set_status(status)
        self.set_header("Content-Type", kind)
        self.set_header("Cache-Control", "no-store")
        if status == 503:
            self.set_header("Retry-After", "1")
        if self.request.method != "HEAD":
            self.write(body)
        else:  # what GET would say of the body it would send, as a static host does
            self.set_header("Content-Length", len(body))
            self.set_header("Etag", f'"{hashlib.sha1(body).hexdigest()}"')

    head = get

    async def _answer(self, path: str) -> tuple[int, bytes, str]:
        """The preview's answer, once the rebuild under way has ended or run long (see
        `Preview.settled`) and is not writing the file; after HOLD_SECONDS, a page that
        says it is still rebuilding."""
        deadline = time.monotonic() + HOLD_SECONDS
        while True:
            answer = self.preview.respond(path) if self.preview.settled() else None
            if answer is not None:
                return answer
            if time.monotonic() > deadline:
                return self.preview.still_rebuilding(path)
            await asyncio.sleep(HOLD_STEP)


class _ScriptHandler(Guarded, _OneLine, LiveReloadJSHandler):
    """livereload's browser script, behind the same Host check as the pages."""


class _ReloadHandler(Guarded, _OneLine, LiveReloadHandler):
    """livereload's socket, plus a catch-up for pages that missed a reload.

    A save that lands while a page is reloading (two quick saves, say) sends
    its reload before that page has connected. When the page then says hello,
    it is told to reload at once if it is older than the latest build.
    """

    def check_origin(self, origin: str) -> bool:
        """Only the preview's own pages may listen (livereload itself lets any page in)."""
        return self.settings["guard"].allows_origin(origin)

    def on_message(self, message: str | bytes) -> None:
        """Answer livereload's handshake; ignore anything that is not one of its messages.

        Only its two messages are passed on, `hello` and `info` with the
        page's URL as a string: livereload itself trusts any JSON it gets.
        """
        page = _json_object(message)
        url = page.get("url")
        if page.get("command") == "hello":
            super().on_message(message)
        elif page.get("command") == "info" and isinstance(url, str):
            super().on_message(message)
            path = _path_of(url)
            if path is not None and self.settings["preview"].is_stale(path):
                self.send_message({"command": "reload", "path": "*", "liveCSS": True})


def _json_object(message: str | bytes) -> dict[str, object]:
    """The JSON object a message holds, or an empty one for anything else."""
    try:
        value = json.loads(message)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested thousands deep
        return {}
    return value if isinstance(value, dict) else {}


def _path_of(url: str) -> str | None:
    """The path of a page's URL, or None for one that is not a URL (`http://[::1`)."""
    try:
        return urlsplit(url).path
    except ValueError:
        return None
