"""Links written as site paths (`[events](/events/)`) must lead to a page the build makes.

A typo there used to publish a link to a "not found" page without a word.
Each test builds a real site into a folder and reads what a PIO would see.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from sitefactory import SITE_YAML, make_site

from microsite import pipeline
from microsite.errors import BuildFailed

REPO = Path(__file__).resolve().parent.parent
NOW = datetime.fromisoformat("2026-11-25T09:00")
STORY = "stories/2026-09-01-links.md"
FILE_HINT = (
    "check the address; or link to the story or page by its file, as in "
    "[the contest](../stories/2026-08-02-surf-contest.md), and the build keeps the link right"
)


def story(body: str, extra: str = "") -> str:
    return f"---\ntitle: Links\ndate: 2026-09-01\nslug: links\n{extra}---\n\n{body}\n"


# Run from a throwaway folder: messages name `content/...`, as a PIO sees them.
pytestmark = pytest.mark.usefixtures("in_tmp")


def build(files: dict[str, str], *, cache: Path | None = None) -> pipeline.Built:
    make_site(Path("."), files)
    folders = pipeline.Folders(Path("content"), REPO / "templates")
    return pipeline.build_into(folders, Path("site"), now=NOW, jobs=1, cache=cache)


def problems(files: dict[str, str], **options: Path) -> list[str]:
    with pytest.raises(BuildFailed) as failed:
        build(files, **options)
    return [str(e) for e in failed.value.errors]


def test_links_to_pages_feeds_and_calendars_the_site_makes_are_fine() -> None:
    body = (
        "Home is [here](/); see [events](/events/), [them again](/events), "
        "[stories](/stories/#latest), [a story](/stories/good/index.html), "
        "[surfers](/communities/surf/), [the feed](/feed.xml), [the calendar](/events.ics), "
        "[a search](/stories/?page=2), [how to follow](/follow/), "
        "[the events again](/stories/../events/) and [our feed](/feed%2Exml)."
    )
    built = build({STORY: story(body)})
    html = Path("site/stories/links/index.html").read_text()
    assert 'href="/communities/surf/"' in html
    assert "links" in {story.slug for story in built.site.stories}


def test_each_link_to_a_page_the_site_lacks_is_an_error_at_its_line() -> None:
    body = (
        "Intro.\n\nSee [the contest](/stories/surf-contset/).\n\nAnd [events](/event/)"
        " after [the good one](/stories/godo/)."
    )
    found = problems({STORY: story(body)})
    assert found == [
        "content/stories/2026-09-01-links.md:9: link to '/stories/surf-contset/': "
        "this site has no such page (" + FILE_HINT + ")",
        "content/stories/2026-09-01-links.md:11: link to '/event/': this site has no such page "
        "(did you mean '/events/'?)",
        "content/stories/2026-09-01-links.md:11: link to '/stories/godo/': this site has no "
        "such page (did you mean '/stories/good/'?)",
    ]
    assert not Path("site").exists()  # nothing published


def test_a_raw_html_link_and_an_events_description_are_checked_too() -> None:
    event = (
        "- title: Cleanup\n  slug: cleanup\n  start: 2026-12-01\n  location: Pier\n"
        "  description: |\n    Bring gloves.\n\n    Details on [the about page](/abuot/).\n"
    )
    body = 'Read <a href="/storeis/">older stories</a>.'
    found = problems({STORY: story(body), "events/2026.yaml": event})
    assert found == [
        "content/events/2026.yaml:8: link to '/abuot/': this site has no such page "
        "(" + FILE_HINT + ")",
        "content/stories/2026-09-01-links.md:7: link to '/storeis/': this site has no such page "
        "(did you mean '/stories/'?)",
    ]


def test_files_the_build_does_not_make_are_left_to_the_web_server() -> None:
    """A PDF the city's server holds beside the site is not the build's to judge."""
    build({STORY: story("The [permit form](/forms/permit.pdf) and [the map](/maps/harbor.png).")})
    assert Path("site/stories/links/index.html").exists()


def test_a_path_that_repeats_the_base_url_path_says_so() -> None:
    site_yaml = SITE_YAML.replace(
        "https://community.harbor.example", "https://www.harbor.example/police"
    )
    body = "See [events](/events/).\n\nAnd [again](/police/events/)."
    found = problems({"site.yaml": site_yaml, STORY: story(body)})
    assert found == [
        "content/stories/2026-09-01-links.md:9: link to '/police/events/': this site has no "
        "such page (write site paths without the site's own '/police': '/events/')"
    ]


def test_under_a_base_path_a_site_path_is_published_beneath_it() -> None:
    site_yaml = SITE_YAML.replace(
        "https://community.harbor.example", "https://www.harbor.example/police"
    )
    build({"site.yaml": site_yaml, STORY: story("See [events](/events/#coffee).")})
    html = Path("site/stories/links/index.html").read_text()
    assert 'href="/police/events/#coffee"' in html


def test_a_draft_or_scheduled_story_is_not_a_page_of_the_published_site() -> None:
    """As for a link to its file: the message says why its page does not exist yet."""
    draft = "---\ntitle: Soon\ndate: 2026-09-02\nslug: soon\ndraft: true\n---\n\nNot yet.\n"
    later = "---\ntitle: Later\ndate: 2026-12-24\nslug: later\n---\n\nNot yet.\n"
    body = "Read [what comes next](/stories/soon/) and [after that](/stories/later)."
    files = {STORY: story(body), "stories/2026-09-02-soon.md": draft}
    found = problems({**files, "stories/2026-12-24-later.md": later})
    assert found == [
        "content/stories/2026-09-01-links.md:7: link to '/stories/later': it is scheduled for "
        "2026-12-24 00:00, so its page will not exist (publish it first, or remove the link)",
        "content/stories/2026-09-01-links.md:7: link to '/stories/soon/': it is a draft, so its "
        "page will not exist (publish it first, or remove the link)",
    ]


def test_a_page_removed_later_is_found_when_the_linking_story_comes_from_the_cache() -> None:
    """The linking story is unchanged, so its conversion is reused from `.cache/`: the link
    is checked all the same, as a cold build would."""
    cache = Path(".cache")
    other = "---\ntitle: Other\ndate: 2026-09-03\nslug: other\n---\n\nElsewhere.\n"
    files = {STORY: story("Read [the other](/stories/other/)."), "stories/2026-09-03-o.md": other}
    build(files, cache=cache)
    Path("content/stories/2026-09-03-o.md").unlink()
    found = problems({}, cache=cache)
    assert found == [
        "content/stories/2026-09-01-links.md:7: link to '/stories/other/': this site has no "
        "such page (" + FILE_HINT + ")"
    ]
    assert Path("site/stories/other/index.html").exists()  # the last good site stands


def test_each_of_thousands_of_links_is_found_on_its_own_line() -> None:
    """Lines are found in one pass over the text: looking for each link from the top
    took 26 s for a story of 60,000 links, most of it here."""
    from microsite.markdown.sanitize import Locator

    text = "".join(f"[x](/p{n}/#top)\n\n" for n in range(5000))
    text += 'Raw <a href="/raw/">HTML</a>, a [reference][r], 1/2 and https://x.org/p9/.\n\n'
    text += "[r]: /defined/\n"
    where = Locator(text, "content/stories/a.md", 7)
    assert [where.line_of(f"/p{n}/") for n in (0, 1, 4999)] == [7, 9, 7 + 2 * 4999]
    assert where.line_of("/p3/#top") == 13
    assert where.line_of("/raw/") == where.line_of("/defined/") - 2 == 10007
    assert where.line_of("/p9/") == 7 + 2 * 9  # not the web address's path, on the later line


def test_a_story_with_a_thousand_dead_links_names_each_at_its_line() -> None:
    body = "\n\n".join(f"[x](/gone-{n}/)" for n in range(1000))
    found = problems({STORY: story(body)})
    assert len(found) == 1000
    assert found[0].startswith("content/stories/2026-09-01-links.md:7: link to '/gone-0/'")
    assert found[-1].startswith("content/stories/2026-09-01-links.md:2005: link to '/gone-999/'")


def test_a_page_on_the_other_language_side_is_named() -> None:
    """A story only in Spanish lives under /es/: a link without /es/ is dead, and the
    message says where the page is; the same the other way round."""
    spanish_only = "---\ntitle: Solo\ndate: 2026-09-05\nslug: solo\n---\n\nSolo en español.\n"
    spanish = "---\ntitle: Enlaces\ndate: 2026-09-01\nslug: links\n---\n\nVea [la buena](/es/stories/good/).\n"
    found = problems(
        {
            "site.yaml": SITE_YAML + "languages: [en, es]\n",
            STORY: story("Read [the Spanish one](/stories/solo/)."),
            "stories/2026-09-01-links.es.md": spanish,
            "stories/2026-09-05-solo.es.md": spanish_only,
        }
    )
    assert found == [
        "content/stories/2026-09-01-links.es.md:7: link to '/es/stories/good/': this site has "
        "no such page (that page is in another language: '/stories/good/')",
        "content/stories/2026-09-01-links.md:7: link to '/stories/solo/': this site has no such "
        "page (that page is in another language: '/es/stories/solo/')",
    ]


@pytest.mark.parametrize(
    "body",
    [
        "[a](/stories/)\n\nmore\n\n[b](/nope)",  # a path the first link's path begins with
        "Type `/nope` in the box.\n\nmore\n\n[b](/nope)",  # the path in a code span first
        "Visit https://example.com/nope today.\n\n\n\n[b](/nope)",  # in a web address first
        'l8\n\nl10\n\n<a href="/&#110;ope">x</a>',  # written with a character reference
        "l8\n\nl10\n\n[b](</no%70e>)",  # in angle brackets, with a % escape
    ],
)
def test_a_dead_link_is_named_at_its_own_line_not_where_its_path_first_appears(
    body: str,
) -> None:
    found = problems({STORY: story(body)})
    assert len(found) == 1
    assert found[0].startswith("content/stories/2026-09-01-links.md:11: link to '/no")


def test_the_templates_own_files_are_left_to_the_theme(tmp_path: Path) -> None:
    """A theme may add files to static/ (terms.html): a link there is not judged."""
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    (templates / "static/terms.html").write_text("<p>Terms</p>\n")
    make_site(Path("."), {STORY: story("Read [the terms](/static/terms.html).")})
    folders = pipeline.Folders(Path("content"), templates)
    pipeline.build_into(folders, Path("site"), now=NOW, jobs=1)
    assert Path("site/static/terms.html").exists()


def test_a_drafts_address_written_another_way_still_says_it_is_a_draft() -> None:
    draft = "---\ntitle: Soon\ndate: 2026-09-02\nslug: soon\ndraft: true\n---\n\nNot yet.\n"
    body = (
        "See [it](/stories/soon/index.html), [again](/stories/./so%6Fn/) and [more](/stories/soon)."
    )
    found = problems({STORY: story(body), "stories/2026-09-02-soon.md": draft})
    assert len(found) == 3
    assert all("it is a draft, so its page will not exist" in line for line in found)


def test_under_a_base_path_a_raw_html_link_is_published_beneath_it_too() -> None:
    """Markdown's links get the base URL's path; raw HTML's used not to, and pointed
    outside the site once it was published under /police/."""
    site_yaml = SITE_YAML.replace(
        "https://community.harbor.example", "https://www.harbor.example/police"
    )
    body = (
        'See <a href="/events/">events</a> and <a href="/police/stories/">stories</a>.\n\n'
        '<img src="/static/icon.svg" alt="Our badge" width="40">'
    )
    built = build({"site.yaml": site_yaml, STORY: story(body)})
    html = Path("site/stories/links/index.html").read_text()
    assert 'href="/police/events/"' in html and 'href="/police/stories/"' in html
    assert 'src="/police/static/icon.svg"' in html
    assert 'href="/events/"' not in html and 'src="/static/' not in html
    assert not [w for w in built.warnings if "removed" in w.message]  # nothing was removed


def test_capitals_still_get_a_suggestion_and_a_huge_path_is_quoted_short() -> None:
    long = "/" + "x" * 5000 + "/"
    found = problems({STORY: story(f"[a](/EVENTS/)\n\n[b]({long})")})
    assert found[0].endswith(
        "link to '/EVENTS/': this site has no such page (did you mean '/events/'?)"
    )
    assert f"link to '/{'x' * 98}…': this site has no such page" in found[1]
    assert len(found[1]) < 400


def test_the_same_dead_link_twice_is_named_at_both_lines() -> None:
    found = problems({STORY: story("[a](/nope/)\n\nMore.\n\n[b](/nope/) and [c](/nope/)")})
    assert [line.split(": link")[0] for line in found] == [
        "content/stories/2026-09-01-links.md:7",
        "content/stories/2026-09-01-links.md:11",
    ]


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("[u](/%6eope/)\n[u2](/nope/)", 8),  # the plain one, not the escaped one before it
        ("Intro.\n\n\n\n[esc](/x\\_y/)", 11),  # a Markdown backslash escape in the path
    ],
)
def test_a_link_written_with_escapes_is_told_apart_and_found(body: str, line: int) -> None:
    found = problems({STORY: story(body)})
    assert [f"content/stories/2026-09-01-links.md:{line}"] == [
        entry.split(": link")[0] for entry in found if "/nope/" in entry or "x_y" in entry
    ][:1]


BAD_DATE = "---\ntitle: Typo\ndate: Aug 3\nslug: typo\n---\n\nA story.\n"


def test_with_other_errors_a_dead_link_is_said_in_the_same_build() -> None:
    """Every error at once: the PIO need not fix a date to hear of a mistyped path.

    Only paths no file with errors could have made are judged: with a story
    unreadable, `/stories/typo/` may be its page, so it is left for the next build.
    """
    body = "See [events](/event/), [the typo](/stories/typo/) and [soon](/stories/soon/)."
    draft = "---\ntitle: Soon\ndate: 2026-09-02\nslug: soon\ndraft: true\n---\n\nNot yet.\n"
    files = {STORY: story(body), "stories/2026-08-03-typo.md": BAD_DATE}
    found = problems({**files, "stories/2026-09-02-soon.md": draft})
    assert found == [
        "content/stories/2026-08-03-typo.md:3: date: expected a date, got 'Aug 3' "
        "(dates look like 2026-12-05 or 2026-12-05 09:00)",
        "content/stories/2026-09-01-links.md:7: link to '/event/': this site has no such page "
        "(did you mean '/events/'?)",
        "content/stories/2026-09-01-links.md:7: link to '/stories/soon/': it is a draft, so its "
        "page will not exist (publish it first, or remove the link)",
    ]


def test_an_event_with_errors_leaves_only_event_and_community_paths_unjudged() -> None:
    body = "See [that event](/events/gone/), [surfers](/communities/surfing/), [x](/stories/x/)."
    event = "- title: Gone\n  start: someday\n  slug: gone\n"
    found = problems({STORY: story(body), "events/2026.yaml": event})
    dead = [line for line in found if "no such page" in line]
    assert len(dead) == 1 and "link to '/stories/x/'" in dead[0]
    assert any("start:" in line for line in found)


def test_an_error_in_site_yaml_leaves_every_path_unjudged() -> None:
    body = "See [events](/event/)."
    broken = SITE_YAML + "lints:\n  reading_grade: hard\n"
    found = problems({STORY: story(body), "site.yaml": broken})
    assert found and not any("no such page" in line for line in found)


def test_a_link_to_a_story_that_had_errors_leads_to_it_once_fixed(tmp_path: Path) -> None:
    """The conversion cached while the story was broken must not be reused after."""
    cache = tmp_path / "cache"
    linking = story("See [the fixed one](2026-09-02-fixed.md).")
    broken = "---\ntitle: [Fixed\ndate: 2026-09-02\nslug: fixed\n---\n\nText.\n"
    files = {STORY: linking, "stories/2026-09-02-fixed.md": broken}
    assert len(problems(files, cache=cache)) == 1
    files["stories/2026-09-02-fixed.md"] = broken.replace("[Fixed", "Fixed")
    build(files, cache=cache)
    assert 'href="/stories/fixed/"' in Path("site/stories/links/index.html").read_text()
