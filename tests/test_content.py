"""Valid content becomes the model a PIO would expect: defaults, links, ordering, the clock."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sitefactory import SITE_YAML, TINY_PNG, make_site

from microsite.content.load import load_site
from microsite.markdown.conversion import summary_of
from microsite.model import Site

LA = ZoneInfo("America/Los_Angeles")
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=LA)


def load(
    tmp_path: Path, files: dict[str, str | bytes], now: datetime = NOW, drafts: bool = False
) -> Site:
    return load_site(make_site(tmp_path, files), now=now, drafts=drafts)[0]


def test_story_defaults(tmp_path: Path) -> None:
    site = load(
        tmp_path,
        {
            "stories/2026-05-04-band.md": "---\ntitle: Band\ndate: 2026-05-04 19:30\n---\n\nFirst *paragraph*.\n\nSecond.\n"
        },
    )
    story = next(s for s in site.stories if s.slug == "band")
    assert story.date == datetime(2026, 5, 4, 19, 30, tzinfo=LA)
    assert story.summary == "First paragraph."
    assert story.author == "Harbor Police Department"
    assert story.path == "/stories/band/"
    assert story.communities == () and not story.draft


def test_stories_newest_first_and_scheduled_ones_wait(tmp_path: Path) -> None:
    files = {
        "stories/2026-01-01-old.md": "---\ntitle: Old\ndate: 2026-01-01\n---\nx\n",
        "stories/2026-11-25-today.md": "---\ntitle: Today\ndate: 2026-11-25 08:59\n---\nx\n",
        "stories/2026-11-25-later.md": "---\ntitle: Later\ndate: 2026-11-25 09:01\n---\nx\n",
    }
    assert [s.slug for s in load(tmp_path, files).stories] == ["today", "good", "old"]
    with_drafts = load(tmp_path, files, drafts=True).stories
    assert [s.slug for s in with_drafts] == ["later", "today", "good", "old"]
    assert with_drafts[0].draft


def test_markdown_links_resolve_to_pages(tmp_path: Path) -> None:
    body = "See [good](2026-08-02-good.md#who), [about](../pages/about.md), [pic](../media/a.png)."
    site = load(
        tmp_path,
        {
            "stories/2026-01-01-a.md": f"---\ntitle: A\ndate: 2026-01-01\n---\n\n{body}\n",
            "pages/about.md": "---\ntitle: About\nslug: about-us\n---\n\nUs.\n",
            "media/a.png": TINY_PNG,
        },
    )
    html = next(s for s in site.stories if s.slug == "a").body_html
    assert '<a href="/stories/good/#who">good</a>' in html
    assert '<a href="/about-us/">about</a>' in html
    assert '<a href="/media/a.png">pic</a>' in html


def test_markdown_extensions(tmp_path: Path) -> None:
    body = '## Who came\n\n"Quotes" -- dashes.\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\nNote[^1].\n\n[^1]: Here.'
    site = load(
        tmp_path, {"stories/2026-01-01-a.md": f"---\ntitle: A\ndate: 2026-01-01\n---\n\n{body}\n"}
    )
    html = next(s for s in site.stories if s.slug == "a").body_html
    assert '<h2 id="who-came">Who came</h2>' in html
    assert "“Quotes” – dashes." in html
    assert '<td class="align-right">2</td>' in html
    assert 'href="#fn:1"' in html and 'id="fn:1"' in html


def test_event_defaults_and_order(tmp_path: Path) -> None:
    events = """\
- title: Holiday Lights & Music
  start: 2026-12-12
  end: 2026-12-13
  location: Park
- title: Coffee with a Cop
  start: "2026-12-05 09:00"
  end: "2026-12-05 10:30"
  location: Pier
  description: Bring *questions*.
- title: Past night
  start: "2026-10-03 19:00"
  location: Hall
  status: postponed
"""
    site = load(tmp_path, {"events/e.yaml": events})
    assert [e.slug for e in site.events] == [
        "past-night-2026-10-03",
        "coffee-with-a-cop-2026-12-05",
        "holiday-lights-and-music-2026-12-12",
    ]
    lights = site.events[2]
    assert (
        lights.all_day and lights.start == date(2026, 12, 12) and lights.end == date(2026, 12, 13)
    )
    assert lights.ends_at == datetime(2026, 12, 14, tzinfo=LA)
    assert site.events[1].description_html == "<p>Bring <em>questions</em>.</p>"
    assert [o.event.slug for o in site.upcoming_events] == [e.slug for e in site.events[1:]]
    assert [e.status for e in site.past_events] == ["postponed"]


def test_event_is_upcoming_until_it_ends(tmp_path: Path) -> None:
    events = (
        '- title: Walk\n  start: "2026-11-25 08:00"\n  end: "2026-11-25 10:00"\n  location: Pier\n'
    )
    assert load(tmp_path, {"events/e.yaml": events}).upcoming_events
    later = datetime(2026, 11, 25, 10, 0, tzinfo=LA)
    assert not load(tmp_path, {"events/e.yaml": events}, now=later).upcoming_events


@pytest.mark.parametrize(
    "expires, now, shown",
    [
        ('"2026-11-30 18:00"', NOW, True),
        ('"2026-11-30 18:00"', datetime(2026, 11, 30, 18, 0, tzinfo=LA), False),
        ("2026-11-30", datetime(2026, 11, 30, 23, 0, tzinfo=LA), True),
        ("2026-11-30", datetime(2026, 12, 1, 0, 0, tzinfo=LA), False),
    ],
)
def test_alert_shows_until_it_expires(
    tmp_path: Path, expires: str, now: datetime, shown: bool
) -> None:
    site_yaml = (
        SITE_YAML + f"alert:\n  message: Pier closed.\n  level: warning\n  expires: {expires}\n"
    )
    site = load(tmp_path, {"site.yaml": site_yaml}, now=now)
    assert (site.alert is not None) == shown


def test_naive_clock_is_site_time(tmp_path: Path) -> None:
    site = load_site(make_site(tmp_path), now=datetime(2026, 11, 25, 9, 0))[0]
    assert site.now == NOW


def test_communities_keep_their_file_order(tmp_path: Path) -> None:
    site = load(tmp_path, {})
    assert [c.key for c in site.communities] == ["surf", "music"]
    assert site.community("music").path == "/communities/music/"


@pytest.mark.parametrize(
    "html, summary",
    [
        ("<p>Short one.</p><p>Two.</p>", "Short one."),
        ("<h2>Head</h2><p>A &amp; <a href='x'>B</a></p>", "A & B"),
        ("<p>" + "word " * 60 + "</p>", ("word " * 39).strip() + " word…"),
        ("<ul><li>No paragraph</li></ul>", ""),
    ],
)
def test_summary_of(html: str, summary: str) -> None:
    assert summary_of(html) == summary


def test_a_second_featured_story_is_warned_naming_the_lead(tmp_path: Path) -> None:
    """The newer featured story leads; the older one's `featured` line says so. A
    translation is featured on its own language's home page, so it is no second one."""

    def story(title: str, day: str) -> str:
        return f"---\ntitle: {title}\ndate: {day}\nfeatured: true\n---\n\n{title}.\n"

    files: dict[str, str | bytes] = {
        "site.yaml": SITE_YAML + "languages: [en, es]\n",
        "stories/2026-09-01-old.md": story("Old news", "2026-09-01"),
        "stories/2026-09-01-old.es.md": story("Noticias", "2026-09-01"),
        "stories/2026-10-01-new.md": story("New news", "2026-10-01"),
    }
    site, warnings = load_site(make_site(tmp_path, files), now=NOW)
    assert site.lead_story is not None and site.lead_story.slug == "new"
    assert [str(w).split("/content/", 1)[1] for w in warnings] == [
        "stories/2026-09-01-old.md:4: warning: featured: this story does not lead the home "
        f"page: 'New news' ({tmp_path}/content/stories/2026-10-01-new.md) is featured too, "
        "and newer (keep 'featured: true' on one story: delete it here or there)"
    ]
