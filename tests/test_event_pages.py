"""What a resident sees of an event: identity that survives a move, honest status, sign-up, links."""

from __future__ import annotations

import json
import re
from pathlib import Path

import icalendar
import pytest
from conftest import build_site
from sitefactory import make_site, png, problems_for

EVENT = """\
- title: Youth Band Showcase
  slug: youth-band-showcase
  start: "{start}"
  end: "{end}"
  location: Main Library
  address: "303 N. Pacific Coast Highway, Redondo Beach, CA 90277"
  status: {status}
  registration: https://harbor.example/bands
  deadline: {deadline}
  updated: "{updated}"
"""


def build(tmp_path: Path, name: str, **fields: str) -> Path:
    values = {
        "start": "2027-01-23 18:00", "end": "2027-01-23 21:00", "status": "scheduled",
        "deadline": "2027-01-10", "updated": "2026-11-01 10:00",
    } | fields  # fmt: skip
    content = make_site(tmp_path / name, {"events/e.yaml": EVENT.format(**values)})
    output = tmp_path / name / "site"
    result = build_site(output, "--content", str(content), "--now", "2026-11-25T09:00")
    assert result.returncode == 0, result.stderr
    return output


def vevent(site: Path) -> icalendar.Event:
    data = (site / "events/youth-band-showcase/event.ics").read_bytes()
    (found,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    return found


def page(site: Path) -> str:
    return (site / "events/youth-band-showcase/index.html").read_text(encoding="utf-8")


def test_moving_a_pinned_event_keeps_its_address_and_uid_and_supersedes(tmp_path: Path) -> None:
    before = build(tmp_path, "before")
    after = build(
        tmp_path, "after", start="2027-02-20 18:00", end="2027-02-20 21:00",
        updated="2026-11-20 09:00",
    )  # fmt: skip
    assert vevent(before)["UID"] == vevent(after)["UID"]
    assert vevent(after).start.day == 20 and "Saturday, Feb. 20, 2027" in page(after)
    assert vevent(after)["SEQUENCE"] > vevent(before)["SEQUENCE"]
    assert vevent(after).decoded("LAST-MODIFIED").isoformat() == "2026-11-20T17:00:00+00:00"
    assert not (after / "events/youth-band-showcase-2027-01-23").exists()


def test_cancelling_raises_the_sequence_even_without_updated(tmp_path: Path) -> None:
    scheduled = build(tmp_path, "on")
    cancelled = build(tmp_path, "off", status="cancelled")
    assert vevent(cancelled)["SEQUENCE"] == vevent(scheduled)["SEQUENCE"] + 1
    assert vevent(cancelled)["STATUS"] == "CANCELLED"


def test_postponed_says_so_where_the_date_would_be(tmp_path: Path) -> None:
    html = page(build(tmp_path, "p", status="postponed"))
    assert re.search(
        r"<strong>Postponed — new date to come</strong> <s>.*Saturday, Jan\. 23, 2027", html
    )
    listing = (build(tmp_path, "p") / "events/index.html").read_text(encoding="utf-8")
    assert "Postponed — new date to come" not in listing  # only when it is postponed


def head(html: str) -> dict[str, str]:
    """The page's title and the descriptions a link preview shows."""
    found = {"title": re.search(r"<title>(.*?)</title>", html).group(1)}
    for name in ("description", "og:title", "og:description"):
        attribute = "property" if name.startswith("og:") else "name"
        found[name] = re.search(rf'<meta {attribute}="{name}" content="([^"]*)"', html).group(1)
    return found


def test_a_link_preview_of_a_cancelled_or_postponed_event_says_so_first(tmp_path: Path) -> None:
    """A shared link or a browser tab showed a cancelled event as going ahead, with its
    date (review find): the status leads, and a postponed one's old date is said to be so."""
    cancelled = head(page(build(tmp_path, "c", status="cancelled")))
    assert cancelled["title"].startswith("Cancelled: Youth Band Showcase, Jan. 23, 2027")
    assert cancelled["og:title"] == "Cancelled: Youth Band Showcase, Jan. 23, 2027"
    assert (
        cancelled["description"]
        == cancelled["og:description"]
        == ("Cancelled. Saturday, Jan. 23, 2027, 6–9 p.m., at Main Library.")
    )
    postponed = head(page(build(tmp_path, "p", status="postponed")))
    assert postponed["og:title"] == "Postponed: Youth Band Showcase, Jan. 23, 2027"
    assert postponed["og:description"] == (
        "Postponed. A new date has not been set yet. It was planned for Saturday, "
        "Jan. 23, 2027, 6–9 p.m., at Main Library."
    )
    scheduled = head(page(build(tmp_path, "s")))
    assert scheduled["og:title"] == "Youth Band Showcase, Jan. 23, 2027"


def test_a_postponed_event_offers_no_date_to_add_but_an_update(tmp_path: Path) -> None:
    """Its date is void: "Add to Google Calendar" put the old date in residents'
    calendars (review find). Those who added it can update it; the .ics says so."""
    html = page(build(tmp_path, "p", status="postponed"))
    assert "Add to Apple Calendar" not in html and "calendar.google.com" not in html
    assert "to mark it postponed." in html
    assert vevent(build(tmp_path, "q", status="postponed"))["SUMMARY"] == (
        "Postponed: Youth Band Showcase"
    )


def test_cancelled_has_no_add_button_but_offers_an_update(tmp_path: Path) -> None:
    html = page(build(tmp_path, "c", status="cancelled"))
    assert "Add to Apple Calendar" not in html and "Add to Google Calendar" not in html
    assert "Update your calendar" in html
    assert "Add to Apple Calendar / Outlook (.ics)" in page(build(tmp_path, "s"))


def test_times_never_wrap_mid_range(tmp_path: Path) -> None:
    assert '<span class="nowrap">6–9 p.m.</span>' in page(build(tmp_path, "t"))


def test_sign_up_until_the_deadline_then_closed(tmp_path: Path) -> None:
    open_page = page(build(tmp_path, "open"))
    assert 'href="https://harbor.example/bands"' in open_page
    closed = page(build(tmp_path, "closed", deadline="2026-11-20"))
    assert "Registration is closed." in closed and "harbor.example/bands" not in closed


def jsonld_offer(html: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    events = [json.loads(text) for text in found]
    return next(e["offers"] for e in events if e.get("@type") == "Event")


def test_a_deadline_written_as_a_day_stays_open_all_that_day(tmp_path: Path) -> None:
    """`deadline: 2026-11-25` at 9 a.m. that day: still open, named as the day alone; the
    page had said "midnight" and closed the sign-up at the day's first moment."""
    html = page(build(tmp_path, "today", deadline="2026-11-25"))
    assert 'href="https://harbor.example/bands"' in html
    assert re.search(
        r"by <time datetime=\"2026-11-25T23:59:59-08:00\">[^<]*Nov\. 25, 2026</time>", html
    )
    offer = jsonld_offer(html)
    assert offer["validThrough"] == "2026-11-25T23:59:59-08:00"
    assert offer["availability"] == "https://schema.org/InStock"
    closed = jsonld_offer(page(build(tmp_path, "past", deadline="2026-11-24")))
    assert "availability" not in closed


def test_cost_directions_and_google_link(tmp_path: Path) -> None:
    html = page(build(tmp_path, "x"))
    assert "<dt>Cost</dt>\n      <dd>Free</dd>" in html
    assert "https://www.openstreetmap.org/search?query=303+N.+Pacific+Coast+Highway" in html
    google = re.search(r'href="(https://calendar\.google\.com/[^"]+)"', html).group(1)
    assert "action=TEMPLATE" in google and "dates=20270123T180000/20270123T210000" in google
    assert "ctz=America/Los_Angeles" in google


def test_single_event_file_is_not_a_calendar_but_subscriptions_are(tmp_path: Path) -> None:
    site = build(tmp_path, "f")
    own = icalendar.Calendar.from_ical((site / "events/youth-band-showcase/event.ics").read_bytes())
    assert "X-WR-CALNAME" not in own and "REFRESH-INTERVAL" not in own
    whole = icalendar.Calendar.from_ical((site / "events.ics").read_bytes())
    assert whole["X-WR-CALNAME"] and str(whole["X-PUBLISHED-TTL"]) == "PT12H"
    assert whole["REFRESH-INTERVAL"].to_ical() == b"PT12H"


def test_events_page_groups_by_month_and_offers_subscribe(sample_site: Path) -> None:
    html = (sample_site / "events/index.html").read_text(encoding="utf-8")
    months = re.findall(r'<h3 id="month-[\d-]+" class="month-heading">([^<]+)</h3>', html)
    assert months[:3] == ["November 2026", "December 2026", "January 2027"]
    assert 'href="webcal://community.redondo.org/events.ics"' in html
    # The address to copy may break only after a slash (`<wbr>`, which copying leaves out).
    copy = re.search(r'<code class="copyable">(.*?)</code>', html).group(1)
    assert copy.replace("<wbr>", "") == "https://community.redondo.org/events.ics"
    assert copy.endswith("/<wbr>events.ics")
    assert 'href="/events/past/"' in html and (sample_site / "events/past/index.html").exists()
    assert (sample_site / "follow/index.html").exists()


def test_two_links_to_one_series_name_their_dates(sample_site: Path) -> None:
    html = (sample_site / "events/index.html").read_text(encoding="utf-8")
    texts = re.findall(r'<a href="/events/teen-skate-session/#[^"]+">(.*?)</a>', html)
    assert len(texts) > 5 and len(set(texts)) == len(texts)
    assert 'href="/events/page/2/"' in html  # a year of weekly dates is more than one page


PICTURED = """\
- title: National Night Out
  slug: national-night-out
  start: "2027-08-03 17:00"
  location: Dominguez Park
  image: /media/events/night-out.png
  image_alt: {alt}
"""


def test_an_event_with_a_picture_shows_it_and_offers_it_to_search_and_social_sites(
    tmp_path: Path,
) -> None:
    content = make_site(
        tmp_path,
        {
            "events/e.yaml": PICTURED.format(alt="Neighbors share a barbecue in the park"),
            "media/events/night-out.png": png((1600, 900), (20, 90, 160)),
        },
    )
    output = tmp_path / "site"
    result = build_site(output, "--content", str(content), "--now", "2026-11-25T09:00")
    assert result.returncode == 0, result.stderr
    html = (output / "events/national-night-out/index.html").read_text(encoding="utf-8")
    figure = re.search(r'<figure class="story__figure">(.*?)</figure>', html, re.S)
    assert figure and 'alt="Neighbors share a barbecue in the park"' in figure.group(1)
    assert 'fetchpriority="high"' in figure.group(1) and "image/webp" in figure.group(1)
    og = re.search(r'<meta property="og:image" content="([^"]+)"', html)
    assert og and "night-out" in og.group(1)  # the event's own 1200 x 630 crop
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert json.loads(script)["image"] == (
        "https://community.harbor.example/media/events/night-out.png"
    )


def test_an_event_picture_must_exist_and_be_described(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    missing = PICTURED.replace("night-out.png", "night-0ut.png").replace("  image_alt: {alt}\n", "")
    problems = problems_for(tmp_path, {"events/e.yaml": missing})
    assert any("image: '/media/events/night-0ut.png' does not exist" in p for p in problems)
    assert any("image: needs image_alt" in p for p in problems)


def test_an_event_picture_alt_text_that_says_nothing_is_a_warning(tmp_path: Path) -> None:
    content = make_site(
        tmp_path,
        {
            "events/e.yaml": PICTURED.format(alt="IMG_1234.png"),
            "media/events/night-out.png": png((800, 450), (20, 90, 160)),
        },
    )
    result = build_site(tmp_path / "site", "--content", str(content), "--now", "2026-11-25T09:00")
    assert result.returncode == 0, result.stderr
    assert re.search(r"e\.yaml:6: warning: alt-text: image_alt: .* is a file name", result.stderr)


def test_a_picture_in_an_event_description_is_sized_and_offered_in_every_width(
    tmp_path: Path,
) -> None:
    described = PICTURED.format(alt="A park").replace(
        "  image: /media/events/night-out.png\n  image_alt: A park\n",
        "  description: |\n    Bring a chair. ![Neighbors at tables](/media/events/night-out.png)\n",
    )
    content = make_site(
        tmp_path,
        {"events/e.yaml": described, "media/events/night-out.png": png((1600, 900), (20, 90, 160))},
    )
    output = tmp_path / "site"
    result = build_site(output, "--content", str(content), "--now", "2026-11-25T09:00")
    assert result.returncode == 0, result.stderr
    html = (output / "events/national-night-out/index.html").read_text(encoding="utf-8")
    img = re.search(r'<img [^>]*alt="Neighbors at tables"[^>]*>', html)
    assert img and 'width="1600"' in img.group(0) and 'height="900"' in img.group(0)
    assert 'loading="lazy"' in img.group(0) and "srcset=" in img.group(0)
    assert re.search(r'<source type="image/webp" srcset="[^"]*night-out-png-800w\.webp', html)


def test_a_spanish_link_preview_says_cancelled_in_spanish(sample_site: Path) -> None:
    html = sample_site / "es/events/coffee-with-a-cop-north-redondo-2026-12-26/index.html"
    found = head(html.read_text(encoding="utf-8"))
    assert found["og:title"].startswith("Cancelado: Café con un Policía")
    assert found["og:description"].startswith("Cancelado. Dónde: ")


def test_a_spanish_series_rule_inside_a_sentence_starts_in_lower_case(sample_site: Path) -> None:
    """ "Cuándo: Cada año" kept the capital the rule has where it starts a line (review find)."""
    html = (sample_site / "es/events/national-night-out/index.html").read_text(encoding="utf-8")
    assert "Cuándo: cada año, el primer martes de agosto" in head(html)["description"]
    english = (sample_site / "events/national-night-out/index.html").read_text(encoding="utf-8")
    assert head(english)["description"].startswith("Every year")
