"""Atom feeds, sitemap and robots.txt, parsed back the way readers and crawlers parse them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime
from typing import Any

import pytest
from modelfactory import at, make_settings, make_site, make_story

from microsite import urls
from microsite.model import Story
from microsite.render.feeds import atom_feed, robots_txt, sitemap
from microsite.render.textutil import plain_text

A = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


def feed(stories: list[Story], **site: Any) -> ET.Element:
    data = atom_feed(
        make_site(**site), stories, title="News & notes", path="/feed.xml", alternate="/stories/"
    )
    return ET.fromstring(data)


def entry_ids(root: ET.Element) -> list[str]:
    return [e.findtext(f"{A}id") for e in root.iter(f"{A}entry")]


def story_on(day: int, **overrides: Any) -> Story:
    return make_story(f"story-{day:02d}", date=at(f"2026-08-{day:02d} 10:00"), **overrides)


def test_feed_has_exactly_one_id_title_updated_and_an_author() -> None:
    root = feed([make_story()])
    assert root.tag == f"{A}feed"
    for tag in ("id", "title", "updated", "subtitle", "author", "generator"):
        assert len(root.findall(f"{A}{tag}")) == 1, tag
    assert root.findtext(f"{A}id") == "https://community.example.org/feed.xml"
    assert root.findtext(f"{A}title") == "News & notes"
    assert root.findtext(f"{A}subtitle") == "Stories and events from our community."
    assert root.findtext(f"{A}author/{A}name") == "Redondo Beach Police Department"
    assert root.findtext(f"{A}author/{A}uri") == "https://community.example.org/"


def test_feed_links() -> None:
    links = {link.get("rel"): link for link in feed([make_story()]).findall(f"{A}link")}
    assert links["self"].get("href") == "https://community.example.org/feed.xml"
    assert links["self"].get("type") == "application/atom+xml"
    assert links["alternate"].get("href") == "https://community.example.org/stories/"


def test_updated_is_the_newest_modified() -> None:
    edited = story_on(1, updated=at("2026-08-20 08:15"))
    root = feed([story_on(10), edited])
    assert root.findtext(f"{A}updated") == "2026-08-20T08:15:00-07:00"


def test_updated_without_entries_is_the_build_clock() -> None:
    root = feed([], now=at("2026-11-25 09:00"))
    assert root.findtext(f"{A}updated") == "2026-11-25T09:00:00-08:00"
    assert entry_ids(root) == []


def test_entry_id_is_a_tag_uri_that_survives_a_title_edit() -> None:
    before = entry_ids(feed([make_story()]))
    after = entry_ids(feed([make_story(title="Officers paddle out (corrected)")]))
    assert before == after == ["tag:community.example.org,2026-08-02:/stories/surf-contest/"]


def test_entry_id_keeps_the_base_path() -> None:
    site = {"settings": make_settings(base_url="https://city.example.gov/police")}
    ids = entry_ids(feed([make_story()], **site))
    assert ids == ["tag:city.example.gov,2026-08-02:/police/stories/surf-contest/"]


@pytest.mark.parametrize("port", [":8443", ":"])
def test_entry_id_leaves_out_a_port(port: str) -> None:
    """RFC 4151's authority is a domain name: `tag:host:8443,...` is not a tag URI."""
    site = {"settings": make_settings(base_url=f"https://city.example.gov{port}/police")}
    ids = entry_ids(feed([make_story()], **site))
    assert ids == ["tag:city.example.gov,2026-08-02:/police/stories/surf-contest/"]


def test_entry_fields() -> None:
    story = make_story(
        author="Officer Dana Reyes", updated=at("2026-08-03 12:00"), communities=("surf", "music")
    )
    (entry,) = feed([story]).iter(f"{A}entry")
    assert entry.findtext(f"{A}title") == story.title
    link = entry.find(f"{A}link")
    assert link is not None and link.get("rel") == "alternate"
    assert link.get("href") == "https://community.example.org/stories/surf-contest/"
    assert entry.findtext(f"{A}published") == "2026-08-02T10:00:00-07:00"
    assert entry.findtext(f"{A}updated") == "2026-08-03T12:00:00-07:00"
    assert entry.findtext(f"{A}author/{A}name") == "Officer Dana Reyes"
    assert entry.findtext(f"{A}summary") == story.summary
    categories = [(c.get("term"), c.get("label")) for c in entry.findall(f"{A}category")]
    assert categories == [("surf", "Surf"), ("music", "Music")]


def test_entry_author_defaults_to_the_department() -> None:
    (entry,) = feed([make_story(author="")]).iter(f"{A}entry")
    assert entry.findtext(f"{A}author/{A}name") == "Redondo Beach Police Department"


def test_timestamps_are_rfc3339_with_offset() -> None:
    root = feed([make_story(), story_on(3)])
    stamps = [e.text or "" for tag in ("updated", "published") for e in root.iter(f"{A}{tag}")]
    assert len(stamps) == 5
    assert all(RFC3339.match(stamp) for stamp in stamps), stamps


@pytest.mark.parametrize(
    ("base_url", "prefix"),
    [
        ("https://community.example.org", "https://community.example.org/"),
        ("https://city.example.gov/police", "https://city.example.gov/police/"),
    ],
)
def test_content_links_are_absolute(base_url: str, prefix: str) -> None:
    """Converted Markdown links already carry the base URL's path; the feed adds the host."""
    base = urls.base_path(base_url)
    html = (
        f'<p><a href="{base}/stories/other/">a</a> <img src="{base}/media/band.jpg" alt="Band">'
        ' <a href="https://elsewhere.example.com/x">b</a> <a href="//cdn.example.com/y">c</a></p>'
    )
    root = feed([make_story(body_html=html)], settings=make_settings(base_url=base_url))
    (entry,) = root.iter(f"{A}entry")
    content = entry.find(f"{A}content")
    assert content is not None and content.get("type") == "html"
    text = content.text or ""
    assert f'href="{prefix}stories/other/"' in text
    assert f'src="{prefix}media/band.jpg"' in text
    assert 'href="https://elsewhere.example.com/x"' in text
    assert 'href="//cdn.example.com/y"' in text
    assert '="/' not in text.replace('="//', "")


def test_at_most_thirty_newest_entries_newest_first() -> None:
    stories = [story_on(day) for day in range(1, 32)]
    ids = entry_ids(feed(stories))
    assert len(ids) == 30
    assert ids[0] == "tag:community.example.org,2026-08-31:/stories/story-31/"
    assert ids[-1] == "tag:community.example.org,2026-08-02:/stories/story-02/"


def test_feed_escapes_text_and_is_deterministic() -> None:
    story = make_story(title="Fish & chips <night>", summary="Bring \x0bfriends & family")
    data = atom_feed(make_site(), [story], title="T", path="/feed.xml", alternate="/")
    assert data == atom_feed(make_site(), [story], title="T", path="/feed.xml", alternate="/")
    assert data.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n')
    (entry,) = ET.fromstring(data).iter(f"{A}entry")
    assert entry.findtext(f"{A}title") == "Fish & chips <night>"
    assert entry.findtext(f"{A}summary") == "Bring friends & family"


def test_sitemap_locs_are_absolute_and_lastmod_comes_from_content() -> None:
    entries: list[tuple[str, datetime | date | None]] = [
        ("/", None),
        ("/stories/surf-contest/", at("2026-08-02 10:00")),
        ("/about/", date(2026, 1, 15)),
    ]
    data = sitemap(make_site(now=at("2026-11-25 09:00")), entries)
    root = ET.fromstring(data)
    assert root.tag == f"{SM}urlset"
    urls = [(u.findtext(f"{SM}loc"), u.findtext(f"{SM}lastmod")) for u in root.iter(f"{SM}url")]
    assert urls == [
        ("https://community.example.org/", None),
        ("https://community.example.org/stories/surf-contest/", "2026-08-02T10:00:00-07:00"),
        ("https://community.example.org/about/", "2026-01-15"),
    ]
    assert b"2026-11-25" not in data


def test_sitemap_keeps_the_given_order_and_escapes() -> None:
    site = make_site(settings=make_settings(base_url="https://city.example.gov/a&b"))
    root = ET.fromstring(sitemap(site, [("/z/", None), ("/a/", None)]))
    locs = [u.findtext(f"{SM}loc") for u in root.iter(f"{SM}url")]
    assert locs == ["https://city.example.gov/a&b/z/", "https://city.example.gov/a&b/a/"]


def test_robots_txt_allows_all_and_names_the_absolute_sitemap() -> None:
    text = robots_txt(make_site()).decode()
    lines = text.splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /" not in lines
    assert "Sitemap: https://community.example.org/sitemap.xml" in lines


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>One &amp; two</p><p>Three</p>", "One & two\nThree"),
        ("<p>Line<br>break</p>", "Line\nbreak"),
        ("<ul><li>A  <em>b</em></li>\n<li>C</li></ul>", "A b\nC"),
        ("", ""),
        # A line break typed inside a paragraph is a space, as a browser shows it; it
        # came out mid-sentence in calendars (review find). Preformatted text keeps it.
        ("<p>Bring a warm\njacket and\n<em>water</em>.</p>", "Bring a warm jacket and water."),
        ("<pre><code>one\ntwo</code></pre>", "one\ntwo"),
    ],
)
def test_plain_text_keeps_blocks_apart(html: str, expected: str) -> None:
    assert plain_text(html) == expected


def test_html_shown_as_code_is_left_as_written() -> None:
    """A story about our own markup shows `<a href="/events/">` as text: the feed must not
    turn the text into a full address as it does the story's real links."""
    html = '<p>Write <code>&lt;a href="/events/"&gt;</code>, as <a href="/events/">here</a>.</p>'
    root = feed([make_story(body_html=html)])
    (entry,) = root.iter(f"{A}entry")
    text = entry.findtext(f"{A}content") or ""
    assert '<code>&lt;a href="/events/"&gt;</code>' in text
    assert '<a href="https://community.example.org/events/">here</a>' in text
