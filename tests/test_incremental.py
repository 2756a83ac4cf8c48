"""A rebuild that reuses the last build's work gives exactly the bytes of a fresh build."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from microsite import pipeline
from microsite.errors import BuildFailed
from microsite.speed.memo import Memo

REPO = Path(__file__).parent.parent
NOW = datetime.fromisoformat("2026-11-25T09:00")
SURF = "content/stories/2026-08-02-surf-contest.md"


def replace(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / rel
        text = path.read_text()
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1))

    return edit


def write(rel: str, text: str) -> Callable[[Path], None]:
    return lambda root: (root / rel).write_text(text)


def delete(rel: str) -> Callable[[Path], None]:
    return lambda root: (root / rel).unlink()


EDITS = {
    "story body": replace(SURF, "Officers joined 120", "Officers joined 130"),
    "story title": replace(SURF, "title: Officers paddle out", "title: Officers surf"),
    "story communities": replace(SURF, "communities: [surf]", "communities: [surf, music]"),
    "new story": write(
        "content/stories/2026-11-01-new.md",
        "---\ntitle: New\ndate: 2026-11-01\n---\n\nNew [link](2026-08-02-surf-contest.md).\n",
    ),
    "deleted story": delete("content/stories/2026-11-01-draft.md"),
    "slug change breaks nothing else": replace(SURF, "title:", "slug: surf-classic\ntitle:"),
    "event time": replace("content/events/2026.yaml", '"2026-12-05 09:00"', '"2026-12-05 08:00"'),
    "event cancelled": replace(
        "content/events/2026.yaml",
        "  end: 2026-12-13\n",
        "  end: 2026-12-13\n  status: cancelled\n",
    ),
    "page edit": replace("content/pages/about.md", "community team", "community policing team"),
    "page title in every footer": replace(
        "content/pages/about.md", "title: About us", "title: About the team"
    ),
    "site setting": replace("content/site.yaml", "(555) 010-2000", "(555) 010-3000"),
    "community name": replace("content/communities.yaml", "name: Surf", "name: Surfing"),
    "template": replace("templates/base.html", "</footer>", "<p>Thanks for reading.</p></footer>"),
    "media added": write("content/media/new.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>"),
}


def fresh(root: Path) -> pipeline.Built:
    return pipeline.build(
        pipeline.Folders(root / "content", root / "templates"), now=NOW, drafts=True
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(Path(__file__).parent / "sites" / "basic", tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    return tmp_path


def remembered(root: Path, memo: Memo) -> pipeline.Built:
    built = pipeline.build(
        pipeline.Folders(root / "content", root / "templates"), now=NOW, drafts=True, memo=memo
    )
    memo.next_build()
    return built


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_rebuild_after_an_edit_equals_a_fresh_build(
    root: Path, edit: Callable[[Path], None]
) -> None:
    memo = Memo()
    before = remembered(root, memo)
    edit(root)
    after = remembered(root, memo)
    again = fresh(root)
    assert (after.files, after.copies) == (again.files, again.copies)
    assert (after.files, after.copies) != (before.files, before.copies)


def test_unchanged_rebuild_reuses_everything(root: Path) -> None:
    memo = Memo()
    remembered(root, memo)
    pipeline.build(
        pipeline.Folders(root / "content", root / "templates"), now=NOW, drafts=True, memo=memo
    )
    assert memo.misses == 0 and memo.hits > 0


def test_recovers_from_a_failed_build(root: Path) -> None:
    memo = Memo()
    remembered(root, memo)
    replace(SURF, "date: 2026-08-02 10:00", "date: soon")(root)
    with pytest.raises(BuildFailed):
        pipeline.build(
            pipeline.Folders(root / "content", root / "templates"), now=NOW, drafts=True, memo=memo
        )
    memo.abandon_build()
    replace(SURF, "date: soon", "date: 2026-08-03 10:00")(root)
    assert remembered(root, memo).files == fresh(root).files


def test_all_edits_in_sequence_on_the_sample_site(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    memo = Memo()
    remembered(tmp_path, memo)
    story = next((tmp_path / "content/stories").glob("*surf*"))
    rel = story.relative_to(tmp_path).as_posix()
    replace(rel, "title:", "updated: 2026-11-20\ntitle:")(tmp_path)
    assert remembered(tmp_path, memo).files == fresh(tmp_path).files
    replace("templates/story.html", "</article>", "<p>Share this story.</p></article>")(tmp_path)
    assert remembered(tmp_path, memo).files == fresh(tmp_path).files


def test_a_remembered_story_still_reports_a_link_that_broke(root: Path) -> None:
    memo = Memo()
    remembered(root, memo)
    delete("content/stories/2026-05-04-band-backstage.md")(root)
    with pytest.raises(BuildFailed) as failed:
        pipeline.build(
            pipeline.Folders(root / "content", root / "templates"), now=NOW, drafts=True, memo=memo
        )
    assert any(
        "link to '2026-05-04-band-backstage.md': no such story or page" in str(e)
        for e in failed.value.errors
    )


def test_disk_cache_gives_the_same_bytes_and_survives_corruption(root: Path) -> None:
    folders = pipeline.Folders(root / "content", root / "templates")
    cache = root / ".cache"
    cold = pipeline.build(folders, now=NOW, cache=cache)
    assert list(cache.glob("markdown-*.pickle"))
    warm = pipeline.build(folders, now=NOW, cache=cache)
    assert warm.files == cold.files
    replace(SURF, "Officers joined 120", "Officers joined 140")(root)
    edited = pipeline.build(folders, now=NOW, cache=cache)
    assert edited.files == pipeline.build(folders, now=NOW).files
    for stored in cache.glob("markdown-*.pickle"):
        stored.write_bytes(b"not a pickle at all")
    assert pipeline.build(folders, now=NOW, cache=cache).files == edited.files


def test_disk_cache_entries_of_the_wrong_shape_are_ignored(root: Path) -> None:
    import pickle

    folders = pipeline.Folders(root / "content", root / "templates")
    cache = root / ".cache"
    good = pipeline.build(folders, now=NOW, cache=cache).files
    stored = next(cache.glob("markdown-*.pickle"))
    entries = pickle.loads(stored.read_bytes())
    stored.write_bytes(pickle.dumps(dict.fromkeys(entries, ("<p>stale</p>", "not targets"))))
    assert pipeline.build(folders, now=NOW, cache=cache).files == good
