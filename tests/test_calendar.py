"""iCalendar output, read back with the icalendar parser as a calendar app would."""

from __future__ import annotations

import json
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
from modelfactory import LA, at, make_all_day_event, make_event, make_settings, make_site

from microsite.model import DEFAULT_DURATION, Event
from microsite.render.calendar import event_uid, ics_calendar

REPO = Path(__file__).resolve().parent.parent


def parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def vevents(events: list[Event], **site: Any) -> list[icalendar.Event]:
    data = ics_calendar(make_site(**site), events, name="Events")
    return parse(data).walk("VEVENT")


def only(event: Event) -> icalendar.Event:
    (vevent,) = vevents([event])
    return vevent


def test_calendar_header() -> None:
    cal = parse(ics_calendar(make_site(), [make_event()], name="Surf events"))
    assert cal["VERSION"] == "2.0"
    assert cal["PRODID"] == "-//microsite//Redondo Beach Police Community//EN"
    assert cal["CALSCALE"] == "GREGORIAN"
    assert cal["METHOD"] == "PUBLISH"
    assert cal["X-WR-CALNAME"] == "Surf events"
    assert cal["X-WR-TIMEZONE"] == "America/Los_Angeles"


def test_vtimezone_matches_the_tzid_and_covers_the_events() -> None:
    events = [make_event(), make_event("summer", start=at("2027-07-04 10:00"), end=None)]
    cal = parse(ics_calendar(make_site(), events, name="Events"))
    (zone,) = cal.walk("VTIMEZONE")
    assert zone["TZID"] == "America/Los_Angeles"
    rules = zone.to_tz()
    assert datetime(2027, 7, 4, 10, tzinfo=rules).utcoffset() == timedelta(hours=-7)
    assert datetime(2027, 12, 4, 10, tzinfo=rules).utcoffset() == timedelta(hours=-8)
    assert not cal.get_missing_tzids()


def test_empty_calendar_is_valid() -> None:
    cal = parse(ics_calendar(make_site(), [], name="Nothing yet"))
    assert cal["VERSION"] == "2.0"
    assert cal.walk("VEVENT") == []
    assert cal.walk("VTIMEZONE")


def test_timed_event_carries_tzid() -> None:
    data = ics_calendar(make_site(), [make_event()], name="Events")
    assert b"DTSTART;TZID=America/Los_Angeles:20261205T090000\r\n" in data
    vevent = only(make_event())
    assert vevent["DTSTART"].params["TZID"] == "America/Los_Angeles"
    assert vevent.start == at("2026-12-05 09:00")
    assert vevent.end == at("2026-12-05 10:30")


def test_timed_event_without_end_lasts_the_default_hour() -> None:
    vevent = only(make_event(end=None))
    assert vevent.end - vevent.start == DEFAULT_DURATION == timedelta(hours=1)


@pytest.mark.parametrize(
    ("start", "end", "exclusive_end"),
    [
        (date(2026, 12, 12), date(2026, 12, 13), date(2026, 12, 14)),
        (date(2026, 12, 12), date(2026, 12, 12), date(2026, 12, 13)),
        (date(2026, 12, 12), None, date(2026, 12, 13)),
        (date(2026, 12, 31), None, date(2027, 1, 1)),
    ],
)
def test_all_day_event_has_value_date_and_exclusive_end(
    start: date, end: date | None, exclusive_end: date
) -> None:
    vevent = only(make_all_day_event(start=start, end=end))
    assert vevent["DTSTART"].params["VALUE"] == "DATE"
    assert vevent["DTEND"].params["VALUE"] == "DATE"
    assert vevent.decoded("DTSTART") == start
    assert vevent.decoded("DTEND") == exclusive_end


def test_dtstamp_is_the_build_day_in_utc() -> None:
    vevent = vevents([make_event()], now=at("2026-11-25 21:30"))[0]
    assert vevent["DTSTAMP"].to_ical() == b"20261126T000000Z"


def test_fields() -> None:
    event = make_event(communities=("surf", "music"), info_url="https://example.com/signup")
    vevent = only(event)
    assert vevent["SUMMARY"] == "Beach cleanup"
    assert vevent["STATUS"] == "CONFIRMED"
    url = "https://community.example.org/events/beach-cleanup-2026-12-05/"
    assert vevent["URL"] == url
    assert vevent["LOCATION"] == "Redondo Beach Pier, 100 Fishermans Wharf, Redondo Beach, CA 90277"
    assert vevent["DESCRIPTION"] == (
        f"Bring gloves.\n\nMore information: https://example.com/signup\n\n{url}"
    )
    assert [str(c) for c in vevent.categories] == ["Surf", "Music"]


def test_location_without_address() -> None:
    assert only(make_event(address=None))["LOCATION"] == "Redondo Beach Pier"


@pytest.mark.parametrize(
    ("status", "ics_status", "prefix"),
    [("cancelled", "CANCELLED", "Cancelled: "), ("postponed", "TENTATIVE", "Postponed: ")],
)
def test_status_keeps_the_uid(status: str, ics_status: str, prefix: str) -> None:
    scheduled = only(make_event())
    changed = only(make_event(status=status))
    assert changed["STATUS"] == ics_status
    assert changed["SUMMARY"] == prefix + "Beach cleanup"
    assert changed["UID"] == scheduled["UID"]


def test_uid_is_stable_and_distinct() -> None:
    site = make_site()
    assert event_uid(site, make_event()) == event_uid(make_site(), make_event(title="Renamed"))
    assert event_uid(site, make_event("a")) != event_uid(site, make_event("b"))
    other_site = make_site(settings=make_settings(base_url="https://other.example.org"))
    assert event_uid(site, make_event()) != event_uid(other_site, make_event())
    assert only(make_event())["UID"] == event_uid(site, make_event())


def test_events_in_start_order() -> None:
    late = make_event("late", start=at("2026-12-20 09:00"), end=None)
    early = make_all_day_event("early", start=date(2026, 12, 1), end=None)
    assert [str(v["UID"]) for v in vevents([late, early])] == [
        event_uid(make_site(), early),
        event_uid(make_site(), late),
    ]


def test_same_input_same_bytes() -> None:
    events = [make_event(), make_all_day_event()]
    first = ics_calendar(make_site(), events, name="Events")
    assert first == ics_calendar(make_site(), list(reversed(events)), name="Events")


def test_crlf_and_folding() -> None:
    title = "Ñandú parade " * 12
    data = ics_calendar(make_site(), [make_event(title=title)], name="Events")
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    assert only(make_event(title=title))["SUMMARY"] == title


def test_special_text_round_trips() -> None:
    tricky = 'Chili, cornbread; and a back\\slash "too"'
    html = "<p>Line one, with comma; semicolon</p><p>Line two \\ done</p>"
    vevent = only(make_event(title=tricky, location=tricky, address=None, description_html=html))
    assert vevent["SUMMARY"] == tricky
    assert vevent["LOCATION"] == tricky
    assert vevent["DESCRIPTION"].startswith("Line one, with comma; semicolon\nLine two \\ done\n\n")


def test_dst_times_stay_local() -> None:
    summer = make_event("summer", start=at("2026-07-04 21:00"), end=at("2026-07-04 22:00"))
    vevent = only(summer)
    assert vevent.start.utcoffset() == timedelta(hours=-7)
    assert vevent.start == datetime(2026, 7, 4, 21, tzinfo=LA)


def test_calendar_name_reads_back_in_ical_js(tmp_path: Path) -> None:
    """PRODID is TEXT and escaped. X-WR-CALNAME is left as written: ical.js (Thunderbird's
    reader) and `icalendar` read an X- property raw, so escaping its commas would show
    the backslashes in the reader's list of calendars (tried, and seen in ical.js)."""
    title = "Police, Fire; and C:\\Rescue"
    site = make_site(settings=make_settings(title=title))
    data = ics_calendar(site, [make_event()], name=title)
    assert f"X-WR-CALNAME:{title}\r\n".encode() in data
    ics = tmp_path / "events.ics"
    ics.write_bytes(data)
    read = subprocess.run(
        ["node", "--input-type=module", "-e", ICAL_JS_HEADER, str(ics)],
        cwd=REPO, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert json.loads(read.stdout) == {
        "name": title,
        "prodid": f"-//microsite//{title}//EN",
    }


ICAL_JS_HEADER = """
import { readFileSync } from "node:fs";
import ICAL from "ical.js";
const calendar = new ICAL.Component(ICAL.parse(readFileSync(process.argv[1], "utf8")));
const name = calendar.getFirstProperty("x-wr-calname").getValues();
console.log(JSON.stringify({
  name: name.length === 1 ? name[0] : name,
  prodid: calendar.getFirstPropertyValue("prodid"),
}));
"""
