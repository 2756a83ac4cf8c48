"""`python build.py serve`: a live preview that rebuilds on save and never touches site/.

One thread does everything, in order: poll the content and template folders,
rebuild, write what changed into a private preview folder, then tell the
browsers to reload. Because the reload is sent only after the rebuild is
written, a browser never reloads into a half-built page. The reload protocol
and its browser script come from the `livereload` package; serving is a small
Tornado handler of our own so it can show errors in place of pages and insert
the script without breaking the site's Content-Security-Policy.
"""

from __future__ import annotations

import contextlib
import errno
import mimetypes
import shutil
import signal
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote

from livereload.handlers import LiveReloadHandler
from tornado import httpserver, ioloop

from microsite import pipeline
from microsite.errors import BuildFailed, ContentError
from microsite.output import Mirror, UnsafeOutput, safe_target
from microsite.preview import lintpanel
from microsite.preview.errorpage import error_page
from microsite.preview.handlers import application
from microsite.preview.watch import Snapshot

POLL_MS = 25
SERVED_KEPT = 500  # pages whose serving time is remembered, for the reload catch-up
RELOAD_SCRIPT = '<script src="/livereload.js"></script>'
# SIGHUP: the terminal the preview ran in was closed. Windows has no such signal.
STOP_SIGNALS = tuple(
    getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)
)
TYPES = {".ics": "text/calendar; charset=utf-8", ".xml": "application/xml; charset=utf-8"}


class Preview:
    """The preview folder and the build behind it, kept current file by file."""

    def __init__(
        self, folders: pipeline.Folders, clock: Callable[[], datetime], jobs: int | None = None
    ):
        self.folders = folders
        self.clock = clock
        self.speed = pipeline.preview_speed(jobs)
        self.root = Path(tempfile.mkdtemp(prefix="microsite-preview-"))
        self.mirror = Mirror(self.root)
        self.problems: list[ContentError] = []  # errors of the last build; empty when it built
        self.warnings: list[ContentError] = []  # warnings of the last build that built
        self.panels: dict[str, list[ContentError]] = {}  # page path -> its file's warnings
        self.generation = 0  # counts rebuilds, to spot pages served before the latest one
        self.served: dict[str, int] = {}  # page path -> generation, latest SERVED_KEPT only

    def rebuild(self) -> int:
        """Build with drafts and write what changed; the number of files written or removed."""
        self.generation += 1
        try:
            built = pipeline.preview(self.folders, self.mirror, now=self.clock(), speed=self.speed)
        except BuildFailed as failed:
            self.problems = failed.errors
            return 0
        self.problems = []
        self.warnings = built.warnings
        self.panels = lintpanel.by_page(built.site, built.warnings)
        return built.changed

    def is_stale(self, url_path: str) -> bool:
        """Whether the page at this path was served before the latest rebuild."""
        return self.served.get(url_path, self.generation) < self.generation

    def respond(self, url_path: str) -> tuple[int, bytes, str]:
        """Status, body and content type for a request path."""
        if "/" + url_path.lstrip("/") == lintpanel.STYLE_PATH:
            return 200, lintpanel.STYLE, "text/css; charset=utf-8"
        try:
            path = self._find(unquote(url_path).lstrip("/"))
        except (UnsafeOutput, OSError, ValueError):  # `..`, a name too long, a NUL byte
            return 404, b"not found", "text/plain"
        is_page = path is None or path.suffix == ".html"
        if is_page:
            self._note_served("/" + url_path.lstrip("/"))
        if self.problems and is_page:
            return 500, error_page(self.problems, RELOAD_SCRIPT), "text/html; charset=utf-8"
        status = 200
        if path is None:
            status, path = 404, self.root / "404.html"
        body = path.read_bytes() if path.is_file() else b"not found"
        if path.suffix == ".html":
            body = body.replace(b"</head>", RELOAD_SCRIPT.encode() + b"</head>", 1)
            page = "/" + url_path.lstrip("/").removesuffix("index.html")
            body = lintpanel.with_panel(body, self.panels.get(page, ()) if status == 200 else ())
        kind = (
            TYPES.get(path.suffix)
            or mimetypes.guess_type(path.name)[0]
            or "application/octet-stream"
        )
        if kind.startswith("text/") and "charset" not in kind:
            kind += "; charset=utf-8"
        return status, body, kind

    def _note_served(self, url_path: str) -> None:
        """Remember when this page was served, forgetting the oldest beyond SERVED_KEPT.

        Every request path is a new key, so an unbounded record would grow with
        every typo and every crawler; a page that old has long been reloaded.
        """
        self.served.pop(url_path, None)
        self.served[url_path] = self.generation
        if len(self.served) > SERVED_KEPT:
            del self.served[next(iter(self.served))]

    def _find(self, rel: str) -> Path | None:
        target = (
            safe_target(self.root, rel + "index.html") if not rel or rel.endswith("/") else None
        )
        target = target or safe_target(self.root, rel)
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


class Watcher:
    """Polls the folders, rebuilds on change, then reloads the browsers."""

    def __init__(self, preview: Preview, say: Callable[[str], None]):
        self.preview = preview
        self.say = say
        self.snapshot = Snapshot([preview.folders.content, preview.folders.templates])
        LiveReloadHandler.watcher = SimpleNamespace(filepath=None)
        LiveReloadHandler.live_css = True

    def poll(self) -> None:
        changed = self.snapshot.changes()
        if not changed:
            return
        started = time.perf_counter()
        written = self.preview.rebuild()
        took = (time.perf_counter() - started) * 1000
        self.report(changed, written, took)
        only_css = all(p.suffix == ".css" for p in changed) and not self.preview.problems
        LiveReloadHandler.reload_waiters(changed[0].name if only_css else "*")

    def report(self, changed: list[Path], written: int, took: float) -> None:
        names = ", ".join(p.name for p in changed[:3]) + (" ..." if len(changed) > 3 else "")
        for problem in self.preview.problems or self.preview.warnings:
            self.say(str(problem))
        errors = sum(1 for p in self.preview.problems if not p.warning)
        if errors:
            self.say(f"{names}: {errors} problem(s); the browser shows them.")
        else:
            summary = lintpanel.summary(self.preview.warnings)
            self.say(f"{names}: rebuilt in {took:.0f} ms, {written} file(s) updated; {summary}.")


def _stop_on_signals(loop: ioloop.IOLoop) -> None:
    """Ctrl-C, SIGTERM and SIGHUP (the terminal closed) stop the loop between two steps.

    Never in the middle of a rebuild, and always through `serve`'s clean-up,
    which removes the preview folder and the drafts in it.
    """
    for number in STOP_SIGNALS:
        try:
            loop.asyncio_loop.add_signal_handler(number, loop.stop)  # type: ignore[attr-defined]
        except (NotImplementedError, RuntimeError):  # no signal handlers on this platform
            signal.signal(number, signal.default_int_handler)


def serve(
    folders: pipeline.Folders,
    *,
    host: str,
    port: int,
    clock: Callable[[], datetime],
    say: Callable[[str], None],
    warn: Callable[[str], None],
    jobs: int | None = None,
) -> None:
    """Run the preview until Ctrl-C, SIGTERM or SIGHUP (raises PortInUse).

    `say` tells the PIO what happens and `warn` shows problems: the command
    line decides where they go, as it does for every other command.
    """
    preview = Preview(folders, clock, jobs)
    try:
        _run(preview, host, port, say, warn)
    finally:
        preview.close()


class PortInUse(Exception):
    """Another program already listens on the preview's port."""


def _run(
    preview: Preview, host: str, port: int, say: Callable[[str], None], warn: Callable[[str], None]
) -> None:
    watcher = Watcher(preview, say)  # first: a save made during the first build is then seen
    preview.rebuild()
    for problem in preview.problems or preview.warnings:
        warn(str(problem))
    app = application(preview, host)
    server = httpserver.HTTPServer(app)
    try:
        server.listen(port, address=host)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        raise PortInUse(f"port {port} is in use; try --port {port + 1}") from None
    loop = ioloop.IOLoop.current()
    ioloop.PeriodicCallback(watcher.poll, POLL_MS).start()
    _stop_on_signals(loop)
    say(f"Previewing at http://{host}:{port}/ (drafts included). Press Ctrl-C to stop.")
    with contextlib.suppress(KeyboardInterrupt):
        loop.start()
    server.stop()
    say("Stopped.")
