"""The Spanish side of the sample site, read from the built files as a browser, a feed
reader, a calendar app and a search engine would read them.

The sample content has `languages: [en, es]`; these tests parse real output:
`<html lang>`, `hreflang` pairs, `og:locale`, the feeds' `xml:lang`, the
calendars, JSON-LD and the sitemap, and look for English interface words on
Spanish pages.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import icalendar
import pytest
import yaml
from babel.messages.pofile import read_po
from test_pages import parse_page

from microsite.catalogs import LOCALE

BASE = "https://community.redondo.org"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def alternates(page: Path) -> dict[str, str]:
    """A page's `hreflang` links: language -> absolute URL."""
    doc = parse_page(page)
    return {a["hreflang"]: a["href"] for a in doc.link_rel("alternate") if "hreflang" in a}


def file_of(site: Path, url: str) -> Path:
    """The built file a public URL of the sample site is served from."""
    path = url.removeprefix(BASE).lstrip("/")
    return site / (path if path.endswith(".html") else path + "index.html")


def test_every_page_has_the_language_of_its_side(
    sample_site: Path, sample_pages: list[str]
) -> None:
    wrong = [
        page
        for page in sample_pages
        if parse_page(sample_site / page).lang != ("es" if page.startswith("es/") else "en")
    ]
    assert wrong == []
    assert sum(page.startswith("es/") for page in sample_pages) > 30


def test_hreflang_pairs_point_both_ways(sample_site: Path, sample_pages: list[str]) -> None:
    problems = []
    paired = 0
    for page in sample_pages:
        links = alternates(sample_site / page)
        if not links:
            continue
        paired += 1
        own = parse_page(sample_site / page).link_rel("canonical")[0]["href"]
        if own not in links.values():
            problems.append(f"{page}: its own URL is not among its alternates")
        for lang, url in links.items():
            if lang != "x-default" and alternates(file_of(sample_site, url)) != links:
                problems.append(f"{page} -> {lang} {url}: not the same alternates back")
    assert problems == []
    assert paired > 30


def test_a_translated_story_names_both_versions(sample_site: Path) -> None:
    links = alternates(sample_site / "es/stories/surf-contest/index.html")
    assert links == {
        "en": f"{BASE}/stories/surf-contest/",
        "es": f"{BASE}/es/stories/surf-contest/",
        "x-default": f"{BASE}/stories/surf-contest/",
    }


def test_an_english_only_story_has_no_alternates_and_switches_to_the_spanish_home(
    sample_site: Path,
) -> None:
    page = sample_site / "stories/why-we-show-up/index.html"
    assert alternates(page) == {}
    assert 'href="/es/" lang="es" hreflang="es">Español</a>' in page.read_text()


def test_og_locale_and_its_alternate(sample_site: Path) -> None:
    spanish = parse_page(sample_site / "es/stories/surf-contest/index.html")
    english = parse_page(sample_site / "stories/surf-contest/index.html")
    only_english = parse_page(sample_site / "stories/why-we-show-up/index.html")
    assert (spanish.meta("og:locale"), spanish.meta("og:locale:alternate")) == ("es_US", "en_US")
    assert (english.meta("og:locale"), english.meta("og:locale:alternate")) == ("en_US", "es_US")
    assert only_english.meta("og:locale:alternate") is None


def test_spanish_feeds_say_they_are_spanish(sample_site: Path) -> None:
    for name in ("es/feed.xml", "es/communities/surf/feed.xml"):
        feed = ET.parse(sample_site / name).getroot()
        assert feed.get(XML_LANG) == "es", name
        links = [e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")]
        assert links and all(link.startswith(f"{BASE}/es/stories/") for link in links), name
    assert ET.parse(sample_site / "feed.xml").getroot().get(XML_LANG) == "en"


def test_spanish_calendar_has_spanish_summaries_and_the_same_uids(sample_site: Path) -> None:
    spanish = icalendar.Calendar.from_ical((sample_site / "es/events.ics").read_bytes())
    english = icalendar.Calendar.from_ical((sample_site / "events.ics").read_bytes())
    es = {str(e["UID"]): str(e["SUMMARY"]) for e in spanish.walk("VEVENT")}
    en = {str(e["UID"]): str(e["SUMMARY"]) for e in english.walk("VEVENT")}
    assert set(es) == set(en)  # one event, one UID: subscribing to both shows it once
    assert "Clínica de patinaje para principiantes" in es.values()
    assert "Cancelado: Café con un Policía: North Redondo" in es.values()
    assert str(spanish["X-WR-CALNAME"]) == "Policía de Redondo Beach: Conexión Comunitaria"


def jsonld(page: Path) -> object:
    (_, text), *_ = [
        s for s in parse_page(page).scripts if s[0].get("type") == "application/ld+json"
    ]
    return json.loads(text)


def test_jsonld_in_language(sample_site: Path) -> None:
    assert jsonld(sample_site / "es/stories/surf-contest/index.html")["inLanguage"] == "es"
    assert jsonld(sample_site / "stories/surf-contest/index.html")["inLanguage"] == "en"
    event = jsonld(sample_site / "es/events/holiday-toy-giveaway/index.html")
    assert (event["inLanguage"], event["name"]) == ("es", "Entrega navideña de juguetes")


def test_sitemap_lists_every_version_with_alternates(
    sample_site: Path, sample_pages: list[str]
) -> None:
    root = ET.parse(sample_site / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {u.find("s:loc", ns).text: u for u in root.findall("s:url", ns)}
    assert f"{BASE}/es/stories/surf-contest/" in urls
    assert f"{BASE}/es/events/" in urls
    for loc in (f"{BASE}/stories/surf-contest/", f"{BASE}/es/stories/surf-contest/"):
        links = {x.get("hreflang"): x.get("href") for x in urls[loc].findall("x:link", ns)}
        assert links == {
            "en": f"{BASE}/stories/surf-contest/",
            "es": f"{BASE}/es/stories/surf-contest/",
            "x-default": f"{BASE}/stories/surf-contest/",  # as the page's head says
        }
        page = sample_site / loc.removeprefix(BASE + "/") / "index.html"
        head = dict(re.findall(r'hreflang="([^"]+)" href="([^"]+)"', page.read_text()))
        assert head == links


def test_a_spanish_story_links_to_the_spanish_version_of_a_page(sample_site: Path) -> None:
    text = (sample_site / "es/stories/surf-contest/index.html").read_text()
    assert 'href="/es/contact/">escríbanos</a>' in text  # written as ../pages/contact.md
    # No Spanish version of this one: the link leads to the English story.
    assert 'href="/stories/explorers-meet-junior-lifeguards/"' in text


def test_a_place_left_in_english_is_marked_with_its_language(sample_site: Path) -> None:
    riviera = (sample_site / "es/events/index.html").read_text()
    assert '<span lang="en">Riviera Village</span>' in riviera  # its own name, written once


def test_a_series_change_is_in_spanish_on_the_spanish_side(sample_site: Path) -> None:
    """The cancelled and moved dates of Coffee with a Cop: their notes and the new place."""
    page = sample_site / "es/events/coffee-with-a-cop-riviera-village/index.html"
    text = page.read_text(encoding="utf-8")
    assert '<p class="event-dates__note">Esa semana están reparando las banquetas' in text
    assert "<br>Lugar: Mercado de primavera de Riviera Village" in text
    calendar = icalendar.Calendar.from_ical((sample_site / "es/events.ics").read_bytes())
    notes = [str(e.get("DESCRIPTION", "")) for e in calendar.walk("VEVENT")]
    assert any(note.startswith("Pasa al miércoles") for note in notes)


# --- English on Spanish pages only where the content is English --------------------


TEXT_KEYS = frozenset(
    {"title", "department", "description", "message", "name", "location", "address"}
    | {"cost", "accessibility", "contact", "note"}
)  # every text field of site.yaml, communities.yaml and events that may be per language


def words(text: str) -> str:
    """Lowercase words joined by single spaces, padded, so phrases compare by words."""
    return " " + " ".join(re.findall(r"\w+", text.lower())) + " "


def content_texts(value: object, key: str = "") -> list[tuple[str, str | None]]:
    """Each text under TEXT_KEYS as (English, Spanish or None), in `words` form: plain text
    is English only, `{en: ..., es: ...}` gives both. Markdown link targets are left out,
    as a page leaves them out of its text."""
    if isinstance(value, dict) and key in TEXT_KEYS and "en" in value:
        spanish = value.get("es")
        return [
            (english, spanish and words(spanish)) for english, _ in content_texts(value["en"], key)
        ]
    if isinstance(value, dict):
        return [text for k, v in value.items() for text in content_texts(v, str(k))]
    if isinstance(value, list):
        return [text for item in value for text in content_texts(item, key)]
    if isinstance(value, str) and key in TEXT_KEYS:
        return [(words(re.sub(r"\]\([^)]*\)", "]", value)), None)]
    return []


def sample_texts(content: Path) -> list[tuple[str, str | None]]:
    """The texts of the sample's site.yaml, communities.yaml and event files."""
    files = [content / "site.yaml", content / "communities.yaml"]
    files += sorted((content / "events").glob("*.yaml"))
    return [text for f in files for text in content_texts(yaml.safe_load(f.read_text()))]


class MarkedEnglish(HTMLParser):
    """Every element marked `lang="en"`: its text, and whether it is in the language switcher."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, int | None, bool]] = []  # tag, index in found, in switcher
        self.found: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        switcher = "language-switch" in (values.get("class") or "").split() or any(
            inside for _, _, inside in self.open
        )
        if values.get("lang") == "en":
            self.found.append(("", switcher))
        if tag not in VOID:
            marked = len(self.found) - 1 if values.get("lang") == "en" else None
            self.open.append((tag, marked, switcher))

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        for _, index, _ in self.open:
            if index is not None:
                text, switcher = self.found[index]
                self.found[index] = (text + data, switcher)


VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"})


def marked_english(html: str) -> list[tuple[str, bool]]:
    reader = MarkedEnglish()
    reader.feed(html)
    return reader.found


def test_the_check_finds_english_that_has_a_translation() -> None:
    html = (
        '<nav class="language-switch"><a lang="en" hreflang="en">English</a></nav>'
        '<p lang="en">Riviera Village</p><p lang="en">See you in March.</p>'
    )
    texts = content_texts({"location": "Riviera Village", "note": {"en": "x", "es": "y"}})
    allowed = [english for english, spanish in texts if spanish is None]
    found = marked_english(html)
    assert found == [("English", True), ("Riviera Village", False), ("See you in March.", False)]
    assert [text for text, _ in found if not any(words(text) in a for a in allowed)] == [
        "English",
        "See you in March.",
    ]


def test_spanish_pages_mark_english_only_where_the_content_is_english(
    sample_site: Path, sample_pages: list[str], sample_content: Path
) -> None:
    """Every element marked `lang="en"` on a page under /es/ is English on purpose:

    - the language switcher's link to the English side, which names English in
      English (a reader looking for their language finds it in their language);
    - a text the content gives in English only: a text field of site.yaml,
      communities.yaml or an event file (title, location, address, description,
      a change's note...) written as plain text or as a mapping without `es:`,
      like a street address or a place's own name (Riviera Village).

    The English-only texts are read from the content's YAML itself, not from
    microsite's model, so a field microsite cannot translate shows up here as
    soon as the sample gives it in Spanish (the notes of a series' changes
    did). Stories and pages are not in the list: the Spanish side shows only
    Spanish ones, so an English story's text there would be a fault too.
    """
    allowed = [english for english, spanish in sample_texts(sample_content) if spanish is None]
    found = {}
    for page in (p for p in sample_pages if p.startswith("es/")):
        wrong = [
            text.strip()
            for text, switcher in marked_english((sample_site / page).read_text(encoding="utf-8"))
            if not switcher and not any(words(text) in english for english in allowed)
        ]
        if wrong:
            found[page] = wrong
    assert found == {}


# --- No English interface words on Spanish pages ------------------------------------


def interface_phrases() -> set[str]:
    """The English interface text a template or view may show, split at its placeholders
    and markup: phrases of two words or more, and capitalised single words ("Events").
    Fragments the Spanish catalog also uses ("(iCalendar)", "Google Calendar") are left out."""
    with (LOCALE / "es" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    spanish = " ".join(str(m.string) for m in catalog if m.id)
    phrases = set()
    for message in catalog:
        if not message.id:
            continue
        for part in re.split(r"%\(\w+\)s|<[^>]+>", str(message.id)):
            part = part.strip(" .,:;()—")
            several = " " in part or (part[:1].isupper() and len(part) >= 4)
            if several and part not in spanish:
                phrases.add(part)
    return phrases


# What search results and shared links show of a page.
SHOWN_META = frozenset({"description", "og:title", "og:description", "og:image:alt"})


class VisibleText(HTMLParser):
    """The text a reader meets in a page, leaving out parts marked as another language:
    the words on screen, labels for screen readers and what search results show."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        other = bool(values.get("lang")) and not str(values["lang"]).startswith("es")
        hidden = tag in {"script", "style", "code"}
        if tag not in {"br", "img", "meta", "link", "input", "hr", "source"}:
            self.stack.append((tag, other or hidden or self.skipping))
        if not self.skipping:
            self.parts += [str(values[a]) for a in ("aria-label", "title", "alt") if values.get(a)]
        if tag == "meta" and (values.get("name") or values.get("property")) in SHOWN_META:
            self.parts.append(str(values.get("content")))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def english_found(html: str, phrases: set[str]) -> list[str]:
    """Interface phrases, in English, in a page's visible text."""
    reader = VisibleText()
    reader.feed(html)
    text = re.sub(r"https?://\S+", " ", " ".join(reader.parts))  # addresses are not words
    text = " ".join(text.split())
    return sorted(p for p in phrases if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text))


def test_the_check_finds_an_english_interface_string() -> None:
    phrases = interface_phrases()
    page = '<p>Hola</p><a href="#main">Skip to main content</a><span lang="en">All events</span>'
    assert english_found(page, phrases) == ["Skip to main content"]
    meta = '<meta name="description" content="Events the Policía held, most recent first.">'
    assert english_found(meta, phrases) == ["Events", "Events the", "held, most recent first"]


def test_no_spanish_page_shows_an_english_interface_string(
    sample_site: Path, sample_pages: list[str]
) -> None:
    phrases = interface_phrases()
    found = {}
    for page in (p for p in sample_pages if p.startswith("es/")):
        english = english_found((sample_site / page).read_text(encoding="utf-8"), phrases)
        if english:
            found[page] = english
    assert found == {}


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("es/index.html", "sábado 5 de diciembre de 2026, de 9 a 10:30\u00a0a.\u00a0m."),
        ("es/stories/surf-contest/index.html", "domingo 2 de agosto de 2026"),
        ("es/events/index.html", "Diciembre de 2026"),
        ("es/events/coffee-with-a-cop-riviera-village/index.html", "Cada mes, el primer martes"),
    ],
)
def test_spanish_dates(sample_site: Path, page: str, expected: str) -> None:
    assert expected in re.sub(r"<[^>]+>", "", (sample_site / page).read_text(encoding="utf-8"))


def test_spanish_pages_never_show_the_english_of_a_translated_text(
    sample_site: Path, sample_pages: list[str], sample_content: Path
) -> None:
    """The other half: a text the content gives in Spanish too never shows in English on
    the Spanish side, marked or not (a field left out of an edition would show it so)."""
    english = [en for en, es in sample_texts(sample_content) if es and en not in es]
    found = {}
    for page in (p for p in sample_pages if p.startswith("es/")):
        html = (sample_site / page).read_text(encoding="utf-8")
        text = words(re.sub(r"https?://\S+|<[^>]*>", " ", html))
        shown = [en.strip() for en in english if en in text]
        if shown:
            found[page] = shown
    assert found == {}


# --- The language switcher in a browser ---------------------------------------------

SWITCHER = """() => {
  const link = document.querySelector('.language-switch a');
  if (!link) return null;
  const style = getComputedStyle(link);
  const box = link.getBoundingClientRect();
  return {
    text: link.textContent, shown: link.checkVisibility(), bottom: box.bottom,
    left: box.left, right: box.right, display: style.display, border: style.borderTopWidth,
    padding: style.paddingLeft, list: getComputedStyle(link.closest('ul')).listStyleType,
    row: getComputedStyle(link.closest('.masthead__inner')).display,
    sheets: [...document.styleSheets].map((s) => s.href.split('/').pop()),
  };
}"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(("page", "other"), [("es/", "English"), ("", "Español")])
def test_the_language_switcher_is_styled_on_the_first_screen(
    browser: Any, sample_server: str, width: int, page: str, other: str
) -> None:
    """Its own stylesheet reaches the page: a bordered button beside the brand, not a
    bulleted link, visible without scrolling on a phone and a desktop."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    tab = context.new_page()
    tab.goto(sample_server + page, wait_until="load")
    seen = tab.evaluate(SWITCHER)
    context.close()
    assert seen is not None and seen["text"] == other and seen["shown"]
    assert seen["sheets"] == ["site.css", "languages.css"]
    assert (seen["display"], seen["border"], seen["list"], seen["row"]) == (
        "inline-block", "1px", "none", "flex",
    )  # fmt: skip
    assert seen["padding"] != "0px"
    assert seen["left"] >= 0 and seen["right"] <= width and seen["bottom"] <= 844


def test_a_name_left_in_english_is_marked_wherever_a_spanish_page_shows_it(
    tmp_path: Path,
) -> None:
    """The department's name in the footer and a story's byline, and a community's name
    on the follow page, showed in English without `lang="en"` (fuzzing find)."""
    import shutil

    from microsite import pipeline

    repo = Path(__file__).resolve().parent.parent
    content = shutil.copytree(repo / "content", tmp_path / "content")
    site_yaml = content / "site.yaml"
    site_yaml.write_text(
        site_yaml.read_text().replace("  es: Departamento de Policía de Redondo Beach\n", "")
    )
    communities = content / "communities.yaml"
    communities.write_text(
        communities.read_text().replace("{en: Music, es: Música}", "{en: Music}")
    )
    folders = pipeline.Folders(content, repo / "templates")
    from datetime import datetime

    pipeline.build_into(folders, tmp_path / "site", now=datetime(2026, 11, 25, 9), jobs=1)
    site = tmp_path / "site/es"
    department = '<span lang="en">Redondo Beach Police Department</span>'
    assert f"Contacto: {department}" in (site / "index.html").read_text()
    assert f"Por {department}" in (site / "stories/surf-contest/index.html").read_text()
    follow = (site / "follow/index.html").read_text()
    assert '<strong>Eventos de <span lang="en">Music</span></strong>' in follow
    assert "Eventos de Music" not in follow


def test_a_sign_up_deadline_reads_as_a_spanish_newsroom_writes_it(sample_site: Path) -> None:
    """With the time's article, as event times have it (docs/SPANISH.md): it read
    "lunes 1 de febrero de 2027, 5 p. m."; and the hidden words name the event after a
    colon, not a preposition."""
    page = (sample_site / "es/events/winter-surf-classic-2027-02-06/index.html").read_text()
    assert ">lunes 1 de febrero de 2027, a las 5\u00a0p.\u00a0m.</time>" in page
    assert 'Inscríbase<span class="visually-hidden">: Clásico de surf de invierno</span>' in page
    english = (sample_site / "events/winter-surf-classic-2027-02-06/index.html").read_text()
    assert ">Monday, Feb. 1, 2027, 5 p.m.</time>" in english


@pytest.mark.parametrize(
    ("language", "locale"),
    [("en", "en_US"), ("es", "es_US"), ("vi", "vi_VN"), ("ko", "ko_KR"), ("fil", "fil_PH"),
     ("es-MX", "es_MX"), ("zz", "zz_US"), ("zh-Hant-TW", "zh_TW"), ("es-", "es_US")],
)  # fmt: skip
def test_og_locale_is_one_a_reader_knows(language: str, locale: str) -> None:
    """`vi_US` and `ko_US` are no locales (fuzzing find): the US where CLDR has the
    language there, else the language's own country."""
    from microsite.render.language import og_locale

    assert og_locale(language) == locale


@pytest.mark.parametrize(
    ("code", "language", "region"),
    [("es", "es", ""), ("ES", "es", ""), ("es-MX", "es", "MX"), ("vi_VN", "vi", "VN"),
     ("pt-br", "pt", "BR"), ("zh-Hant-TW", "zh", "TW"), ("zh-Hant", "zh", ""),
     ("es-419", "es", "419"), ("es-", "es", ""), ("en-u-ca-buddhist", "en", "")],
)  # fmt: skip
def test_a_language_is_told_from_its_region_one_way_everywhere(
    code: str, language: str, region: str
) -> None:
    """Dates, quotes, og:locale and the misplaced-catalog check read a code one way."""
    from microsite.langcodes import base_language
    from microsite.langcodes import region as region_of
    from microsite.markdown.typography import quotes_for

    assert (base_language(code), region_of(code)) == (language, region)
    assert quotes_for(code) == quotes_for(language)


@pytest.mark.parametrize(
    ("code", "written", "way"),
    [("pa-Arab", "Arab", "rtl"), ("zh-hant-TW", "Hant", "ltr"), ("ar", "", "rtl"),
     ("ar_EG", "", "rtl"), ("en-x-arab", "", "ltr")],
)  # fmt: skip
def test_a_script_is_read_from_the_code_one_way(code: str, written: str, way: str) -> None:
    from microsite.langcodes import script
    from microsite.render.language import direction

    assert (script(code), direction(code)) == (written, way)
