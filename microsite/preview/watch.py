"""Noticing saved, new, deleted and renamed files by comparing folder snapshots, and
rebuilding the preview when there are some.

Polling a few thousand `stat` calls every 25 ms costs a few percent of one
core and works the same on every file system and editor: editors that save
by writing a temporary file and renaming it over the original are seen as a
change to the original, which is what the PIO did.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from livereload.handlers import LiveReloadHandler

from microsite import catalogs
from microsite.clutter import left_by_the_system
from microsite.errors import ContentError
from microsite.preview import lintpanel

if TYPE_CHECKING:
    from microsite.preview.server import Preview

Stamp = tuple[int, int, int, int]  # mtime_ns, size, inode, ctime_ns (see `output.stamp`)


class Snapshot:
    """The files under some folders, and what changed since the last look.

    Paths are kept as strings: a scan every 25 ms of a 1,000-story site took
    9 ms with a `Path` made and hashed for each file, and takes 2 ms so.
    """

    def __init__(self, folders: list[Path]):
        self.folders = folders
        self.stamps = self._scan()

    def changes(self) -> list[Path]:
        """Files added, changed or removed since the previous call, sorted."""
        stamps = self._scan()
        changed = {p for p, s in stamps.items() if self.stamps.get(p) != s}
        changed |= self.stamps.keys() - stamps.keys()
        self.stamps = stamps
        return sorted(map(Path, changed))

    def _scan(self) -> dict[str, Stamp]:
        stamps: dict[str, Stamp] = {}
        for folder in self.folders:
            _walk(str(folder), stamps)
        return stamps


def _walk(folder: str, stamps: dict[str, Stamp]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:  # gone, not a folder, or unreadable: nothing in it can be built either
        return
    for entry in entries:
        if left_by_the_system(entry.name):
            continue  # what no build reads (a swap file, Thumbs.db), and editors' backups
        try:
            if entry.is_dir(follow_symlinks=False):  # a link to a folder is not built
                _walk(entry.path, stamps)  # from, and two of them loop: 2**40 folders
            else:
                stat = entry.stat()
                stamps[entry.path] = (
                    stat.st_mtime_ns,
                    stat.st_size,
                    stat.st_ino,
                    stat.st_ctime_ns,
                )
        except OSError:
            continue  # deleted while we looked (the next scan sees it gone), or unreadable


class Watcher:
    """Polls the folders, rebuilds on change, then reloads the browsers."""

    def __init__(self, preview: Preview, say: Callable[[str], None]):
        self.preview = preview
        self.say = say
        # The warnings the terminal has shown: a save prints only those it brought, not
        # every warning of the site again (the count and the pages' panels give the rest).
        self.shown: set[str] = set()
        self.catalogs = catalogs.LOCALE  # a translator previews the catalog as it grows
        self.snapshot = Snapshot(
            [preview.folders.content, preview.folders.templates, self.catalogs]
        )
        LiveReloadHandler.watcher = SimpleNamespace(filepath=None)
        LiveReloadHandler.live_css = True

    def poll(self) -> str | None:
        """Rebuild if anything changed; then the path browsers should reload (`*`: all)."""
        changed = self.snapshot.changes()
        if not changed:
            return None
        if any(path.is_relative_to(self.catalogs) for path in changed):
            self.preview.interface_changed()
        started = time.perf_counter()
        written = self.preview.rebuild()
        took = (time.perf_counter() - started) * 1000
        self.report(changed, written, took)
        only_css = all(p.suffix == ".css" for p in changed) and not self.preview.problems
        return changed[0].name if only_css else "*"

    def report(self, changed: list[Path], written: int, took: float) -> None:
        names = ", ".join(p.name for p in changed[:3]) + (" ..." if len(changed) > 3 else "")
        errors = sum(1 for p in self.preview.problems if not p.warning)
        if errors:
            for problem in self.preview.problems:
                self.say(str(problem))
            self.say(f"{names}: {errors} problem(s); the browser shows them.")
            return
        self.tell(self.preview.warnings)
        summary = lintpanel.summary(self.preview.warnings)
        self.say(f"{names}: rebuilt in {took:.0f} ms, {written} file(s) updated; {summary}.")

    def tell(self, warnings: list[ContentError], say: Callable[[str], None] | None = None) -> None:
        """Print the warnings not printed before; remember the site's as they now stand."""
        for warning in warnings:
            if str(warning) not in self.shown:
                (say or self.say)(str(warning))
        self.shown = {str(warning) for warning in warnings}
