"""Writing a built site to disk without ever leaving half a site behind.

Everything is written first into a hidden folder beside the target, so a
build that fails, even for a full disk, leaves the last good site exactly as
it was. Only then does the new site go into place: whole, by one rename, the
first time; afterwards file by file, each by an atomic rename, for just the
files whose bytes changed. Every path is checked to stay inside the output
folder, whatever a slug or a media file name says.
"""

from __future__ import annotations

import contextlib
import filecmp
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath


class UnsafeOutput(Exception):
    """The output folder, or a path inside it, would put other files at risk."""


def safe_target(root: Path, rel: str) -> Path:
    """`root/rel`, refusing anything that could land outside `root`."""
    parts = PurePosixPath(rel).parts
    if not parts or rel.startswith("/") or "\\" in rel or any(p in ("..", ".", "") for p in parts):
        raise UnsafeOutput(f"refusing to write outside the output folder: {rel!r}")
    return root.joinpath(*parts)


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


def write_site(files: Mapping[str, bytes], copies: Mapping[str, Path], output: Path) -> None:
    """Make `output` hold exactly `files` (bytes) plus `copies` (files to copy).

    A first build assembles the whole site beside `output` and renames it into
    place. Later builds stage only the files whose bytes changed, then move
    each into place with an atomic rename and delete what no longer belongs:
    a build that fails while staging leaves the site exactly as it was, and
    an unchanged page is never rewritten, so its date on the server stays.
    """
    clash = files.keys() & copies.keys()
    if clash:
        raise UnsafeOutput(f"two files want the same output path: {sorted(clash)[0]}")
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        if output.exists():
            _update(files, copies, output, staging)
        else:
            _stage(files, copies, staging, lambda _rel: True)
            os.chmod(staging, 0o755)  # mkdtemp makes it private; a web server must read it
            staging.rename(output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _stage(
    files: Mapping[str, bytes],
    copies: Mapping[str, Path],
    staging: Path,
    wanted: Callable[[str], bool],
) -> list[str]:
    """Write the wanted files under `staging`; their paths, deepest first."""
    made: set[Path] = set()
    staged = []
    for rel, data in files.items():
        if wanted(rel):
            _place(safe_target(staging, rel), made).write_bytes(data)
            staged.append(rel)
    for rel, source in copies.items():
        if wanted(rel):
            shutil.copyfile(source, _place(safe_target(staging, rel), made))
            staged.append(rel)
    return sorted(staged, key=lambda rel: (-rel.count("/"), rel))


def _update(
    files: Mapping[str, bytes], copies: Mapping[str, Path], output: Path, staging: Path
) -> None:
    """Bring an existing site up to date, touching only what changed."""

    def changed(rel: str) -> bool:
        target = safe_target(output, rel)
        if rel in files:
            return _differs(target, files[rel])
        return not _same_file(copies[rel], target)

    made: set[Path] = set()
    for rel in _stage(files, copies, staging, changed):  # pages before the lists linking them
        os.replace(safe_target(staging, rel), _place(safe_target(output, rel), made))
    for rel in _existing(output) - files.keys() - copies.keys():
        safe_target(output, rel).unlink()
    _prune_empty_folders(output)


def _differs(target: Path, data: bytes) -> bool:
    try:
        if target.stat().st_size != len(data):
            return True
        return target.read_bytes() != data
    except OSError:
        return True


def _same_file(source: Path, target: Path) -> bool:
    try:
        return filecmp.cmp(source, target, shallow=False)
    except OSError:
        return False


def _existing(output: Path) -> set[str]:
    found = set()
    for folder, _dirs, names in os.walk(output):
        rel = Path(folder).relative_to(output).as_posix()
        found.update(name if rel == "." else f"{rel}/{name}" for name in names)
    return found


def _prune_empty_folders(output: Path) -> None:
    """Remove folders a deleted page leaves behind; the site's own folder stays."""
    for folder, _dirs, names in os.walk(output, topdown=False):
        if not names and Path(folder) != output and not os.listdir(folder):
            with contextlib.suppress(OSError):
                os.rmdir(folder)


def _place(path: Path, made: set[Path]) -> Path:
    """`path`, once its folder exists (each folder is made once)."""
    if path.parent not in made:
        path.parent.mkdir(parents=True, exist_ok=True)
        made.add(path.parent)
    return path
