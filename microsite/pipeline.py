"""The build as plain functions: `build`, `check` and `serve` all call these.

It reads like the table of contents of a site: load and validate the content,
render it, and only when everything succeeded, write it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jinja2

from microsite.content.load import load_site
from microsite.errors import BuildFailed, ContentError
from microsite.model import Site
from microsite.output import Staging, check_output_folder, collect_files, publish
from microsite.render.site import make_environment, render_site
from microsite.speed.diskcache import DiskCache
from microsite.speed.memo import Memo
from microsite.speed.pagecache import Reuse


@dataclass(frozen=True)
class Folders:
    content: Path
    templates: Path


@dataclass(frozen=True)
class Built:
    """What one build produced."""

    site: Site
    files: dict[str, bytes]  # rendered output path -> bytes (empty when built into a folder)
    copies: dict[str, Path]  # copied output path -> source file
    warnings: list[ContentError]
    outputs: tuple[str, ...] = ()  # every rendered path, when built into a folder
    changed: int = 0  # how many files a build into a folder replaced

    @property
    def pages(self) -> int:
        return sum(1 for name in self.outputs or self.files if name.endswith(".html"))


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
    even a single build uses one, to collect what helper processes computed.
    With a `cache` folder, converted Markdown is also kept between runs.
    """
    memo = memo if memo is not None else Memo(DiskCache(cache) if cache else None)
    site, warnings = load_site(folders.content, now=now, drafts=drafts, memo=memo)
    files = render_site(site, _environment(folders, memo), memo)
    if memo.disk:
        memo.disk.save_content()
    return Built(site, files, _copies(folders), warnings)


def _environment(folders: Folders, memo: Memo, *, watch: bool = True) -> jinja2.Environment:
    """One Jinja environment per templates folder: it caches compiled templates itself."""
    key = ("templates", folders.templates.resolve(), watch)
    cache = memo.disk.folder if memo.disk else None
    return memo.get(key, lambda: make_environment(folders.templates, cache, watch=watch))


def _copies(folders: Folders) -> dict[str, Path]:
    """Media and static files, published as they are."""
    copies = collect_files(folders.content / "media", "media")
    return copies | collect_files(folders.templates / "static", "static")


def build_into(
    folders: Folders,
    output: Path,
    *,
    now: datetime,
    drafts: bool = False,
    cache: Path | None = None,
    strict: bool = False,
) -> Built:
    """Build straight into `output`, writing as pages are made rather than holding them.

    Nothing reaches `output` unless the whole build succeeds (and, when
    `strict`, has no warnings): files go to a staging folder first.
    """
    check_output_folder(output, [folders.content, folders.templates, Path.cwd()])
    disk = DiskCache(cache) if cache else None
    site, warnings = load_site(folders.content, now=now, drafts=drafts, memo=Memo(disk))
    if disk:
        disk.save_content()
    if strict and warnings:
        raise BuildFailed(warnings)
    memo = Memo(disk)  # a fresh one: the loading steps' texts are no longer needed
    staging = Staging(output)
    reuse = Reuse(memo.disk.record_for(output), output, site) if memo.disk else None
    try:
        env = _environment(folders, memo, watch=False)
        changes = render_site(site, env, memo, sink=staging, reuse=reuse)
        copies = _copies(folders)
        changed = publish(staging, [rel for rel, new in changes.items() if new], changes, copies)
    finally:
        staging.discard()
    if disk and reuse:
        reuse.finish(changes)
        disk.save_records()
    return Built(site, {}, copies, warnings, tuple(changes), changed)
