"""Writing the site: only changed files are touched, and a failure touches nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from microsite import output
from microsite.publish import write_site


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Each file's bytes, inode and modification time: a rewrite changes the last two."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_first_build_then_only_changes_are_written(tmp_path: Path) -> None:
    site = tmp_path / "site"
    media = tmp_path / "logo.png"
    media.write_bytes(b"png")
    files = {"index.html": b"home", "stories/a/index.html": b"a", "stories/b/index.html": b"b"}
    write_site(files, {"media/logo.png": media}, site)
    before = snapshot(site)
    write_site({**files, "stories/a/index.html": b"a2"}, {"media/logo.png": media}, site)
    after = snapshot(site)
    assert after["stories/a/index.html"][0] == b"a2"
    assert after["stories/a/index.html"][1:] != before["stories/a/index.html"][1:]
    for unchanged in ("index.html", "stories/b/index.html", "media/logo.png"):
        assert after[unchanged] == before[unchanged]


def test_stale_files_and_their_folders_go(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site({"index.html": b"home", "stories/old/index.html": b"old"}, {}, site)
    (site / "stray.txt").write_text("left by hand")
    write_site({"index.html": b"home"}, {}, site)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == ["index.html"]


def test_a_failure_while_staging_leaves_the_site_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    media = tmp_path / "logo.png"
    media.write_bytes(b"png")
    write_site({"index.html": b"home", "a/index.html": b"a"}, {"media/logo.png": media}, site)
    before = snapshot(site)
    media.write_bytes(b"new png")

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", disk_full)
    with pytest.raises(OSError):
        write_site({"index.html": b"home2", "b/index.html": b"b"}, {"media/logo.png": media}, site)
    assert snapshot(site) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.new-")] == []


def test_clashing_outputs_are_refused(tmp_path: Path) -> None:
    with pytest.raises(output.UnsafeOutput):
        write_site({"media/x.png": b"x"}, {"media/x.png": tmp_path}, tmp_path / "site")


def test_a_preview_write_that_failed_is_tried_again_with_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview's memory hands back the very bytes object of the last build for a page
    it reused; if writing it failed (a full disk), the next build must still write it."""
    mirror = output.Mirror(tmp_path / "preview")
    page = b"<p>Coffee with a Cop</p>"
    real_open = open

    def full_disk(path: str, mode: str = "r", *args: object, **kwargs: object) -> object:
        if "w" in mode:
            raise OSError(28, "No space left on device")
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", full_disk)
    with pytest.raises(OSError):
        mirror.write("events/index.html", page)
    monkeypatch.undo()
    assert mirror.write("events/index.html", page) is True
    assert (tmp_path / "preview/events/index.html").read_bytes() == page
    assert mirror.write("events/index.html", page) is False
