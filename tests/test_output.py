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
