"""A series without end keeps its hour in calendars past the years the VTIMEZONE lists.

The reference for each zone's rule is `zoneinfo` itself: the repeating
observances must put every clock change on the day and hour it really falls.
The reference for what a subscriber sees is Mozilla's ical.js (Thunderbird),
which reads the VTIMEZONE rather than its own zone database: a weekly 4 p.m.
session must stay at 4 p.m. local time, years after the build (a fuzzing find:
it moved to 5 p.m. from the first spring after the listed years).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from browser import REPO

from microsite.content.load import load_site
from microsite.render import zonerules
from microsite.render.calendar import ics_calendar
from microsite.render.zonerules import yearly_changes

# Zones whose rule today an RRULE can say: north and south, a 45-minute offset,
# a change at 1:00 or 3:45, and Ireland's winter "daylight" time below standard.
SAID = [
    "America/Los_Angeles",
    "America/New_York",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Berlin",
    "Australia/Sydney",
    "Pacific/Chatham",
    "Pacific/Auckland",
]
# No clock changes today, or changes an RRULE cannot say (at -1:00, 24:00, 50:00).
UNSAID = ["Asia/Tehran", "America/Sao_Paulo", "UTC", "Asia/Kolkata", "America/Nuuk"]
UNSAID += ["America/Santiago", "Asia/Gaza"]


@pytest.mark.parametrize("tzid", SAID)
def test_each_repeating_change_falls_when_the_zone_database_has_it(tzid: str) -> None:
    zone = ZoneInfo(tzid)
    changes = yearly_changes(tzid)
    assert changes is not None
    for year in range(2030, 2040):
        for change in changes:
            local = datetime.combine(change.day_in(year), change.at)
            # The clock before the change reads `at` with the offset `before`.
            moment = (local - change.before).replace(tzinfo=UTC)
            assert moment.astimezone(zone).utcoffset() == change.after, (tzid, year, change)
            earlier = moment - timedelta(minutes=1)
            assert earlier.astimezone(zone).utcoffset() == change.before, (tzid, year, change)


@pytest.mark.parametrize("tzid", UNSAID)
def test_a_zone_without_a_rule_an_rrule_can_say_gets_none(tzid: str) -> None:
    assert yearly_changes(tzid) is None
    assert zonerules.ongoing(tzid, 2027) == b""


def icaljs(ics: Path, start: str, end: str) -> list[dict[str, str]]:
    result = subprocess.run(
        ["node", "tests/icaljs_expand.mjs", str(ics), start, end],
        cwd=REPO, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    return json.loads(result.stdout)


@pytest.mark.parametrize("tzid", ["America/Los_Angeles", "Australia/Sydney", "Europe/Dublin"])
def test_a_weekly_session_keeps_its_hour_for_years_in_ical_js(tzid: str, tmp_path: Path) -> None:
    """The sample's Teen Skate Session (weekly, 4 p.m., no end), its site moved to `tzid`."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    site_yaml = content / "site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("America/Los_Angeles", tzid))
    zone = ZoneInfo(tzid)
    site, _ = load_site(content, now=datetime(2026, 11, 25, 9, tzinfo=zone))
    skate = [e for e in site.events if e.slug == "teen-skate-session"]
    assert skate and skate[0].repeat is not None and skate[0].repeat.until is None
    ics = tmp_path / "events.ics"
    ics.write_bytes(ics_calendar(site, skate, name="test"))
    assert len(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VTIMEZONE")) == 1
    for year in (2029, 2031, 2034):
        found = icaljs(ics, f"{year}-01-01T00:00:00Z", f"{year + 1}-01-01T00:00:00Z")
        assert len(found) >= 50
        for item in found:
            start = datetime.fromisoformat(item["start"].replace("Z", "+00:00")).astimezone(zone)
            assert start.time() == time(16), (tzid, item["start"])


def test_the_calendar_no_longer_says_its_zone_works_only_for_some_years(
    sample_site: Path,
) -> None:
    ics = (sample_site / "events.ics").read_bytes()
    assert b"This timezone only works" not in ics
    assert b"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU" in ics


def test_dates_in_every_listed_year_keep_their_hour_in_ical_js(tmp_path: Path) -> None:
    """icalendar listed a zone's later clock changes as RDATEs of the first, which ical.js
    (Thunderbird) misreads: a calendar spanning 2026 to 2028 put the summer dates of 2026
    and 2028 an hour late (fuzzing find). Each change is its own observance now."""
    zone = ZoneInfo("America/Los_Angeles")
    now = datetime(2026, 11, 25, 9, tzinfo=zone)
    events = "".join(
        f"- title: Summer safety day {year}\n  slug: summer-{year}-{month}\n"
        f'  start: "{year}-{month:02}-04 10:00"\n  location: Pier\n'
        for year in (2026, 2027, 2028)
        for month in (1, 7)
    )
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    (content / "events" / "summer.yaml").write_text(events)
    site, _ = load_site(content, now=now)
    mine = [e for e in site.events if e.title.startswith("Summer safety day")]
    assert len(mine) == 6
    ics = tmp_path / "events.ics"
    ics.write_bytes(ics_calendar(site, mine, name="test"))
    found = icaljs(ics, "2026-01-01T00:00:00Z", "2029-01-01T00:00:00Z")
    assert len(found) == 6
    for item in found:
        start = datetime.fromisoformat(item["start"].replace("Z", "+00:00")).astimezone(zone)
        assert start.time() == time(10), item["start"]


def test_a_zone_s_short_periods_are_listed_and_read_right_by_ical_js(tmp_path: Path) -> None:
    """Morocco's clocks go back for the five weeks of Ramadan; icalendar's VTIMEZONE, which
    looks for changes 64 days apart, missed the 2027 ones, and ical.js put those weeks'
    events an hour off (review find). Every change of the listed years is in it now."""
    tzid = "Africa/Casablanca"
    zone = ZoneInfo(tzid)
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    site_yaml = content / "site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("America/Los_Angeles", tzid))
    days = [date(2026, 12, 1) + timedelta(days=9 * n) for n in range(20)]  # to mid-2027
    (content / "events" / "noon.yaml").write_text(
        "".join(
            f'- title: Noon walk {day}\n  slug: noon-{day}\n  start: "{day} 12:00"\n'
            "  location: Pier\n"
            for day in days
        )
    )
    site, _ = load_site(content, now=datetime(2026, 11, 25, 9, tzinfo=zone))
    mine = [e for e in site.events if e.title.startswith("Noon walk")]
    ics = tmp_path / "events.ics"
    ics.write_bytes(ics_calendar(site, mine, name="test"))
    found = icaljs(ics, "2026-11-01T00:00:00Z", "2028-01-01T00:00:00Z")
    assert len(found) == len(days)
    for item in found:
        start = datetime.fromisoformat(item["start"].replace("Z", "+00:00")).astimezone(zone)
        assert start.time() == time(12), item["start"]
