"""A community with more stories than fit on a page gets pages, like the story list.

A department that has written for years has hundreds of stories in its busiest
community; on one page that was 180 KB of HTML at 1,000 stories. Its first
page keeps what is coming up and how to follow; the later ones list stories.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sitefactory import make_site
from test_quality import AXE, RUN_AXE, VNU, VNU_TIMEOUT, axe_options

from microsite.cli import main

NOW = ["--now", "2026-11-25T09:00"]
STORIES = 23


def story(day: int) -> str:
    return (
        f"---\ntitle: Surf story {day}\ndate: 2026-10-{day:02d}\ncommunities: [surf]\n---\n\n"
        f"Officers met surfers at the pier on day {day}.\n"
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("community")
    make_site(root, {f"stories/2026-10-{d:02d}-surf-{d}.md": story(d) for d in range(1, STORIES)})
    output = root / "site"
    templates = str(Path(__file__).resolve().parent.parent / "templates")
    command = ["build", "--content", str(root / "content"), "--templates", templates]
    assert main([*command, "--output", str(output), "--quiet", *NOW]) == 0
    return output


def page(built: Path, number: int) -> str:
    folder = "communities/surf/" + ("" if number == 1 else f"page/{number}/")
    return (built / folder / "index.html").read_text()


def titles(html: str) -> list[str]:
    return re.findall(r"<h3 class=\"card__title\"><a href=\"[^\"]+\">([^<]+)</a>", html)


def test_ten_stories_a_page_newest_first_each_once(built: Path) -> None:
    pages = [page(built, n) for n in (1, 2, 3)]
    assert not (built / "communities/surf/page/4").exists()
    shown = [title for html in pages for title in titles(html)]
    assert [len(titles(html)) for html in pages] == [10, 10, 3]
    # The fixture's own story (Aug. 2) is the oldest of the 23.
    expected = [f"Surf story {d}" for d in range(STORIES - 1, 0, -1)] + ["A good story"]
    assert shown == expected


def test_pages_link_to_each_other_and_say_where_the_reader_is(built: Path) -> None:
    first, second, last = (page(built, n) for n in (1, 2, 3))
    assert 'rel="next" href="/communities/surf/page/2/"' in first
    assert 'rel="prev"' not in first
    assert 'rel="prev" href="/communities/surf/"' in second
    assert 'rel="next" href="/communities/surf/page/3/"' in second
    assert 'rel="next"' not in last
    assert "<title>Surf, page 2 of 3 " in second
    assert "Page 2 of 3" in second
    canonical = (
        '<link rel="canonical" href="https://community.harbor.example/communities/surf/page/2/">'
    )
    assert canonical in second


def test_only_the_first_page_has_the_coming_dates_and_the_calendar(built: Path) -> None:
    first, second = page(built, 1), page(built, 2)
    assert 'id="community-events"' in first and "events.ics" in first.split("<main", 1)[1]
    assert 'id="community-events"' not in second
    assert 'class="subscribe-box"' not in second


def test_the_sitemap_lists_every_page(built: Path) -> None:
    sitemap = (built / "sitemap.xml").read_text()
    for path in ("communities/surf/", "communities/surf/page/2/", "communities/surf/page/3/"):
        assert f"<loc>https://community.harbor.example/{path}</loc>" in sitemap


def test_the_nu_checker_finds_no_errors(built: Path) -> None:
    assert VNU.is_file(), f"{VNU} is missing: run `bash tools/install-test-deps.sh`"
    files = [str(built / f"communities/surf/{p}index.html") for p in ("", "page/2/", "page/3/")]
    command = ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files]
    result = subprocess.run(command, capture_output=True, text=True, timeout=VNU_TIMEOUT)
    assert json.loads(result.stderr or '{"messages": []}')["messages"] == []


def test_axe_finds_no_violations(browser: Any, static_server: Any, built: Path) -> None:
    context = browser.new_context(bypass_csp=True)
    context.add_init_script(path=str(AXE))
    tab = context.new_page()
    with static_server(built) as base:
        tab.goto(f"{base}communities/surf/page/2/", wait_until="load")
        violations = tab.evaluate(RUN_AXE, axe_options("light"))
    context.close()
    assert [v["id"] for v in violations] == []
