"""AP style as a US newsroom writes it, and ISO 8601 for machines."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from modelfactory import at, make_all_day_event, make_event

from microsite.dates import ap_date, ap_time, ap_time_range, ap_when, ap_when_html, iso
from microsite.render.localdates import month_abbreviation

DASH = "\u2013"


@pytest.mark.parametrize(
    ("value", "weekday", "expected"),
    [
        (date(2026, 12, 5), True, "Saturday, Dec. 5, 2026"),
        (date(2026, 12, 5), False, "Dec. 5, 2026"),
        (at("2026-12-05 09:00"), True, "Saturday, Dec. 5, 2026"),
        (date(2026, 9, 1), False, "Sept. 1, 2026"),
        (date(2026, 3, 14), False, "March 14, 2026"),
        (date(2026, 5, 21), False, "May 21, 2026"),
        (date(2026, 7, 4), False, "July 4, 2026"),
        (date(2026, 1, 2), False, "Jan. 2, 2026"),
        (date(2026, 8, 3), True, "Monday, Aug. 3, 2026"),
    ],
)
def test_ap_date(value: date, weekday: bool, expected: str) -> None:
    assert ap_date(value, weekday=weekday) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (time(9, 0), "9 a.m."),
        (time(21, 30), "9:30 p.m."),
        (time(12, 0), "noon"),
        (time(0, 0), "midnight"),
        (time(12, 30), "12:30 p.m."),
        (time(0, 15), "12:15 a.m."),
        (time(23, 5), "11:05 p.m."),
        (at("2026-12-05 13:00"), "1 p.m."),
    ],
)
def test_ap_time(value: time, expected: str) -> None:
    assert ap_time(value) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (time(9), time(10, 30), f"9{DASH}10:30 a.m."),
        (time(11), time(13), f"11 a.m.{DASH}1 p.m."),
        (time(10), time(12), f"10 a.m.{DASH}noon"),
        (time(12), time(14), f"noon{DASH}2 p.m."),
        (time(11, 30), time(12, 30), f"11:30 a.m.{DASH}12:30 p.m."),
        (time(18), time(21, 30), f"6{DASH}9:30 p.m."),
        (time(22), time(0), f"10 p.m.{DASH}midnight"),
        (time(9), time(9), "9 a.m."),
    ],
)
def test_ap_time_range(start: time, end: time, expected: str) -> None:
    assert ap_time_range(start, end) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-12-05 09:00", "2026-12-05 10:30", f"Saturday, Dec. 5, 2026, 9{DASH}10:30 a.m."),
        ("2026-12-05 11:00", "2026-12-05 13:00", f"Saturday, Dec. 5, 2026, 11 a.m.{DASH}1 p.m."),
        ("2026-09-12 12:00", "2026-09-12 14:00", f"Saturday, Sept. 12, 2026, noon{DASH}2 p.m."),
        ("2026-03-07 10:00", "2026-03-07 12:00", f"Saturday, March 7, 2026, 10 a.m.{DASH}noon"),
        ("2026-05-16 12:30", "2026-05-16 13:00", f"Saturday, May 16, 2026, 12:30{DASH}1 p.m."),
        ("2026-12-05 22:00", "2026-12-06 00:00", f"Saturday, Dec. 5, 2026, 10 p.m.{DASH}midnight"),
        (
            "2026-12-05 09:00",
            "2026-12-06 17:00",
            "Saturday, Dec. 5, 2026, 9 a.m., to Sunday, Dec. 6, 2026, 5 p.m.",
        ),
        (
            "2026-12-31 20:00",
            "2027-01-01 01:00",
            "Thursday, Dec. 31, 2026, 8 p.m., to Friday, Jan. 1, 2027, 1 a.m.",
        ),
        ("2026-12-05 09:00", None, "Saturday, Dec. 5, 2026, 9 a.m."),
    ],
)
def test_ap_when_timed(start: str, end: str | None, expected: str) -> None:
    event = make_event(start=at(start), end=at(end) if end else None)
    assert ap_when(event) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 12, 5), None, "Saturday, Dec. 5, 2026 (all day)"),
        (date(2026, 12, 5), date(2026, 12, 5), "Saturday, Dec. 5, 2026 (all day)"),
        (date(2026, 12, 4), date(2026, 12, 6), "Friday, Dec. 4, to Sunday, Dec. 6, 2026"),
        (date(2026, 8, 29), date(2026, 9, 1), "Saturday, Aug. 29, to Tuesday, Sept. 1, 2026"),
        (
            date(2026, 12, 31),
            date(2027, 1, 2),
            "Thursday, Dec. 31, 2026, to Saturday, Jan. 2, 2027",
        ),
    ],
)
def test_ap_when_all_day(start: date, end: date | None, expected: str) -> None:
    assert ap_when(make_all_day_event(start=start, end=end)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (at("2026-12-05 09:00"), "2026-12-05T09:00:00-08:00"),
        (at("2026-07-04 21:30"), "2026-07-04T21:30:00-07:00"),
        (at("2026-12-05 09:00:00.250000"), "2026-12-05T09:00:00-08:00"),
        (date(2026, 12, 5), "2026-12-05"),
    ],
)
def test_iso(value: date, expected: str) -> None:
    assert iso(value) == expected


def test_the_date_badge_month_is_the_c_locale_abbreviation() -> None:
    """The badge's three letters are what `strftime("%b")` gave before, without the locale."""
    for month in range(1, 13):
        day = date(2026, month, 1)
        assert month_abbreviation(day, "en") == day.strftime("%b")
    assert month_abbreviation(date(2026, 12, 5), "es") == "dic"


def test_a_series_time_in_a_third_language_is_the_locales_own() -> None:
    """A Vietnamese page gave a series' time as "8–9:30 a.m." beside CLDR dates, unmarked
    English (fuzzing find); each time is now the locale's short time, as its dates are."""
    from types import SimpleNamespace
    from zoneinfo import ZoneInfo

    from microsite.render.localdates import times

    zone = ZoneInfo("America/Los_Angeles")
    event = SimpleNamespace(
        start=datetime(2027, 1, 5, 8, tzinfo=zone), end=datetime(2027, 1, 5, 9, 30, tzinfo=zone)
    )
    assert times(event, "vi") == "08:00\u201309:30"
    assert times(event, "en") == "8\u20139:30 a.m."


def test_an_event_over_two_days_never_breaks_a_time_from_its_meridiem() -> None:
    """A same-day range is kept whole by `nowrap`; one that runs past midnight into the
    next day is too long for that, and its "9 p.m." wrapped as "9" / "p.m." (review find)."""
    event = make_event(start=at("2026-12-04 21:00"), end=at("2026-12-05 02:00"))
    assert str(ap_when_html(event)) == (
        "Friday, Dec. 4, 2026, 9\u00a0p.m., to Saturday, Dec. 5, 2026, 2\u00a0a.m."
    )
    assert ap_when(event) == "Friday, Dec. 4, 2026, 9 p.m., to Saturday, Dec. 5, 2026, 2 a.m."
