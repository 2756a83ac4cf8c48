"""A build killed at any instant leaves all of the old site or all of the new one.

The real `build.py` is killed (SIGKILL, as the kernel's out-of-memory killer
or a reboot would) at many moments of a rebuild that changes every page,
from start-up to the swap at the very end; after each kill the site must be
exactly one of the two complete builds, never a mix.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import tree

REPO = Path(__file__).parent.parent
sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # noqa: E402

STORIES = 120
TRIES = 16


def start(root: Path, content: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, str(REPO / "build.py"), "build", "--content", content]
    command += ["--templates", str(REPO / "templates"), "--now", "2026-11-25T09:00", "--quiet"]
    return subprocess.Popen(command, cwd=root, stderr=subprocess.PIPE, start_new_session=True)


def finish(root: Path, content: str) -> tuple[dict[str, bytes], float]:
    """Build to the end; the site it made and how long that took."""
    began = time.monotonic()
    process = start(root, content)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()
    return tree(root / "site"), time.monotonic() - began


def test_a_killed_build_leaves_all_old_or_all_new(tmp_path: Path) -> None:
    generate(tmp_path / "a", STORIES)
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    settings = tmp_path / "b/content/site.yaml"
    settings.write_text(settings.read_text().replace("title: ", "title: New ", 1))
    sites = {"a": finish(tmp_path, "a/content")[0]}
    sites["b"], took = finish(tmp_path, "b/content")  # every page differs from a's
    assert sites["a"] != sites["b"]
    live = "b"
    for attempt in range(TRIES):  # from start-up to past the end of a whole rebuild
        target = "a" if live == "b" else "b"
        process = start(tmp_path, f"{target}/content")
        time.sleep(took * (0.3 + 0.8 * attempt / TRIES))
        process.kill()  # the build itself: helpers it forked may live on, as after an OOM kill
        process.wait()
        now = tree(tmp_path / "site")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # then the helpers, not to leave them running
        live = next((name for name, site in sites.items() if site == now), "a mix")
        if live not in sites:
            pytest.fail(f"killed at attempt {attempt}: the site is a mix of old and new files")
    target = "a" if live == "b" else "b"
    assert finish(tmp_path, f"{target}/content")[0] == sites[target]
    assert not list(tmp_path.glob(".site.new-*"))
