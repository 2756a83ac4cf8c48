"""Putting a whole new site in place of the old one in one step, cheaply.

The new site is assembled as a complete tree in a hidden folder beside the
live one (`.site.new-*` for `site/`), then the two folders trade places with
one `renameat2(RENAME_EXCHANGE)`: whoever looks, at any instant, even if the
build is killed, sees all of the old site or all of the new one.

A complete tree would mean writing every file of the site on every build.
Instead, the tree that was live before the swap is kept beside it as the
spare (`.site.previous`), and the next build starts from it: the spare
already holds most files, as hard links to the live ones, so a rebuild only
writes what changed, links what changed last time, and removes what is gone.
An unchanged file stays the same file (same inode and date) from build to
build, which is what `rsync -a` and the page cache look at. The spare costs
the disk little (mostly links) and may be deleted at any time; the next
build then links every file once. A build that changes no file, into a site
holding nothing it did not make (`Survey.live`), swaps nothing at all.

Whatever a killed build leaves is put right by the next one (under the
lock): a staging folder becomes the spare or is removed, and a site caught
between the two renames of the fallback (filesystems without an exchange)
is put back.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from microsite.errors import UnsafeOutput
from microsite.output import built_here, mount_point, place, real_folder, spare_path

AT_FDCWD = -100
RENAME_EXCHANGE = 2
NO_EXCHANGE = (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP)  # kernel or filesystem lacks it
MOUNTED = (errno.EBUSY, errno.EXDEV)


def staging_prefix(output: Path) -> str:
    return f".{output.name}.new-"


def recover(output: Path) -> None:
    """Undo what a killed build left beside `output`. Only call while holding the lock.

    A spare is kept only beside a live site: with no site, the spare is the
    old site caught between the fallback's two renames, and goes back.
    """
    spare = spare_path(output)
    if not os.path.lexists(output) and real_folder(spare):
        os.rename(spare, output)
    for left in sorted(output.parent.glob(staging_prefix(output) + "*")):
        if real_folder(left):
            set_aside(left, output)  # any build's tree will do as a spare: `Spare` checks each file


def claim_spare(output: Path) -> Path:
    """A fresh-named staging folder holding the spare tree, or empty if there is none.

    Renamed rather than used in place, so a build killed while changing it
    leaves a `.site.new-*` folder that the next build knows to repair.
    """
    root = Path(tempfile.mkdtemp(prefix=staging_prefix(output), dir=output.parent))
    spare = spare_path(output)
    if real_folder(spare):
        os.rename(spare, root)  # a folder may replace an empty one
    elif os.path.lexists(spare):
        os.unlink(spare)  # not ours: it would only block the spare's place later
    return root


class NotReplaced(UnsafeOutput):
    """The live site could not be swapped for the new one; it was left as it was."""


def set_aside(root: Path, output: Path) -> None:
    """Keep an unpublished staging tree as the spare (it saves the next build work).

    Only a tree that is recognisably a build's (`built_here`) is kept: a build
    refuses a spare it cannot tell from someone else's folder, so keeping a
    half-made one would only stop the next build. Anything else is removed.
    """
    spare = spare_path(output)
    if not os.path.lexists(spare) and os.path.lexists(output) and built_here(root):
        try:
            os.rename(root, spare)
            return
        except OSError:
            pass  # a staging tree only saves time: removed below
    shutil.rmtree(root, ignore_errors=True)


def swap_in(new: Path, live: Path, *, fresh: bool) -> None:
    """Make `new` the live site in one step; the old one becomes the spare.

    If the live folder cannot be replaced (immutable, say, or not ours to
    rename), it stays exactly as it was and the reason is a clean refusal.
    """
    try:
        _swap(new, live, fresh)
    except OSError as exc:
        if exc.errno in MOUNTED:
            raise mount_point(live) from None
        raise NotReplaced(_not_replaced(live, exc)) from None


def _swap(new: Path, live: Path, fresh: bool) -> None:
    if fresh:
        os.chmod(new, 0o755)  # mkdtemp makes it private; a web server must read it
        os.rename(new, live)
        return
    os.chmod(new, stat.S_IMODE(os.stat(live).st_mode))
    if not _exchange(new, live):
        _two_renames(new, live)
        return
    with contextlib.suppress(OSError):  # if not, `Staging.discard` keeps or removes it
        os.rename(new, spare_path(live))  # `new` now holds the old site


def _two_renames(new: Path, live: Path) -> None:
    """The swap where folders cannot be exchanged: for an instant there is no site (see
    `recover`). If the second rename fails, the old site goes straight back."""
    os.rename(live, spare_path(live))
    try:
        os.rename(new, live)
    except OSError:
        os.rename(spare_path(live), live)
        raise


def _not_replaced(live: Path, exc: OSError) -> str:
    hint = ""
    if exc.errno in (errno.EPERM, errno.EACCES):
        hint = " (is it immutable, see `lsattr -d`, or owned by someone else?)"
    return f"cannot replace {live} with the new site: {exc.strerror}{hint}; it was left as it was"


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically; False where this system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(b))


@cache
def _renameat2() -> Callable[..., int] | None:
    """glibc's `renameat2` (2.28 and later), which Python's os module does not offer."""
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    text, number = ctypes.c_char_p, ctypes.c_int
    function.argtypes = [number, text, number, text, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


@dataclass(frozen=True)
class Survey:
    """What the spare tree and the live site hold, found before a build writes anything.

    `files` maps each file of the spare to whether it already is the live
    site's file at the same place (the same inode): such a file needs no new
    link when the page is unchanged. `live` is the live site's files, when
    it holds nothing else (no link, no empty folder): a build that changes
    no file and has exactly these leaves the site as it is, unswapped. Both
    trees are read in one go, so that the speed layer can do it on another
    core while the build loads.
    """

    files: dict[str, bool]  # the spare's files -> whether each is the live file itself
    empty: list[str]  # the spare's folders found empty
    live: frozenset[str] | None  # the live site's files; None if it holds anything else


def survey(root: str, live: str) -> Survey:
    """Every file of the spare tree at `root`, compared with the live site at `live`.

    Anything in the spare that is not a plain file or folder (a symbolic
    link, say) is removed on the way, so no later write can leave the tree;
    in the live site it is only noted. Files are known by the inode their
    folder lists. Safe to run twice: the second run finds the same.
    """
    spare = _Tree(root)
    for path in spare.others:
        os.unlink(path)
    site = _live_tree(live)
    inodes = site.files if site else {}
    files = {rel: inode == inodes.get(rel) for rel, inode in spare.files.items()}
    plain = site is not None and not site.others and not site.empty
    return Survey(files, spare.empty, frozenset(inodes) if plain else None)


def _live_tree(live: str) -> _Tree | None:
    """The live site as `_Tree` reads it; None where there is none, or a folder of it cannot
    be read (changed by hand): its files are then all linked anew, as for a new spare."""
    try:
        return _Tree(live) if os.path.isdir(live) else None
    except OSError:
        return None


class _Tree:
    """A folder's files (relative path -> inode), empty folders, and anything else found,
    read without following a link."""

    def __init__(self, root: str):
        self.files: dict[str, int] = {}
        self.empty: list[str] = []
        self.others: list[str] = []  # full paths
        self._scan(root, "")

    def _scan(self, folder: str, prefix: str) -> None:
        anything = False
        with os.scandir(folder) as entries:
            for entry in entries:
                anything = True
                if entry.is_dir(follow_symlinks=False):
                    self._scan(entry.path, prefix + entry.name + "/")
                elif entry.is_file(follow_symlinks=False):
                    self.files[prefix + entry.name] = entry.inode()
                else:
                    self.others.append(entry.path)
        if not anything and prefix:
            self.empty.append(prefix[:-1])


class Spare:
    """The files a staging tree already holds, so a build writes and links only what differs.

    Any tree will do: every file the new site keeps is checked against the
    live one by inode (`survey`), so a spare left half-changed by a killed
    build, or edited by hand, is put right rather than trusted.
    """

    def __init__(self, root: Path, found: Survey):
        self.root = root
        self.files = found.files
        self.empty = found.empty
        self.live = found.live

    def fresh_path(self, rel: str, made: set[str]) -> str:
        """Where to write `rel`: an old file there may be a hard link to the live
        site's, so it is unlinked, never written over."""
        path = os.path.join(self.root, rel)
        if rel in self.files:
            os.unlink(path)
        return place(path, made)

    def prune(self, keep: set[str]) -> None:
        """Remove every file the new site does not have, and folders left empty."""
        emptied = set(self.empty)
        for rel in self.files:
            if rel not in keep:
                os.unlink(os.path.join(self.root, rel))
                emptied.add(os.path.dirname(rel))
        for folder in sorted(emptied, key=lambda rel: -rel.count("/")):
            _remove_empty(self.root, folder)

    def link_unchanged(self, live: Path, unchanged: set[str]) -> list[str]:
        """Make each unchanged file the live one itself, keeping its inode and date. The
        files linked: a new link changes a file's change time (its `stat` ctime)."""
        made: set[str] = set()
        linked = []
        for rel in unchanged:
            if not self.files.get(rel):  # not in the spare, or not the live file
                _link(os.path.join(live, rel), self.fresh_path(rel, made))
                linked.append(rel)
        return linked


def _remove_empty(root: Path, folder: str) -> None:
    """Remove `folder` and then each parent while they are empty."""
    while folder:
        try:
            os.rmdir(os.path.join(root, folder))
        except OSError:
            return
        folder = os.path.dirname(folder)


def _link(source: str, target: str) -> None:
    """A hard link; a copy with the same date where the filesystem has none."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
