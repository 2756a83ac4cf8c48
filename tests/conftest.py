"""Fixtures shared by the test files: the built sample site, a local server, a browser.

The sample site is built once per session with a fixed clock so every test
looks at the same bytes; the browser is started once because Chromium's
start-up dominates the run time otherwise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
import yaml
from browser import REPO, html_pages, launch_chromium, serve_folder

SAMPLE_NOW = "2026-11-25T09:00"
BUILD_TIMEOUT = 300
# Point these at a prebuilt folder / other content to iterate on templates without rebuilding.
SITE_OVERRIDE = "MICROSITE_TEST_SITE"
CONTENT_OVERRIDE = "MICROSITE_TEST_CONTENT"


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the test's own tmp folder: content paths read `content/...`, as a PIO
    sees them in messages. A module asks for it with `pytest.mark.usefixtures`."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the basic fixture site as `content/` with the real templates, in a tmp cwd."""
    shutil.copytree(REPO / "tests/sites/basic", tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` and its bytes (links followed, as a web server would)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def build_site(output: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run the real command line, as a PIO would, so the tests cover `build.py` itself."""
    command = [sys.executable, "build.py", "build", "--output", str(output), *extra]
    return subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False
    )


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repo's sample content built once, at a fixed clock, into a temporary folder.

    With MICROSITE_TEST_SITE set, that already-built folder is used instead.
    """
    if os.environ.get(SITE_OVERRIDE):
        return Path(os.environ[SITE_OVERRIDE]).resolve()
    output = tmp_path_factory.mktemp("sample") / "site"
    result = build_site(output, "--now", SAMPLE_NOW)
    if result.returncode != 0:
        pytest.fail(
            f"`python build.py build --output {output} --now {SAMPLE_NOW}` exited "
            f"{result.returncode}\n--- stderr ---\n{result.stderr}"
            f"\n--- stdout ---\n{result.stdout}",
            pytrace=False,
        )
    return output


@pytest.fixture(scope="session")
def sample_content() -> Path:
    """The sample content folder, so tests compare pages with what the PIO wrote."""
    return Path(os.environ.get(CONTENT_OVERRIDE) or REPO / "content")


@pytest.fixture(scope="session")
def sample_settings(sample_content: Path) -> dict[str, Any]:
    """The sample content's `site.yaml`."""
    with (sample_content / "site.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="session")
def sample_pages(sample_site: Path) -> list[str]:
    """Every HTML page of the sample site, relative to it (`stories/x/index.html`)."""
    pages = html_pages(sample_site)
    assert pages, f"the sample build wrote no HTML pages into {sample_site}"
    return pages


@pytest.fixture(scope="session")
def static_server() -> Callable[[Path], AbstractContextManager[str]]:
    """A factory: `with static_server(folder) as base_url:` serves any folder on 127.0.0.1."""
    return serve_folder


@pytest.fixture(scope="session")
def sample_server(sample_site: Path) -> Iterator[str]:
    """The sample site served on 127.0.0.1 for the whole session; yields `http://127.0.0.1:N/`."""
    with serve_folder(sample_site) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Debian Chromium for the session, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that starts Chromium is marked `browser`, so `-m "not browser"` skips them."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
