"""Each kind of content mistake gives the exact `path:line: message (hint)` a PIO sees."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sitefactory import COMMUNITIES_YAML, SITE_YAML, TINY_PNG, make_site, problems_for

from microsite.content.load import load_site

NOW = datetime.fromisoformat("2026-11-25T09:00")


def story(front: str, body: str = "Text.") -> str:
    return f"---\n{front}\n---\n\n{body}\n"


# Run from a throwaway folder: messages name `content/...`, as a PIO sees them.
pytestmark = pytest.mark.usefixtures("in_tmp")


CASES = {
    "unknown key": (
        {"stories/2026-01-01-a.md": story("title: A\ndate: 2026-01-01\ncomunities: [surf]")},
        "content/stories/2026-01-01-a.md:4: unknown key 'comunities' (did you mean 'communities'?)",
    ),
    "wrong type": (
        {"stories/2026-01-01-a.md": story("title: A\ndate: 2026-01-01\ndraft: maybe")},
        "content/stories/2026-01-01-a.md:4: draft: expected true or false, got 'maybe'",
    ),
    "list of keys": (
        {"stories/2026-01-01-a.md": story("title: A\ndate: 2026-01-01\ncommunities: [1, 2]")},
        "content/stories/2026-01-01-a.md:4: communities: expected a list of keys like [surf, music]",
    ),
    "missing title": (
        {"stories/2026-01-01-a.md": story("date: 2026-01-01")},
        "content/stories/2026-01-01-a.md:2: 'title' is required (add 'title: ...')",
    ),
    "bad date": (
        {"stories/2026-01-01-a.md": story("title: A\ndate: next tuesday")},
        "content/stories/2026-01-01-a.md:3: date: expected a date, got 'next tuesday' "
        "(dates look like 2026-12-05 or 2026-12-05 09:00)",
    ),
    "impossible date": (
        {"stories/2026-01-01-a.md": story("title: A\ndate: 2026-02-30")},
        "content/stories/2026-01-01-a.md:3: date: expected a date, got '2026-02-30' "
        "(dates look like 2026-12-05 or 2026-12-05 09:00)",
    ),
    "bad time zone": (
        {"site.yaml": SITE_YAML.replace("America/Los_Angeles", "America/LosAngeles")},
        "content/site.yaml:4: timezone: unknown time zone 'America/LosAngeles' "
        "(did you mean 'America/Los_Angeles'?)",
    ),
    "base url not https": (
        {"site.yaml": SITE_YAML.replace("https://community", "community")},
        "content/site.yaml:3: base_url: expected an absolute https address, got "
        "'community.harbor.example' (like https://community.example.org)",
    ),
    "unknown community in story": (
        {"stories/2026-01-01-a.md": story("title: A\ndate: 2026-01-01\ncommunities: [srf]")},
        "content/stories/2026-01-01-a.md:4: communities: unknown key 'srf' (did you mean 'surf'?)",
    ),
    "unknown community in event": (
        {
            "events/e.yaml": "- title: A\n  start: 2026-12-01\n  location: Pier\n  communities: [skate]\n"
        },
        "content/events/e.yaml:4: communities: unknown key 'skate' (expected one of: music, surf)",
    ),
    "duplicate story slug": (
        {"stories/2026-09-09-good.md": story("title: B\ndate: 2026-09-09")},
        "content/stories/2026-09-09-good.md:2: the address /stories/good/ is already used by "
        "content/stories/2026-08-02-good.md:2 (give the newer one a different 'slug:' (a published one's page would move))",
    ),
    "duplicate event slug": (
        {
            "events/e.yaml": "- title: A\n  start: 2026-12-01\n  location: Pier\n"
            "- title: A\n  start: 2026-12-01 18:00\n  location: Park\n"
        },
        "content/events/e.yaml:4: the address /events/a-2026-12-01/ is already used by "
        "content/events/e.yaml:1 (give the newer one a different 'slug:' (a published one's page would move))",
    ),
    "duplicate page slug": (
        {"pages/about.md": story("title: About"), "pages/us.md": story("title: Us\nslug: about")},
        "content/pages/us.md:3: the address /about/ is already used by "
        "content/pages/about.md:2 (give the newer one a different 'slug:' (a published one's page would move))",
    ),
    "unsafe slug": (
        {"stories/2026-01-01-a.md": story("title: A\ndate: 2026-01-01\nslug: ../../etc")},
        "content/stories/2026-01-01-a.md:4: slug: '../../etc' is not a valid slug "
        "(use lowercase letters, digits and single hyphens, like 'etc')",
    ),
    "file name slug": (
        {"stories/2026-01-01-Surf Day.md": story("title: A\ndate: 2026-01-01")},
        "content/stories/2026-01-01-Surf Day.md:1: the file name gives the slug 'Surf Day', "
        "which is not valid in a web address (rename the file to use 'surf-day' or add "
        "'slug: surf-day')",
    ),
    "reserved page slug": (
        {"pages/events.md": story("title: Events")},
        "content/pages/events.md:2: the page slug 'events' is taken by the site itself: "
        "/events/ is the list of events (rename the file, or add 'slug: ...')",
    ),
    "event slug too long": (
        {
            "events/e.yaml": f"- title: A\n  slug: {'ab-' * 40}x\n  start: 2026-12-01\n  location: Pier\n"
        },
        f"content/events/e.yaml:2: slug: too long (121 characters; at most 100) "
        f"(shorten it, like '{'ab-' * 32}ab')",
    ),
    "story slug too long": (
        {"stories/2026-01-01-a.md": story(f"title: A\ndate: 2026-01-01\nslug: {'a' * 256}")},
        f"content/stories/2026-01-01-a.md:4: slug: too long (256 characters; at most 100) "
        f"(shorten it, like '{'a' * 100}')",
    ),
    "page slug too long": (
        {"pages/a.md": story(f"title: A\nslug: {'a' * 256}")},
        f"content/pages/a.md:3: slug: too long (256 characters; at most 100) "
        f"(shorten it, like '{'a' * 100}')",
    ),
    "community key too long": (
        {"communities.yaml": COMMUNITIES_YAML + f"{'k' * 256}:\n  name: K\n"},
        f"content/communities.yaml:7: community key too long (256 characters; at most 100) "
        f"(shorten it, like '{'k' * 100}')",
    ),
    "empty event slug": (
        {
            "events/e.yaml": '- title: Band night\n  slug: ""\n  start: 2026-12-01\n  location: Pier\n'
        },
        "content/events/e.yaml:2: slug: is empty "
        "(write one like 'band-night-2026-12-01', or remove the line)",
    ),
    "story slug with nothing after it": (
        {"stories/2026-01-01-a.md": story("title: A\ndate: 2026-01-01\nslug:")},
        "content/stories/2026-01-01-a.md:4: slug: is empty (write one like 'a', or remove the line)",
    ),
    "slug with no letters": (
        {
            "events/e.yaml": '- title: Band night\n  slug: "!!!"\n  start: 2026-12-01\n  location: Pier\n'
        },
        "content/events/e.yaml:2: slug: '!!!' is not a valid slug (use lowercase letters, digits "
        "and single hyphens, like 'band-night-2026-12-01')",
    ),
    "file name with no letters": (
        {"stories/2026-01-01-!!!.md": story("title: A\ndate: 2026-01-01")},
        "content/stories/2026-01-01-!!!.md:1: the file name gives the slug '!!!', which is not "
        "valid in a web address (rename the file to use 'story' or add 'slug: story')",
    ),
    "event slug of a built-in page": (
        {"events/e.yaml": "- title: A\n  slug: past\n  start: 2026-12-01\n  location: Pier\n"},
        "content/events/e.yaml:2: the event slug 'past' is taken by the site itself: "
        "/events/past/ is the list of past events (pick another slug)",
    ),
    "page named after a language": (
        {"site.yaml": SITE_YAML + "languages: [en, es]\n", "pages/es.md": story("title: Es")},
        "content/pages/es.md:2: the page slug 'es' is taken by the site itself: /es/ is the "
        "site's home page in 'es' (rename the file, or add 'slug: ...')",
    ),
    "event slug of a language": (
        {
            "site.yaml": SITE_YAML + "languages: [en, es]\n",
            "events/e.yaml": "- title: A\n  slug: es\n  start: 2026-12-01\n  location: Pier\n",
        },
        "content/events/e.yaml:2: the event slug 'es' is taken by the site itself: "
        "'es' is one of the site's languages (pick another slug)",
    ),
    "story slug of a language": (
        {
            "site.yaml": SITE_YAML + "languages: [en, es]\n",
            "stories/2026-01-01-a.md": story("title: A\ndate: 2026-01-01\nslug: es"),
        },
        "content/stories/2026-01-01-a.md:4: the story slug 'es' is taken by the site itself: "
        "'es' is one of the site's languages (pick another slug)",
    ),
    "language listed twice": (
        {"site.yaml": SITE_YAML + "languages: [en, es, en]\n"},
        "content/site.yaml:11: languages: 'en' is listed twice "
        "(delete one: each language is listed once, the default first)",
    ),
    "languages not codes": (
        {"site.yaml": SITE_YAML + "languages: [1, 2]\n"},
        "content/site.yaml:11: languages: expected a list of language codes like [en, es]",
    ),
    "lint_ignore not names": (
        {"stories/2026-01-01-a.md": story("title: A\ndate: 2026-01-01\nlint_ignore: [[a]]")},
        "content/stories/2026-01-01-a.md:4: lint_ignore: expected a list of lint names "
        "like [reading-level, jargon]",
    ),
    "lints off not names": (
        {"site.yaml": SITE_YAML + "lints:\n  off: [[a]]\n"},
        "content/site.yaml:12: off: expected a list of lint names like [reading-level, jargon]",
    ),
    "end before start": (
        {
            "events/e.yaml": "- title: A\n  start: 2026-12-01 10:00\n  end: 2026-12-01 09:00\n"
            "  location: Pier\n"
        },
        "content/events/e.yaml:3: end: the event ends before it starts (check the date and time)",
    ),
    "end of another form": (
        {
            "events/e.yaml": "- title: A\n  start: 2026-12-01\n  end: 2026-12-01 09:00\n"
            "  location: Pier\n"
        },
        "content/events/e.yaml:3: end: use the same form as start (both with a time "
        "(2026-12-05 09:00) or both all-day (2026-12-05))",
    ),
    "unknown status": (
        {
            "events/e.yaml": "- title: A\n  start: 2026-12-01\n  location: Pier\n  status: canceled\n"
        },
        "content/events/e.yaml:4: status: unknown status 'canceled' (did you mean 'cancelled'?)",
    ),
    "missing location": (
        {"events/e.yaml": "- title: A\n  start: 2026-12-01\n"},
        "content/events/e.yaml:1: 'location' is required (add 'location: ...')",
    ),
    "events not a list": (
        {"events/e.yaml": "title: A\nstart: 2026-12-01\n"},
        "content/events/e.yaml:1: expected a list of events, got a mapping "
        "(each event starts with '- title: ...' at the left edge)",
    ),
    "missing media in front matter": (
        {
            "stories/2026-01-01-a.md": story(
                "title: A\ndate: 2026-01-01\nimage: /media/nope.png\nimage_alt: Nothing"
            )
        },
        "content/stories/2026-01-01-a.md:4: image: '/media/nope.png' does not exist "
        "(image paths look like /media/band.png, for a file in content/media/)",
    ),
    "media in front matter in other capitals": (
        {
            "media/Wave.PNG": TINY_PNG,
            "stories/2026-01-01-a.md": story(
                "title: A\ndate: 2026-01-01\nimage: /media/wave.png\nimage_alt: Waves"
            ),
        },
        "content/stories/2026-01-01-a.md:4: image: '/media/wave.png' does not exist "
        "(did you mean '/media/Wave.PNG'?)",
    ),
    "media in front matter without its slash": (
        {
            "media/wave.png": TINY_PNG,
            "stories/2026-01-01-a.md": story(
                "title: A\ndate: 2026-01-01\nimage: media/wave.png\nimage_alt: Waves"
            ),
        },
        "content/stories/2026-01-01-a.md:4: image: 'media/wave.png' does not exist "
        "(did you mean '/media/wave.png'?)",
    ),
    "missing media in markdown": (
        {
            "stories/2026-01-01-a.md": story(
                "title: A\ndate: 2026-01-01", "One.\n\n![Pier](/media/pier.png)"
            )
        },
        "content/stories/2026-01-01-a.md:8: '/media/pier.png' does not exist "
        "(put the file in content/media/)",
    ),
    "image without alt in front matter": (
        {
            "media/a.png": TINY_PNG,
            "stories/2026-01-01-a.md": story("title: A\ndate: 2026-01-01\nimage: /media/a.png"),
        },
        "content/stories/2026-01-01-a.md:4: image: needs image_alt "
        "(add 'image_alt: what the picture shows')",
    ),
    "image without alt in markdown": (
        {
            "media/a.png": TINY_PNG,
            "stories/2026-01-01-a.md": story(
                "title: A\ndate: 2026-01-01", "Intro.\n\n![](/media/a.png)"
            ),
        },
        "content/stories/2026-01-01-a.md:8: image '/media/a.png' has no alt text (describe it "
        "for people who cannot see it: ![Kids on stage](/media/x.png))",
    ),
    "link to missing story": (
        {
            "stories/2026-01-01-a.md": story(
                "title: A\ndate: 2026-01-01", "See [it](2026-08-02-god.md)."
            )
        },
        "content/stories/2026-01-01-a.md:6: link to '2026-08-02-god.md': no such story or page "
        "(did you mean '2026-08-02-good.md'?)",
    ),
    "link to a draft": (
        {
            "stories/2026-01-01-a.md": story(
                "title: A\ndate: 2026-01-01", "See [it](2026-01-02-b.md)."
            ),
            "stories/2026-01-02-b.md": story("title: B\ndate: 2026-01-02\ndraft: true"),
        },
        "content/stories/2026-01-01-a.md:6: link to '2026-01-02-b.md': it is a draft, so its "
        "page will not exist (publish it first, or remove the link)",
    ),
    "link from an event": (
        {
            "events/e.yaml": "- title: A\n  start: 2026-12-01\n  location: Pier\n"
            "  description: |\n    Intro.\n\n    See [us](../pages/abut.md).\n",
            "pages/about.md": story("title: About"),
        },
        "content/events/e.yaml:7: link to '../pages/abut.md': no such story or page "
        "(did you mean '../pages/about.md'?)",
    ),
    "not utf-8": (
        {"stories/2026-01-01-a.md": "---\ntitle: Caf\xe9\n".encode("latin-1")},
        "content/stories/2026-01-01-a.md:2: this file is not UTF-8 text "
        "(save it as UTF-8 in your editor (File > Save with encoding > UTF-8))",
    ),
    "no opening delimiter": (
        {"stories/2026-01-01-a.md": "title: A\ndate: 2026-01-01\n---\nText\n"},
        "content/stories/2026-01-01-a.md:1: the file must start with front matter: a line '---' "
        "(put 'title:' and 'date:' between two '---' lines at the top)",
    ),
    "no closing delimiter": (
        {"stories/2026-01-01-a.md": "---\ntitle: A\ndate: 2026-01-01\n\nText\n"},
        "content/stories/2026-01-01-a.md:1: the front matter is not closed "
        "(did you forget the closing '---'?)",
    ),
    "yaml colon in title": (
        {"stories/2026-01-01-a.md": story("date: 2026-01-01\ntitle: Surf: the contest")},
        "content/stories/2026-01-01-a.md:3: a value contains ': ' (put the value in quotes)",
    ),
    "yaml duplicate key": (
        {"stories/2026-01-01-a.md": story("title: A\ndate: 2026-01-01\ntitle: B")},
        "content/stories/2026-01-01-a.md:4: 'title' appears twice (keep one)",
    ),
    "unknown community key format": (
        {"communities.yaml": COMMUNITIES_YAML + "Skate Park:\n  name: Skate\n"},
        "content/communities.yaml:7: 'Skate Park' is not a valid community key "
        "(use lowercase letters, digits and single hyphens, like 'skate-park')",
    ),
    "alert level": (
        {
            "site.yaml": SITE_YAML
            + "alert:\n  message: Hi\n  level: urgent\n  expires: 2026-12-01\n"
        },
        "content/site.yaml:13: level: unknown alert level 'urgent' "
        "(expected one of: emergency, info, warning)",
    ),
    "missing site.yaml key": (
        {"site.yaml": SITE_YAML.replace("department: Harbor Police Department\n", "")},
        "content/site.yaml:1: 'department' is required (add 'department: ...')",
    ),
}


@pytest.mark.parametrize("files, expected", CASES.values(), ids=CASES.keys())
def test_each_mistake_names_file_line_and_fix(tmp_path: Path, files: dict, expected: str) -> None:
    assert expected in problems_for(tmp_path, files)


def test_every_error_from_every_file_at_once(tmp_path: Path) -> None:
    found = problems_for(
        tmp_path,
        {
            "stories/2026-01-01-a.md": story("title: A\ndate: soon"),
            "stories/2026-01-02-b.md": story("date: 2026-01-02\ncommunities: [srf]"),
            "events/e.yaml": "- title: A\n  start: whenever\n  location: Pier\n",
        },
    )
    assert found == [
        "content/events/e.yaml:2: start: expected a date, got 'whenever' "
        "(dates look like 2026-12-05 or 2026-12-05 09:00)",
        "content/stories/2026-01-01-a.md:3: date: expected a date, got 'soon' "
        "(dates look like 2026-12-05 or 2026-12-05 09:00)",
        "content/stories/2026-01-02-b.md:2: 'title' is required (add 'title: ...')",
        "content/stories/2026-01-02-b.md:3: communities: unknown key 'srf' (did you mean 'surf'?)",
    ]


def test_hundreds_of_broken_links_are_each_named_at_their_line(tmp_path: Path) -> None:
    """A page pasted from an old site may hold hundreds of links to files that are not
    here: each is an error at its own line, the first hundred with a "did you mean" (each
    search reads every file name; past that, the plain hint)."""
    body = "\n\n".join(f"[story {n}](2026-08-02-goo{n}.md)" for n in range(150))
    found = problems_for(
        tmp_path, {"stories/2026-01-01-a.md": story("title: A\ndate: 2026-01-01", body)}
    )
    assert len(found) == 150
    assert found[0] == (
        "content/stories/2026-01-01-a.md:6: link to '2026-08-02-goo0.md': no such story or page "
        "(did you mean '2026-08-02-good.md'?)"
    )
    assert sum("did you mean" in line for line in found) == 100
    assert found[-1].startswith("content/stories/2026-01-01-a.md:304: link to '2026-08-02-goo")


def test_iframes_and_styles_are_removed_with_warnings(tmp_path: Path) -> None:
    body = 'Intro.\n\n<iframe src="https://video.example/x"></iframe>\n\n<p style="color: red">Red</p>\n\n<style>p { color: red }</style>'
    make_site(tmp_path, {"stories/2026-01-01-a.md": story("title: A\ndate: 2026-01-01", body)})
    site, warnings = load_site(Path("content"), now=NOW)
    html = next(s for s in site.stories if s.slug == "a").body_html
    assert "iframe" not in html and "style" not in html and "color" not in html
    assert [str(w) for w in warnings] == [
        "content/stories/2026-01-01-a.md:8: warning: removed <iframe>: not allowed in content (see 'Raw HTML' in README.md)",
        "content/stories/2026-01-01-a.md:10: warning: removed 'style' from <p> (see 'Raw HTML' in README.md)",
        "content/stories/2026-01-01-a.md:12: warning: removed <style>: not allowed in content (see 'Raw HTML' in README.md)",
    ]


def test_raw_html_is_cleaned_with_a_warning_on_its_line(tmp_path: Path) -> None:
    body = 'Intro.\n\n<p onclick="steal()">Hi <script>alert(1)</script></p>\n\n[x](javascript:alert(2))'
    make_site(tmp_path, {"stories/2026-01-01-a.md": story("title: A\ndate: 2026-01-01", body)})
    site, warnings = load_site(Path("content"), now=NOW)
    html = next(s for s in site.stories if s.slug == "a").body_html
    assert "script" not in html and "onclick" not in html and "javascript" not in html
    assert [str(w) for w in warnings] == [
        "content/stories/2026-01-01-a.md:8: warning: removed 'onclick' from <p> "
        "(see 'Raw HTML' in README.md)",
        "content/stories/2026-01-01-a.md:8: warning: removed <script>: not allowed in content "
        "(see 'Raw HTML' in README.md)",
        "content/stories/2026-01-01-a.md:10: warning: removed unsafe link 'javascript:alert(2)' "
        "(see 'Raw HTML' in README.md)",
    ]


def test_a_collision_the_loader_missed_blames_the_content_file() -> None:
    """The last guard, for an address no slug rule foresaw: it names the file that
    claimed it, whichever of the two pages was planned first."""
    from microsite.render.pages import Planned, given
    from microsite.render.site import _collisions

    claimed = Planned("/events/past/", given, (), source="content/events/e.yaml")
    built_in = Planned("/events/past/", given, ())
    expected = (
        "content/events/e.yaml:1: events/past/index.html would be written twice: "
        "/events/past/ is also a page the site makes itself (choose another slug)"
    )
    assert [str(p) for p in _collisions([claimed, built_in])] == [expected]
    assert [str(p) for p in _collisions([built_in, claimed])] == [expected]


def test_files_and_folders_the_build_does_not_read_are_named(tmp_path: Path) -> None:
    """A story saved beside stories/, or a folder named `story`, vanished without a word
    (fuzzing find)."""
    make_site(tmp_path, {"2026-09-01-lost.md": story("title: Lost\ndate: 2026-09-01")})
    (tmp_path / "content/story").mkdir()
    (tmp_path / "content/.git").mkdir()  # a hidden folder is left alone
    _, warnings = load_site(tmp_path / "content", now=NOW)
    found = [(Path(w.path).name, w.hint) for w in warnings]
    assert found == [
        (
            "2026-09-01-lost.md",
            "move it into content/stories/ (a story) or content/pages/ (a page)",
        ),
        (
            "story",
            "did you mean 'stories'? content/ holds site.yaml, communities.yaml, stories/, "
            "pages/, events/, media/",
        ),
    ]


def test_a_link_to_a_story_with_errors_is_not_called_a_link_to_nothing(tmp_path: Path) -> None:
    """The story's own error is the one to fix: "no such story or page (did you mean its
    Spanish version?)" beside it sent the PIO looking for a file that is there (fuzzing
    find). Once it is fixed, the link resolves."""
    files = {
        "stories/2026-01-01-a.md": story(
            "title: A\ndate: 2026-01-01", "See [it](2026-01-02-b.md)."
        ),
        "stories/2026-01-02-b.md": story("title: [B\ndate: 2026-01-02"),
    }
    found = problems_for(tmp_path, files)
    assert len(found) == 1 and found[0].startswith("content/stories/2026-01-02-b.md:2: the '['")


def test_a_story_updated_before_its_date_gets_a_warning(tmp_path: Path) -> None:
    """An Atom entry would say it was changed before it was published (fuzzing find)."""
    make_site(
        tmp_path,
        {"stories/2026-01-01-a.md": story("title: A\ndate: 2026-11-21\nupdated: 2026-01-01")},
    )
    _site, warnings = load_site(Path("content"), now=NOW)
    assert [str(w) for w in warnings] == [
        "content/stories/2026-01-01-a.md:4: warning: updated: 2026-01-01 00:00 is before the "
        "story's date ('updated' says when it was changed after it was published; correct it "
        "or delete it)"
    ]


def test_a_twelve_hour_time_is_shown_the_24_hour_way(tmp_path: Path) -> None:
    """`end: "2026-12-02 6:30 pm"` got the general date hint, not the actual slip (walkthrough
    find)."""
    item = '- title: Walk\n  start: "2026-12-02 17:00"\n  end: "2026-12-02 6:30 pm"\n  location: Pier\n'
    found = problems_for(tmp_path, {"events/e.yaml": item})
    assert found == [
        "content/events/e.yaml:3: end: expected a date, got '2026-12-02 6:30 pm' (dates look "
        "like 2026-12-05 or 2026-12-05 09:00; times are 24-hour: 6:30 pm is 18:30)"
    ]


def test_a_yaml_slip_in_one_event_hides_no_other_event_s_problems(tmp_path: Path) -> None:
    """A broken events file said only its first YAML slip, and nothing of the other events
    (review find). Each event is read apart when the whole will not read, and each slip
    is said where it was made: an unclosed quote where it opens, not at the file's end."""
    events = (
        "# Our events\n"
        '- title: Coffee\n  start: "2026-12-01 08:00\n  location: Riviera Village\n\n'
        "- title: Toys\n  start: 2026-12-05 10:00\n  location: City Hall\n"
        "  communities: [srf]\n\n"
        "- title: Beach\n  start: 2026-12-06 09:00\n  location: [Pier\n  slug: beach\n"
    )
    assert problems_for(tmp_path, {"events/e.yaml": events}) == [
        "content/events/e.yaml:3: a quotation mark opened here is never closed "
        "(add the closing one)",
        "content/events/e.yaml:9: communities: unknown key 'srf' (did you mean 'surf'?)",
        "content/events/e.yaml:13: the '[' on this line is never closed, or lacks a comma "
        "between its items (close it with ']')",
    ]


def test_a_slip_outside_every_event_is_said_once_where_the_parser_found_it(
    tmp_path: Path,
) -> None:
    """Every event reads on its own, so the slip is outside them: said as the whole
    file's parse found it, without the events' own problems (they may be its echo)."""
    events = "title: A\n- title: B\n"
    found = problems_for(tmp_path, {"events/e.yaml": events})
    assert found == ["content/events/e.yaml:2: YAML syntax: did not find expected key"]


def test_a_line_without_a_colon_is_said_at_that_line(tmp_path: Path) -> None:
    events = "- title: A\n  start: 2026-12-01\n  location: Pier\n  bad\n- title: B\n"
    found = problems_for(tmp_path, {"events/e.yaml": events})
    assert found[0] == (
        "content/events/e.yaml:4: a line without ':' after its key "
        "(write 'key: value', or indent it under the text it goes on)"
    )


def test_a_quoted_text_holding_dashed_lines_is_not_cut_into_events(tmp_path: Path) -> None:
    """A quoted description may hold lines that start with `- `, which is also how an
    event starts; read apart, it was cut there into three false slips (review find)."""
    events = (
        '- title: Safety talk\n  description: "Bring:\n- water\n- a hat"\n'
        "  start: 2026-12-01 10:00\n  location: Pier\n"
        '- title: Broken\n  start: "2026-12-02 10:00\n  location: X\n'
    )
    assert [p for p in problems_for(tmp_path, {"events/e.yaml": events}) if "slug" not in p] == [
        "content/events/e.yaml:8: a quotation mark opened here is never closed "
        "(add the closing one)",
    ]


def test_a_slip_above_the_first_event_is_said_too(tmp_path: Path) -> None:
    events = '"a note\n- title: A\n  location: [Pier\n- title: B\n  communities: [srf]\n'
    found = problems_for(tmp_path, {"events/e.yaml": events})
    assert found[0].startswith("content/events/e.yaml:1: a quotation mark opened here")
    assert "content/events/e.yaml:3: the '[' on this line is never closed" in " ".join(found)
    assert "content/events/e.yaml:5: communities: unknown key 'srf'" in " ".join(found)


def test_a_field_above_the_list_is_the_files_own_problem(tmp_path: Path) -> None:
    events = "events: x\n- title: A\n  location: [Pier\n"
    assert problems_for(tmp_path, {"events/e.yaml": events}) == [
        "content/events/e.yaml:2: YAML syntax: did not find expected key"
    ]


def test_a_colon_without_its_space_is_named(tmp_path: Path) -> None:
    events = "- title: A\n  start:2026-12-01 10:00\n  location: Pier\n"
    assert problems_for(tmp_path, {"events/e.yaml": events})[0] == (
        "content/events/e.yaml:2: a ':' with no space after it (write 'key: value', with a space)"
    )


def test_a_slip_inside_a_list_that_spans_lines_is_said_where_it_is(tmp_path: Path) -> None:
    front = 'title: A\ndate: 2026-01-02\ncommunities: [surf,\n  music, "x" y]'
    found = problems_for(tmp_path, {"stories/2026-01-02-a.md": story(front)})
    assert found[0].startswith("content/stories/2026-01-02-a.md:5: YAML syntax:"), found


def test_a_dash_without_its_space_and_a_tab_are_named_at_their_lines(tmp_path: Path) -> None:
    """`-title: Coffee` was "a value contains ': '" a line later; a tab, in libyaml's words,
    was "a tab character that violates indentation" (walkthrough find)."""
    events = (
        "-title: Coffee\n  start: 2026-12-01 08:00\n  location: Pier\n\n"
        "- title: Toys\n\tstart: 2026-12-05 10:00\n  location: Hall\n"
    )
    assert problems_for(tmp_path, {"events/e.yaml": events}) == [
        "content/events/e.yaml:1: a '-' with no space after it starts no item "
        "(write '- title: ...')",
        "content/events/e.yaml:6: tabs are not allowed in YAML (indent with spaces)",
    ]


RUN_ON = (
    "a quotation mark opened here is not closed on this line, so the value runs on into "
    "the next (add the closing one at the end of the value)"
)


@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_quote_left_open_and_closed_by_the_next_value_is_said_where_it_opened(
    tmp_path: Path, quote: str
) -> None:
    """`title: "Surf` was closed by the quote opening the next line's date, and the slip
    was said at the date's line, which is right (fuzzing find)."""
    front = f"title: {quote}Surf contest\ndate: {quote}2026-08-02 09:00{quote}\nsummary: S"
    found = problems_for(tmp_path, {"stories/2026-08-02-surf.md": story(front)})
    assert found == [f"content/stories/2026-08-02-surf.md:2: {RUN_ON}"]


def test_an_event_s_quote_left_open_is_said_where_it_opened(tmp_path: Path) -> None:
    events = (
        '- title: "Coffee with a Cop\n  start: "2026-12-01 08:00"\n  location: Pier\n'
        "- title: Toys\n  start: 2026-12-05 10:00\n  location: City Hall\n  communities: [srf]\n"
    )
    found = problems_for(tmp_path, {"events/e.yaml": events})
    assert found[0] == f"content/events/e.yaml:1: {RUN_ON}"
    assert "content/events/e.yaml:7: communities: unknown key 'srf'" in found[1]


def test_a_quoted_text_over_several_lines_is_not_blamed_for_a_later_slip(tmp_path: Path) -> None:
    """A quoted value may span lines on purpose; a slip after it is said where it is."""
    front = 'title: Surf\nsummary: "Kids and\n  officers"\ndate: 2026-08-02\n  bad: x'
    found = problems_for(tmp_path, {"stories/2026-08-02-surf.md": story(front)})
    assert found == [
        "content/stories/2026-08-02-surf.md:6: a value contains ': ' (put the value in quotes)"
    ]


def test_a_line_break_in_a_file_name_keeps_each_problem_on_one_line(tmp_path: Path) -> None:
    """A file named `x\\nfake.md:9: all fine.md` printed its problem over two lines, the
    second looking like another file's (review find); a media file so named was published."""
    name = "2026-11-01-x\nfake.md:9: all fine.md"
    files = {f"stories/{name}": story("title: X\ndate: bad"), "media/nl\nx.png": TINY_PNG}
    found = problems_for(tmp_path, files)
    assert all("\n" not in problem for problem in found)
    assert (
        "content/media/nl\\nx.png:1: an invisible character (a line break, a tab) in a "
        "file name would break its web address" in " ".join(found)
    )
    assert any(
        p.startswith("content/stories/2026-11-01-x\\nfake.md:9: all fine.md:3: date:")
        for p in found
    )
