"""Raw HTML cannot dress a story up as the site's own furniture, nor track its readers."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sitefactory import make_site, problems_for

from microsite.content.load import load_site

NOW = datetime.fromisoformat("2026-11-25T09:00")
STORY = "content/stories/2026-01-01-a.md"
RAW_HTML_HINT = "(see 'Raw HTML' in README.md)"
PICTURE_HINT = "(download the picture into content/media/ and write its path as /media/...)"


# Run from a throwaway folder: messages name `content/...`, as a PIO sees them.
pytestmark = pytest.mark.usefixtures("in_tmp")


def built(tmp_path: Path, body: str) -> tuple[str, list[str]]:
    """The story's HTML and every warning, for a story with `body` from line 8."""
    text = f"---\ntitle: A\ndate: 2026-01-01\n---\n\nIntro.\n\n{body}\n"
    make_site(tmp_path, {"stories/2026-01-01-a.md": text})
    site, warnings = load_site(Path("content"), now=NOW)
    return next(s for s in site.stories if s.slug == "a").body_html, [str(w) for w in warnings]


def test_a_story_cannot_fake_the_site_alert(tmp_path: Path) -> None:
    body = '<div class="alert alert--emergency">Evacuate now</div>\n\nWrite `<p class="">`.'
    html, warnings = built(tmp_path, body)
    assert "<div>Evacuate now</div>" in html
    assert '<code>&lt;p class=""&gt;</code>' in html
    assert warnings == [f"{STORY}:8: warning: removed 'class' from <div> {RAW_HTML_HINT}"]


def test_only_markdowns_own_classes_survive(tmp_path: Path) -> None:
    body = (
        '<p class="align-center alert">Centered</p>\n\n'
        "| Left | Right |\n|:-----|------:|\n| a | b |\n\nNoted.[^1]\n\n[^1]: A note."
    )
    html, warnings = built(tmp_path, body)
    assert '<p class="align-center">Centered</p>' in html
    assert '<th class="align-left">Left</th>' in html and '<td class="align-right">b</td>' in html
    assert '<a class="footnote-ref" href="#fn:1">' in html and '<div class="footnote">' in html
    assert warnings == []


def test_pictures_from_other_websites_are_a_warning_at_their_line(tmp_path: Path) -> None:
    body = (
        "![Pixel](https://tracker.example/p.gif)\n\n"
        '<img src="//cdn.example/a.png" alt="A">\n\n'
        "[a link is fine](https://harbor.example/)"
    )
    _, warnings = built(tmp_path, body)
    assert warnings == [
        f"{STORY}:8: warning: picture 'https://tracker.example/p.gif' is loaded from another "
        f"website {PICTURE_HINT}",
        f"{STORY}:10: warning: picture '//cdn.example/a.png' is loaded from another website "
        f"{PICTURE_HINT}",
    ]


def test_a_story_cannot_write_the_picture_markup_the_build_writes(tmp_path: Path) -> None:
    """`<picture>`, `srcset` and loading hints are the build's own (`images/markup.py`, after
    the allow-list): written by hand they could load any file, so they are removed."""
    body = (
        '<picture><source srcset="https://tracker.example/p.webp 1w"></picture>\n\n'
        '<img src="/x.png" alt="X" srcset="https://tracker.example/p.png 1w" sizes="1px" '
        'loading="eager" fetchpriority="high" decoding="sync">'
    )
    html, warnings = built(tmp_path, body)
    assert html.endswith('<p><img src="/x.png" alt="X"></p>')
    assert "tracker" not in html and "<picture" not in html and "<source" not in html
    removed = [w.split(": warning: ", 1)[1].removesuffix(f" {RAW_HTML_HINT}") for w in warnings]
    assert sorted(removed) == [
        "removed 'decoding' from <img>",
        "removed 'fetchpriority' from <img>",
        "removed 'loading' from <img>",
        "removed 'sizes' from <img>",
        "removed 'srcset' from <img>",
        "removed <picture>: not allowed in content",
        "removed <source>: not allowed in content",
    ]


def test_a_link_hidden_by_character_references_is_found_on_its_line(tmp_path: Path) -> None:
    """The sanitiser reports the decoded address, which is nowhere in the file as written."""
    html, warnings = built(tmp_path, 'Text.\n\n<a href="  jav&#x09;ascript:alert(1)">t</a>')
    assert "javascript" not in html.replace("&#x09;", "")
    assert warnings == [
        f"{STORY}:10: warning: removed unsafe link '  jav\\tascript:alert(1)' {RAW_HTML_HINT}"
    ]


def test_a_story_cannot_take_over_the_pages_own_ids(tmp_path: Path) -> None:
    """`id="contact"` took the menu's Contact link to a fake phone number, and
    `id="footer-contact"` renamed the footer's section for screen readers (fuzzing find).
    An id the text uses twice goes too: the page would not be valid HTML."""
    body = (
        '<div id="contact">Call (555) 010-0199.</div>\n\n'
        '<span id="footer-contact">Scam line</span>\n\n'
        '<span id="map">Here</span> and <span id="map">again</span>'
    )
    html, warnings = built(tmp_path, body)
    assert "<div>Call (555) 010-0199.</div>" in html
    assert "<span>Scam line</span>" in html
    assert html.count('id="map"') == 1
    reason = "the page uses that id, or the text twice"
    assert f"{STORY}:8: warning: removed 'id' from <div>: {reason} {RAW_HTML_HINT}" in warnings
    assert len([w for w in warnings if "removed 'id'" in w]) == 3


@pytest.mark.parametrize(
    "body",
    [
        '<img src="/\\evil.example/bs1.png" alt="Backslash">',
        '<img src="/&#9;/evil.example/tab.png" alt="Tab">',
        "![Backslash](/\\evil.example/md.png)",
        "[the form](/\\evil.example/form.pdf)",
    ],
)
def test_a_backslash_or_tab_in_a_site_path_is_an_error(tmp_path: Path, body: str) -> None:
    """Browsers read `/\\evil.example/x` as `//evil.example/x`, another website: the
    pages' CSP stopped the pictures, not the link (fuzzing find)."""
    text = f"---\ntitle: A\ndate: 2026-01-01\n---\n\nIntro.\n\n{body}\n"
    found = problems_for(tmp_path, {"stories/2026-01-01-a.md": text})
    assert len(found) == 1 and found[0].startswith(f"{STORY}:8: the address '/")
    assert "holds a backslash, a tab or a line break" in found[0]


def test_feed_readers_get_a_picture_from_another_website_as_its_words(tmp_path: Path) -> None:
    """A feed reader has no CSP: it would load the pixel and tell its website who read the
    story (fuzzing find). The feed's copy of the text keeps the alt text instead."""
    from microsite.images.markup import for_feeds

    body = (
        "![Pixel](https://tracker.example/p.gif) and "
        '<img src="//cdn.example/a.png" alt="A &amp; B"> here.'
    )
    html, _ = built(tmp_path, body)
    fed = for_feeds(html)
    assert "tracker.example" not in fed and "cdn.example" not in fed
    assert "Pixel and A &amp; B here." in fed
    assert "tracker.example" in html  # the page keeps it: its CSP stops it there


def test_an_attribute_whose_value_makes_the_page_invalid_is_removed(tmp_path: Path) -> None:
    """`lang="en&quot; x"`, `height="-1"`, `datetime="javascript:1"`, `reversed="x"` were
    published as written, and the Nu checker failed the page (review find). Valid values
    of the same attributes stay."""
    body = (
        '<span lang="en&quot; onmouseover=&quot;x">y</span> <span lang="es-MX">z</span>\n'
        '<time datetime="javascript:1">x</time> <time datetime="2026-12-05T09:00">y</time>\n'
        '<ol start="-5" reversed="x"><li>a</li></ol> <ol reversed><li>b</li></ol>\n'
        '<table><tr><th>h</th><th>i</th></tr><tr><td colspan="0">a</td><td rowspan="2" id="cell">b</td></tr></table>'
    )
    html, warnings = built(tmp_path, body)
    assert '<span>y</span> <span lang="es-MX">z</span>' in html
    assert '<time>x</time> <time datetime="2026-12-05T09:00">y</time>' in html
    assert '<ol start="-5"><li>a</li></ol>\n<ol reversed=""><li>b</li></ol>' in html
    assert '<td>a</td><td rowspan="2" id="cell">b</td>' in html
    assert warnings == [
        f"{STORY}:8: warning: removed 'lang' from <span> {RAW_HTML_HINT}",
        f"{STORY}:9: warning: removed 'datetime' from <time> {RAW_HTML_HINT}",
        f"{STORY}:10: warning: removed 'reversed' from <ol> {RAW_HTML_HINT}",
        f"{STORY}:11: warning: removed 'colspan' from <td> {RAW_HTML_HINT}",
    ]


@pytest.mark.parametrize(
    "value", ["2026", "2026-12", "2026-12-05", "2026-12-05 09:00", "2026-12-05T09:00:00-08:00",
              "09:00", "2026-W49", "--12-05", "PT1H30M", "P2D"],
)  # fmt: skip
def test_datetime_values_a_writer_uses_stay(tmp_path: Path, value: str) -> None:
    html, warnings = built(tmp_path, f'<time datetime="{value}">when</time>')
    assert f'datetime="{value}"' in html and warnings == []
