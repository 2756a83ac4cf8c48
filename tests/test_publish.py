"""Publishing: what a build refuses, and a site that is always all old or all new.

Most tests run the command line in this process (`main`), on a copy of the
basic fixture site; the ones about concurrent and killed builds run the real
`build.py` as separate processes.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import tree

from microsite import lock, swap
from microsite.cli import main

REPO = Path(__file__).parent.parent
NOW = ["--now", "2026-11-25T09:00"]
STORY = "content/stories/2026-08-02-surf-contest.md"


def everything(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, hidden ones included, to show that nothing was touched."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def edit_story(work: Path, words: str = "One more sentence.") -> None:
    path = work / STORY
    path.write_text(path.read_text() + f"\n{words}\n")


def leftovers(work: Path, name: str = "site") -> list[str]:
    return sorted(p.name for p in work.iterdir() if p.name.startswith(f".{name}.new-"))


@pytest.mark.parametrize(
    "output, message",
    [
        ("content/stories", "refusing to replace content/stories: it is inside content"),
        ("templates/static", "refusing to replace templates/static: it is inside templates"),
        ("notes", "refusing to replace notes: it holds files that no build made"),
    ],
)
def test_an_output_folder_that_is_not_an_old_build_is_refused_untouched(
    work: Path, capsys: pytest.CaptureFixture, output: str, message: str
) -> None:
    (work / "notes").mkdir()
    (work / "notes/todo.txt").write_text("call the harbor master")
    before = everything(work)
    assert main([*NOW, "--output", output]) == 2
    assert capsys.readouterr().err.startswith(f"error: {message}")
    assert everything(work) == before


def test_a_mount_point_is_refused_with_what_to_do(
    work: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    (work / "site").mkdir()
    mounted = str((work / "site").resolve())
    real_ismount = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda path: str(path) == mounted or real_ismount(path))
    assert main(NOW) == 2
    err = capsys.readouterr().err
    assert "site is a mount point" in err and "--output site/site" in err
    assert list((work / "site").iterdir()) == []


def test_a_mount_point_found_only_when_swapping_leaves_the_site_as_it_was(
    work: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bind mount on the same disk looks like a folder until the rename fails (EBUSY)."""
    assert main(NOW) == 0
    before = tree(work / "site")
    edit_story(work)

    def busy(*_args: object) -> bool:
        raise OSError(errno.EBUSY, "Device or resource busy")

    monkeypatch.setattr(swap, "_exchange", busy)
    assert main(NOW) == 2
    assert "is a mount point" in capsys.readouterr().err
    assert tree(work / "site") == before
    assert leftovers(work) == []


def test_unchanged_files_stay_the_same_files_build_after_build(work: Path) -> None:
    """Same inode and date, for rsync and the page cache, however many swaps go by."""
    assert main(NOW) == 0
    home = work / "site/index.html"
    css = work / "site/static/site.css"
    page = work / "site/stories/surf-contest/index.html"
    stamps = (os.stat(home), os.stat(css))
    for round in range(3):
        edit_story(work, f"Sentence {round}.")
        assert main(NOW) == 0
        assert f"Sentence {round}." in page.read_text()
        for before, now in zip(stamps, (os.stat(home), os.stat(css)), strict=True):
            assert (now.st_ino, now.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert leftovers(work) == []


def test_without_an_exchange_the_site_is_still_replaced_whole(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(swap, "_renameat2", lambda: None)
    assert main([*NOW, "--output", "cold"]) == 0
    assert main(NOW) == 0
    for round in range(2):
        edit_story(work, f"Sentence {round}.")
        assert main(NOW) == 0
        assert main([*NOW, "--output", "cold", "--no-cache"]) == 0
        assert tree(work / "site") == tree(work / "cold")


def test_a_site_caught_between_the_fallbacks_two_renames_is_put_back(work: Path) -> None:
    assert main(NOW) == 0
    edit_story(work)
    assert main(NOW) == 0
    old = tree(work / "site")
    shutil.rmtree(work / ".site.previous")
    shutil.copytree(work / "site", work / ".site.new-killed")  # the new tree, fully staged
    (work / ".site.new-killed/index.html").write_text("the new home page")
    os.rename(work / "site", work / ".site.previous")  # killed right after this rename
    swap.recover(work / "site")
    assert tree(work / "site") == old
    assert leftovers(work) == []
    edit_story(work, "And another.")
    assert main(NOW) == 0
    assert main([*NOW, "--output", "cold", "--no-cache"]) == 0
    assert tree(work / "site") == tree(work / "cold")


def test_a_link_inside_the_site_is_never_written_through(work: Path) -> None:
    assert main(NOW) == 0
    elsewhere = work / "elsewhere"
    shutil.copytree(work / "site/stories", elsewhere)
    shutil.rmtree(work / "site/stories")
    (work / "site/stories").symlink_to(elsewhere)
    kept = everything(elsewhere)
    for round in range(2):  # the second build starts from the tree that held the link
        edit_story(work, f"Sentence {round}.")
        assert main(NOW) == 0
        page = work / "site/stories/surf-contest/index.html"
        assert f"Sentence {round}." in page.read_text()
        assert not (work / "site/stories").is_symlink()
    assert everything(elsewhere) == kept


@pytest.mark.parametrize("jobs", [[], ["--jobs", "1"]], ids=["surveyed-meanwhile", "one-process"])
def test_a_spare_changed_by_hand_is_put_right(work: Path, jobs: list[str]) -> None:
    """The spare is surveyed on another core while the cache loads (or at once, with one
    process): a file in it replaced, a stray file and a link out of it are all found."""
    assert main([*NOW, *jobs]) == 0
    edit_story(work)
    assert main([*NOW, *jobs]) == 0  # the first site is now the spare
    css = os.stat(work / "site/static/site.css")
    spare = work / ".site.previous"
    (spare / "static/site.css").unlink()
    (spare / "static/site.css").write_text("replaced by hand in the spare")
    (spare / "stray.txt").write_text("left by hand")
    outside = work / "outside"
    outside.mkdir()
    (spare / "events").rename(spare / "events-moved")
    (spare / "events").symlink_to(outside, target_is_directory=True)
    edit_story(work, "And one more.")
    assert main([*NOW, *jobs]) == 0
    assert main([*NOW, "--output", "cold", "--no-cache"]) == 0
    assert tree(work / "site") == tree(work / "cold")
    now = os.stat(work / "site/static/site.css")
    assert (now.st_ino, now.st_mtime_ns) == (css.st_ino, css.st_mtime_ns)
    assert list(outside.iterdir()) == []
    assert leftovers(work) == []


def test_a_rebuild_that_changes_nothing_leaves_the_site_folder_as_it_was(work: Path) -> None:
    """Not even swapped for a copy of itself, unless it holds something no build made."""
    assert main(NOW) == 0
    site = os.stat(work / "site")
    for _ in range(2):
        assert main(NOW) == 0
        assert os.stat(work / "site").st_ino == site.st_ino
    assert main([*NOW, "--output", "cold", "--no-cache"]) == 0
    made = sorted(p.relative_to(work / "cold") for p in (work / "cold").rglob("*"))
    for left_by_hand in ("stray.txt", "empty/", "events/link"):
        target = work / "site" / left_by_hand
        if left_by_hand == "stray.txt":
            target.write_text("left by hand")
        elif left_by_hand == "empty/":
            target.mkdir()
        else:
            target.symlink_to(work / "site/index.html")
        assert main(NOW) == 0
        assert sorted(p.relative_to(work / "site") for p in (work / "site").rglob("*")) == made
        assert tree(work / "site") == tree(work / "cold")


def test_a_killed_builds_staging_folder_is_cleaned_up_and_never_published(work: Path) -> None:
    assert main(NOW) == 0
    good, content = tree(work / "site"), everything(work / "content")
    for name in ("abc", "def"):  # what two killed builds left, half written
        junk = work / f".site.new-{name}"
        shutil.copytree(work / "site", junk)
        (junk / "index.html").write_text("half a home page")
        (junk / "stories/junk.html").write_text("never built")
        shutil.rmtree(junk / "media")
        (junk / "media").symlink_to(work / "content/media")
    assert main(NOW) == 0
    assert leftovers(work) == []
    assert tree(work / "site") == good
    assert everything(work / "content") == content


def test_a_static_file_that_links_outside_its_folder_is_refused(
    work: Path, capsys: pytest.CaptureFixture
) -> None:
    secret = work / "secret.txt"
    secret.write_text("not for the public")
    (work / "templates/static/leak.txt").symlink_to(secret)
    (work / "templates/static/alias.css").symlink_to("site.css")  # inside: published
    assert main(NOW) == 1
    err = capsys.readouterr().err
    assert "templates/static/leak.txt:1: this link points outside templates/static/" in err
    assert not (work / "site").exists()
    assert not (work / ".site.previous").exists()  # it would be taken for a site to restore
    (work / "templates/static/leak.txt").unlink()
    assert main(NOW) == 0
    assert (work / "site/static/alias.css").read_bytes() == (
        work / "site/static/site.css"
    ).read_bytes()


HOLD = """
import sys
from pathlib import Path
from microsite.lock import OutputLock
OutputLock(Path(sys.argv[1]))
print("held", flush=True)
sys.stdin.read()
"""


def test_a_build_waits_for_another_then_says_it_is_running(
    work: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(NOW) == 0
    before = everything(work / "site")
    edit_story(work)
    monkeypatch.setattr(lock, "WAIT", 0.3)
    other = subprocess.Popen(  # another build, as far as the lock can tell
        [sys.executable, "-c", HOLD, str((work / "site").resolve())],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout and other.stdout.readline() == "held\n"
        assert main(NOW) == 2
    finally:
        other.communicate("")  # lets it end, and the lock with it
    assert "error: another build into" in capsys.readouterr().err
    assert everything(work / "site") == before
    assert main(NOW) == 0


def run_build(work: Path, *args: str) -> subprocess.Popen[str]:
    command = [sys.executable, str(REPO / "build.py"), "build", *NOW, *args]
    return subprocess.Popen(
        command, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_two_builds_at_once_take_turns(work: Path) -> None:
    """Two first builds at once used to crash with `Directory not empty`."""
    both = [run_build(work), run_build(work)]
    results = [process.communicate(timeout=120) for process in both]
    assert [process.returncode for process in both] == [0, 0], results
    assert main([*NOW, "--output", "cold", "--no-cache"]) == 0
    assert tree(work / "site") == tree(work / "cold")


SITEMAP = '<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'
JEKYLL_FEED = (
    '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
    '<generator uri="https://jekyllrb.com/" version="4.3.3">Jekyll</generator></feed>\n'
)


@pytest.mark.parametrize(
    "files",
    [
        {"sitemap.xml": SITEMAP, "notes.txt": "precious"},  # Hugo's, say
        {"sitemap.xml": SITEMAP, "feed.xml": JEKYLL_FEED, "index.html": "<h1>Blog</h1>"},
    ],
    ids=["sitemap", "another-feed"],
)
def test_a_folder_another_generator_built_is_refused_untouched(
    work: Path, capsys: pytest.CaptureFixture, files: dict[str, str]
) -> None:
    """A sitemap.xml used to pass for a build's: the first build moved the folder's files
    aside to `.blog.previous`, the second deleted them."""
    (work / "blog").mkdir()
    for name, text in files.items():
        (work / "blog" / name).write_text(text)
    before, names = everything(work), sorted(os.listdir(work))
    for _ in range(2):
        assert main([*NOW, "--output", "blog"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: refusing to replace blog: it holds files that no build made")
        assert "choose a new or empty folder, or delete blog yourself" in err
    assert everything(work) == before
    assert sorted(os.listdir(work)) == names  # no lock, no spare, no cache


def test_a_site_an_earlier_build_made_is_still_replaced(work: Path) -> None:
    """A site from before this check (its spare and cache gone) is known by its feed."""
    shutil.copytree(REPO / "tests/golden/basic", work / "site")
    assert main(NOW) == 0
    assert main([*NOW, "--output", "cold", "--no-cache"]) == 0
    assert tree(work / "site") == tree(work / "cold")


@pytest.mark.parametrize("live", [True, False], ids=["beside-a-site", "alone"])
def test_a_spare_that_no_build_made_is_left_alone(
    work: Path, capsys: pytest.CaptureFixture, live: bool
) -> None:
    """What an older microsite left after taking someone's folder for a build: their files
    in the spare's place, which the next build would have emptied (or, with no site
    beside it, put back as the site and replaced)."""
    if live:
        assert main(NOW) == 0
    spare = work / ".site.previous"
    spare.mkdir()
    (spare / "sitemap.xml").write_text(SITEMAP)
    (spare / "notes.txt").write_text("precious")
    before = everything(work)
    assert main(NOW) == 2
    err = capsys.readouterr().err
    assert f"{spare.resolve()} beside it holds files that no build made" in err
    assert "delete it yourself if nothing in it is needed" in err
    assert everything(work) == before
    shutil.rmtree(spare)  # as the message says
    assert main(NOW) == 0


def test_only_a_builds_tree_is_kept_as_the_spare(work: Path) -> None:
    """A staging tree killed before its feed was written cannot be told from someone's
    folder, so it is removed rather than kept where the next build would refuse it."""
    assert main(NOW) == 0  # a first build: no spare yet
    half = work / ".site.new-half"
    half.mkdir()
    (half / "index.html").write_text("half a home page")
    swap.recover(work / "site")
    assert not half.exists()
    assert not (work / ".site.previous").exists()
    edit_story(work)
    assert main(NOW) == 0
    assert swap.spare_path(work / "site").is_dir()


@pytest.mark.parametrize("output", ["loop", "loop/site"])
def test_a_symbolic_link_loop_as_the_output_is_refused(
    work: Path, capsys: pytest.CaptureFixture, output: str
) -> None:
    assert main(NOW) == 0
    (work / "loop").symlink_to("loop")
    before, names = tree(work / "site"), sorted(os.listdir(work))
    assert main([*NOW, "--output", output]) == 2
    assert capsys.readouterr().err == (
        f"error: {output} is, or lies under, a symbolic link that leads back to itself "
        "(a loop): remove the link or choose another folder\n"
    )
    assert sorted(os.listdir(work)) == names
    assert tree(work / "site") == before
    assert main(NOW) == 0


def chattr(flag: str, path: Path) -> None:
    subprocess.run(["chattr", flag, str(path)], check=True, capture_output=True)


@pytest.fixture
def immutable() -> Iterator[Callable[[Path], None]]:
    """Makes a folder immutable (`chattr +i`: not even root may rename it) until the test ends."""
    if os.geteuid() != 0 or shutil.which("chattr") is None:
        pytest.skip("needs root and chattr")
    held: list[Path] = []

    def hold(path: Path) -> None:
        try:
            chattr("+i", path)
        except subprocess.CalledProcessError:
            pytest.skip("this filesystem has no immutable flag")
        held.append(path)

    yield hold
    for path in held:
        chattr("-i", path)


@pytest.mark.parametrize("built", [True, False], ids=["a-site", "empty"])
def test_an_output_folder_that_cannot_be_renamed_is_left_as_it_was(
    work: Path, capsys: pytest.CaptureFixture, immutable: Callable[[Path], None], built: bool
) -> None:
    if built:
        assert main(NOW) == 0
    else:
        (work / "site").mkdir()
    before = tree(work / "site")
    edit_story(work)
    immutable(work / "site")
    assert main(NOW) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: cannot replace {(work / 'site').resolve()} with the new site")
    assert "immutable" in err and "it was left as it was" in err
    assert tree(work / "site") == before
    assert leftovers(work) == []
    chattr("-i", work / "site")
    assert main(NOW) == 0
    assert "One more sentence." in (work / "site/stories/surf-contest/index.html").read_text()


def test_a_failed_second_rename_puts_the_old_site_back_at_once(
    work: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without an exchange the site is moved aside first; if the new one then cannot take
    its place, the old one goes straight back rather than waiting for the next build."""
    assert main(NOW) == 0
    before = tree(work / "site")
    edit_story(work)
    monkeypatch.setattr(swap, "_renameat2", lambda: None)
    rename = os.rename

    def refuse_the_new_site(source: str | Path, target: str | Path) -> None:
        if Path(source).name.startswith(".site.new-") and Path(target).name == "site":
            raise PermissionError(errno.EACCES, "Permission denied")
        rename(source, target)

    monkeypatch.setattr(os, "rename", refuse_the_new_site)
    assert main(NOW) == 2
    assert "Permission denied (is it immutable" in capsys.readouterr().err
    assert tree(work / "site") == before
    assert leftovers(work) == []
    monkeypatch.setattr(os, "rename", rename)
    assert main(NOW) == 0
    assert "One more sentence." in (work / "site/stories/surf-contest/index.html").read_text()
