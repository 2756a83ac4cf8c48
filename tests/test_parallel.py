"""`map_shared`: the same answers as a plain loop, in order, with the parent doing its share
(or, with `retire_after`, handing the work to helpers that are replaced as they go)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from microsite.speed import parallel


def square_and_pid(offset: int, item: int) -> tuple[int, int]:
    time.sleep(0.0005)  # long enough for the helper to start before the parent is done
    return item * item + offset, os.getpid()


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(os, "fork"):
        pytest.skip("helpers are forked")
    monkeypatch.setattr(parallel, "cores", lambda: 2)


def test_results_in_order_and_meanwhile_returned(two_cores: None) -> None:
    items = list(range(500))
    results, also = parallel.map_shared(square_and_pid, 7, items, lambda: "feeds made")
    assert [value for value, _pid in results] == [i * i + 7 for i in items]
    assert also == "feeds made"


def test_parent_and_one_helper_share_the_work(two_cores: None) -> None:
    results, _ = parallel.map_shared(square_and_pid, 0, list(range(400)))
    pids = {pid for _value, pid in results}
    assert os.getpid() in pids
    assert len(pids) == 2


def test_few_items_stay_in_this_process(two_cores: None) -> None:
    results, _ = parallel.map_shared(square_and_pid, 0, list(range(parallel.MINIMUM - 1)))
    assert {pid for _value, pid in results} == {os.getpid()}


def die_in_helper(parent: int, item: int) -> int:
    if os.getpid() != parent:
        os._exit(3)  # a helper killed mid-build, as by the out-of-memory killer
    time.sleep(0.0005)
    return item


def test_a_helper_that_dies_fails_the_build_instead_of_losing_pages(two_cores: None) -> None:
    with pytest.raises(RuntimeError, match="helper process stopped"):
        parallel.map_shared(die_in_helper, os.getpid(), list(range(400)))


HELPER_SCRIPT = """
import os, sys, time
from microsite.speed import parallel

def slow(folder, item):
    with open(os.path.join(folder, str(os.getpid())), "w"):
        pass
    time.sleep(0.05)
    return item

parallel.map_shared(slow, sys.argv[1], list(range(400)), processes=2)
"""


def gone(pid: int) -> bool:
    """Whether a process has exited (a zombie nobody has reaped yet counts as gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "State:\tZ" in status


def test_helpers_die_with_a_killed_build(tmp_path: Path) -> None:
    """A build killed outright (SIGKILL, out of memory) leaves no helper behind."""
    if not Path("/proc/self/status").exists():
        pytest.skip("Linux only")
    repo = Path(__file__).parent.parent
    build = subprocess.Popen([sys.executable, "-c", HELPER_SCRIPT, str(tmp_path)], cwd=repo)
    deadline = time.monotonic() + 30
    while len({p.name for p in tmp_path.iterdir()} - {str(build.pid)}) < 1:
        assert time.monotonic() < deadline, "no helper started"
        time.sleep(0.02)
    build.kill()
    build.wait()
    helpers = {int(p.name) for p in tmp_path.iterdir()} - {build.pid}
    deadline = time.monotonic() + 10
    while not all(gone(pid) for pid in helpers):
        assert time.monotonic() < deadline, f"helpers {helpers} outlived the killed build"
        time.sleep(0.05)


def test_retiring_helpers_do_all_the_work_in_order(two_cores: None) -> None:
    items = list(range(600))
    results, also = parallel.map_shared(
        square_and_pid, 3, items, lambda: "digested", retire_after=100
    )
    assert [value for value, _pid in results] == [i * i + 3 for i in items]
    assert also == "digested"
    pids = {pid for _value, pid in results}
    assert os.getpid() not in pids  # the parent only hands out the work
    assert len(pids) >= 4  # each helper stopped after about 100 items, a fresh one took over


def test_a_retiring_helper_that_dies_fails_the_build(two_cores: None) -> None:
    with pytest.raises(RuntimeError, match="helper process stopped"):
        parallel.map_shared(die_in_helper, os.getpid(), list(range(400)), retire_after=100)
