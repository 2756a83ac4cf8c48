"""A site hosted under a sub-path (`https://www.city.gov/police/`) links to itself there.

Every link the site writes, the templates' and the ones converted from
Markdown (story to story, to a page, to a picture in media/), must carry the
base URL's path, and feeds must make them absolute with it.
"""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from html import unescape
from pathlib import Path

import pytest

from microsite import pipeline, urls
from microsite.output import Memory

REPO = Path(__file__).parent.parent
NOW = datetime.fromisoformat("2026-11-25T09:00")
ROOT_RELATIVE = re.compile(r"""\s(?:href|src)="(/(?!/)[^"]*)\"""")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("subpath")
    shutil.copytree(REPO / "tests/sites/basic", root / "content")
    settings = root / "content/site.yaml"
    text = settings.read_text().replace(
        "base_url: https://community.harbor.example", "base_url: https://www.city.gov/police"
    )
    settings.write_text(text)
    memory = Memory()
    folders = pipeline.Folders(root / "content", REPO / "templates")
    pipeline.build(folders, memory.write, now=NOW)
    return memory.files


def test_every_root_relative_link_carries_the_base_path(files: dict[str, bytes]) -> None:
    wrong = {
        (rel, link)
        for rel, data in files.items()
        if rel.endswith(".html")
        for link in ROOT_RELATIVE.findall(data.decode())
        if not link.startswith("/police/")
    }
    assert wrong == set()


def test_markdown_links_and_pictures_carry_the_base_path(files: dict[str, bytes]) -> None:
    surf = files["stories/surf-contest/index.html"].decode()
    assert 'href="/police/stories/band-backstage/"' in surf
    assert 'href="/police/about/"' in surf
    band = files["stories/band-backstage/index.html"].decode()
    assert 'src="/police/media/wave.svg"' in band


def test_feed_links_are_absolute_under_the_base_path(files: dict[str, bytes]) -> None:
    feed = files["feed.xml"].decode()
    assert 'href="https://www.city.gov/police/stories/band-backstage/"' in unescape(feed)
    assert 'src="https://www.city.gov/police/media/wave.svg"' in unescape(feed)
    assert "https://www.city.gov/stories/" not in feed


def test_the_one_rule_for_paths() -> None:
    assert urls.base_path("https://www.city.gov/police") == "/police"
    assert urls.base_path("https://community.example.org") == ""
    assert urls.href("https://www.city.gov/police", "/events/") == "/police/events/"
    assert urls.origin("https://www.city.gov/police") == "https://www.city.gov"
    assert urls.output_file("/stories/x/") == "stories/x/index.html"


@pytest.mark.parametrize(
    ("path", "page"),
    [("/stories/x", "/stories/x/"), ("/stories/x/", "/stories/x/"),
     ("/stories/x/index.html", "/stories/x/"), ("/index.html", "/"), ("/", "/"),
     ("/stories/xindex.html", "/stories/xindex.html"), ("/media/map.pdf", "/media/map.pdf"),
     ("/stories/%78/", "/stories/x/")],
)  # fmt: skip
def test_a_site_path_is_known_as_the_page_it_serves(path: str, page: str) -> None:
    """`/stories/goodindex.html` had its `index.html` cut, and was taken for another
    story's page (review find)."""
    from microsite.urls import page_path

    assert page_path(path) == page
