"""Interface text a language's catalog does not translate yet is marked as English.

A department may publish Vietnamese before its catalog is finished, or Tagalog
with none: the menus and buttons then show in English, and without
`lang="en"` a screen reader reads them with a Vietnamese voice (WCAG 3.1.2;
a fuzzing find: 164 unmarked strings on a Korean side). `render/fallbacks.py`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import Markup

import microsite.catalogs
from microsite import pipeline
from microsite.catalogs import LOCALE
from microsite.render import language
from microsite.render.fallbacks import CLOSE, OPEN, OWN, OWN_END, english, fill, settled

REPO = Path(__file__).resolve().parent.parent
# Left untranslated in the Vietnamese catalog made for the test: plain, with HTML inside,
# and with placeholders.
UNTRANSLATED = (
    "Skip to main content",
    "Home",
    "Events",
    '<strong>Emergency? Call <a href=\\"%(tel)s\\">%(number)s</a></strong>',
    "Page %(number)s of %(count)s",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The sample site in English, Spanish, Vietnamese (the Spanish catalog copied, some
    strings emptied) and Arabic and Tagalog (no catalog at all)."""
    root = tmp_path_factory.mktemp("fallbacks")
    locale = root / "locale"
    shutil.copytree(LOCALE, locale)
    vi = locale / "vi/LC_MESSAGES/messages.po"
    vi.parent.mkdir(parents=True)
    text = (LOCALE / "es/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    for msgid in UNTRANSLATED:
        start = text.index(f'msgid "{msgid}"\nmsgstr "')
        end = text.index("\n\n", start)
        text = text[:start] + f'msgid "{msgid}"\nmsgstr ""' + text[end:]
    vi.write_text(text.replace("Language: es", "Language: vi"), encoding="utf-8")
    shutil.copytree(REPO / "content", root / "content")
    site_yaml = root / "content/site.yaml"
    site_yaml.write_text(
        site_yaml.read_text().replace("languages: [en, es]", "languages: [en, es, vi, ar, fil]")
    )
    patch = pytest.MonkeyPatch()
    patch.setattr(microsite.catalogs, "LOCALE", locale)
    language.forget_catalogs()
    try:
        folders = pipeline.Folders(root / "content", REPO / "templates")
        for jobs, target in ((2, "site"), (1, "plain")):  # the speed layer, and without it
            pipeline.build_into(folders, root / target, now=datetime(2026, 11, 25, 9), jobs=jobs)
    finally:
        patch.undo()
        language.forget_catalogs()
    yield root / "site"


class Texts(HTMLParser):
    """Each text of a page with the `lang` and `dir` it is read in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, str | None]] = []
        self.found: list[tuple[str, str, str]] = []  # (text, lang, dir)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"meta", "link", "img", "br", "input", "source", "hr"}:
            return
        values = dict(attrs)
        self.stack.append((tag, values.get("lang"), values.get("dir")))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if data.strip() and not any(tag in {"script", "style"} for tag, _, _ in self.stack):
            lang = next((value for _, value, _ in reversed(self.stack) if value), "")
            way = next((value for _, _, value in reversed(self.stack) if value), "ltr")
            self.found.append((" ".join(data.split()), lang, way))


def texts(page: Path) -> list[tuple[str, str, str]]:
    parser = Texts()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


def test_the_plain_core_marks_the_same_bytes(built: Path) -> None:
    """Brackets are settled in whichever process makes a file: two processes with the
    speed layer, and one without it, publish the same bytes."""
    fast = {p.relative_to(built): p.read_bytes() for p in built.rglob("*") if p.is_file()}
    plain_root = built.parent / "plain"
    plain = {
        p.relative_to(plain_root): p.read_bytes() for p in plain_root.rglob("*") if p.is_file()
    }
    assert fast.keys() == plain.keys() and all(fast[k] == plain[k] for k in fast)


def test_no_bracket_reaches_any_file(built: Path) -> None:
    text_files = [p for p in built.rglob("*") if p.suffix in {".html", ".xml", ".ics", ".txt"}]
    assert len(text_files) > 300
    leaked = [p for p in text_files if OPEN in p.read_text() or CLOSE in p.read_text()]
    assert leaked == []


@pytest.mark.parametrize("page", ["vi/index.html", "vi/events/index.html", "vi/stories/index.html"])
def test_untranslated_strings_are_marked_english(built: Path, page: str) -> None:
    found = texts(built / page)
    english = {"Skip to main content", "Home", "Events", "Emergency? Call"}
    marked = {text for text, lang, _ in found if text in english and lang == "en"}
    unmarked = [text for text, lang, _ in found if text in english and lang != "en"]
    assert unmarked == [] and marked == english
    assert not any(text == "Saltar al contenido principal" for text, _, _ in found)  # emptied
    assert ("Noticias", "vi", "ltr") in found  # a translated string is the page language


def test_a_language_without_a_catalog_is_english_throughout(built: Path) -> None:
    """Tagalog has no catalog: every interface string is English and marked so. Arabic's
    English runs left to right inside its right-to-left page."""
    fil = texts(built / "fil/events/index.html")
    assert ("Skip to main content", "en", "ltr") in fil and ("Home", "en", "ltr") in fil
    arabic = texts(built / "ar/index.html")
    assert ("Skip to main content", "en", "ltr") in arabic
    page = (built / "ar/index.html").read_text()
    assert '<html lang="ar" dir="rtl">' in page and '<span lang="en" dir="ltr">' in page


def test_a_series_rule_in_a_language_without_its_words_is_marked(built: Path) -> None:
    page = texts(built / "vi/events/coffee-with-a-cop-riviera-village/index.html")
    rules = [(text, lang) for text, lang, _ in page if text.startswith("Every month on")]
    assert rules and all(lang == "en" for _, lang in rules)


def test_a_complete_catalog_leaves_pages_as_they_were(built: Path) -> None:
    page = (built / "es/index.html").read_text()
    assert "Saltar al contenido principal" in page and '<span lang="en">Skip' not in page


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            f'<html lang="vi"><title>{OPEN}Events{CLOSE} - X</title>'
            f'<a aria-label="{OPEN}Home{CLOSE}">{OPEN}Home{CLOSE}</a>',
            '<html lang="vi"><title>Events - X</title>'
            '<a aria-label="Home"><span lang="en">Home</span></a>',
        ),
        (  # a string holding elements: the span holds them
            f"<p>{OPEN}<strong>Call <a href='tel:911'>911</a></strong>{CLOSE}</p>",
            "<p><span lang=\"en\"><strong>Call <a href='tel:911'>911</a></strong></span></p>",
        ),
        (  # inside script: no element can go there
            f'<script type="application/ld+json">{{"name": "{OPEN}Events{CLOSE}"}}</script>',
            '<script type="application/ld+json">{"name": "Events"}</script>',
        ),
        (  # nested, as a formatted string holding another
            f"<h2>{OPEN}{OPEN}Surf{CLOSE} events{CLOSE}</h2>",
            '<h2><span lang="en"><span lang="en">Surf</span> events</span></h2>',
        ),
        (  # cut short: no marks at all rather than an unclosed span
            f"<p>{OPEN}Eve</p><p>next</p>",
            "<p>Eve</p><p>next</p>",
        ),
        (
            f'<html dir="rtl" lang="ar"><p>{OPEN}Home{CLOSE}</p>',
            '<html dir="rtl" lang="ar"><p><span lang="en" dir="ltr">Home</span></p>',
        ),
    ],
)
def test_settled_pages(page: str, expected: str, bracketing: None) -> None:
    assert settled("x/index.html", page.encode()).decode() == expected


@pytest.fixture
def bracketing(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process has bracketed English, as `english` notes: `settled` then looks."""
    from microsite.render import fallbacks

    monkeypatch.setattr(fallbacks, "_bracketed", True)


def test_settled_leaves_every_file_alone_until_a_bracket_was_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from microsite.render import fallbacks

    monkeypatch.setattr(fallbacks, "_bracketed", False)
    page = f"<p>{OPEN}Home{CLOSE}</p>".encode()
    assert settled("x/index.html", page) == page  # no bracket can be there: none was made
    english("Home")
    assert settled("x/index.html", page) == b'<p><span lang="en">Home</span></p>'


def test_settled_leaves_pictures_and_strips_feeds(bracketing: None) -> None:
    picture = b"\x89PNG" + OPEN.encode() + b"\x00"
    assert settled("media/a.png", picture) == picture
    feed = f"<title>{OPEN}Events{CLOSE}</title>".encode()
    assert settled("vi/feed.xml", feed) == b"<title>Events</title>"


def test_a_feed_says_which_of_its_words_are_the_default_language(built: Path) -> None:
    """The Vietnamese feed's title and subtitle are the site's English ones (no Vietnamese
    given): `xml:lang="en"` on each, as pages mark them with `lang`."""
    import xml.etree.ElementTree as ET

    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    atom = "{http://www.w3.org/2005/Atom}"
    vi = ET.parse(built / "vi/feed.xml").getroot()
    assert vi.get(lang) == "vi"
    assert [vi.find(atom + name).get(lang) for name in ("title", "subtitle")] == ["en", "en"]
    es = ET.parse(built / "es/feed.xml").getroot()
    assert [es.find(atom + name).get(lang) for name in ("title", "subtitle")] == [None, None]


def test_a_value_filled_into_english_stays_in_the_page_language(bracketing: None) -> None:
    """ "Contact %(department)s" untranslated on a Vietnamese page: the department's
    Vietnamese name was marked English with the words around it (review find)."""
    filled = fill(english("Contact %(department)s"), {"department": "Sở Cảnh sát"})
    assert filled == f"{OPEN}Contact {OWN}Sở Cảnh sát{OWN_END}{CLOSE}"
    page = f'<html lang="vi"><h2>{filled}</h2>'.encode()
    assert settled("vi/index.html", page).decode() == (
        '<html lang="vi"><h2><span lang="en">Contact <span lang="vi">Sở Cảnh sát</span></span></h2>'
    )
    arabic = f'<html lang="ar" dir="rtl"><h2>{filled}</h2>'.encode()
    assert '<span lang="ar" dir="rtl">Sở' in settled("ar/index.html", arabic).decode()


def test_fill_leaves_a_translated_text_and_markup_values_as_they_are() -> None:
    assert fill("Contacto: %(d)s", {"d": "Policía"}) == "Contacto: Policía"
    marked = fill(Markup(english("%(name)s events")), {"name": Markup("<b>Surf</b>")})
    assert marked == Markup(f"{OPEN}{OWN}<b>Surf</b>{OWN_END} events{CLOSE}")
    escaped = fill(Markup(english("%(name)s events")), {"name": "<i>"})
    assert escaped == Markup(f"{OPEN}{OWN}&lt;i&gt;{OWN_END} events{CLOSE}")
