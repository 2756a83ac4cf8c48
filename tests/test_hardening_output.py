"""Defence in depth: calendars and feeds stay well-formed even if bad text gets past loading,
and the command line refuses clocks, dates and titles that content could not hold.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from modelfactory import make_event, make_settings, make_site, make_story
from sitefactory import make_site as make_content

from microsite.cli import main
from microsite.model import Community
from microsite.render.calendar import ics_calendar
from microsite.render.feeds import atom_feed

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)")
TEMPLATES = Path(__file__).parent.parent / "templates"
YEARS = "(use a year from 1900 to 2999)"


def test_calendar_text_cannot_break_lines_or_inject_properties() -> None:
    site = make_site(
        settings=make_settings(title="Harbor\nPolice"),
        communities=(Community("surf", "Surf\x01\r\nX-EVIL:1", "Surfers."),),
    )
    event = make_event(title="Cleanup\rX-INJECTED:1", location="Pier\x0b", address=None)
    data = ics_calendar(site, [event], name="Surf\nevents")
    calendar = icalendar.Calendar.from_ical(data)
    (vevent,) = calendar.walk("VEVENT")
    assert vevent["SUMMARY"] == "Cleanup X-INJECTED:1"
    assert vevent["LOCATION"] == "Pier "
    assert "X-INJECTED" not in vevent and "X-EVIL" not in vevent
    assert vevent["CATEGORIES"].cats == ["Surf X-EVIL:1"]
    assert calendar["X-WR-CALNAME"] == "Surf events"
    assert re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\r(?!\n)|(?<!\r)\n", data) is None


def test_feed_attributes_drop_characters_xml_cannot_hold() -> None:
    site = make_site(communities=(Community("surf", "Surf\x01", "Surfers."),))
    data = atom_feed(site, [make_story()], title="News", path="/feed.xml", alternate="/")
    (category,) = ET.fromstring(data).iter(f"{A}category")
    assert category.get("label") == "Surf"


def test_feed_times_in_local_mean_time_are_still_rfc3339() -> None:
    detroit = ZoneInfo("America/Detroit")  # local mean time, -05:32:11, until 1905
    story = make_story(date=datetime(1901, 3, 1, 10, tzinfo=detroit))
    site = make_site(settings=make_settings(timezone=detroit), now=story.date)
    root = ET.fromstring(atom_feed(site, [story], title="N", path="/feed.xml", alternate="/"))
    published = root.findtext(f"{A}entry/{A}published")
    assert published == "1901-03-01T15:32:11+00:00"
    assert RFC3339.fullmatch(published)


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return make_content(tmp_path)


@pytest.mark.parametrize("now", ["9999-12-31T23:00", "0001-01-01T00:00"])
def test_now_outside_the_years_is_a_usage_error(
    content: Path, now: str, capsys: pytest.CaptureFixture
) -> None:
    assert main(["check", "--templates", str(TEMPLATES), "--now", now]) == 2
    year = int(now[:4])
    assert capsys.readouterr().err == f"error: --now: the year {year} is out of range {YEARS}\n"


@pytest.mark.parametrize("epoch", [str(10**20), "32503680000"])  # far beyond time_t; year 3000
def test_source_date_epoch_outside_the_years_is_a_usage_error(
    content: Path, epoch: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert main(["check", "--templates", str(TEMPLATES)]) == 2
    assert capsys.readouterr().err.startswith("error: SOURCE_DATE_EPOCH: ")


@pytest.mark.parametrize(
    "title, problem",
    [
        ("Bad\x01title", "contains the invisible control character U+0001"),
        ("Line\u2028break", "must be one line, without line breaks"),
        ("Line\nbreak", "must be one line, without line breaks"),
    ],
)
@pytest.mark.parametrize("kind", ["story", "event"])
def test_new_refuses_titles_with_control_characters(
    content: Path, kind: str, title: str, problem: str, capsys: pytest.CaptureFixture
) -> None:
    start = ["--start", "2026-12-05 09:00"] if kind == "event" else []
    assert main(["new", kind, title, *start, "--now", "2026-11-25T09:00"]) == 2
    assert f"error: the title {problem} (" in capsys.readouterr().err
    assert sorted(p.name for p in content.rglob("*.*")) == [
        "2026-08-02-good.md",
        "communities.yaml",
        "site.yaml",
    ]


def test_new_event_refuses_the_year_9999(content: Path, capsys: pytest.CaptureFixture) -> None:
    args = ["new", "event", "Cleanup", "--start", "9999-01-01 09:00"]
    assert main([*args, "--now", "2026-11-25T09:00"]) == 2
    assert capsys.readouterr().err == f"error: --start: the year 9999 is out of range {YEARS}\n"
    assert not (content / "events").exists()
