"""Writing a built site to disk: all of it or none of it.

The new site is assembled in a hidden folder beside the target and swapped
in whole, so the public never sees half a site and a failed build leaves the
last good one exactly as it was. Every path is checked to stay inside the
output folder, whatever a slug or a media file name says.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
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
    """Replace `output` with exactly `files` (bytes) plus `copies` (files to copy)."""
    clash = files.keys() & copies.keys()
    if clash:
        raise UnsafeOutput(f"two files want the same output path: {sorted(clash)[0]}")
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        for rel, data in files.items():
            _place(safe_target(staging, rel)).write_bytes(data)
        for rel, source in copies.items():
            shutil.copyfile(source, _place(safe_target(staging, rel)))
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a web server must read it
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _place(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _swap(staging: Path, output: Path) -> None:
    """Put `staging` where `output` is; the old site is removed only once replaced."""
    if not output.exists():
        staging.rename(output)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    retired.rmdir()
    output.rename(retired)
    try:
        staging.rename(output)
    except BaseException:
        retired.rename(output)
        raise
    shutil.rmtree(retired, ignore_errors=True)
