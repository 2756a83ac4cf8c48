"""A language written right to left (Farsi, Arabic) gets pages that run right to left.

A department adds a language by translating one catalog; for Farsi or Arabic
that is only true if the pages also say `dir="rtl"` and the stylesheet's
edges follow the writing direction. English text shown on such a page (a
field not yet translated, the switcher's "English") is marked left to right.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from browser import serve_folder
from sitefactory import SITE_YAML, make_site

from microsite import pipeline
from microsite.render.language import direction

REPO = Path(__file__).resolve().parent.parent
NOW = datetime.fromisoformat("2026-11-25T09:00")
STORY = "---\ntitle: Surf contest\ndate: 2026-08-02\nslug: surf-contest\n---\n\nOfficers surfed.\n"
FARSI = (
    "---\ntitle: مسابقه موج‌سواری\ndate: 2026-08-02\nslug: surf-contest\n"
    "translation: machine\n---\n\nافسران موج‌سواری کردند.\n"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("rtl")
    make_site(
        root,
        {
            "site.yaml": SITE_YAML + "languages: [en, fa]\n",
            "stories/2026-08-02-surf-contest.md": STORY,
            "stories/2026-08-02-surf-contest.fa.md": FARSI,
        },
    )
    folders = pipeline.Folders(root / "content", REPO / "templates")
    pipeline.build_into(folders, root / "site", now=NOW, jobs=1)
    return root / "site"


def opening_tag(page: Path) -> str:
    return re.search(r"<html[^>]*>", page.read_text()).group()


def test_the_direction_of_every_locale_is_the_one_cldr_gives() -> None:
    """Our short list against Babel's data for each of its thousand-odd locales."""
    from babel import Locale, localedata

    for name in localedata.locale_identifiers():
        written = Locale.parse(name).text_direction  # "ttb" for Mongolian script: HTML's
        expected = "rtl" if written == "rtl" else "ltr"  # `dir` knows no vertical writing
        assert direction(name.replace("_", "-")) == expected, name
    assert [direction(code) for code in ("fa", "ar", "he", "ur", "pa-Arab")] == ["rtl"] * 5
    assert [direction(code) for code in ("en", "es", "vi", "ko", "fil", "zh-Hant")] == ["ltr"] * 6
    assert direction("not-a-language") == "ltr"


def test_farsi_pages_run_right_to_left_and_english_ones_are_as_before(site: Path) -> None:
    assert opening_tag(site / "fa/stories/surf-contest/index.html") == '<html lang="fa" dir="rtl">'
    assert opening_tag(site / "fa/index.html") == '<html lang="fa" dir="rtl">'
    assert opening_tag(site / "stories/surf-contest/index.html") == '<html lang="en">'
    assert opening_tag(site / "index.html") == '<html lang="en">'


def test_text_in_the_other_direction_is_marked(site: Path) -> None:
    english = (site / "stories/surf-contest/index.html").read_text()
    farsi = (site / "fa/stories/surf-contest/index.html").read_text()
    # The switcher: each language's name runs its own way.
    assert 'lang="fa" dir="rtl" hreflang="fa">فارسی</a>' in english
    assert 'lang="en" dir="ltr" hreflang="en">English</a>' in farsi
    # The site's name has no Farsi version: shown in English, left to right.
    assert '<span lang="en" dir="ltr">Harbor Police Community</span>' in farsi


def test_in_chromium_the_farsi_page_is_laid_out_from_the_right(site: Path, browser: Any) -> None:
    with serve_folder(site) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        found = {}
        for name, path in (("fa", "/fa/stories/surf-contest/"), ("en", "/stories/surf-contest/")):
            page.goto(base + path)
            found[name] = page.evaluate(
                """() => {
                  const h1 = document.querySelector('h1');
                  const range = document.createRange();
                  range.selectNodeContents(h1);
                  const text = range.getBoundingClientRect(), box = h1.getBoundingClientRect();
                  const notice = document.querySelector('.notice');
                  const style = notice && getComputedStyle(notice);
                  const address = document.querySelector('footer address').firstChild;
                  const letter = (at) => {
                    range.setStart(address, at); range.setEnd(address, at + 1);
                    return range.getBoundingClientRect().left;
                  };
                  const phone = getComputedStyle(document.querySelector('a[href^="tel:"]'));
                  return {
                    addressInOrder: letter(0) < letter(address.length - 1),
                    phone: [phone.direction, phone.unicodeBidi],
                    direction: getComputedStyle(document.documentElement).direction,
                    gapRight: box.right - text.right,
                    gapLeft: text.left - box.left,
                    edges: style && [style.borderLeftWidth, style.borderRightWidth],
                    wide: document.documentElement.scrollWidth <= window.innerWidth,
                  };
                }"""
            )
        page.close()
    farsi, english = found["fa"], found["en"]
    assert farsi["direction"] == "rtl" and english["direction"] == "ltr"
    assert farsi["gapRight"] < 1 < farsi["gapLeft"]  # the title starts at the right edge
    assert english["gapLeft"] < 1 < english["gapRight"]
    assert farsi["edges"] == ["0px", "8px"]  # the machine-translation notice's bar: right
    assert farsi["wide"] and english["wide"]  # nothing pushed off the side of a phone
    # "1 Harbor Way, Harbor City, CA 90000" reads from its first letter at the left, and
    # phone numbers keep their order, on the Farsi page as on the English one.
    assert farsi["addressInOrder"] and english["addressInOrder"]
    assert farsi["phone"] == ["ltr", "isolate"]
