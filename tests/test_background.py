"""`in_background`: work begun on another core gives exactly what it would have given here,
and anything that goes wrong in the helper leaves the work to this process."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from microsite import publish, swap
from microsite.cli import main
from microsite.speed import parallel
from microsite.speed.background import in_background


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(os, "fork") or not Path("/proc/self/status").exists():
        pytest.skip("helpers are forked on Linux only")
    monkeypatch.setattr(parallel, "cores", lambda: 2)


def where_and_what() -> tuple[int, list[str]]:
    return os.getpid(), ["pier", "surf", "skate" * 100_000]  # more than a pipe holds at once


def test_the_work_is_done_in_a_helper_and_its_result_comes_back(two_cores: None) -> None:
    wait = in_background(where_and_what)
    pid, words = wait()
    assert pid != os.getpid()
    assert words == where_and_what()[1]
    assert wait() == (pid, words)  # asked again: the same result, not a second wait


def test_one_process_does_the_work_at_once(two_cores: None) -> None:
    done: list[int] = []
    wait = in_background(lambda: done.append(os.getpid()) or "surveyed", processes=1)
    assert done == [os.getpid()]  # before anyone asked
    assert wait() == "surveyed"


def test_a_helper_that_raises_leaves_the_work_to_this_process(two_cores: None) -> None:
    parent = os.getpid()

    def fails_in_the_helper() -> int:
        if os.getpid() != parent:
            raise OSError(13, "Permission denied")
        return os.getpid()

    assert in_background(fails_in_the_helper)() == parent


def test_a_helper_killed_outright_leaves_the_work_to_this_process(two_cores: None) -> None:
    parent = os.getpid()

    def killed_in_the_helper() -> int:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return os.getpid()

    assert in_background(killed_in_the_helper)() == parent


def test_work_that_fails_here_too_raises_here(two_cores: None) -> None:
    def always_fails() -> None:
        raise PermissionError(13, "Permission denied", ".site.previous/stories")

    wait = in_background(always_fails)
    with pytest.raises(PermissionError, match="Permission denied"):
        wait()


@pytest.mark.parametrize(("jobs", "elsewhere"), [([], True), (["--jobs", "1"], False)])
def test_a_build_surveys_its_spare_on_another_core_unless_told_one_process(
    two_cores: None,
    work: Path,
    monkeypatch: pytest.MonkeyPatch,
    jobs: list[str],
    elsewhere: bool,
) -> None:
    """The pipeline plugs the helper in: the spare is surveyed by another process while
    this one loads `.cache/`; `--jobs 1` keeps the whole build in one process."""
    surveyed = work / "surveyed-by"

    def noted(root: str, live: str) -> swap.Survey:
        with surveyed.open("a") as note:
            note.write(f"{os.getpid()}\n")
        return swap.survey(root, live)

    monkeypatch.setattr(publish, "survey", noted)
    for _ in range(2):  # a first build, then one with a spare to survey
        assert main(["--now", "2026-11-25T09:00", *jobs]) == 0
    pids = [int(line) for line in surveyed.read_text().split()]
    assert len(pids) == 2
    assert (os.getpid() not in pids) is elsewhere
