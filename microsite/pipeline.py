"""The build as plain functions: `build`, `check` and `serve` all call these.

It reads like the table of contents of a site: load and validate the content,
render it, and only when everything succeeded, write it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .content import load_site
from .diskcache import DiskCache
from .errors import ContentError
from .memo import Memo
from .model import Site
from .output import check_output_folder, collect_files, write_site
from .render import make_environment, render_site


@dataclass(frozen=True)
class Folders:
    content: Path
    templates: Path


@dataclass(frozen=True)
class Built:
    """What one build produced, before anything is written."""

    site: Site
    files: dict[str, bytes]  # rendered output path -> bytes
    copies: dict[str, Path]  # copied output path -> source file
    warnings: list[ContentError]

    @property
    def pages(self) -> int:
        return sum(1 for name in self.files if name.endswith(".html"))


def check(folders: Folders, *, now: datetime, drafts: bool = False) -> list[ContentError]:
    """Load, validate and render without writing; the warnings when all is well."""
    return build(folders, now=now, drafts=drafts).warnings


def build(
    folders: Folders,
    *,
    now: datetime,
    drafts: bool = False,
    memo: Memo | None = None,
    cache: Path | None = None,
) -> Built:
    """The whole site in memory. Raises BuildFailed with every problem found.

    A `memo` kept between calls lets a rebuild skip whatever did not change;
    even a single build uses one, to collect what worker processes computed.
    With a `cache` folder, converted Markdown is also kept between runs.
    """
    memo = memo if memo is not None else Memo(DiskCache(cache) if cache else None)
    site, warnings = load_site(folders.content, now=now, drafts=drafts, memo=memo)
    env = memo.get(
        ("templates", folders.templates.resolve()), lambda: make_environment(folders.templates)
    )
    files = render_site(site, env, memo)
    copies = collect_files(folders.content / "media", "media")
    copies |= collect_files(folders.templates / "static", "static")
    if memo.disk:
        memo.disk.save()
    return Built(site, files, copies, warnings)


def publish(built: Built, folders: Folders, output: Path) -> None:
    """Swap the built site into `output` whole."""
    check_output_folder(output, [folders.content, folders.templates, Path.cwd()])
    write_site(built.files, built.copies, output)
