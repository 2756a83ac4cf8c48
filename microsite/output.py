"""Writing a built site to disk without ever leaving half a site behind.

Everything is written first into a hidden folder beside the target, so a
build that fails, even for a full disk, leaves the last good site exactly as
it was. Only then does the new site go into place: whole, by one rename, the
first time; afterwards file by file, each by an atomic rename, for just the
files whose bytes changed. Every path is checked to stay inside the output
folder, whatever a slug or a media file name says.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TypeVar


class UnsafeOutput(Exception):
    """The output folder, or a path inside it, would put other files at risk."""


def safe_target(root: Path, rel: str) -> Path:
    """`root/rel`, refusing anything that could land outside `root`."""
    return root.joinpath(*checked(rel).split("/"))


def checked(rel: str) -> str:
    """`rel`, if it is a plain relative path: no `..`, `.`, empty part, backslash or leading `/`."""
    if rel.startswith("/") or "\\" in rel or any(p in ("..", ".", "") for p in rel.split("/")):
        raise UnsafeOutput(f"refusing to write outside the output folder: {rel!r}")
    return rel


def check_output_folder(output: Path, keep: list[Path]) -> None:
    """Refuse an output folder whose replacement would delete content or templates."""
    target = output.resolve()
    if target == Path(target.anchor) or target == Path.home().resolve():
        raise UnsafeOutput(f"refusing to replace {output}: choose a folder such as site/")
    for folder in keep:
        kept = folder.resolve()
        if target == kept or kept.is_relative_to(target):
            raise UnsafeOutput(f"refusing to replace {output}: it holds {folder}")
    if output.exists() and not output.is_dir():
        raise UnsafeOutput(f"{output} exists and is not a folder")


def collect_files(folder: Path, prefix: str) -> dict[str, Path]:
    """Every file under `folder` (hidden ones aside), keyed by its output path."""
    if not folder.is_dir():
        return {}
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            found[f"{prefix}/{rel.as_posix()}"] = path
    return found


class Staging:
    """The hidden folder beside the site where a build writes before anything is replaced.

    `write` may be called from forked helper processes: each call only adds a
    file under the staging folder, and says whether it differs from the live
    site. `commit` (in the parent, with every path the build made) then moves
    the changed files into place and removes what no longer belongs.
    """

    in_any_process = True  # `write` may run in forked helpers: it only adds files

    def __init__(self, output: Path):
        self.output = output
        self.fresh = not output.exists()
        output.parent.mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
        self._made: set[str] = set()  # folders made in the staging folder, by this process

    def write(self, rel: str, data: bytes) -> bool:
        # Called for every page of a big site: plain strings and os calls, not Paths.
        rel = checked(rel)
        if not self.fresh and not _differs(os.path.join(self.output, rel), data):
            return False
        with open(place(os.path.join(self.root, rel), self._made), "wb") as file:
            file.write(data)
        return True

    def copy(self, rel: str, source: Path) -> bool:
        if not self.fresh and _same_file(source, safe_target(self.output, rel)):
            return False
        shutil.copyfile(source, place(safe_target(self.root, rel), self._made))
        return True

    def commit(self, changed: Iterable[str], every: set[str]) -> None:
        """Put the staged files live: the first time whole, afterwards file by file."""
        if self.fresh:
            os.chmod(self.root, 0o755)  # mkdtemp makes it private; a web server must read it
            self.root.rename(self.output)
            return
        made: set[str] = set()
        for rel in sorted(changed, key=lambda rel: (-rel.count("/"), rel)):  # pages before lists
            os.replace(safe_target(self.root, rel), place(safe_target(self.output, rel), made))
        _sweep(str(self.output), "", every)

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def write_site(files: Mapping[str, bytes], copies: Mapping[str, Path], output: Path) -> None:
    """Make `output` hold exactly `files` (bytes) plus `copies` (files to copy).

    A build that fails while staging leaves the site exactly as it was, and an
    unchanged file is never rewritten, so its date on the server stays.
    """
    staging = Staging(output)
    try:
        changed = [rel for rel, data in files.items() if staging.write(rel, data)]
        publish(staging, changed, files.keys(), copies)
    finally:
        staging.discard()


def publish(
    staging: Staging, changed: list[str], made: Iterable[str], copies: Mapping[str, Path]
) -> int:
    """Copy media and static files into `staging`, then put everything live.

    Returns how many files were added or replaced.
    """
    every = set(made)
    clash = every & copies.keys()
    if clash:
        raise UnsafeOutput(f"two files want the same output path: {sorted(clash)[0]}")
    changed = changed + [rel for rel, source in copies.items() if staging.copy(rel, source)]
    staging.commit(changed, every | copies.keys())
    return len(changed)


def _differs(target: str, data: bytes) -> bool:
    try:
        if os.stat(target).st_size != len(data):
            return True
        with open(target, "rb") as file:
            return file.read() != data
    except OSError:
        return True


def _same_file(source: Path, target: Path) -> bool:
    try:
        return filecmp.cmp(source, target, shallow=False)
    except OSError:
        return False


def _sweep(folder: str, prefix: str, keep: set[str]) -> bool:
    """Delete the files under `folder` that the build did not make, and folders left empty.

    One pass over the tree (a big site has thousands of folders); says whether
    `folder` ended up empty. Symbolic links are removed, never followed.
    """
    empty = True
    with os.scandir(folder) as entries:
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if not (_sweep(entry.path, rel + "/", keep) and _removed_folder(entry.path)):
                    empty = False
            elif rel in keep:
                empty = False
            else:
                os.unlink(entry.path)
    return empty


def _removed_folder(path: str) -> bool:
    try:
        os.rmdir(path)
    except OSError:
        return False
    return True


P = TypeVar("P", Path, str)


def place(path: P, made: set[str]) -> P:
    """`path`, once its folder exists (each folder is made once).

    Takes a plain string too: writing a big site's pages goes through here
    thousands of times.
    """
    folder = os.path.dirname(path)
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)
    return path


def stamp(path: Path | str) -> tuple[int, int, int] | None:
    """Size, modification time and inode: what changes whenever a file is rewritten."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


def discard(rel: str, data: bytes) -> bool:
    """A writer for `check`: everything is made, nothing is kept."""
    checked(rel)
    return False


class Memory:
    """A writer that keeps every file's bytes: for tests and tools that look at a build."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def write(self, rel: str, data: bytes) -> bool:
        changed = self.files.get(checked(rel)) != data
        self.files[rel] = data
        return changed


class Mirror:
    """A folder kept equal to the latest build, file by file: the preview's.

    Nobody else reads it while it is written, so there is no staging: a file
    is replaced only when its bytes changed. The same bytes object as last
    time (a page the preview's memory reused) is known unchanged at once.
    """

    in_any_process = True  # helpers may write pages; `_last` is only a shortcut

    def __init__(self, root: Path):
        self.root = root
        self._last: dict[str, bytes] = {}  # what this process last wrote, by path
        self._every: set[str] = set()  # every file the last build made
        self._copied: dict[str, tuple[int, int, int] | None] = {}
        self._made: set[str] = set()

    def write(self, rel: str, data: bytes) -> bool:
        if self._last.get(rel) is data:
            return False
        target = os.path.join(self.root, checked(rel))
        self._last[rel] = data
        if not _differs(target, data):
            return False
        with open(place(target, self._made), "wb") as file:
            file.write(data)
        return True

    def finish(self, made: Iterable[str], copies: Mapping[str, Path]) -> int:
        """Copy changed media and static files, remove what the build no longer makes;
        how many files that added, replaced or removed."""
        changed = 0
        stamps = {rel: stamp(path) for rel, path in copies.items()}
        for rel, path in copies.items():
            if self._copied.get(rel) != stamps[rel]:
                shutil.copyfile(path, place(safe_target(self.root, rel), self._made))
                changed += 1
        every = set(made)
        gone = (self._every - every) | (self._copied.keys() - copies.keys() - every)
        for rel in gone:
            safe_target(self.root, rel).unlink(missing_ok=True)
            self._last.pop(rel, None)
        self._every, self._copied = every, stamps
        return changed + len(gone)
