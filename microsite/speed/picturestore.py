"""Processed pictures kept between runs in `.cache/microsite/`, one file each.

Encoding a phone photo at five sizes in two formats costs more than
rendering a hundred pages, so each result is kept under the digest of the
job that made it: the rendition value itself (the source picture's content
digest, the size, the format, the crop). A picture edited, or settings
changed, is a different value and is made afresh; an unchanged one is read
back even when the output folder was deleted. Entries are written by
whichever process made them, each by an atomic rename, so helpers never see
half a file. The folder's name carries the code's and Pillow's versions: a
cache made by other code is never read. `.cache/microsite/` is safe to delete;
a build deletes only folders and files named exactly as it names its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

import PIL

from microsite.speed.diskcache import code_version

_CHECK = 32  # bytes of sha256 before each entry's data
# The names this module gives, whatever the versions: only these are ever deleted.
OWN_FOLDER = re.compile(r"pictures-[0-9a-f]{16}-[0-9A-Za-z.+]+")
OWN_ENTRY = re.compile(r"m?[0-9a-f]{40}|tmp[0-9a-z_]{8}\.tmp")  # a job digest, or half-written


class PictureStore:
    """Bytes by job digest, in files under `.cache/microsite/pictures-<versions>/`."""

    def __init__(self, cache: Path):
        self.folder = cache / f"pictures-{code_version()}-{PIL.__version__}"
        self._cache = cache

    def get(self, digest: str) -> bytes | None:
        """The bytes kept under `digest`, unless missing or damaged (each file starts with
        a checksum of the rest, so a truncated or overwritten entry is made afresh)."""
        try:
            with open(self._path(digest), "rb") as file:
                stored = file.read()
        except OSError:
            return None
        check, data = stored[:_CHECK], stored[_CHECK:]
        return data if hashlib.sha256(data).digest() == check else None

    def put(self, digest: str, data: bytes) -> None:
        """Keep `data`; a full disk or a read-only cache costs time next run, nothing else,
        and leaves no half-written file behind."""
        temporary = None
        try:
            os.makedirs(self.folder, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as file:
                _save(file, hashlib.sha256(data).digest() + data)
            os.replace(temporary, self._path(digest))
        except OSError:
            if temporary:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)

    def keep_only(self, digests: set[str]) -> None:
        """Forget pictures no file of the last build was made from, and other versions."""
        for old in self._cache.glob("pictures-*"):
            if old != self.folder and OWN_FOLDER.fullmatch(old.name) and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.folder):
                if entry.name not in digests and OWN_ENTRY.fullmatch(entry.name):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)

    def _path(self, digest: str) -> str:
        return os.path.join(self.folder, digest)


def _save(file: BinaryIO, data: bytes) -> None:
    file.write(data)
