"""Converted Markdown kept between runs, so a rebuild converts only what changed.

Each entry is keyed by a digest of everything its conversion read: the text,
where it sits, and how each of its links resolves. The file name carries a
digest of microsite's own code files (`code_version`) and of the versions of
the libraries that shape its output, so a cache written by other code is
never read. Any cache that cannot be read
is ignored: a broken cache costs time, never correctness. `.cache/microsite/`
is safe to delete. A build deletes only files named exactly as it names its
own (`markdown-<16 hex digits>.pickle`), never anything else it finds there.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import os
import pickle
import re
import tempfile
from collections.abc import Iterator
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import babel

from microsite.output import stamp

PACKAGE = Path(__file__).parent.parent  # microsite/, every subfolder included


@cache
def code_version() -> str:
    """Changes whenever microsite's code, its data (the jargon list, the interface
    catalogs) or the libraries shaping its HTML, its dates and its lints change.

    Each file is known by its stamp (`output.stamp`: size, times and inode), not by
    reading it (5–10 ms of every build for 120 files). Python itself trusts a
    module's size and time to tell whether its compiled code is current; the change
    time is stricter still: any write to a file sets it, and no program can set it back.
    """
    versions = f"{_installed('markdown', 'nh3', 'pyphen')} {babel.__version__}"
    digest = hashlib.sha1(versions.encode())
    for rel, path in sorted(_code_files(str(PACKAGE), "")):  # catalogs and word lists
        digest.update(f"{rel}\0{stamp(path)}\n".encode())  # shape pages like code
    return digest.hexdigest()[:16]


CODE_SUFFIXES = (".py", ".tsv", ".po")


def _code_files(folder: str, prefix: str) -> Iterator[tuple[str, str]]:
    """Every file of microsite's code and data under `folder`, named from the package and
    as a path; the compiled code Python keeps beside it (`__pycache__`) left out."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir() and entry.name != "__pycache__":
                yield from _code_files(entry.path, f"{prefix}{entry.name}/")
            elif entry.name.endswith(CODE_SUFFIXES):
                yield prefix + entry.name, entry.path


def _installed(*names: str) -> str:
    """The libraries' versions, as pip installed them (`markdown-3.11.3.dist-info` beside
    `markdown/`): importing Markdown and nh3 to ask them would load both in every
    rebuild, which converts nothing when no text changed (20 ms). A library installed
    another way, with no such folder, is imported and asked."""
    versions = []
    listed: dict[Path, list[str]] = {}  # each folder read once: they share site-packages
    for name in names:
        spec = find_spec(name)
        folder = Path(spec.origin).parent.parent if spec and spec.origin else None
        if folder and folder not in listed:
            listed[folder] = os.listdir(folder)
        found = [
            entry[len(name) + 1 : -len(".dist-info")]
            for entry in (listed[folder] if folder else ())
            if entry.startswith(name + "-") and entry.endswith(".dist-info")
        ]
        versions.append(found[0] if len(found) == 1 else importlib.import_module(name).__version__)
    return " ".join(versions)


# The names this module gives its files, whatever the code version: only these are deleted.
OWN_FILE = re.compile(r"(markdown|outputs)-[0-9a-f]{16}\.pickle")

# Entries no page uses any more, as a share of those it does, before the file is rewritten
# without them; below it, a build only appends what it added.
STALE_SHARE = 0.1


class DiskCache:
    """Markdown conversions by digest, read once at start and added to once at the end.

    The file is a log: whole dicts of entries, one after another. A rebuild
    that converted one story appends that one entry, instead of rewriting ten
    megabytes (a thousand stories) for it; the file is written afresh, with
    only what the build used, once the entries no build uses pass a tenth,
    or when its end was cut off (a build killed while appending).
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.path = folder / f"markdown-{code_version()}.pickle"
        self.entries, self.whole = _read_log(self.path)
        self.used: dict[str, Any] = {}
        self.added: dict[str, Any] = {}
        self.records_path = folder / f"outputs-{code_version()}.pickle"
        self.records = _load(self.records_path)
        self._records_read = _copied(self.records)

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
        self.added[digest] = entry

    def save_content(self) -> None:
        """Keep what this build used, so the cache never outgrows the site; then let it go.

        Called once the content is loaded: entries are valid whatever happens
        to the rest of the build, and a large site's text need not stay in
        memory while its pages are rendered.
        """
        stale = sum(1 for digest in self.entries if digest not in self.used)
        if self.entries and self.whole and stale <= STALE_SHARE * len(self.used):
            if self.added:  # what a rebuild converted: small, so pickled whole and appended
                _append(self.added, self.path)
        elif self.added or self.entries:  # a first log, or one written afresh: streamed to
            _dump(self.used, self.path)  # disk, never held as one 40 MB string (4,000 stories)
        self.entries, self.used, self.added = {}, {}, {}
        self._forget_other_versions()

    def save_records(self) -> None:
        """Write the record, unless the build left it as it was read: a rebuild that
        changed nothing then writes nothing (pickling and writing it took 4 ms)."""
        if self.records and self.records != self._records_read:
            _dump(self.records, self.records_path)
            self._records_read = _copied(self.records)

    def _forget_other_versions(self) -> None:
        """Delete what other code versions left; files of any other name are not ours."""
        for old in self.folder.glob("*.pickle"):
            if OWN_FILE.fullmatch(old.name) and old not in (self.path, self.records_path):
                with contextlib.suppress(OSError):
                    old.unlink()


def _copied(records: dict[str, Any]) -> dict[str, Any]:
    """A copy to compare with later: each output's record is changed in place, its
    entries (tuples) are only ever replaced."""
    return {
        output: dict(record) if isinstance(record, dict) else record
        for output, record in records.items()
    }


def _load(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            entries = pickle.load(file)
    except Exception:  # missing, truncated, or not ours: start afresh
        return {}
    return entries if isinstance(entries, dict) else {}


def _read_log(path: Path) -> tuple[dict[str, Any], bool]:
    """Every entry of a log file, later ones winning; and whether it read to a clean end.

    A missing file is whole (there is nothing to repair); one whose end is cut
    off or not ours gives what came before it, and must be written afresh
    before anything is appended after the damage.
    """
    entries: dict[str, Any] = {}
    try:
        file = path.open("rb")
    except OSError:
        return entries, True
    with file:
        while True:
            try:
                part = pickle.load(file)
            except EOFError:  # the clean end: nothing after the last dict
                return entries, file.tell() == os.fstat(file.fileno()).st_size
            except Exception:  # cut off mid-entry, or not ours
                return entries, False
            if not isinstance(part, dict):
                return entries, False
            entries.update(part)


def _append(entries: dict[str, Any], path: Path) -> None:
    """Add entries to the end of the log in one write: a build killed meanwhile leaves at
    worst a cut-off last part, which the next build notices and writes over."""
    data = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_APPEND)
    except OSError:
        return _dump(entries, path)  # gone meanwhile: start a new log with these
    try:
        written = 0
        while written < len(data):  # one write, unless the disk makes it several
            written += os.write(handle, data[written:])
    except OSError:
        pass  # a full disk: the cut-off end is found and written over next time
    finally:
        os.close(handle)


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
