"""The design's promises (issue 14), checked on rendered pages and in a real browser.

The unit half renders model-built sites and reads the HTML: the header always
offers Contact, the reader's place is marked with aria-current, the home page
leads with a story and the next event, the alert has a one-line form, every
story card has a picture frame. The browser half loads the built sample site
in Chromium and measures what a resident sees: the emergency line on the first
phone screen of every page, one row of navigation at 390 px, and the date
badge standing out from its card in dark mode, computed from the real CSS.
"""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from browser import url_path
from modelfactory import at, make_page, make_settings, make_site, make_story
from sitefactory import SITE_YAML, STORY
from test_content import load
from test_quality import one_of_each_kind, page_url
from test_render import render

from microsite.model import Alert

CSS = Path(__file__).resolve().parent.parent / "templates" / "static" / "site.css"
CSS_BUDGET = 20 * 1024
PHONE = {"width": 390, "height": 844}


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside elements with a class."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))


def elements(html: bytes) -> list[tuple[str, dict[str, str]]]:
    parser = Elements()
    parser.feed(html.decode("utf-8"))
    return parser.found


def with_class(html: bytes, name: str) -> list[dict[str, str]]:
    return [attrs for _, attrs in elements(html) if name in attrs.get("class", "").split()]


def nav_links(html: bytes) -> list[dict[str, str]]:
    """The header menu's links, in order: the anchors between the Main nav and its end."""
    text = html.decode("utf-8")
    start = text.index('<nav class="site-nav"')
    return [attrs for tag, attrs in elements(text[start : text.index("</nav>", start)].encode())
            if tag == "a"]  # fmt: skip


# --- navigation ------------------------------------------------------------------------


def test_contact_page_is_in_the_header_without_asking() -> None:
    """A page called `contact` is in the menu with no `nav:`, labelled short for phones."""
    site = make_site(pages=(make_page(), make_page("contact", title="Contact us", nav=None)))
    links = nav_links(render(site)["index.html"])
    assert [link["href"] for link in links][-2:] == ["/about/", "/contact/"]


def test_without_a_contact_page_the_header_links_to_the_footer_contacts() -> None:
    files = render(make_site(pages=()))
    assert nav_links(files["index.html"])[-1]["href"] == "#contact"
    for page in ("index.html", "stories/surf-contest/index.html", "404.html"):
        assert with_class(files[page], "site-footer")  # the footer is everywhere ...
        assert any(attrs.get("id") == "contact" for _, attrs in elements(files[page]))


@pytest.mark.parametrize(
    ("page", "current"),
    [
        ("index.html", {"/": "page"}),
        ("stories/index.html", {"/stories/": "page"}),
        ("stories/surf-contest/index.html", {"/stories/": "true"}),
        ("events/beach-cleanup-2026-12-05/index.html", {"/events/": "true"}),
        ("communities/surf/index.html", {"/communities/": "true"}),
        ("about/index.html", {"/about/": "page"}),
        ("404.html", {}),
    ],
)
def test_the_menu_marks_where_the_reader_is(page: str, current: dict[str, str]) -> None:
    links = nav_links(render(make_site())[page])
    marked = {link["href"]: link["aria-current"] for link in links if "aria-current" in link}
    assert marked == current


# --- home page -------------------------------------------------------------------------


def test_home_leads_with_the_newest_story_and_the_next_event() -> None:
    stories = (make_story("newest", date=at("2026-11-01 09:00")), make_story())
    html = render(make_site(stories=stories))["index.html"].decode()
    lead = html[html.index('class="lead'):html.index("</article>")]  # fmt: skip
    assert 'href="/stories/newest/"' in lead
    assert html.count('href="/stories/newest/"') == 1  # not repeated among the cards
    assert 'href="/events/beach-cleanup-2026-12-05/"' in html[html.index('class="next-event"') :]


def test_a_featured_story_leads_even_when_older() -> None:
    stories = (make_story("newest", date=at("2026-11-01 09:00")), make_story(featured=True))
    html = render(make_site(stories=stories))["index.html"].decode()
    assert (
        'href="/stories/surf-contest/"' in html[html.index('class="lead') :].split("</article>")[0]
    )


def test_home_h1_says_what_the_page_is_for_not_the_site_name() -> None:
    site = make_site()
    html = render(site)["index.html"].decode()
    h1 = html.split("<h1", 1)[1].split("</h1>", 1)[0]
    assert site.settings.title not in h1 and html.count("<h1") == 1


def test_featured_and_the_alert_title_are_read_from_content(tmp_path: Path) -> None:
    alert = 'alert: {title: Pier lot closed, message: Closed., expires: "2026-12-01"}\n'
    featured = STORY.replace("communities:", "featured: true\ncommunities:")
    site = load(tmp_path, {"site.yaml": SITE_YAML + alert, "stories/2026-01-01-old.md": featured,
                           "stories/2026-09-01-new.md": STORY})  # fmt: skip
    assert site.lead_story is not None and site.lead_story.slug == "old"
    assert site.alert is not None and site.alert.title == "Pier lot closed"


# --- alert ------------------------------------------------------------------------------


def alert_site(**fields: Any) -> Any:
    values = {"message": "The pier lot is closed for repaving through Friday, Nov. 27.",
              "level": "warning", "expires": at("2026-11-28 00:00")} | fields  # fmt: skip
    return make_site(settings=make_settings(alert=Alert(**values)))


def test_the_alert_has_a_one_line_form_with_more_behind_a_details_element() -> None:
    html = render(alert_site(title="Pier lot closed"))["index.html"].decode()
    short = html[html.index('<details class="alert__short">') : html.index("</details>")]
    assert "<summary><span><strong>Warning:</strong> Pier lot closed</span>" in short
    assert "through Friday, Nov. 27." in short  # the whole text, one tap away
    assert '<p class="alert__full">' in html


def test_an_alert_without_title_is_shortened_at_a_word() -> None:
    alert = alert_site().settings.alert
    assert alert.headline == "The pier lot is closed for repaving through…"
    assert replace(alert, message="Short.").headline == "Short."


def test_an_emergency_alert_is_never_folded_away() -> None:
    html = render(alert_site(level="emergency"))["index.html"].decode()
    assert "<details" not in html.split("</main>")[0] and '<p class="alert__full">' in html


# --- cards, 404, stylesheet -------------------------------------------------------------


def test_a_story_without_a_picture_gets_its_communitys_frame() -> None:
    stories = (make_story("pictured", image="/media/a.png", image_alt="A"), make_story())
    files = render(make_site(stories=stories, media=("/media/a.png",)))
    frames = with_class(files["stories/index.html"], "media")
    assert len(frames) == 2  # one per card: the grid has no holes
    assert all("tone-1" in frame["class"].split() for frame in frames)  # surf is listed first


def test_the_404_page_names_no_address_of_its_own() -> None:
    html = render(make_site())["404.html"].decode()
    assert 'rel="canonical"' not in html and "og:url" not in html and "Printed from" not in html


def test_the_stylesheet_stays_small() -> None:
    """Every page waits for it: it stays under 20 KB, uncompressed."""
    assert CSS.stat().st_size < CSS_BUDGET, f"site.css is {CSS.stat().st_size} bytes"


# --- in the browser ---------------------------------------------------------------------

FIRST_SCREEN = """() => {
  const links = [...document.querySelectorAll('.masthead a[href^="tel:"]')];
  return links.map((link) => {
    const box = link.getBoundingClientRect();
    return {text: link.textContent, bottom: box.bottom, width: box.width,
            shown: link.checkVisibility({visibilityProperty: true, opacityProperty: true})};
  });
}"""


def test_the_emergency_line_is_on_the_first_phone_screen_of_every_page(
    browser: Any, sample_server: str, sample_pages: list[str], sample_settings: dict[str, Any]
) -> None:
    """At 390 x 844, both tel: links sit in the masthead above the fold, on every page."""
    contact = sample_settings["contact"]
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    problems = []
    for page in sample_pages:
        tab.goto(page_url(sample_server, page), wait_until="load")
        links = tab.evaluate(FIRST_SCREEN)
        texts = [link["text"] for link in links]
        if texts != [contact["emergency"], contact["non_emergency"]]:
            problems.append(f"{url_path(page)}: masthead phone links {texts}")
        problems += [
            f"{url_path(page)}: {link['text']} not on the first screen ({link['bottom']:.0f}px)"
            for link in links
            if not link["shown"] or link["width"] == 0 or link["bottom"] > PHONE["height"]
        ]
    tab.emulate_media(media="print")
    tab.goto(page_url(sample_server, "index.html"), wait_until="load")
    if not all(link["shown"] for link in tab.evaluate(FIRST_SCREEN)):
        problems.append("/: the emergency line is not printed")
    context.close()
    assert not problems, "\n".join(problems)


def test_the_menu_is_one_row_on_a_phone(browser: Any, sample_server: str) -> None:
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    tab.goto(sample_server, wait_until="load")
    tops = tab.evaluate("""() => [...document.querySelectorAll('.site-nav a')]
        .filter((a) => a.checkVisibility()).map((a) => a.getBoundingClientRect().top)""")
    context.close()
    assert len(tops) >= 4 and len(set(tops)) == 1, tops


def luminance(rgb: str) -> float:
    """Relative luminance (WCAG 2.1) of a computed `rgb(r, g, b)` colour."""
    channels = [int(part) / 255 for part in rgb[rgb.index("(") + 1 : -1].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_date_badge_stands_out_from_its_card(
    browser: Any, sample_server: str, scheme: str
) -> None:
    """WCAG 1.4.11: the badge is a graphic that carries the date, so 3:1 against its card."""
    context = browser.new_context(color_scheme=scheme)
    tab = context.new_page()
    tab.goto(sample_server + "events/", wait_until="load")
    badge, card = tab.evaluate("""() => {
        const badge = document.querySelector('.event__date');
        return [badge, badge.closest('.event')].map((el) => getComputedStyle(el).backgroundColor);
    }""")
    context.close()
    assert contrast(badge, card) >= 3, f"{badge} on {card}: {contrast(badge, card):.2f}:1"


ZOOMED = """() => {
  document.documentElement.style.fontSize = "200%";
  const root = document.documentElement;
  const hidden = [...document.querySelectorAll('.masthead a:not(.site-nav__extra a), main h1')]
    .filter((el) => !el.checkVisibility()).map((el) => el.textContent.trim());
  return {overflow: root.scrollWidth - root.clientWidth, hidden: hidden};
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_text_at_200_percent_loses_nothing(
    browser: Any, sample_server: str, sample_pages: list[str], width: int
) -> None:
    """WCAG 1.4.4: text twice the size still fits the screen and the header keeps its links."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    tab = context.new_page()
    problems = []
    for page in one_of_each_kind(sample_pages):
        tab.goto(page_url(sample_server, page), wait_until="load")
        seen = tab.evaluate(ZOOMED)
        if seen["overflow"] > 0:
            problems.append(f"{url_path(page)}: {seen['overflow']}px wider than the screen")
        problems += [f"{url_path(page)}: {text!r} hidden" for text in seen["hidden"]]
    context.close()
    assert not problems, "\n".join(problems)


LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitaenswitwenrentenversicherungsbescheinigung"


def test_words_that_cannot_wrap_never_widen_a_phone_page(browser: Any, tmp_path: Path) -> None:
    """WCAG 1.4.10 at 320 px, with text a PIO may well write (a fuzzing find): one long
    word in the short alert's title pushed "More" off screen; a community named with
    it stretched its tags and feed links; an 8-column table widened the story; and
    Spanish ranges ("de 11:30 a. m. a 12:45 p. m.") stuck out of their boxes."""
    import shutil
    from datetime import datetime

    from browser import serve_folder

    from microsite import pipeline

    repo = Path(__file__).resolve().parent.parent
    content = shutil.copytree(repo / "content", tmp_path / "content")
    site_yaml = content / "site.yaml"
    alert = f"alert:\n  level: info\n  title: Deck closed, {LONG_WORD} applies\n"
    alert += "  message: The pier deck is closed.\n  expires: 2026-12-31\n"
    text = site_yaml.read_text()
    site_yaml.write_text(text[: text.index("alert:")] + alert if "alert:" in text else text + alert)
    communities = content / "communities.yaml"
    communities.write_text(communities.read_text().replace("{en: Music, es: Música}", LONG_WORD))
    table = "| " + " | ".join(f"Column heading {n}" for n in range(8)) + " |\n"
    table += (
        "|" + "---|" * 8 + "\n| " + " | ".join(f"Value {n} with text" for n in range(8)) + " |\n"
    )
    story = content / "stories/2026-08-02-surf-contest.md"
    story.write_text(story.read_text() + "\n" + table)
    events = content / "events/zz-times.yaml"
    events.write_text(
        "- title: {en: Late morning meeting, es: Reunión de media mañana}\n"
        "  slug: late-morning\n  start: 2026-12-05 11:30\n  end: 2026-12-05 12:45\n"
        "  location: Pier\n"
    )
    folders = pipeline.Folders(content, repo / "templates")
    pipeline.build_into(folders, tmp_path / "site", now=datetime(2026, 11, 25, 9), jobs=1)
    pages = [
        "", "es/", "stories/surf-contest/", "communities/music/", "es/communities/music/",
        "events/late-morning/", "es/events/late-morning/", "es/events/",
    ]  # fmt: skip
    context = browser.new_context(viewport={"width": 320, "height": 700})
    tab = context.new_page()
    wide = []
    with serve_folder(tmp_path / "site") as base:
        for page in pages:
            tab.goto(base + page, wait_until="load")
            width = tab.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                wide.append(f"/{page}: {width}px")
    context.close()
    assert not wide, wide


FOCUSED_LINKS = """() => [...document.querySelectorAll('header a, footer a')]
  .filter((a) => a.checkVisibility())
  .map((a) => { a.focus({focusVisible: true});
    const inside = [a, ...a.querySelectorAll('*')].map((e) => getComputedStyle(e).color);
    return {text: a.textContent.trim().slice(0, 30), back: getComputedStyle(a).backgroundColor,
            colors: inside}; })"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_focused_link_in_header_and_footer_reads_on_its_yellow(
    browser: Any, sample_server: str, scheme: str
) -> None:
    """The masthead's "911" kept its amber on the focus yellow (1.3:1), the menu its white
    (1.6:1): a keyboard user could not read the link they were on (review find)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    tab = context.new_page()
    tab.goto(sample_server, wait_until="load")
    tab.keyboard.press("Tab")  # the page is now navigated by keyboard: :focus-visible applies
    links = tab.evaluate(FOCUSED_LINKS)
    context.close()
    assert len(links) > 10
    poor = [
        (link["text"], color, round(contrast(color, link["back"]), 2))
        for link in links
        for color in link["colors"]
        if contrast(color, link["back"]) < 4.5
    ]
    assert poor == []


def test_with_forced_colours_only_the_current_page_has_the_menu_bar(
    browser: Any, sample_server: str
) -> None:
    """Forced colours paint a transparent border in the link colour: every menu link had
    one, so all six looked current (review find)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, forced_colors="active")
    tab = context.new_page()
    tab.goto(sample_server + "events/", wait_until="load")
    bars = tab.evaluate("""() => [...document.querySelectorAll('.site-nav a')].map((a) =>
        [a.textContent.trim(), getComputedStyle(a).borderBottomWidth])""")
    context.close()
    assert [name for name, width in bars if width != "0px"] == ["Events"]
