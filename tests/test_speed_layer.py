"""The speed layer is a layer: the core never needs it, and it never changes a byte.

`microsite.speed` may only be plugged in by `pipeline.py`. Whatever it does
(memory between builds, `.cache/` between runs, every core), the files must
be those the plain core makes in one process with nothing remembered. The
last test changes every field of every model class in turn, the list of
fields read from the dataclasses themselves, so a field added tomorrow is
tested tomorrow without anyone editing this file.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import typing
from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date, datetime, timedelta
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from microsite import model, pipeline, schedule
from microsite.content.load import load_site
from microsite.errors import BuildFailed
from microsite.images.source import Source
from microsite.output import Memory
from microsite.publish import Staging, publish
from microsite.recurrence import occurrences
from microsite.render.environment import make_environment
from microsite.render.site import FileJob, Templates, render_page, render_site
from microsite.speed.diskcache import DiskCache
from microsite.speed.stages import RENDERS_PER_HELPER, Fast, _retire_after

REPO = Path(__file__).parent.parent
PACKAGE = REPO / "microsite"
NOW = datetime.fromisoformat("2026-11-25T09:00")
sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # noqa: E402


def test_the_core_never_imports_the_speed_layer() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith("speed/") or rel == "pipeline.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            if any(n.startswith("microsite.speed") for n in names):
                offenders.append(rel)
    assert offenders == []


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def build(root: Path, output: str, *, jobs: int | None, cache: bool) -> dict[str, bytes]:
    folders = pipeline.Folders(root / "content", root / "templates")
    store = root / ".cache" if cache else None
    pipeline.build_into(folders, root / output, now=NOW, jobs=jobs, cache=store)
    return tree(root / output)


def fixture_sites() -> Iterator[Any]:
    yield pytest.param(REPO / "content", id="sample")
    for folder in sorted((REPO / "tests" / "sites").iterdir()):
        yield pytest.param(folder, id=f"fixture-{folder.name}")


@pytest.mark.parametrize("content", list(fixture_sites()))
def test_same_bytes_with_and_without_the_speed_layer(content: Path, tmp_path: Path) -> None:
    shutil.copytree(content, tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    plain = build(tmp_path, "plain", jobs=1, cache=False)
    assert build(tmp_path, "fast", jobs=2, cache=True) == plain  # cold, filling .cache/
    assert build(tmp_path, "fast", jobs=2, cache=True) == plain  # warm, from .cache/


LAZY_LIBRARIES = ("jinja2", "markdown", "nh3")


def libraries_loaded(root: Path, output: str) -> list[str]:
    """Build `root`'s content into `output` in a fresh process, with `.cache/`: which of
    Jinja, Python-Markdown and nh3 that process imported."""
    probe = (
        "import sys\n"
        "from microsite.cli import main\n"
        f"code = main(['build', '--output', {output!r}, '--now', '2026-11-25T09:00', '--quiet'])\n"
        f"print(code, *[name for name in {LAZY_LIBRARIES!r} if name in sys.modules])"
    )
    environment = os.environ | {"PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, env=environment, capture_output=True, text=True
    )
    code, *loaded = done.stdout.split()
    assert code == "0", done.stderr
    return loaded


def test_a_rebuild_loads_jinja_and_markdown_only_for_what_it_makes(tmp_path: Path) -> None:
    """Jinja is imported when a page is made, Python-Markdown when a text is converted
    that the shortcut (`speed/wholedoc.py`) declines: a no-change rebuild loads neither
    (50 ms quicker), a rebuild after a plain sentence is added loads no Python-Markdown.
    Each gives the plain core's bytes."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    assert libraries_loaded(tmp_path, "site") == list(LAZY_LIBRARIES)  # cold
    assert libraries_loaded(tmp_path, "site") == []  # nothing changed
    story = tmp_path / "content/stories/2026-08-02-surf-contest.md"
    story.write_text(story.read_text() + "\nA sentence added later.\n")
    assert libraries_loaded(tmp_path, "site") == ["jinja2", "nh3"]
    assert tree(tmp_path / "site") == build(tmp_path, "plain", jobs=1, cache=False)
    story.write_text(story.read_text() + "\nA sentence with *italics* in it.\n")
    assert libraries_loaded(tmp_path, "site") == list(LAZY_LIBRARIES)
    assert tree(tmp_path / "site") == build(tmp_path, "plain", jobs=1, cache=False)


def test_same_bytes_on_a_generated_corpus(tmp_path: Path) -> None:
    generate(tmp_path, 150)  # enough stories for the work to go to a helper process
    plain = build(tmp_path, "plain", jobs=1, cache=False)
    assert build(tmp_path, "fast", jobs=2, cache=False) == plain
    story = sorted((tmp_path / "content/stories").glob("*.md"))[5]
    story.write_text(story.read_text() + "\nA sentence added later.\n")
    assert build(tmp_path, "fast", jobs=2, cache=True) == build(
        tmp_path, "plain", jobs=1, cache=False
    )


# --- Every field of every model class -------------------------------------------------

BASIC = REPO / "tests" / "sites" / "basic"
CANCELLED = schedule.EventStatus.CANCELLED
VOCABULARIES = (
    model.ALERT_LEVELS,
    ("daily", "weekly", "monthly", "yearly"),
)  # fields with set words


@pytest.fixture(scope="module")
def base() -> model.Site:
    """The basic fixture site, its first event made a weekly series with a skipped and a
    cancelled date, so that the fields of series, rules and changes are changed too, and
    with a link written as a site path."""
    site = load_site(BASIC, now=NOW, drafts=True)[0]
    first = next(e for e in site.events if isinstance(e.start, datetime) and e.ends_at > site.now)
    rule = schedule.Repeat("monthly", weekdays=(first.start.weekday(),), nth=1, count=6)
    dates = [o.start.date() for o in occurrences(replace(first, repeat=rule), date(2028, 1, 1))]
    series = replace(
        first,
        repeat=rule,
        skipped=(dates[2],),
        changes=(schedule.Change(dates[1], CANCELLED, note="Rain"),),
    )
    # To a file at the top whatever the languages: a changed `language` moves the rest.
    link = model.SiteLink("content/stories/2026-08-02-surf-contest.md", 9, "/robots.txt")
    events = tuple(series if e is first else e for e in site.events)
    return replace(site, events=events, links=(link,))


@pytest.fixture(scope="module")
def templates() -> Templates:
    return Templates.of(REPO / "templates", partial(make_environment, REPO / "templates"))


def model_fields() -> Iterator[Any]:
    """(class, field) for every field of every dataclass in microsite.model, and of those it
    takes from microsite.schedule (events and their dates)."""
    homes = (model.__name__, schedule.__name__)
    classes = [
        v
        for v in vars(model).values()
        if is_dataclass(v) and v.__module__ in homes and v is not schedule.Occurrence
    ]  # an Occurrence is worked out from its Event when pages are made, never stored
    for cls in classes:
        for field in fields(cls):
            yield pytest.param(cls, field.name, id=f"{cls.__name__}.{field.name}")


def instances(value: Any, cls: type) -> Iterator[Any]:
    """Every object of `cls` reachable from `value` through fields and tuples."""
    if isinstance(value, cls):
        yield value
    if is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            yield from instances(getattr(value, field.name), cls)
    elif isinstance(value, tuple):
        for item in value:
            yield from instances(item, cls)


def swapped(value: Any, old: Any, new: Any) -> Any:
    """`value` with the object `old` (by identity) replaced by `new`, everywhere."""
    if value is old:
        return new
    if is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: swapped(getattr(value, f.name), old, new) for f in fields(value) if f.init
        }
        same = all(changes[n] is getattr(value, n) for n in changes)
        return value if same else replace(value, **changes)
    if isinstance(value, tuple):
        items = tuple(swapped(item, old, new) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    return value


def changed(value: Any, kind: Any, site: model.Site) -> Any:
    """A different value of the same kind: what an edit to that field would give."""
    if value is None:
        return changed(_example(kind, site), kind, site)
    if isinstance(value, Enum):
        members = list(type(value))
        return members[(members.index(value) + 1) % len(members)]
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        vocabulary = next((v for v in VOCABULARIES if value in v), ())
        if vocabulary:
            return vocabulary[(vocabulary.index(value) + 1) % len(vocabulary)]
        return value + "-x"
    if isinstance(value, datetime | date):
        return value + timedelta(days=1)
    if isinstance(value, ZoneInfo):
        return ZoneInfo("America/New_York" if value.key != "America/New_York" else "UTC")
    if isinstance(value, tuple):
        return value[:-1] if value else (_example(typing.get_args(kind)[0], site),)
    if isinstance(value, frozenset):
        return frozenset(sorted(value)[1:]) if value else frozenset({"x"})
    if is_dataclass(value):
        first = fields(value)[0]
        return replace(value, **{first.name: changed(getattr(value, first.name), str, site)})
    raise AssertionError(f"no way to change a {type(value).__name__}: add one here")


def _example(kind: Any, site: model.Site) -> Any:
    """A value for a field that is empty: the first non-None type of its annotation."""
    options = [k for k in typing.get_args(kind) if k is not type(None)] or [kind]
    first = options[0]
    samples = {str: "/media/wave.svg", int: 1, datetime: site.now, date: site.now.date()}
    if first in samples:
        return samples[first]
    if first is model.Alert:
        return model.Alert("Road closed", "info", site.now + timedelta(days=1))
    if first is schedule.Repeat:
        return schedule.Repeat("weekly", count=3)
    if first is schedule.Change:  # the series' fourth date, moved a day later
        event = next(e for e in site.events if e.repeat)
        day = occurrences(event, date(2028, 1, 1))[3].start
        return schedule.Change(day.date(), start=day + timedelta(days=1))
    if first is model.Page:  # a standing page another language's menu would link
        return replace(site.pages[0], slug="elsewhere")
    if first is Source:  # a picture's facts: pages only read them, no file is opened
        return Source("/media/wave.png", "digest", 1200, 630, graphic=True)
    raise AssertionError(f"no example value for {kind}: add one here")


def mutations(site: model.Site, cls: type, name: str) -> Iterator[model.Site]:
    """The site with `name` changed on one `cls` object at a time."""
    hints = typing.get_type_hints(cls)
    for obj in instances(site, cls):
        was = getattr(obj, name)
        new = replace(obj, **{name: changed(was, hints[name], site)})
        mutated = swapped(site, obj, new)
        if isinstance(obj, model.Community) and name == "key":  # renamed as a PIO would:
            mutated = renamed_community(mutated, was, new.key)  # everywhere it is used
        yield mutated


def renamed_community(site: model.Site, old: str, new: str) -> model.Site:
    def moved(item: Any) -> Any:
        keys = tuple(new if key == old else key for key in item.communities)
        return replace(item, communities=keys)

    stories = tuple(moved(s) for s in site.stories)
    return replace(site, stories=stories, events=tuple(moved(e) for e in site.events))


def plain(site: model.Site, templates: Templates) -> dict[str, bytes] | None:
    """The reference: the core alone; None when the change makes a site that cannot build."""
    memory = Memory()
    try:
        render_site(site, templates, memory.write)
    except (BuildFailed, StopIteration, KeyError, ValueError, IndexError):
        return None
    return memory.files


def remembered(first: model.Site, then: model.Site, templates: Templates) -> dict[str, bytes]:
    """`then` rendered by a preview that rendered `first` just before."""
    speed = pipeline.preview_speed(1)
    render_site(first, templates, Memory().write, speed)
    speed.next_build(succeeded=True)
    memory = Memory()
    render_site(then, templates, memory.write, speed)
    return memory.files


def recorded(
    first: model.Site, then: model.Site, templates: Templates, root: Path
) -> dict[str, bytes]:
    """`then` built into a folder whose `.cache/` record says `first` was built there."""
    for site in (first, then):
        speed = Fast(1, disk=DiskCache(root / ".cache"), output=root / "site")
        staging = Staging(root / "site")
        try:
            written = render_site(site, templates, staging.write, speed)
            publish(staging, [rel for rel, new in written.items() if new], written, {})
        finally:
            staging.discard()
        speed.published(list(written))
    return tree(root / "site")


# A changed `until` on a series counted in occurrences is a rule no PIO can write (the
# reader refuses both); dateutil still expands it, and warns.
@pytest.mark.filterwarnings("ignore:Using both 'count' and 'until'")
@pytest.mark.parametrize(("cls", "name"), list(model_fields()))
def test_every_field_change_reaches_every_cached_page(
    cls: type, name: str, base: model.Site, templates: Templates, tmp_path: Path
) -> None:
    tried = 0
    for index, site in enumerate(mutations(base, cls, name)):
        cold = plain(site, templates)
        if cold is None:
            continue
        tried += 1
        assert remembered(base, site, templates) == cold, "the preview's memory went stale"
        assert recorded(base, site, templates, tmp_path / str(index)) == cold, ".cache/ went stale"
        if tried == 2:
            break
    if not tried and cls is not model.Site:
        pytest.skip(f"no {cls.__name__} in the fixture site survives a changed {name}")


def test_helpers_share_templates_compiled_once_and_a_broken_unused_one_is_no_error(
    tmp_path: Path,
) -> None:
    """Before helpers fork, the parent compiles every page template once for all of them.
    A template no page uses may be broken (a PIO's leftover): that must not fail the build,
    which never needed it, and the site must be the same bytes as without it."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    plain = build(tmp_path, "plain", jobs=1, cache=False)
    (tmp_path / "templates/old-home.html").write_text("{% if %}\n")
    (tmp_path / "templates/copied.html").write_bytes(b"\xff\xfe{{ not text }}")
    assert build(tmp_path, "fast", jobs=2, cache=False) == plain

    folder = tmp_path / "templates"
    templates = Templates.of(folder, partial(make_environment, folder, watch=False))
    site, _ = load_site(tmp_path / "content", now=NOW, drafts=False)
    FileJob("index.html", render_page, (templates, None, (), (), ())).prepare(site)
    compiled = {template.name for template in templates.env.cache.values()}
    # Every good template is ready before any page asks for it.
    assert compiled == {path.name for path in (REPO / "templates").glob("*.html")}


@dataclass(frozen=True)
class _Result:
    value: int
    problems: tuple[str, ...] = ()


def _square(value: int) -> _Result:
    return _Result(value * value)


def test_work_given_while_converting_is_done_beside_the_helpers_and_only_then() -> None:
    """The pipeline has templates compiled while a helper converts Markdown. Without
    helpers (a small rebuild) that would be work for nothing: it is left undone."""
    done: list[int] = []
    fast = Fast(2)
    fast.while_converting(lambda: done.append(os.getpid()))
    results = fast.convert(_square, list(range(200)))
    assert [result.value for result in results] == [n * n for n in range(200)]
    assert done == [os.getpid()]  # in this process, once

    fast.while_converting(lambda: done.append(-1))
    assert [result.value for result in fast.convert(_square, [3, 4])] == [9, 16]
    assert done == [os.getpid()]  # no helpers, so not done
    fast.convert(_square, list(range(200)))
    assert done == [os.getpid()]  # and not left for a later batch either


def test_rendering_leaves_the_parent_out_only_where_that_pays() -> None:
    """The parent renders beside one helper when no helper would retire; it only hands out
    the work on a big site (helpers retire, keeping memory down) or when a picture is to
    be made (a decoder crashing on a damaged file must end a helper, which the build
    names, not the build: `tests/test_damaged_pictures.py`)."""
    pages = [FileJob(f"stories/{n}/index.html", render_page, ()) for n in range(1_480)]
    picture = FileJob("media/pier-800w.jpg", render_page, (), costly=True)
    assert _retire_after(pages, 2) == 0
    assert _retire_after([picture, *pages], 2) == RENDERS_PER_HELPER
    assert _retire_after(pages * 3, 2) == RENDERS_PER_HELPER
    assert _retire_after(pages * 20, 2) == 2_960  # a tenth of the pages, past the floor
    assert _retire_after(pages * 3, 4) == 0
