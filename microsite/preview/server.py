"""`python build.py serve`: a live preview that rebuilds on save and never touches site/.

Two threads. The main one polls the content and template folders, rebuilds,
writes what changed into a private preview folder, then tells the browsers
to reload: because the reload is sent only after the rebuild is written, a
browser never reloads into a half-built page. The other (see `listen`)
answers requests. One made during a rebuild waits for it; should the
rebuild run long, files it has not rewritten yet, still the last good
build's, are served meanwhile (see `Preview.settled` and `Preview._read`).
Signals reach only the main thread, so Ctrl-C stops even a rebuild that
would run for minutes. A rebuild's helper processes are forked from the
main thread; the serving thread holds no lock they need (they print
nothing, and `logging` renews its locks in a forked child).

The reload protocol and its browser script come from the `livereload`
package; serving is a small Tornado handler of our own so it can show errors
in place of pages and insert the script without breaking the site's
Content-Security-Policy.
"""

from __future__ import annotations

import contextlib
import mimetypes
import os
import shutil
import socket
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

from livereload.handlers import LiveReloadHandler

from microsite import pipeline, urls
from microsite.errors import BuildFailed, ContentError
from microsite.output import Mirror, UnsafeOutput, safe_target
from microsite.preview import lintpanel, listen, stopping
from microsite.preview.errorpage import RELOAD_SCRIPT, error_page, rebuilding_page, unexpected
from microsite.preview.handlers import application
from microsite.preview.heap import Heap
from microsite.preview.watch import Watcher
from microsite.render import language

POLL_MS = 25
SERVED_KEPT = 500  # pages whose serving time is remembered, for the reload catch-up
TYPES = {".ics": "text/calendar; charset=utf-8", ".xml": "application/xml; charset=utf-8"}
PATIENCE_SECONDS = 0.5  # how long requests wait for a rebuild before the last good build answers


@dataclass(frozen=True)
class Shown:
    """What the latest finished rebuild left to show. Replaced whole, so that a request
    answered meanwhile sees one build's problems and panels, never a mix of two."""

    problems: list[ContentError] = field(default_factory=list)  # empty when it built
    warnings: list[ContentError] = field(default_factory=list)  # of the last build that built
    panels: dict[str, list[ContentError]] = field(default_factory=dict)  # page -> its warnings
    # The path of `base_url` (`/community` for https://city.org/community/): pages link under
    # it, as the public server serves them, and the preview serves them there too.
    prefix: str = ""


class Preview:
    """The preview folder and the build behind it, kept current file by file."""

    def __init__(
        self, folders: pipeline.Folders, clock: Callable[[], datetime], jobs: int | None = None
    ):
        self.folders = folders
        self.clock = clock
        self.jobs = jobs
        self.speed = pipeline.preview_speed(jobs)
        self.root = Path(tempfile.mkdtemp(prefix="microsite-preview-"))
        self.mirror = Mirror(self.root)
        self.shown = Shown()
        self.generation = 0  # counts finished rebuilds, to spot pages served before the latest
        self.served: dict[str, int] = {}  # page path -> generation, latest SERVED_KEPT only
        self.rebuilds = 0  # counts started rebuilds, to spot one starting while a file is read
        self.writing_since: int | None = None  # while a rebuild runs: files changed since may be
        self.started: float | None = None  # while a rebuild runs: when it started (monotonic)
        handle, stamp = tempfile.mkstemp(prefix=".microsite-preview-", suffix=".stamp")
        os.close(handle)
        self.stamp = Path(stamp)  # touched as each rebuild starts: see `_start_writing`

    @property
    def problems(self) -> list[ContentError]:
        return self.shown.problems

    @property
    def warnings(self) -> list[ContentError]:
        return self.shown.warnings

    def interface_changed(self) -> None:
        """A catalog was saved: read the catalogs afresh, and forget every page remembered
        (a page's words come from them, and nothing in its key says which they were)."""
        language.forget_catalogs()
        self.speed = pipeline.preview_speed(self.jobs)

    def rebuild(self) -> int:
        """Build with drafts and write what changed; the number of files written or removed.

        Whatever stops the build, it is shown as problems rather than raised:
        the preview keeps serving the last good pages, and the next save
        rebuilds. `writing_since` is set before the rebuild is counted:
        requests read the two in the other order (see `_read`).
        """
        now = self.clock()
        self._start_writing()
        self.rebuilds += 1
        self.started = time.monotonic()
        self.shown, changed = self._build(now)
        self.generation += 1
        self.writing_since = self.started = None
        return changed

    def _start_writing(self) -> None:
        """Note when this rebuild starts, in the time files it writes will carry.

        A file's modification time is the file system's: taken from the
        kernel's coarse clock, a tick behind `time.time_ns()`, and on some
        file systems rounded down to the second. Touching a file beside the
        preview folder gives the start in those same terms, so that anything
        the rebuild writes is stamped at or after it.
        """
        os.utime(self.stamp)
        self.writing_since = os.stat(self.stamp).st_mtime_ns

    def _build(self, now: datetime) -> tuple[Shown, int]:
        try:
            built = pipeline.preview(self.folders, self.mirror, now=now, speed=self.speed)
            panels = lintpanel.by_page(built.site, built.warnings)
        except BuildFailed as failed:
            return replace(self.shown, problems=failed.errors), 0
        except Exception as exc:  # a file deleted while it was read, or a bug: never a traceback
            self.speed.next_build(succeeded=False)
            return replace(self.shown, problems=[unexpected(exc)]), 0
        prefix = urls.base_path(built.site.settings.base_url)
        return Shown([], built.warnings, panels, prefix), built.changed

    def settled(self) -> bool:
        """Whether to answer requests now: no rebuild runs, or one has run for a while.

        A request made during a rebuild of usual length waits for it and gets
        the new page. Only when a rebuild runs long (a huge site, a template
        that loops) are requests answered meanwhile, from the last good build.
        """
        started = self.started
        return started is None or time.monotonic() - started > PATIENCE_SECONDS

    def still_rebuilding(self, url_path: str) -> tuple[int, bytes, str]:
        """The answer for a file still being rewritten after a long wait: a page that says
        so and reloads when the rebuild is done (the catch-up, too, knows it was served)."""
        self._note_served("/" + url_path.lstrip("/"))
        return 503, rebuilding_page(), "text/html; charset=utf-8"

    def is_stale(self, url_path: str) -> bool:
        """Whether the page at this path was served before the latest rebuild."""
        return self.served.get(url_path, self.generation) < self.generation

    def respond(self, url_path: str) -> tuple[int, bytes, str] | None:
        """Status, body and content type for a request path; None while the rebuild under
        way may be writing that file: ask again once it is over."""
        if "/" + url_path.lstrip("/") == lintpanel.STYLE_PATH:
            return 200, lintpanel.STYLE, "text/css; charset=utf-8"
        url_path = self._within(url_path)
        try:
            path = self._find(unquote(url_path).lstrip("/"))
        except (UnsafeOutput, OSError, ValueError):  # `..`, a name too long, a NUL byte
            return 404, b"not found", "text/plain"
        is_page = path is None or path.suffix == ".html"
        if is_page:
            self._note_served("/" + url_path.lstrip("/"))
        shown = self.shown
        if shown.problems and is_page:
            return 500, error_page(shown.problems, RELOAD_SCRIPT), "text/html; charset=utf-8"
        status = 200
        if path is None:
            status, path = 404, self.root / "404.html"
        body = self._read(path)
        if body is None:
            return None
        if path.suffix == ".html":
            body = body.replace(b"</head>", RELOAD_SCRIPT.encode() + b"</head>", 1)
            page = urls.page_path("/" + url_path.lstrip("/"))
            own = shown.panels.get(page, ()) if status == 200 else ()
            rest = shown.panels.get(lintpanel.ELSEWHERE, ()) if page == "/" or status == 404 else ()
            body = lintpanel.with_panel(body, own, rest)
        return status, body, _kind(path)

    def _within(self, url_path: str) -> str:
        """The request's path inside the site: without the base URL's own path."""
        prefix, asked = self.shown.prefix, "/" + url_path.lstrip("/")
        if prefix and (asked == prefix or asked.startswith(prefix + "/")):
            return asked[len(prefix) :] or "/"
        return url_path

    def lacks_slash(self, url_path: str) -> bool:
        """Whether the path names a folder of the site without its closing `/`
        (`/stories`): a static host answers with a redirect to `/stories/`, and so does
        the preview, so that its pages are seen at the addresses they will have."""
        if url_path.endswith("/"):
            return False
        try:
            target = safe_target(self.root, unquote(self._within(url_path)).lstrip("/"))
            return target.is_dir() and (target / "index.html").is_file()
        except (UnsafeOutput, OSError, ValueError):
            return False

    def _read(self, path: Path) -> bytes | None:
        """The file's bytes, or None if a rebuild may have been writing it meanwhile.

        The mirror rewrites files in place, from this process and from the
        build's helpers, so a file read during a rebuild may be half written.
        One last modified before the rebuild began is still the last good
        build's. The time is taken from the open file after reading it, so a
        rewrite that began before or during the read shows; a rebuild that
        began during the read changes `rebuilds`.
        """
        started, since = self.rebuilds, self.writing_since
        try:
            with open(path, "rb") as file:
                body, changed = file.read(), os.fstat(file.fileno()).st_mtime_ns
        except OSError:  # removed by a rebuild (ask again), or never made (no 404 page)
            body, changed = b"not found", since or 0
        if self.rebuilds != started or (since is not None and changed >= since):
            return None
        return body

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
        self.stamp.unlink(missing_ok=True)


def _kind(path: Path) -> str:
    """The Content-Type a file is served with."""
    kind = (
        TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    )
    if kind.startswith("text/") and "charset" not in kind:
        kind += "; charset=utf-8"
    return kind


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
    """Run the preview until Ctrl-C, SIGTERM or SIGHUP.

    Raises `listen.CannotListen` before building anything if it cannot
    listen on `host` and `port`. `say` tells the PIO what happens and `warn`
    shows problems: the command line decides where they go, as it does for
    every other command.
    """
    sockets = listen.bind(host, port)
    preview = Preview(folders, clock, jobs)
    with stopping.by_signals():  # around the clean-up too: see `by_signals`
        try:
            with contextlib.suppress(stopping.Stop):
                _run(preview, host, sockets, say, warn)
        finally:
            preview.close()
            for sock in sockets:
                sock.close()
    say("Stopped.")


def _run(
    preview: Preview,
    host: str,
    sockets: list[socket.socket],
    say: Callable[[str], None],
    warn: Callable[[str], None],
) -> None:
    """Build, serve, then watch and rebuild until a signal raises Stop."""
    watcher = Watcher(preview, say)  # first: a save made during the first build is then seen
    heap = Heap()
    preview.rebuild()
    heap.rebuilt()
    if preview.problems:
        for problem in preview.problems:
            warn(str(problem))
    else:
        watcher.tell(preview.warnings, warn)
    serving = listen.Serving(application(preview, host, warn), sockets)
    try:
        url = listen.address(host, sockets)
        say(f"Previewing at {url} (drafts included). Press Ctrl-C to stop.")
        while True:
            path = watcher.poll()
            if path is not None:
                heap.rebuilt()
                serving.call(LiveReloadHandler.reload_waiters, path)
            else:
                heap.idle()
            time.sleep(POLL_MS / 1000)
    finally:
        serving.stop()
