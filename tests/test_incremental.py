"""A rebuild that reuses the last build's work gives exactly the bytes of a fresh build."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from microsite import pipeline
from microsite.errors import BuildFailed
from microsite.output import Memory
from microsite.speed.stages import Fast

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
    "fragment on every page": replace(
        "templates/_footer.html", '<ul class="plain">', '<ul class="plain links">'
    ),
    "fragment with a page's values": replace(
        "templates/_nav.html", "{{ item.label }}</a>", "{{ item.label }}!</a>"
    ),
    "media added": write("content/media/new.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>"),
    "picture in a story's text resized": replace(
        "content/media/wave.svg", 'width="120" height="60">', 'width="240" height="120">'
    ),
}


Files = tuple[dict[str, bytes], dict[str, Path]]


def built(root: Path, speed: Fast | None = None, *, drafts: bool = True) -> Files:
    """Every file a build makes, and the media and static files it copies."""
    folders = pipeline.Folders(root / "content", root / "templates")
    memory = Memory()
    made = pipeline.build(folders, memory.write, now=NOW, drafts=drafts, speed=speed)
    return memory.files, made.copies


def fresh(root: Path) -> Files:
    """The reference: the plain core, no speed layer at all."""
    return built(root)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(Path(__file__).parent / "sites" / "basic", tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    return tmp_path


def remembered(root: Path, speed: Fast) -> Files:
    """A build as the preview makes it, remembering between builds."""
    files = built(root, speed)
    speed.next_build(succeeded=True)
    return files


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_rebuild_after_an_edit_equals_a_fresh_build(
    root: Path, edit: Callable[[Path], None]
) -> None:
    speed = pipeline.preview_speed()
    before = remembered(root, speed)
    edit(root)
    after = remembered(root, speed)
    again = fresh(root)
    assert after == again
    assert after != before


def test_unchanged_rebuild_reuses_everything(root: Path) -> None:
    speed = pipeline.preview_speed()
    remembered(root, speed)
    built(root, speed)
    assert speed.memo.misses == 0 and speed.memo.hits > 0


def test_recovers_from_a_failed_build(root: Path) -> None:
    speed = pipeline.preview_speed()
    remembered(root, speed)
    replace(SURF, "date: 2026-08-02 10:00", "date: soon")(root)
    with pytest.raises(BuildFailed):
        built(root, speed)
    speed.next_build(succeeded=False)
    replace(SURF, "date: soon", "date: 2026-08-03 10:00")(root)
    assert remembered(root, speed) == fresh(root)


def test_all_edits_in_sequence_on_the_sample_site(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    speed = pipeline.preview_speed()
    remembered(tmp_path, speed)
    story = next((tmp_path / "content/stories").glob("*surf*"))
    rel = story.relative_to(tmp_path).as_posix()
    replace(rel, "title:", "updated: 2026-11-20\ntitle:")(tmp_path)
    assert remembered(tmp_path, speed) == fresh(tmp_path)
    replace("templates/story.html", "</article>", "<p>Share this story.</p></article>")(tmp_path)
    assert remembered(tmp_path, speed) == fresh(tmp_path)


def test_a_remembered_story_still_reports_a_link_that_broke(root: Path) -> None:
    speed = pipeline.preview_speed()
    remembered(root, speed)
    delete("content/stories/2026-05-04-band-backstage.md")(root)
    with pytest.raises(BuildFailed) as failed:
        built(root, speed)
    assert any(
        "link to '2026-05-04-band-backstage.md': no such story or page" in str(e)
        for e in failed.value.errors
    )


def test_disk_cache_gives_the_same_bytes_and_survives_corruption(root: Path) -> None:
    cache = root / ".cache"
    cold = built(root, pipeline.fast(cache=cache), drafts=False)
    assert list(cache.glob("markdown-*.pickle"))
    warm = built(root, pipeline.fast(cache=cache), drafts=False)
    assert warm == cold
    replace(SURF, "Officers joined 120", "Officers joined 140")(root)
    edited = built(root, pipeline.fast(cache=cache), drafts=False)
    assert edited == built(root, drafts=False)
    for stored in cache.glob("markdown-*.pickle"):
        stored.write_bytes(b"not a pickle at all")
    assert built(root, pipeline.fast(cache=cache), drafts=False) == edited


def test_disk_cache_entries_of_the_wrong_shape_are_ignored(root: Path) -> None:
    import pickle

    cache = root / ".cache"
    good = built(root, pipeline.fast(cache=cache), drafts=False)
    stored = next(cache.glob("markdown-*.pickle"))
    entries = pickle.loads(stored.read_bytes())
    stored.write_bytes(pickle.dumps(dict.fromkeys(entries, ("<p>stale</p>", "not targets"))))
    assert built(root, pipeline.fast(cache=cache), drafts=False) == good


def test_the_preview_shows_a_catalog_as_it_is_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A translator previewing a catalog saw no change: catalogs were read once per process,
    the watcher did not look at them, and remembered pages kept the old words."""
    import microsite.catalogs
    from microsite.preview.server import Preview
    from microsite.preview.watch import Watcher
    from microsite.render import language

    locale = tmp_path / "locale"
    shutil.copytree(microsite.catalogs.LOCALE, locale)
    monkeypatch.setattr(microsite.catalogs, "LOCALE", locale)
    language.forget_catalogs()
    shutil.copytree(REPO / "content", tmp_path / "content")
    folders = pipeline.Folders(tmp_path / "content", REPO / "templates")
    preview = Preview(folders, lambda: NOW, jobs=1)
    said: list[str] = []
    watcher = Watcher(preview, said.append)
    try:
        preview.rebuild()
        page = preview.root / "es/events/coffee-with-a-cop-north-redondo-2026-12-26/index.html"
        assert "<dd>Gratis</dd>" in page.read_text()
        calendar = preview.root / "es/events.ics"
        assert "Más información:" in calendar.read_text()
        po = locale / "es/LC_MESSAGES/messages.po"
        text = po.read_text().replace('msgstr "Gratis"', 'msgstr "Sin costo"')
        po.write_text(text.replace("Más información: %(url)s", "Detalles: %(url)s"))
        assert watcher.poll() == "*"
        assert "<dd>Sin costo</dd>" in page.read_text()
        assert "Más información:" not in calendar.read_text()  # its events' words, kept once
        assert "Detalles:" in calendar.read_text()
        assert said and "messages.po: rebuilt in" in said[-1]
    finally:
        preview.close()
        language.forget_catalogs()


def test_a_save_prints_only_the_warnings_it_brought(tmp_path: Path) -> None:
    """Each save printed every warning of the site again: with thirty of them, the line
    about the story just saved scrolled out of sight. The count still covers them all."""
    from microsite.preview.server import Preview
    from microsite.preview.watch import Watcher

    shutil.copytree(REPO / "content", tmp_path / "content")
    stories = tmp_path / "content" / "stories"
    first, second = (
        stories / "2026-01-20-why-we-show-up.md",
        stories / "2026-03-21-skate-park-meetup.md",
    )
    preview = Preview(
        pipeline.Folders(tmp_path / "content", REPO / "templates"), lambda: NOW, jobs=1
    )
    said: list[str] = []
    watcher = Watcher(preview, said.append)
    try:
        preview.rebuild()
        watcher.tell(preview.warnings)
        assert said == []  # the sample site has no warnings
        first.write_text(first.read_text() + "\nThe suspect exited the vehicle.\n")
        watcher.poll()
        assert [line for line in said if "jargon" in line] == [said[0]]
        assert "why-we-show-up.md:" in said[0] and len(said) == 2
        said.clear()
        second.write_text(second.read_text() + "\nPLEASE DO NOT PARK ON THE PIER.\n")
        watcher.poll()
        assert len(said) == 2 and "capitals" in said[0] and "skate-park-meetup.md:" in said[0]
        assert "2 warnings in 2 files" in said[1]  # the first story's is counted, not reprinted
    finally:
        preview.close()
