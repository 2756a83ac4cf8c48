"""Helpers shared by the browser tests and tools/screenshot.py.

Kept free of pytest so that a command-line tool can serve a built site and
drive the same Chromium the tests use, with the same network-quiet flags.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialling Google's
# hosts, which this machine's closed network refuses or stalls on.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})

# Scrolling to the end makes lazy images ask for what they need; then wait for them.
SCROLL_TO_END = """async (timeout) => {
  window.scrollTo(0, document.documentElement.scrollHeight);
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const loaded = (img) => img.complete ? null : new Promise((done) => {
    img.addEventListener("load", done); img.addEventListener("error", done);
  });
  const images = Promise.all(Array.from(document.images, loaded));
  await Promise.race([images, new Promise((done) => setTimeout(done, timeout))]);
}"""


def launch_chromium(playwright: Any) -> Any:
    """Start the machine's Debian Chromium, headless; Playwright's own download is unavailable."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves files like a plain static host: 404.html for anything missing, no logging."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer a missing path with the site's own 404 page, as static hosts do."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay silent: test output is for failures, not access logs."""


class _QuietServer(ThreadingHTTPServer):
    """A threaded server that does not print tracebacks when a browser drops a connection."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore broken pipes from cancelled requests; they are not site faults."""


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 at a free port; yield its base URL ending in `/`."""
    handler = partial(_SiteHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def html_pages(folder: Path) -> list[str]:
    """Every HTML file under `folder` as a sorted POSIX path relative to it."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))


def url_path(page: str) -> str:
    """The URL path a visitor uses for a page file: `a/index.html` -> `/a/`."""
    if page == "index.html":
        return "/"
    if page.endswith("/index.html"):
        return "/" + page.removesuffix("index.html")
    return "/" + page
