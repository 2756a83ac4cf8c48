"""Where a build may write, what it may publish, and the simple writers.

Every path is checked to stay inside the output folder, whatever a slug or a
media file name says; an output folder that would put the content, the
templates or the project at risk is refused before anything is read.
Writing the published site, whole or not at all, is `publish.py`'s; here
are the writers for `check`, for tests and for the preview's folder.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TypeVar

from microsite.clutter import left_by_the_system
from microsite.errors import BuildFailed, ContentError, UnsafeOutput


def safe_target(root: Path, rel: str) -> Path:
    """`root/rel`, refusing anything that could land outside `root`."""
    return root.joinpath(*checked(rel).split("/"))


def checked(rel: str) -> str:
    """`rel`, if it is a plain relative path: no `..`, `.`, empty part, backslash or leading `/`."""
    if rel.startswith("/") or "\\" in rel or any(p in ("..", ".", "") for p in rel.split("/")):
        raise UnsafeOutput(f"refusing to write outside the output folder: {rel!r}")
    return rel


PROGRAM = Path(__file__).resolve().parent.parent  # the folder holding build.py and microsite/
# What marks a folder as a site microsite built: the head of its Atom feed. Every
# version of microsite wrote it, from its own code, not from the templates that a
# department may change. Not sitemap.xml, which Hugo, Jekyll and most others write.
BUILT_MARK = "feed.xml"
FEED_START = b'<feed xmlns="http://www.w3.org/2005/Atom"'
GENERATOR = b"<generator>microsite</generator>"
FEED_HEAD = 65_536  # bytes read: the feed's head comes before its first entry, well within this


def check_output_folder(output: Path, sources: list[Path]) -> None:
    """Refuse an output folder whose replacement would lose anything but an old build.

    That is a folder inside or holding the content or templates (`sources`),
    one holding the working folder or this program, a mount point (it cannot
    be swapped whole), any folder with files that no build made, and one
    whose spare (`.site.previous`, which a build replaces) is not a build's.
    """
    target = resolved(output)
    _refuse_holders(output, target, sources)
    _refuse_inside_a_build(output, target)
    if output.exists() and not output.is_dir():
        raise UnsafeOutput(f"{output} exists and is not a folder")
    if os.path.ismount(target):
        raise mount_point(output)
    _refuse_foreign(output, target)


def _refuse_inside_a_build(output: Path, target: Path) -> None:
    """Refuse a folder inside a site microsite built: the files would be published with it
    (`out/stories/x` put a second site at /stories/x/ of the first)."""
    for parent in target.parents:
        if built_here(parent):
            raise UnsafeOutput(
                f"refusing to build into {output}: it is inside {parent}, a site microsite "
                "built, and would be published with it; choose a folder outside it"
            )


def _refuse_foreign(output: Path, target: Path) -> None:
    """Refuse to replace files no build made: in the folder itself, or in its spare.

    Files of other programs are never moved or deleted, and the spare needs
    checking too: a build replaces it, and an older microsite, which took any
    folder with a sitemap.xml for a build, may have moved such a folder there.
    """
    if not replaceable(target):
        raise UnsafeOutput(
            f"refusing to replace {output}: it holds files that no build made (it has no "
            f"{BUILT_MARK} written by microsite; a sitemap.xml alone could be any generator's): "
            f"choose a new or empty folder, or delete {output} yourself if nothing in it is needed"
        )
    spare = spare_path(target)
    if os.path.lexists(spare) and not (real_folder(spare) and replaceable(spare)):
        raise UnsafeOutput(
            f"refusing to build into {output}: {spare} beside it holds files that no build "
            "made, and a build keeps the site it replaces under that name: move it "
            "elsewhere, or delete it yourself if nothing in it is needed"
        )


def resolved(output: Path) -> Path:
    """`output` with every link followed; a link loop is refused, not a traceback."""
    try:
        target = output.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        target = None
    if target is None or target.is_symlink():  # Python 3.13 stops at the loop instead
        raise UnsafeOutput(
            f"{output} is, or lies under, a symbolic link that leads back to itself (a loop): "
            "remove the link or choose another folder"
        )
    return target


def _refuse_holders(output: Path, target: Path, sources: list[Path]) -> None:
    """Refuse `/`, the home folder, and any folder inside or holding what must be kept."""
    if target == Path(target.anchor) or target == Path.home().resolve():
        raise UnsafeOutput(f"refusing to replace {output}: choose a folder such as site/")
    for folder in [*sources, Path.cwd(), PROGRAM]:
        kept = folder.resolve()
        if target == kept or kept.is_relative_to(target):
            raise UnsafeOutput(f"refusing to replace {output}: it holds {folder}")
        if folder in sources and target.is_relative_to(kept):
            raise UnsafeOutput(f"refusing to replace {output}: it is inside {folder}")


def replaceable(folder: Path) -> bool:
    """Whether a build may replace `folder`: it is missing, empty, or a site microsite built.
    A folder it cannot look inside is refused outright: nothing can be said of it."""
    try:
        return not folder.is_dir() or not any(folder.iterdir()) or built_here(folder)
    except OSError as exc:
        raise UnsafeOutput(f"cannot look inside {folder}: {exc.strerror}") from None


def built_here(folder: Path) -> bool:
    """Whether `folder` holds a site microsite built: its feed.xml's head names microsite
    as the feed's generator, a line no other program writes and a feed reader ignores."""
    feed = folder / BUILT_MARK
    if not feed.is_file():  # a named pipe would block the read below
        return False
    try:
        with open(feed, "rb") as file:
            head = file.read(FEED_HEAD).split(b"<entry>", 1)[0]
    except OSError:
        return False
    return FEED_START in head and GENERATOR in head


def spare_path(output: Path) -> Path:
    """Where the site a build replaced is kept, beside it: `.site.previous` for `site/`."""
    return output.parent / f".{output.name}.previous"


def real_folder(path: Path) -> bool:
    """A folder itself, not a link to one: only such a tree is a build's to move or replace."""
    return path.is_dir() and not path.is_symlink()


def mount_point(output: Path) -> UnsafeOutput:
    return UnsafeOutput(
        f"{output} is a mount point, which cannot be replaced in one step: "
        f"build into a folder inside it (--output {output}/site) and serve that folder"
    )


def collect_files(folder: Path, prefix: str) -> dict[str, Path]:
    """Every file under `folder` (hidden ones aside), keyed by its output path.

    A symbolic link is published only if it points at a file inside `folder`:
    `static/x -> /etc/passwd` would otherwise publish whatever it names.
    Links to folders are not followed at all.
    """
    if not folder.is_dir():
        return {}
    root = folder.resolve()
    found, outside = {}, []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(left_by_the_system(part) for part in rel.parts) or not path.is_file():
            continue
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            outside.append(_outside(path, folder))
        else:
            found[f"{prefix}/{rel.as_posix()}"] = path
    if outside:
        raise BuildFailed(outside)
    return found


def _outside(link: Path, folder: Path) -> ContentError:
    return ContentError(
        str(link),
        1,
        f"this link points outside {folder}/",
        "only files inside the folder are published: copy the file in instead",
    )


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


Stamp = tuple[int, int, int, int]


def stamp(path: Path | str) -> Stamp | None:
    """Size, modification time, inode and change time: what changes whenever a file is
    rewritten. The change time is the one a program cannot set: new bytes of the same size
    given back their old modification time (`cp -p`, `rsync -a`, `touch -r`) went
    unnoticed, and a rebuild kept the old page (fuzzing find)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def write_file(path: str, data: bytes) -> None:
    """`data` as the whole of the file at `path`: `open(path, "wb").write(data)`, with the
    same mode, without Python's file object and its buffer, which cost as much again as
    the writing itself for the thousands of pages a big site has."""
    handle = os.open(path, _NEW_FILE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
    finally:
        os.close(handle)


def differs(target: str, data: bytes) -> bool:
    try:
        if os.stat(target).st_size != len(data):
            return True
        with open(target, "rb") as file:
            return file.read() != data
    except OSError:
        return True


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
        self._copied: dict[str, Stamp | None] = {}
        self._made: set[str] = set()

    def write(self, rel: str, data: bytes) -> bool:
        if self._last.get(rel) is data:
            return False
        target = os.path.join(self.root, checked(rel))
        if not differs(target, data):
            self._last[rel] = data
            return False
        with open(place(target, self._made), "wb") as file:
            file.write(data)
        self._last[rel] = data  # only once it is there: a failed write is tried again
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
