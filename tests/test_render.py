"""Rendering: every page of a model-built site, read back the way a browser or crawler would.

These tests start after loading (model values from `modelfactory`), so a
template change is checked without any content folder. Pages are parsed with
`html.parser`, so the assertions are about elements, not about whitespace.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import build_site
from modelfactory import at, make_event, make_page, make_settings, make_site, make_story

from microsite.content.load import load_site
from microsite.errors import BuildFailed
from microsite.model import Alert, Site
from microsite.output import Memory
from microsite.render.environment import bounded_range, make_environment
from microsite.render.eventpages import event
from microsite.render.pages import all_pages, story
from microsite.render.site import Templates, render_site

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
EMERGENCY_LINE = "In an emergency call 911 — this site is not for reporting crimes."


@dataclass
class Page:
    """What a crawler would pick out of one HTML page."""

    lang: str | None = None
    titles: list[str] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)  # name or property -> contents
    links: list[dict[str, str]] = field(default_factory=list)  # <link> attributes
    anchors: list[dict[str, str]] = field(default_factory=list)  # <a> attributes
    ids: set[str] = field(default_factory=set)
    scripts: list[tuple[str, str]] = field(default_factory=list)  # (type, text)
    times: list[str] = field(default_factory=list)  # datetime attributes
    text: str = ""

    def link(self, rel: str) -> list[dict[str, str]]:
        return [a for a in self.links if rel in a.get("rel", "").split()]

    def first(self, key: str) -> str:
        return self.meta[key][0]


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        page = self.page
        if "id" in values:
            page.ids.add(values["id"])
        if tag == "html":
            page.lang = values.get("lang")
        elif tag == "meta" and ("name" in values or "property" in values):
            key = values.get("name") or values["property"]
            page.meta.setdefault(key, []).append(values.get("content", ""))
        elif tag == "link":
            page.links.append(values)
        elif tag == "a":
            page.anchors.append(values)
        elif tag == "time":
            page.times.append(values.get("datetime", ""))
        if tag in ("title", "script"):
            self.stack.append((tag, values))
            self.chunks = []

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1][0] == tag:
            _, values = self.stack.pop()
            body = "".join(self.chunks)
            if tag == "title":
                self.page.titles.append(body)
            else:
                self.page.scripts.append((values.get("type", ""), body))

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)
        self.page.text += data


def parse(html: bytes) -> Page:
    parser = PageParser()
    parser.feed(html.decode("utf-8"))
    parser.close()
    page = parser.page
    page.text = " ".join(page.text.split())
    return page


def render(site: Site, templates: Path = TEMPLATES) -> dict[str, bytes]:
    memory = Memory()
    render_site(site, Templates.of(templates, partial(make_environment, templates)), memory.write)
    return dict(sorted(memory.files.items()))


def html_pages(files: dict[str, bytes]) -> dict[str, Page]:
    return {path: parse(data) for path, data in files.items() if path.endswith(".html")}


def rich_site(**overrides: object) -> Site:
    """Three communities' worth of stories, events of every status, two standing pages."""
    values: dict[str, object] = {
        "stories": (
            make_story("band", title="Chief meets the kid band", date=at("2026-09-01 10:00"),
                       communities=("music",), image="/media/band.png", image_alt="The band"),
            make_story("surf-contest", updated=at("2026-08-10 09:00")),
        ),
        "events": (
            make_event(),
            make_event("band-night-2026-12-10", title="Battle of the bands", status="cancelled",
                       start=at("2026-12-10 19:00"), end=at("2026-12-10 22:00"),
                       communities=("music",)),
            make_event("surf-2026-08-02", title="Surf contest", start=at("2026-08-02 08:00"),
                       end=at("2026-08-02 15:00")),
        ),
        "pages": (make_page(), make_page("contact", title="Contact", nav=None)),
    }  # fmt: skip
    values.update(overrides)
    return make_site(**values)


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return render(rich_site())


@pytest.fixture(scope="module")
def pages(files: dict[str, bytes]) -> dict[str, Page]:
    return html_pages(files)


def test_every_file_of_the_layout_is_rendered(files: dict[str, bytes]) -> None:
    expected = {
        "index.html", "stories/index.html", "stories/band/index.html",
        "stories/surf-contest/index.html", "events/index.html",
        "events/beach-cleanup-2026-12-05/index.html", "events/beach-cleanup-2026-12-05/event.ics",
        "communities/index.html", "communities/surf/index.html", "communities/surf/feed.xml",
        "communities/surf/events.ics", "communities/music/index.html", "about/index.html",
        "contact/index.html", "feed.xml", "events.ics", "sitemap.xml", "robots.txt", "404.html",
    }  # fmt: skip
    assert expected <= set(files)
    assert not any(p.startswith(("/", "media/", "static/")) for p in files)


def test_every_page_has_lang_title_description_and_canonical(pages: dict[str, Page]) -> None:
    for path, page in pages.items():
        assert page.lang == "en", path
        assert len(page.titles) == 1, path
        assert page.first("description").strip(), path
        canonical = [link["href"] for link in page.link("canonical")]
        if path == "404.html":  # served at every missing address, so it names none
            assert canonical == [] and "og:url" not in page.meta
            continue
        assert len(canonical) == 1 and canonical[0].startswith("https://"), path


def test_titles_are_unique_and_name_the_site(pages: dict[str, Page]) -> None:
    titles = [page.titles[0] for page in pages.values()]
    assert len(set(titles)) == len(titles)
    story = pages["stories/band/index.html"].titles[0]
    assert story == "Chief meets the kid band — Redondo Beach Police Community"


def test_recurring_events_get_distinct_titles() -> None:
    events = (
        make_event("coffee-2026-12-05", title="Coffee with a Cop"),
        make_event("coffee-2027-01-09", title="Coffee with a Cop", start=at("2027-01-09 09:00"),
                   end=None),
    )  # fmt: skip
    pages = html_pages(render(make_site(events=events)))
    first = pages["events/coffee-2026-12-05/index.html"].titles[0]
    assert first == "Coffee with a Cop, Dec. 5, 2026 — Redondo Beach Police Community"
    assert (
        pages["events/coffee-2027-01-09/index.html"]
        .titles[0]
        .startswith("Coffee with a Cop, Jan. 9, 2027")
    )


def test_open_graph_tags(pages: dict[str, Page]) -> None:
    for path, page in pages.items():
        for key in ("og:title", "og:type", "og:image", "og:description", "og:locale",
                    "og:site_name", "og:image:alt"):  # fmt: skip
            assert page.first(key), (path, key)
        if path != "404.html":
            assert page.first("og:url") == page.link("canonical")[0]["href"], path
        assert page.first("og:image").startswith("https://"), path
    story = pages["stories/band/index.html"]
    assert story.first("og:type") == "article"
    assert story.first("og:image") == "https://community.example.org/media/band.png"
    assert story.first("og:image:alt") == "The band"
    assert pages["index.html"].first("og:type") == "website"
    assert pages["index.html"].first("og:locale") == "en_US"


def test_feed_and_calendar_autodiscovery(pages: dict[str, Page]) -> None:
    for path, page in pages.items():
        hrefs = {(a["type"], a["href"]) for a in page.link("alternate")}
        assert ("application/atom+xml", "/feed.xml") in hrefs, path
        assert ("text/calendar", "/events.ics") in hrefs, path
    community = {a["href"] for a in pages["communities/surf/index.html"].link("alternate")}
    assert {"/communities/surf/feed.xml", "/communities/surf/events.ics"} <= community


def test_skip_link_target_and_footer_on_every_page(pages: dict[str, Page]) -> None:
    for path, page in pages.items():
        assert any(a.get("href") == "#main" for a in page.anchors), path
        assert "main" in page.ids, path
        assert EMERGENCY_LINE in page.text, path
        hrefs = {a.get("href") for a in page.anchors}
        assert {"tel:3103792477", "mailto:community@example.org", "/feed.xml"} <= hrefs, path
        assert {"/events.ics", "/about/", "/contact/"} <= hrefs, path


def test_nav_marks_the_current_page_and_section(pages: dict[str, Page]) -> None:
    def current(path: str) -> dict[str, str]:
        return {a["href"]: a["aria-current"] for a in pages[path].anchors if "aria-current" in a}

    assert current("events/index.html") == {"/events/": "page"}
    assert current("stories/band/index.html") == {"/stories/": "true"}
    assert current("about/index.html") == {"/about/": "page"}


@pytest.mark.parametrize(("expires", "shown"), [("2026-11-26", True), ("2026-11-25 08:00", False)])
def test_alert_shows_until_it_expires(expires: str, shown: bool) -> None:
    alert = Alert("Pier lot closed for repairs.", "emergency", at(expires))
    files = render(make_site(settings=make_settings(alert=alert)))
    for path, data in files.items():
        if path.endswith(".html"):
            html = data.decode()
            assert ("Pier lot closed for repairs." in html) is shown, path
    home = files["index.html"].decode()
    if shown:
        assert 'aria-label="Site alert"' in home
        assert "Emergency:" in home
        assert home.index("Site alert") < home.index("<h1")


def test_cancelled_status_is_in_words(pages: dict[str, Page]) -> None:
    assert "Cancelled" in pages["events/band-night-2026-12-10/index.html"].text
    listing = pages["events/index.html"].text
    assert re.search(r"Battle of the bands, Thursday, Dec\. 10, 2026\s+Cancelled", listing)


def test_events_list_upcoming_before_past_with_machine_dates(pages: dict[str, Page]) -> None:
    page = pages["events/index.html"]
    assert page.text.index("Beach cleanup") < page.text.index("Surf contest")
    assert "Saturday, Dec. 5, 2026, 9–10:30 a.m." in page.text
    assert "2026-12-05T09:00:00-08:00" in page.times


def test_event_page_links_its_calendar_file(
    files: dict[str, bytes], pages: dict[str, Page]
) -> None:
    page = pages["events/beach-cleanup-2026-12-05/index.html"]
    hrefs = [a["href"] for a in page.anchors]
    assert "/events/beach-cleanup-2026-12-05/event.ics" in hrefs
    assert b"BEGIN:VCALENDAR" in files["events/beach-cleanup-2026-12-05/event.ics"]
    assert "Add to Apple Calendar / Outlook (.ics)" in page.text
    assert "Add to Google Calendar" in page.text


def test_json_ld_on_story_and_event_pages(pages: dict[str, Page]) -> None:
    for path, kind in (("stories/band/index.html", "NewsArticle"),
                       ("events/beach-cleanup-2026-12-05/index.html", "Event")):  # fmt: skip
        scripts = [text for kind_, text in pages[path].scripts if kind_ == "application/ld+json"]
        assert len(scripts) == 1, path
        assert json.loads(scripts[0])["@type"] == kind
    assert not pages["index.html"].scripts


def test_story_page_shows_dates_author_image_and_body(
    files: dict[str, bytes], pages: dict[str, Page]
) -> None:
    page = pages["stories/surf-contest/index.html"]
    assert "2026-08-02T10:00:00-07:00" in page.times
    assert "2026-08-10T09:00:00-07:00" in page.times
    assert "Updated Monday, Aug. 10, 2026" in page.text
    assert "By Redondo Beach Police Department" in page.text
    assert any(a.get("href") == "/stories/other/" for a in page.anchors)  # body_html kept as HTML
    assert '<img src="/media/band.png" alt="The band">' in files["stories/band/index.html"].decode()


def test_pagination_of_25_stories() -> None:
    stories = tuple(
        make_story(f"story-{n:02d}", title=f"Story {n}", date=at(f"2026-10-{n:02d} 10:00"))
        for n in range(25, 0, -1)
    )
    pages = html_pages(render(make_site(stories=stories)))
    assert {"stories/page/2/index.html", "stories/page/3/index.html"} <= set(pages)
    assert "stories/page/4/index.html" not in pages
    second = pages["stories/page/2/index.html"]
    rels = {a["rel"]: a["href"] for a in second.anchors if "rel" in a}
    assert rels == {"prev": "/stories/", "next": "/stories/page/3/"}
    assert "Page 2 of 3" in second.text
    assert "Story 15" in second.text and "Story 16" not in second.text
    first_rels = {a["rel"] for a in pages["stories/index.html"].anchors if "rel" in a}
    assert first_rels == {"next"}


def test_title_is_escaped() -> None:
    story = make_story(title="<script>alert(1)</script> & friends")
    html = render(make_site(stories=(story,)))["stories/surf-contest/index.html"].decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends" in html


def test_links_keep_the_base_url_path() -> None:
    settings = make_settings(base_url="https://city.example.org/community")
    files = render(make_site(settings=settings))
    page = parse(files["404.html"])
    hrefs = {a["href"] for a in page.anchors}
    assert {"/community/", "/community/stories/", "/community/feed.xml"} <= hrefs
    assert page.link("canonical") == []
    assert "/community/static/site.css" in {link["href"] for link in page.link("stylesheet")}


def test_drafts_are_marked_and_kept_out_of_feeds_and_sitemap() -> None:
    draft = make_story("secret", title="Not yet", draft=True)
    files = render(make_site(stories=(draft, make_story())))
    page = parse(files["stories/secret/index.html"])
    assert "Draft — not published" in page.text
    assert page.first("robots") == "noindex"
    assert b"/stories/secret/" not in files["sitemap.xml"]
    assert b"/stories/secret/" not in files["feed.xml"]


def test_sitemap_lastmod_comes_from_content_not_the_clock(files: dict[str, bytes]) -> None:
    sitemap = files["sitemap.xml"].decode()
    assert "https://community.example.org/stories/surf-contest/" in sitemap
    assert "2026-08-10" in sitemap  # the story's `updated`
    assert "2026-11-25" not in sitemap  # the build clock
    assert "404.html" not in sitemap


def test_output_is_identical_across_renders() -> None:
    first, second = render(rich_site()), render(rich_site())
    assert first == second
    assert list(first) == sorted(first)


def broken_templates(tmp_path: Path, name: str, bad_line: str) -> tuple[Path, int]:
    """A copy of the templates with `bad_line` inserted as the second line of `name`."""
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    lines = (folder / name).read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(1, bad_line + "\n")
    (folder / name).write_text("".join(lines), encoding="utf-8")
    return folder, 2


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("{% block extra %}{{ stroy.title }}{% endblock %}", "'stroy' is undefined"),
        ("{% block extra %}{{ story.titel }}{% endblock %}", "has no attribute 'titel'"),
        ("{% block extra %}{{ story.title }{% endblock %}", "unexpected '}'"),
        (  # a loop that would hold the build (or the preview) for minutes
            "{% block extra %}{% for i in range(10**9) %}{% endfor %}{% endblock %}",
            "range() of 1,000,000,000 numbers: templates stop at 100,000",
        ),
        (  # Jinja's compiler cannot write the number out: no frame of the template runs
            "{% block extra %}{{ 10**5000 }}{% endblock %}",
            "cannot be compiled: ValueError: Exceeds the limit (4300 digits)",
        ),
        (  # named at the include, not wherever the recursion limit happened to stop
            "{% block extra %}{% include 'story.html' %}{% endblock %}",
            "includes itself, directly or through other templates, without end",
        ),
        (  # a macro, not an include: told to "remove the include" (review find)
            "{% macro loop() %}{{ loop() }}{% endmacro %}{% block extra %}{{ loop() }}{% endblock %}",
            "a macro here calls itself, directly or through other macros, without end",
        ),
    ],
)
def test_template_errors_name_the_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bad_line: str, message: str
) -> None:
    folder, line = broken_templates(tmp_path, "story.html", bad_line)
    text = folder.joinpath("base.html").read_text(encoding="utf-8")
    folder.joinpath("base.html").write_text(
        text.replace("{% block content %}", "{% block extra %}{% endblock %}{% block content %}"),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BuildFailed) as failed:
        render(make_site(), folder)
    [error] = failed.value.errors
    assert (error.path, error.line) == ("templates/story.html", line)
    assert message in error.message


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_template_saved_in_another_encoding_is_one_error_at_its_line(
    tmp_path: Path, jobs: str
) -> None:
    """`{# Café #}` saved as Latin-1: Jinja's UnicodeDecodeError named no file, stopped
    the render helpers and printed their tracebacks (fuzzing find)."""
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    story_html = folder / "story.html"
    lines = story_html.read_bytes().split(b"\n")
    story_html.write_bytes(b"\n".join([*lines[:3], "{# Café #}".encode("latin-1"), *lines[3:]]))
    output = tmp_path / "site"
    result = build_site(
        output, "--templates", str(folder), "--now", "2026-11-25T09:00", "--jobs", jobs
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "warning:" not in line]
    assert errors == [
        f"{story_html}:4: this file is not UTF-8 text (save it as UTF-8 in your editor)",
        f"Build failed: 1 problem in 1 file(s). {output}/ was not changed.",
    ], result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_template_error_outside_the_current_folder_keeps_its_full_path(tmp_path: Path) -> None:
    folder, line = broken_templates(tmp_path, "base.html", "{{ nothing_here }}")
    with pytest.raises(BuildFailed) as failed:
        render(make_site(), folder)
    [error] = failed.value.errors  # one mistake in the layout is one error, not one per page
    assert error.path == str(folder / "base.html")
    assert error.line == line
    assert "templates/README.md" in error.hint


@pytest.mark.parametrize("name", ["_callout.html", "_nav.html", "_footer.html"])
def test_an_error_in_a_fragment_names_the_fragment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A fragment sees only what it is given: a page's own value is undefined there, and
    the error points at the fragment's line, not at base.html's call."""
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    text = (folder / name).read_text(encoding="utf-8")
    (folder / name).write_text(text + "{{ meta.title }}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BuildFailed) as failed:
        render(make_site(), folder)
    [error] = failed.value.errors
    assert (error.path, error.line) == (f"templates/{name}", text.count("\n") + 1)
    assert "'meta' is undefined" in error.message


def test_a_page_that_would_overwrite_another_fails_the_build() -> None:
    clash = make_page("events", title="Events page", source="content/pages/events.md")
    with pytest.raises(BuildFailed) as failed:
        render(make_site(pages=(clash,)))
    [error] = failed.value.errors
    assert error.path == "content/pages/events.md"
    assert "events/index.html" in error.message


def test_pages_known_before_their_views_are_made_say_what_the_views_say() -> None:
    """A rebuild decides from `Planned` alone; the made view must agree with it on every count."""
    repo = Path(__file__).parent.parent
    site, _ = load_site(repo / "content", now=datetime.fromisoformat("2026-11-25T09:00"))
    pages = all_pages(site)
    lazy = [p for p in pages if p.view in (story, event)]
    assert len(lazy) == len(site.stories) + len(site.events)
    for planned in pages:
        view = planned.view(site, *planned.inputs)
        facts = (view.meta.path, view.output, view.lastmod, view.listed, view.source)
        assert (
            planned.path,
            planned.output,
            planned.lastmod,
            planned.listed,
            planned.source,
        ) == facts


def test_a_template_range_within_bounds_is_a_plain_range() -> None:
    assert bounded_range(3) == range(3) and bounded_range(2, 100_002) == range(2, 100_002)
