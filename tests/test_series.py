"""The "done when" of recurring events: pages and calendars agree, as two calendar apps read them.

The sample site has Coffee with a Cop written once with `repeat:` (the first
Tuesday of each month), January skipped, February cancelled and March moved
to a Wednesday, across the March 14, 2027 daylight-saving change. Every
calendar the build publishes is expanded by two independent readers,
`recurring-ical-events` (Python) and Mozilla's `ical.js` (what Thunderbird
uses), and the dates they give must be exactly the dates the HTML shows.
"""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from browser import REPO
from conftest import SAMPLE_NOW

LA = ZoneInfo("America/Los_Angeles")
NOW = datetime.fromisoformat(SAMPLE_NOW).replace(tzinfo=LA)
UNTIL = datetime.combine(
    (NOW + timedelta(days=366)).date() + timedelta(days=1), datetime.min.time(), LA
)
STATUSES = {"CONFIRMED": "scheduled", "CANCELLED": "cancelled", "TENTATIVE": "postponed"}
COFFEE = "/events/coffee-with-a-cop-riviera-village/"
Claim = tuple[str, str, str]  # (event path, start key, status)


def start_key(text: str) -> str:
    """A `<time datetime>` or expansion start as UTC (`...Z`), or a bare date for all-day."""
    if len(text) == 10:
        return text
    return datetime.fromisoformat(text).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def upcoming(claims: set[Claim]) -> set[Claim]:
    """Occurrences that start from the build clock on (an all-day one: from its day)."""
    now_key, today = start_key(NOW.isoformat()), NOW.date().isoformat()
    return {c for c in claims if (c[1] >= today if len(c[1]) == 10 else c[1] >= now_key)}


def list_claims(html: str) -> set[Claim]:
    """What an events list says: each item's page, date and status."""
    found = set()
    for match in re.finditer(r'<li class="event(?: event--(\w+))?">(.*?)</li>', html, re.S):
        path = re.search(r'<a href="([^"#]+)', match.group(2)).group(1)
        when = re.search(r'<time datetime="([^"]+)"', match.group(2)).group(1)
        found.add((path, start_key(when), match.group(1) or "scheduled"))
    return found


def series_claims(html: str, path: str) -> set[Claim]:
    """What a series page's "Coming dates" says, skipped dates left out (they have no entry)."""
    found = set()
    pattern = (
        r'<li id="on-[\d-]+" class="event-dates__item(?: event-dates__item--(\w+))?">(.*?)</li>'
    )
    for match in re.finditer(pattern, html, re.S):
        if match.group(1) != "skipped":
            when = re.search(r'<time datetime="([^"]+)"', match.group(2)).group(1)
            found.add((path, start_key(when), match.group(1) or "scheduled"))
    return found


def paths_by_uid(calendar: icalendar.Calendar) -> dict[str, str]:
    return {str(v["UID"]): "/" + str(v["URL"]).split("/", 3)[3] for v in calendar.walk("VEVENT")}


def python_claims(ics: Path) -> set[Claim]:
    """The occurrences `recurring-ical-events` expands, as calendar apps built on it would."""
    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    paths = paths_by_uid(calendar)
    found = set()
    for item in recurring_ical_events.of(calendar).between(NOW, UNTIL):
        start = item.decoded("DTSTART")
        key = start.isoformat() if not isinstance(start, datetime) else start_key(start.isoformat())
        found.add((paths[str(item["UID"])], key, STATUSES[str(item["STATUS"])]))
    return upcoming(found)


def icaljs_claims(ics: Path) -> set[Claim]:
    """The occurrences Mozilla's ical.js expands (tests/icaljs_expand.mjs)."""
    paths = paths_by_uid(icalendar.Calendar.from_ical(ics.read_bytes()))
    window = [NOW.astimezone(UTC).isoformat(), UNTIL.astimezone(UTC).isoformat()]
    result = subprocess.run(
        ["node", "tests/icaljs_expand.mjs", str(ics), *window],
        cwd=REPO, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    items = json.loads(result.stdout)
    return upcoming({(paths[i["uid"]], i["start"], STATUSES[i["status"]]) for i in items})


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def events_pages(site: Path) -> set[Claim]:
    """Every date the events list shows, over all its pages (/events/, /events/page/2/, ...)."""
    pages = [site / "events/index.html", *sorted((site / "events/page").glob("*/index.html"))]
    return {c for page in pages for c in list_claims(page.read_text(encoding="utf-8"))}


def first(claims: set[Claim], count: int) -> set[Claim]:
    """The `count` soonest, in the site's order (start, then address)."""
    return set(sorted(claims, key=lambda c: (c[1], c[0]))[:count])


def all_three_agree(site: Path, ics: str, shown: set[Claim]) -> None:
    """The HTML, recurring-ical-events and ical.js give exactly the same dates."""
    assert shown, f"nothing listed to compare with {ics}"
    assert python_claims(site / ics) == shown, f"{ics} (recurring-ical-events) != the pages"
    assert icaljs_claims(site / ics) == shown, f"{ics} (ical.js) != the pages"


def test_done_when_coffee_with_a_cop(sample_site: Path) -> None:
    """Skipped January, cancelled February, March moved to Wednesday, 8 a.m. across DST."""
    shown = series_claims(
        read(sample_site, "events/coffee-with-a-cop-riviera-village/index.html"), COFFEE
    )
    assert sorted(shown) == [
        (COFFEE, "2026-12-01T16:00:00Z", "scheduled"),
        (COFFEE, "2027-02-02T16:00:00Z", "cancelled"),
        (COFFEE, "2027-03-03T16:00:00Z", "scheduled"),  # Wednesday, still PST
        (COFFEE, "2027-04-06T15:00:00Z", "scheduled"),  # 8 a.m. PDT after March 14
        (COFFEE, "2027-05-04T15:00:00Z", "scheduled"),
        (COFFEE, "2027-06-01T15:00:00Z", "scheduled"),
    ]
    all_three_agree(sample_site, "events/coffee-with-a-cop-riviera-village/event.ics", shown)


def test_site_calendar_matches_the_events_page(sample_site: Path) -> None:
    shown = upcoming(events_pages(sample_site))
    assert {c for c in shown if c[0] == COFFEE} == series_claims(
        read(sample_site, "events/coffee-with-a-cop-riviera-village/index.html"), COFFEE
    )
    all_three_agree(sample_site, "events.ics", upcoming(shown))


def next_event_claim(html: str) -> set[Claim]:
    """What the home page's "Next event" panel says: its page, date and status."""
    panel = re.search(r'<section class="next-event".*?</section>', html, re.S)
    if panel is None:
        return set()
    path = re.search(r'<a class="button" href="([^"#]+)', panel.group()).group(1)
    when = re.search(r'<time datetime="([^"]+)"', panel.group()).group(1)
    status = re.search(r'class="status status--(\w+)"', panel.group())
    return {(path, start_key(when), status.group(1) if status else "scheduled")}


def test_home_page_shows_the_first_upcoming_dates(sample_site: Path) -> None:
    """The "Next event" panel and the "Coming up" list together: the soonest dates."""
    html = read(sample_site, "index.html")
    home = next_event_claim(html) | list_claims(html)
    assert home and home == first(upcoming(events_pages(sample_site)), len(home))


@pytest.mark.parametrize("key", ["neighborhoods", "skate", "youth"])
def test_community_calendars_match_their_pages(sample_site: Path, key: str) -> None:
    """A community's calendar has exactly its events' dates from the events list, and its
    page shows the soonest of them (the next 20)."""
    ics = sample_site / f"communities/{key}/events.ics"
    paths = set(paths_by_uid(icalendar.Calendar.from_ical(ics.read_bytes())).values())
    listed = {c for c in upcoming(events_pages(sample_site)) if c[0] in paths}
    all_three_agree(sample_site, f"communities/{key}/events.ics", listed)
    shown = list_claims(read(sample_site, f"communities/{key}/index.html"))
    assert shown == first(listed, len(shown)) and len(shown) == min(20, len(listed))


@pytest.mark.parametrize("slug", ["teen-skate-session", "national-night-out"])
def test_each_series_file_matches_its_page(sample_site: Path, slug: str) -> None:
    path = f"/events/{slug}/"
    shown = series_claims(read(sample_site, f"events/{slug}/index.html"), path)
    all_three_agree(sample_site, f"events/{slug}/event.ics", shown)


def test_weekly_series_skips_the_winter_break_and_runs_a_year_ahead(sample_site: Path) -> None:
    html = read(sample_site, "events/teen-skate-session/index.html")
    days = re.findall(
        r'<li id="on-([\d-]+)" class="event-dates__item(?: event-dates__item--(\w+))?"', html
    )
    assert ("2026-12-23", "skipped") in days and ("2026-12-30", "skipped") in days
    assert days[0][0] == "2026-11-25" and date.fromisoformat(days[-1][0]) <= UNTIL.date()
    assert len(days) == 53  # every Wednesday from the build day to a year ahead


NIGHT_PATROL = """\
- title: Night patrol
  slug: night-patrol
  start: "2027-03-07 02:30"
  end: "2027-03-07 03:00"
  location: Pier
  repeat: {every: week, count: 3}
"""


def test_the_skipped_hour_reads_as_calendars_read_it(tmp_path: Path) -> None:
    """A weekly 2:30 a.m. lands in the hour skipped on March 14, 2027: both calendar
    readers put that date at 3:30 a.m. (RFC 5545), and the page must say the same time."""
    from sitefactory import make_site

    from microsite.cli import main
    from microsite.dates import ap_time

    content = make_site(tmp_path, {"events/e.yaml": NIGHT_PATROL})
    site = tmp_path / "site"
    argv = ["build", "--content", str(content), "--templates", str(REPO / "templates")]
    assert main([*argv, "--output", str(site), "--now", SAMPLE_NOW, "--quiet"]) == 0
    path, html = "/events/night-patrol/", read(site, "events/night-patrol/index.html")
    shown = series_claims(html, path)
    all_three_agree(site, "events/night-patrol/event.ics", shown)
    items = re.findall(r'<li id="on-([\d-]+)".*?<time datetime="([^"]+)">(.*?)</time>', html, re.S)
    said = {day: re.sub(r"<[^>]+>|\s+", " ", text) for day, _, text in items}
    assert "3:30\u20134 a.m." in said["2027-03-14"] and "2:30\u20133 a.m." in said["2027-03-21"]
    for day, when, text in items:  # the clock the page shows is the calendar's local time
        local = datetime.fromisoformat(start_key(when).replace("Z", "+00:00")).astimezone(LA)
        assert ap_time(local).split()[0] in re.sub(r"<[^>]+>", "", text), day
