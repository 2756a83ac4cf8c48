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
from pathlib import Path
from typing import Any

import markdown
import nh3

PACKAGE = Path(__file__).parent


@cache
def code_version() -> str:
    """Changes whenever microsite's code or the libraries shaping its HTML change."""
    digest = hashlib.sha1(f"{markdown.__version__} {nh3.__version__}".encode())
    for source in sorted(PACKAGE.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def digest_of(key: object) -> str:
    """A stable name for a key made of strings, numbers, None and tuples of them."""
    return hashlib.sha1(repr(key).encode()).hexdigest()


class DiskCache:
    """Markdown conversions by digest, read once at start and written once at the end."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.path = folder / f"markdown-{code_version()}.pickle"
        self.entries = self._load()
        self.used: dict[str, Any] = {}
        self.added = False

    def _load(self) -> dict[str, Any]:
        try:
            with self.path.open("rb") as file:
                entries = pickle.load(file)
        except Exception:  # missing, truncated, or not ours: start afresh
            return {}
        return entries if isinstance(entries, dict) else {}

    def get(self, digest: str) -> Any:
        """The entry stored under `digest`, or None; callers check its shape."""
        value = self.entries.get(digest)
        if value is not None:
            self.used[digest] = value
        return value

    def put(self, digest: str, entry: Any) -> None:
        self.used[digest] = entry
        self.added = True

    def save(self) -> None:
        """Keep what this build used, so the cache never outgrows the site."""
        if not self.added and len(self.used) == len(self.entries):
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(handle, "wb") as file:
            pickle.dump(self.used, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.path)
        for old in self.folder.glob("markdown-*.pickle"):
            if old != self.path:
                with contextlib.suppress(OSError):
                    old.unlink()
