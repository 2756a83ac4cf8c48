"""The build on one screen: `build`, `check`, `serve` and `new` all come through here.

    load and check content -> convert Markdown -> plan every file -> render -> write

Each arrow is a plain call. This is also the one place where the speed layer
(`microsite.speed`) is plugged in: a `Fast` object stands in for the core's
plain `Stages` (read a file, convert a text, make a file), the Markdown
shortcuts join the converter, and templates call, escape and make their
fragments the quicker way. With `jobs=1` and no cache it is left out
entirely, and the build gives the same bytes, more slowly.

The converter and the templates' environment are made when a text first
needs converting and a page first needs making: a rebuild that finds every
text converted and every page still good never loads Python-Markdown or
Jinja (40 ms of a 0.4 s rebuild at 1,000 stories).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from microsite import output
from microsite.content.load import Convert, Unfinished, load_site
from microsite.errors import BuildFailed, ContentError
from microsite.images.source import is_raster
from microsite.markdown.conversion import Conversion, Converted
from microsite.model import Site
from microsite.publish import Staging, at_once, publish
from microsite.render.site import (
    Templates,
    ready_to_render,
    render_site,
    static_files,
    unreachable,
)
from microsite.speed.background import in_background
from microsite.speed.diskcache import DiskCache
from microsite.speed.memo import Memo
from microsite.speed.picturestore import PictureStore
from microsite.speed.stages import Fast
from microsite.stages import SERIAL, Write

if TYPE_CHECKING:
    import jinja2

    from microsite.markdown.convert import Converter

# The cycle collector's thresholds in a build, and in the preview between saves. A build
# makes hundreds of thousands of short-lived objects and few cycles; with Python's
# defaults the collector ran 1,400 times in a 10,000-story build, for about half a second.
QUIET_COLLECTOR = (20_000, 50, 1_000)


@dataclass(frozen=True)
class Folders:
    """Where a build reads: the PIO's content, and the templates it is shown in."""

    content: Path
    templates: Path


@dataclass(frozen=True)
class Built:
    """What one build produced."""

    site: Site
    warnings: list[ContentError]
    written: dict[str, bool]  # every generated file -> whether its bytes changed
    copies: dict[str, Path]  # media and static files -> their source
    changed: int = 0  # files added, replaced or removed in the output folder

    @property
    def pages(self) -> int:
        return sum(1 for name in self.written if name.endswith(".html"))


def build(
    folders: Folders,
    write: Write,
    *,
    now: datetime,
    drafts: bool = False,
    strict: bool = False,
    speed: Fast | None = None,
    pictures: bool = True,
) -> Built:
    """The whole site, each file handed to `write`. Raises BuildFailed with every problem."""
    stages = speed or SERIAL
    convert = _converter(shortcuts=speed is not None)
    templates = Templates.of(folders.templates, partial(_environment, folders.templates, speed))
    if speed:  # made ready while a helper converts Markdown, not later on their own
        speed.while_converting(partial(ready_to_render, templates))
    try:
        with _collector_paused():
            site, warnings = load_site(
                folders.content, now=now, drafts=drafts, stages=stages, convert=convert
            )
    except Unfinished as failed:  # its links to site paths are errors too, said now
        raise BuildFailed(failed.errors + unreachable(failed.site)) from None
    if strict and warnings:
        raise BuildFailed(warnings)
    written = render_site(site, templates, write, stages, pictures=pictures)
    return Built(site, warnings, written, _copies(folders, site))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while content loads: loading makes hundreds of
    thousands of objects (a rebuild unpickles every story's header and HTML) and almost
    no cycles (a few hundred in a 4,000-story build), and the collector scanned them
    over and over, 6 ms of a 1,000-story rebuild's 0.3 s. Rendering makes cycles (Jinja's
    contexts, about 80 objects a page: 80 MB at 4,000 stories in one process), so it
    runs with the collector on."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def check(
    folders: Folders, *, now: datetime, drafts: bool = False, jobs: int | None = None
) -> Built:
    """Everything a build does but writing, and making pictures' files: each picture was
    opened when content loaded, its size checked and its file found whole, so only damage
    inside a whole JPEG, WebP, AVIF or HEIC file is left for `build` to find (decoding
    every photo on every check would cost far more, `images/whole.py`). The warnings when
    all is well."""
    speed = fast(jobs)
    return build(folders, output.discard, now=now, drafts=drafts, speed=speed, pictures=False)


def build_into(
    folders: Folders,
    target: Path,
    *,
    now: datetime,
    drafts: bool = False,
    strict: bool = False,
    jobs: int | None = None,
    cache: Path | None = None,
) -> Built:
    """Build into `target`: nothing reaches it unless the whole build succeeds.

    The spare tree is surveyed on another core while `.cache/` loads (`Staging`)."""
    output.check_output_folder(target, [folders.content, folders.templates])
    start = at_once if _plain(jobs, cache) else partial(in_background, processes=jobs)
    staging = Staging(target, start)
    try:
        with _collector_paused():  # reading `.cache/` is loading too
            speed = fast(jobs, cache, target)
        staging.ready()
        built = build(folders, staging.write, now=now, drafts=drafts, strict=strict, speed=speed)
        new = [rel for rel, changed in built.written.items() if changed]
        changed = publish(staging, new, built.written, built.copies)
    finally:
        staging.discard()
    if speed:
        speed.published(list(built.written), staging.linked)
    return replace(built, changed=changed)


def preview(folders: Folders, mirror: output.Mirror, *, now: datetime, speed: Fast) -> Built:
    """A build with drafts into the preview's folder; `speed` remembers between calls."""
    try:
        built = build(folders, mirror.write, now=now, drafts=True, speed=speed)
    except BuildFailed:
        speed.next_build(succeeded=False)
        raise
    speed.next_build(succeeded=True)
    return replace(
        built, changed=sum(built.written.values()) + mirror.finish(built.written, built.copies)
    )


def fast(
    jobs: int | None = None, cache: Path | None = None, target: Path | None = None
) -> Fast | None:
    """The speed layer for one run, or None for the plain core (`--jobs 1 --no-cache`)."""
    if _plain(jobs, cache):
        return None
    disk, store = (DiskCache(cache), PictureStore(cache)) if cache else (None, None)
    return Fast(jobs, disk=disk, output=target, pictures=store)


def _plain(jobs: int | None, cache: Path | None) -> bool:
    return jobs == 1 and cache is None


def preview_speed(jobs: int | None = None) -> Fast:
    """The speed layer the preview keeps between rebuilds."""
    return Fast(jobs, memo=Memo())


class _OnFirstUse:
    """A converter made when the first text needs converting (or a stage prepares for
    the texts it will convert, before its helpers fork and share it)."""

    def __init__(self, shortcuts: bool):
        self._shortcuts = shortcuts
        self._made: Converter | None = None

    def prepare(self, requests: Sequence[Conversion]) -> None:
        self._converter().prepare(requests)

    def __call__(self, request: Conversion) -> Converted:
        return self._converter()(request)

    def _converter(self) -> Converter:
        if self._made is None:
            if self._shortcuts:
                from microsite.speed.quickconvert import quick_converter

                self._made = quick_converter()
            else:
                from microsite.markdown.convert import Converter

                self._made = Converter()
        return self._made


@lru_cache(maxsize=2)
def _converter(*, shortcuts: bool) -> Convert:
    """One converter per process: setting up Python-Markdown costs more than a story."""
    return _OnFirstUse(shortcuts)


def _environment(templates: Path, speed: Fast | None) -> jinja2.Environment:
    """The templates' environment, asked for when a page is first made (`Templates`).

    The preview keeps one environment, which notices edited templates and
    keeps the compiled rest; a one-off build makes its own, which never looks
    twice (with a cache, compiled templates come from `.cache/`). The speed
    layer's seam in rendering is `quick`.
    """
    from microsite.render.environment import make_environment

    if speed is None:
        return make_environment(templates, watch=False)
    from microsite.speed.quickrender import quick

    if speed.memo.keeps:
        return quick(_watching_environment(templates.resolve()))
    cache = speed.disk.folder if speed.disk else None
    return quick(make_environment(templates, cache, watch=False))


@lru_cache(maxsize=8)
def _watching_environment(templates: Path) -> jinja2.Environment:
    from microsite.render.environment import make_environment

    return make_environment(templates, watch=True)


def _copies(folders: Folders, site: Site) -> dict[str, Path]:
    """Media and static files published as they are: never raster pictures, which are
    re-encoded without their metadata (`render_site` makes them), nor the language
    switcher's stylesheet on a one-language site."""
    media = output.collect_files(folders.content / "media", "media")
    copies = {rel: path for rel, path in media.items() if not is_raster(rel)}
    static = output.collect_files(folders.templates / "static", "static")
    return copies | static_files(site, static)
