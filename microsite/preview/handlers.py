"""The preview's Tornado handlers: pages, livereload's script and its socket.

Every one of them first checks the request's Host (see `guard`); the socket
also checks Origin and shrugs off messages that are not livereload's.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import web

from microsite.preview.guard import Guard, Guarded

if TYPE_CHECKING:
    from microsite.preview.server import Preview


def application(preview: Preview, host: str) -> web.Application:
    """The preview's routes, answering only to the names `host` allows."""
    return web.Application(
        [
            (r"/livereload", _ReloadHandler),
            (r"/livereload.js", _ScriptHandler),
            (r"/(.*)", _PageHandler, {"preview": preview}),
        ],
        log_function=lambda _handler: None,
        guard=Guard(host),
        preview=preview,
    )


class _PageHandler(Guarded):
    """The site's pages, or the error page while the content has errors."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def get(self, path: str) -> None:
        status, body, kind = self.preview.respond(path)
        self.set_status(status)
        self.set_header("Content-Type", kind)
        self.set_header("Cache-Control", "no-store")
        if self.request.method != "HEAD":
            self.write(body)

    head = get

    def log_exception(self, *args: object) -> None:  # pragma: no cover - keep the terminal calm
        pass


class _ScriptHandler(Guarded, LiveReloadJSHandler):
    """livereload's browser script, behind the same Host check as the pages."""


class _ReloadHandler(Guarded, LiveReloadHandler):
    """livereload's socket, plus a catch-up for pages that missed a reload.

    A save that lands while a page is reloading (two quick saves, say) sends
    its reload before that page has connected. When the page then says hello,
    it is told to reload at once if it is older than the latest build.
    """

    def check_origin(self, origin: str) -> bool:
        """Only the preview's own pages may listen (livereload itself lets any page in)."""
        return self.settings["guard"].allows_origin(origin)

    def on_message(self, message: str | bytes) -> None:
        """Answer livereload's handshake; ignore anything that is not one of its messages."""
        page = _json_object(message)
        if not isinstance(page.get("command"), str):
            return
        super().on_message(message)
        url = page.get("url")
        is_info = page["command"] == "info" and isinstance(url, str)
        if is_info and self.settings["preview"].is_stale(urlsplit(url).path):
            self.send_message({"command": "reload", "path": "*", "liveCSS": True})


def _json_object(message: str | bytes) -> dict[str, object]:
    """The JSON object a message holds, or an empty one for anything else."""
    try:
        value = json.loads(message)
    except ValueError:  # not JSON, or bytes that are not UTF-8
        return {}
    return value if isinstance(value, dict) else {}
