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

import icalendar
import pytest
from babel.messages.pofile import read_po
from test_pages import parse_page

from microsite.render.language import LOCALE

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
        }


def test_a_spanish_story_links_to_the_spanish_version_of_a_page(sample_site: Path) -> None:
    text = (sample_site / "es/stories/surf-contest/index.html").read_text()
    assert 'href="/es/contact/">escríbanos</a>' in text  # written as ../pages/contact.md
    # No Spanish version of this one: the link leads to the English story.
    assert 'href="/stories/explorers-meet-junior-lifeguards/"' in text


def test_untranslated_text_is_marked_with_its_language(sample_site: Path) -> None:
    # The fall events were given Spanish titles but no Spanish descriptions.
    text = (sample_site / "es/events/pier-safety-day-2026-09-19/index.html").read_text()
    assert "<h1>Día de Seguridad en el Muelle</h1>" in text
    assert '<div class="prose" lang="en">' in text
    riviera = (sample_site / "es/events/index.html").read_text()
    assert '<span lang="en">Riviera Village</span>' in riviera  # a place left in English


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


class VisibleText(HTMLParser):
    """The text a reader meets in a page, leaving out parts marked as another language."""

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
