"""Converted Markdown kept between runs, so a rebuild converts only what changed.

Each entry is keyed by a digest of everything its conversion read: the text,
where it sits, and how each of its links resolves. The file name carries a
digest of microsite's own code and of the Markdown and sanitiser versions,
so a cache written by other code is never read. Any cache that cannot be read
is ignored: a broken cache costs time, never correctness. `.cache/` is safe
to delete.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import babel
import markdown
import nh3

PACKAGE = Path(__file__).parent.parent  # microsite/, every subfolder included


@cache
def code_version() -> str:
    """Changes whenever microsite's code, its data (the jargon list, the interface
    catalogs) or the libraries shaping its HTML, its dates and its lints change."""
    versions = f"{markdown.__version__} {nh3.__version__} {_version('pyphen')} {babel.__version__}"
    digest = hashlib.sha1(versions.encode())
    for source in sorted(p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".tsv", ".po")):
        digest.update(source.read_bytes())  # catalogs and word lists shape pages like code
    return digest.hexdigest()[:16]


def _version(*names: str) -> str:
    """The libraries' own code, found without importing them (a cached rebuild never does)."""
    digest = hashlib.sha1()
    for name in names:
        spec = find_spec(name)
        folder = Path(spec.origin).parent if spec and spec.origin else None
        for source in sorted(folder.rglob("*.py")) if folder else ():
            digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


class DiskCache:
    """Markdown conversions by digest, read once at start and written once at the end."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.path = folder / f"markdown-{code_version()}.pickle"
        self.entries = _load(self.path)
        self.used: dict[str, Any] = {}
        self.added = False
        self.records_path = folder / f"outputs-{code_version()}.pickle"
        self.records = _load(self.records_path)

    def record_for(self, output: Path) -> dict[str, Any]:
        """What the last build into `output` wrote, for `pagecache.Reuse` to consult and update."""
        record = self.records.setdefault(str(output.resolve()), {})
        return record if isinstance(record, dict) else {}

    def get(self, digest: str) -> Any:
        """The entry stored under `digest`, or None; callers check its shape."""
        value = self.entries.get(digest)
        if value is not None:
            self.used[digest] = value
        return value

    def put(self, digest: str, entry: Any) -> None:
        self.used[digest] = entry
        self.added = True

    def save_content(self) -> None:
        """Keep what this build used, so the cache never outgrows the site; then let it go.

        Called once the content is loaded: entries are valid whatever happens
        to the rest of the build, and a large site's text need not stay in
        memory while its pages are rendered.
        """
        if self.added or len(self.used) != len(self.entries):
            _dump(self.used, self.path)
        self.entries, self.used, self.added = {}, {}, False
        self._forget_other_versions()

    def save_records(self) -> None:
        if self.records:
            _dump(self.records, self.records_path)

    def _forget_other_versions(self) -> None:
        for old in [*self.folder.glob("markdown-*.pickle"), *self.folder.glob("outputs-*.pickle")]:
            if old not in (self.path, self.records_path):
                with contextlib.suppress(OSError):
                    old.unlink()


def _load(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            entries = pickle.load(file)
    except Exception:  # missing, truncated, or not ours: start afresh
        return {}
    return entries if isinstance(entries, dict) else {}


def _dump(entries: dict[str, Any], path: Path) -> None:
    """Replace the file whole, so a reader never sees half of it.

    A full or read-only disk only means the next build has less to reuse:
    the half-written temporary file goes, and the build carries on.
    """
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as file:
            pickle.dump(entries, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
