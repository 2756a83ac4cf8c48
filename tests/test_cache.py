"""Speed never changes the output: cold, cached, one process or several, the bytes are the same."""

from __future__ import annotations

import errno
import os
import pickle
import shutil
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import IO

import jinja2
import pytest
from jinja2.bccache import bc_magic
from sitefactory import png

from microsite import pipeline
from microsite.cli import main
from microsite.speed import diskcache, picturestore
from microsite.speed.diskcache import DiskCache, _read_log

REPO = Path(__file__).parent.parent
sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # noqa: E402

NOW = datetime.fromisoformat("2026-11-25T09:00")


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def build(
    root: Path, output: str, cache: bool = True, jobs: int | None = None, now: datetime = NOW
) -> dict[str, bytes]:
    folders = pipeline.Folders(root / "content", root / "templates")
    store = root / ".cache" if cache else None
    pipeline.build_into(folders, root / output, now=now, cache=store, jobs=jobs)
    return tree(root / output)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    return tmp_path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """120 generated stories: enough for the work to be spread over worker processes."""
    root = tmp_path_factory.mktemp("corpus")
    generate(root, 120)
    return root


def edit_a_story(root: Path) -> None:
    story = sorted((root / "content/stories").glob("*.md"))[3]
    story.write_text(story.read_text() + "\nOne more sentence, added later.\n")


def test_sample_site_same_bytes_cold_cached_and_after_an_edit(sample: Path) -> None:
    cold = build(sample, "cold", cache=False)
    assert build(sample, "site") == cold  # fills the cache
    assert build(sample, "site") == cold  # every page reused from the record
    edit_a_story(sample)
    assert build(sample, "site") == build(sample, "fresh", cache=False)


def same_size_same_time(path: Path, edit: Callable[[bytes], bytes], *, rename: bool) -> None:
    """New bytes of the same length, given back the file's old modification time, as
    `cp -p`, `rsync -a` or `touch -r` leave them: written in place, or saved as a new
    file renamed over the old one, as editors do."""
    before, data = path.stat(), path.read_bytes()
    changed = edit(data)
    assert len(changed) == len(data) and changed != data
    if rename:
        path.with_suffix(".new").write_bytes(changed)
        path.with_suffix(".new").replace(path)
    else:
        path.write_bytes(changed)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


@pytest.mark.parametrize(
    ("rel", "old", "new", "rename"),
    [
        ("content/stories/2026-08-02-surf-contest.md", b"waves were small", b"waves were large", False),
        ("templates/story.html", b'class="story"', b'class="st0ry"', True),
        ("content/media/stories/skate-park.png", None, None, False),
    ],
)  # fmt: skip
def test_new_bytes_with_the_old_size_and_time_are_seen(
    sample: Path, rel: str, old: bytes | None, new: bytes | None, rename: bool
) -> None:
    """The cached build kept the old page, picture or template (fuzzing find)."""
    build(sample, "site")

    def edit(data: bytes) -> bytes:
        if old is not None and new is not None:
            assert old in data
            return data.replace(old, new)
        other = png((1200, 630), (20, 90, 160))  # another picture, padded to the old length
        return other + bytes(len(data) - len(other))

    same_size_same_time(sample / rel, edit, rename=rename)
    assert build(sample, "site") == build(sample, "fresh", cache=False)


def test_corpus_same_bytes_in_one_process_or_several(corpus: Path) -> None:
    several = build(corpus, "several", cache=False, jobs=2)
    assert build(corpus, "one", cache=False, jobs=1) == several  # the plain core


def test_corpus_cached_rebuilds_match_cold_builds(corpus: Path) -> None:
    work = corpus.parent / "cached-corpus"
    shutil.copytree(corpus, work)
    build(work, "site")
    edit_a_story(work)
    (work / "content/stories" / "2026-11-21-late.md").write_text(
        "---\ntitle: A late addition\ndate: 2026-11-21\n---\n\nNew.\n"
    )
    assert build(work, "site") == build(work, "cold", cache=False)


def test_after_a_build_on_every_core_an_unchanged_rebuild_renders_nothing(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages' digests, worked out in whichever process rendered them, match the parent's."""
    work = corpus.parent / "record-corpus"
    shutil.copytree(corpus, work)
    first = build(work, "site", jobs=2)
    monkeypatch.setattr(jinja2.Environment, "get_template", _no_rendering)
    assert build(work, "site", jobs=2) == first


def test_the_second_unchanged_rebuild_renders_nothing_either(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first rebuild after a cold build links every file of the site into the new
    tree, which changes each file's change time; the record kept the times of before, so
    the next rebuild found every page changed and made them all again."""
    work = corpus.parent / "relinked-corpus"
    shutil.copytree(corpus, work)
    first = build(work, "site")
    assert build(work, "site") == first  # links every file: the site had no spare yet
    monkeypatch.setattr(jinja2.Environment, "get_template", _no_rendering)
    assert build(work, "site") == first
    edit_a_story(work)
    monkeypatch.undo()
    edited = build(work, "site")  # links the story's page and lists again, next time
    monkeypatch.setattr(jinja2.Environment, "get_template", _no_rendering)
    assert build(work, "site") == edited


def test_a_rebuild_that_changed_nothing_writes_no_record(corpus: Path) -> None:
    """The record of what each page was made from is rewritten only when it changed:
    after an unchanged rebuild the file is the very same one (inode and time), and a
    rebuild after an edit, which must record the new page, replaces it."""
    work = corpus.parent / "quiet-corpus"
    shutil.copytree(corpus, work)
    build(work, "site")
    build(work, "site")  # links every file into the new tree: new stamps to record
    (record,) = (work / ".cache").glob("outputs-*.pickle")
    before = record.stat()
    unchanged = build(work, "site")
    assert (record.stat().st_ino, record.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    edit_a_story(work)
    edited = build(work, "site")
    assert edited != unchanged and edited == build(work, "cold", cache=False)
    assert record.stat().st_ino != before.st_ino


def _no_rendering(*args: object) -> bytes:
    raise AssertionError("an unchanged page was rendered again")


def test_a_rebuild_minutes_later_renders_nothing_until_a_date_passes(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build clock differs on every run; pages depend on what it decides (which dates
    are still coming, whether sign-up is open), not on the clock itself."""
    work = corpus.parent / "clock-corpus"
    shutil.copytree(corpus, work)
    build(work, "site", now=NOW)
    rendered: list[str] = []
    real = jinja2.Environment.get_template
    monkeypatch.setattr(
        jinja2.Environment,
        "get_template",
        lambda env, name, *a, **k: rendered.append(name) or real(env, name, *a, **k),
    )
    minutes_later = build(work, "site", now=NOW.replace(minute=5))
    assert rendered == []
    days_later = NOW.replace(day=NOW.day + 3)
    assert build(work, "site", now=days_later) == build(work, "cold", cache=False, now=days_later)
    assert "event.html" in rendered  # dates passed: the series' pages were made again
    assert minutes_later != tree(work / "site")


def test_a_hand_edited_page_is_put_right(sample: Path) -> None:
    good = build(sample, "site")
    (sample / "site/index.html").write_text("edited on the server by hand")
    assert build(sample, "site") == good


def test_a_corrupt_cache_costs_time_not_correctness(sample: Path) -> None:
    good = build(sample, "site")
    for stored in (sample / ".cache").rglob("*"):
        if stored.is_file():
            stored.write_bytes(b"\x80garbage")
    assert build(sample, "site") == good
    assert build(sample, "again") == good


def test_truncated_compiled_templates_cost_time_not_the_build(sample: Path) -> None:
    build(sample, "site")
    compiled = list((sample / ".cache/jinja").iterdir())
    assert compiled
    for stored in compiled:  # cut inside the checksum that follows Jinja's header
        stored.write_bytes(stored.read_bytes()[: len(bc_magic) + 4])
    edit_a_story(sample)  # so that pages are rendered, not reused
    assert build(sample, "site") == build(sample, "cold", cache=False)


def test_a_full_disk_under_the_cache_costs_time_not_the_build(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = build(sample, "cold", cache=False)

    def disk_full(_value: object, file: IO[bytes], *_args: object, **_kw: object) -> None:
        file.write(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pickle, "dump", disk_full)  # both caches write through pickle.dump
    monkeypatch.setattr(picturestore, "_save", lambda file, data: disk_full(data, file))
    assert build(sample, "site") == good
    assert [p.name for p in (sample / ".cache").rglob("*") if p.is_file()] == []


def test_no_cache_leaves_no_cache_folder(sample: Path) -> None:
    build(sample, "site", cache=False)
    assert not (sample / ".cache").exists()


def test_a_rebuild_reads_only_the_files_that_changed(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unchanged stories and events files are known by size, time and inode; an edit is
    still seen at once."""
    build(sample, "site")
    opened: list[str] = []
    original = Path.read_bytes

    def spy(path: Path) -> bytes:
        opened.append(path.name)
        return original(path)

    monkeypatch.setattr(Path, "read_bytes", spy)
    story = sorted((sample / "content/stories").glob("*.md"))[3]
    story.write_text(story.read_text().replace("\n\n", "\n\nA sentence added first.\n\n", 1))
    rebuilt = build(sample, "site")
    stories = [name for name in opened if name.endswith(".md")]
    assert stories == [story.name]
    events = [name for name in opened if name.endswith(".yaml")]
    assert set(events) <= {"site.yaml", "communities.yaml"}, "an unchanged events file was read"
    monkeypatch.undo()
    assert rebuilt == build(sample, "fresh", cache=False)


def test_a_rebuild_appends_what_it_converted_instead_of_rewriting_the_cache(
    corpus: Path,
) -> None:
    work = corpus.parent / "log-corpus"
    shutil.copytree(corpus, work)
    build(work, "site")
    (log,) = (work / ".cache").glob("markdown-*.pickle")
    before = log.read_bytes()
    edit_a_story(work)
    assert build(work, "site") == build(work, "cold", cache=False)
    after = log.read_bytes()
    assert after.startswith(before) and len(before) < len(after) < 1.1 * len(before)


def stored_log(folder: Path, *parts: dict[str, str]) -> Path:
    """A cache log made of `parts`, as builds that each added them would have left it."""
    path = DiskCache(folder).path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(pickle.dumps(part) for part in parts))
    return path


def test_a_log_cut_off_by_a_killed_build_is_read_to_the_cut_then_written_afresh(
    tmp_path: Path,
) -> None:
    path = stored_log(tmp_path, {"a": "A"}, {"b": "B"})
    path.write_bytes(path.read_bytes()[:-3])  # the second part cut off mid-write
    cache = DiskCache(tmp_path)
    assert cache.entries == {"a": "A"}
    assert cache.get("a") == "A"
    cache.put("c", "C")
    cache.save_content()  # not appended after the damage, where no reader would find it
    assert DiskCache(tmp_path).entries == {"a": "A", "c": "C"}
    assert _read_log(path) == ({"a": "A", "c": "C"}, True)


def test_entries_no_build_uses_are_dropped_once_they_pass_a_tenth(tmp_path: Path) -> None:
    entries = {str(n): "x" for n in range(100)}
    path = stored_log(tmp_path, entries)
    cache = DiskCache(tmp_path)
    for key in list(entries)[:95]:  # five unused: kept, and the new entry appended
        cache.get(key)
    cache.put("new", "y")
    cache.save_content()
    assert len(_read_log(path)[0]) == 101
    cache = DiskCache(tmp_path)
    for key in list(entries)[:80]:  # twenty-one unused: the log is written afresh
        cache.get(key)
    cache.save_content()
    assert _read_log(path) == ({key: "x" for key in list(entries)[:80]}, True)


OTHER_PROGRAMS = {  # what other programs keep in a shared `.cache/`: none of it is microsite's
    "pictures-thumbnailer/img1": b"a thumbnail",
    "markdown-notes.pickle": b"an editor's notes",
    "outputs-0123456789abcdef.pickle": b"named like microsite's, once: before .cache/microsite/",
    "jinja/__jinja2_0123.cache": b"another program's compiled template",
}


def test_a_build_run_from_the_home_folder_leaves_other_programs_caches_alone(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from the home folder, `.cache/` is every program's (XDG): a build keeps to
    `.cache/microsite/` and deletes nothing outside it."""
    shared = sample / "home/.cache"
    for name, data in OTHER_PROGRAMS.items():
        (shared / name).parent.mkdir(parents=True, exist_ok=True)
        (shared / name).write_bytes(data)
    monkeypatch.chdir(sample / "home")
    argv = ["build", "--now", "2026-11-25T09:00", "--quiet", "--output", "../site"]
    for _ in range(2):  # the second one forgets what the first left that it no longer needs
        assert main([*argv, "--content", "../content", "--templates", "../templates"]) == 0
    kept = tree(shared)
    assert {name: kept[name] for name in kept if not name.startswith("microsite/")} == (
        OTHER_PROGRAMS
    )
    assert list((shared / "microsite").glob("markdown-*.pickle"))
    assert list((shared / "microsite").glob("pictures-*/*"))


def test_only_files_named_as_the_cache_names_its_own_are_forgotten(tmp_path: Path) -> None:
    """Other versions' files go; anything else found in the folder stays."""
    stale = ["markdown-0123456789abcdef.pickle", "outputs-0123456789abcdef.pickle"]
    others = ["markdown-notes.pickle", "outputs-.pickle", "markdown-0123456789ABCDEF.pickle"]
    for name in stale + others:
        (tmp_path / name).write_bytes(b"x")
    cache = DiskCache(tmp_path)
    cache.put("a", "A")
    cache.save_content()
    cache.save_records()  # nothing recorded: no file
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([*others, cache.path.name])


def test_only_picture_folders_and_entries_named_as_the_store_names_its_own_are_forgotten(
    tmp_path: Path,
) -> None:
    store = picturestore.PictureStore(tmp_path)
    store.put("a" * 40, b"kept")
    store.put("b" * 40, b"no longer made")
    (store.folder / "notes.txt").write_bytes(b"someone's")
    for folder in ("pictures-0123456789abcdef-9.5.0", "pictures-thumbnailer"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / ("c" * 40)).write_bytes(b"x")
    store.keep_only({"a" * 40})
    assert sorted(p.name for p in store.folder.iterdir()) == ["a" * 40, "notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [store.folder.name, "pictures-thumbnailer"]


def test_a_first_log_is_streamed_to_disk_not_pickled_whole_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold build adds every conversion: 40 MB at 4,000 stories, never one string."""
    cache = DiskCache(tmp_path)
    cache.put("a", "A")

    def whole_in_memory(*args: object) -> None:
        raise AssertionError("a cold build's conversions were pickled as one string")

    monkeypatch.setattr(diskcache, "_append", whole_in_memory)
    cache.save_content()
    assert _read_log(cache.path) == ({"a": "A"}, True)


def test_the_code_version_follows_every_code_file_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`.cache/` is named for microsite's code: a module, a catalog or the jargon list
    written anew, in any subfolder, names a new one, even at the same size with its
    modification time put back; what is not code (compiled files, notes) does not."""
    package = tmp_path / "microsite"
    shutil.copytree(diskcache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(diskcache, "PACKAGE", package)
    version = diskcache.code_version.__wrapped__  # not the one kept for this process
    first = version()
    assert version() == first
    (package / "render" / "__pycache__").mkdir()
    (package / "render" / "__pycache__" / "feeds.cpython-311.pyc").write_bytes(b"compiled")
    (package / "NOTES.txt").write_text("not code")
    assert version() == first
    seen = {first}
    for rel in ("render/feeds.py", "locale/es/LC_MESSAGES/messages.po", "lints/jargon.tsv"):
        code = package / rel
        before = code.stat()
        text = code.read_bytes()
        code.write_bytes(text.replace(b"e", b"a", 1))  # the same size
        os.utime(code, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert version() not in seen, rel
        seen.add(version())
