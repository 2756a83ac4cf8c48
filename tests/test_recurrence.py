"""Series from plain words: what they expand to, and each slip reported at its line."""

from __future__ import annotations

import itertools
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sitefactory import make_site

from microsite.content.load import load_site
from microsite.errors import BuildFailed
from microsite.model import Site
from microsite.recurrence import _rule, occurrences, rule_clock, rule_dates
from microsite.schedule import Repeat

LA = ZoneInfo("America/Los_Angeles")
NOW = datetime(2026, 11, 25, 9, tzinfo=LA)
COFFEE = """\
- title: Coffee with a Cop
  slug: coffee
  start: "2026-12-01 08:00"
  end: "2026-12-01 09:30"
  location: Riviera Village
  repeat:
{repeat}
"""


def series(repeat: str, extra: str = "") -> dict[str, str]:
    return {"events/e.yaml": COFFEE.format(repeat=repeat) + extra}


def load(tmp_path: Path, files: dict[str, str], now: datetime = NOW) -> tuple[Site, list[str]]:
    site, warnings = load_site(make_site(tmp_path, files), now=now)
    return site, [str(w) for w in warnings]


def errors(tmp_path: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The errors as a PIO sees them, with paths from the site folder."""
    make_site(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BuildFailed) as failed:
        load_site(Path("content"), now=NOW)
    return [str(e) for e in failed.value.errors if not e.warning]


def starts(site: Site) -> list[str]:
    return [o.start.isoformat() for o in site.upcoming_events]


def test_monthly_first_tuesday_keeps_8_am_across_daylight_saving(tmp_path: Path) -> None:
    site, warnings = load(tmp_path, series("    every: month\n    on: first tuesday\n    count: 6"))
    assert warnings == []
    assert starts(site) == [
        "2026-12-01T08:00:00-08:00",
        "2027-01-05T08:00:00-08:00",
        "2027-02-02T08:00:00-08:00",
        "2027-03-02T08:00:00-08:00",
        "2027-04-06T08:00:00-07:00",  # after the March 14 change: still 8 a.m.
        "2027-05-04T08:00:00-07:00",
    ]
    assert {o.end - o.start for o in site.upcoming_events} == {timedelta(minutes=90)}


@pytest.mark.parametrize(
    ("repeat", "expected"),
    [
        (
            "    every: week\n    on: [tuesday, thursday]\n    until: 2026-12-10",
            ["12-01", "12-03", "12-08", "12-10"],
        ),
        ("    every: 2 weeks\n    count: 3", ["12-01", "12-15", "12-29"]),
        ("    every: day\n    count: 3", ["12-01", "12-02", "12-03"]),
        ("    every: month\n    on: day 1\n    count: 2", ["12-01", "01-01"]),
        ("    every: month\n    on: last tuesday\n    count: 2", ["12-29", "01-26"]),
    ],
)
def test_plain_words_become_dates(tmp_path: Path, repeat: str, expected: list[str]) -> None:
    files = series(repeat)
    if "last" in repeat:
        files["events/e.yaml"] = files["events/e.yaml"].replace("2026-12-01", "2026-12-29")
    site, _ = load(tmp_path, files)
    assert [o.start.strftime("%m-%d") for o in site.upcoming_events] == expected


def test_open_ended_series_is_listed_a_year_ahead(tmp_path: Path) -> None:
    site, _ = load(tmp_path, series("    every: month\n    on: first tuesday"))
    last = site.upcoming_events[-1].start.date()
    assert last == date(2027, 11, 2) and len(site.upcoming_events) == 12


def test_a_series_starting_beyond_the_year_ahead_is_listed_at_its_first_date(
    tmp_path: Path,
) -> None:
    """It said "no more dates" and was on no list (fuzzing find)."""
    text = COFFEE.format(repeat="    every: week\n    count: 5").replace("2026-12-01", "2028-03-01")
    site, _ = load(tmp_path, {"events/e.yaml": text})
    assert [o.start.date() for o in site.upcoming_events] == [date(2028, 3, 1)]


def test_a_yearly_series_from_a_leap_day_is_warned(tmp_path: Path) -> None:
    text = COFFEE.format(repeat="    every: year").replace("2026-12-01", "2028-02-29")
    _, warnings = load(tmp_path, {"events/e.yaml": text})
    assert [w.split("/content/", 1)[1] for w in warnings] == [
        "events/e.yaml:3: warning: repeat: a yearly series from February 29 happens only in "
        "leap years (start it on February 28 or March 1 to hold it every year)"
    ]


def test_past_dates_of_a_series_go_back_a_year(tmp_path: Path) -> None:
    """A series typed a century early listed a hundred years of dates (thousands of pages);
    a one-off event stays listed however old it is."""
    files = {
        "events/e.yaml": COFFEE.format(repeat="    every: week").replace(
            "2026-12-01", "1926-12-07"
        ),
        "events/old.yaml": "- title: Old\n  slug: old\n  start: 1990-05-01\n  location: Pier\n",
    }
    site, _ = load(tmp_path, files)
    past = site.past_events
    assert past[-1].event.slug == "old"
    series_dates = [o.start.date() for o in past if o.event.slug == "coffee"]
    assert min(series_dates) > date(2025, 11, 24)
    assert len(series_dates) == 53  # the Tuesdays of the year before NOW


def test_yearly_on_first_tuesday_keeps_the_first_dates_month(tmp_path: Path) -> None:
    files = series("    every: year\n    on: first tuesday\n    count: 3")
    files["events/e.yaml"] = files["events/e.yaml"].replace("2026-12-01", "2027-08-03")
    site, _ = load(tmp_path, files, now=datetime(2027, 1, 1, tzinfo=LA))
    found = occurrences(site.events[0], date(2030, 1, 1))
    assert [o.start.date() for o in found] == [
        date(2027, 8, 3), date(2028, 8, 1), date(2029, 8, 7)
    ]  # fmt: skip


def test_except_and_changes(tmp_path: Path) -> None:
    extra = """\
  except: [2027-01-05]
  changes:
    - date: 2027-02-02
      status: cancelled
      note: Rained out.
    - date: 2027-03-02
      start: "2027-03-03 08:00"
      location: Library
"""
    site, _ = load(tmp_path, series("    every: month\n    on: first tuesday\n    count: 4", extra))
    found = [(o.start.date(), o.status, o.location, o.note) for o in site.upcoming_events]
    assert found == [
        (date(2026, 12, 1), "scheduled", "Riviera Village", ""),
        (date(2027, 2, 2), "cancelled", "Riviera Village", "Rained out."),
        (date(2027, 3, 3), "scheduled", "Library", ""),
    ]
    moved = site.upcoming_events[-1]
    assert moved.moved and moved.rule_start.date() == date(2027, 3, 2)
    assert moved.end == datetime(2027, 3, 3, 9, 30, tzinfo=LA)  # keeps its length


RULE = "    every: month\n    on: first tuesday"
CASES = {
    "misspelt weekday": (
        series("    every: month\n    on: first tusday"),
        "content/events/e.yaml:8: repeat: on: 'first tusday' is not a day of the month (did you mean 'tuesday'?)",
    ),
    "misspelt period": (
        series("    every: mnth"),
        "content/events/e.yaml:7: repeat: every: 'mnth' is not a period (did you mean 'month'?)",
    ),
    "weekly on a non-day": (
        series("    every: week\n    on: [tuesday, thrusday]"),
        "content/events/e.yaml:8: repeat: on: 'thrusday' is not a day of the week (did you mean 'thursday'?)",
    ),
    "until before start": (
        series(RULE + "\n    until: 2026-06-30"),
        "content/events/e.yaml:9: repeat: until: 2026-06-30 is before the first date, 2026-12-01 (check the year)",
    ),
    "until and count": (
        series(RULE + "\n    until: 2027-06-30\n    count: 3"),
        "content/events/e.yaml:10: repeat: use either 'until' or 'count', not both (delete one)",
    ),
    "start off the rule": (
        series("    every: month\n    on: first wednesday"),
        "content/events/e.yaml:3: start: 2026-12-01 is not a date this series repeats on (start on a date the rule gives, like 2026-12-02)",
    ),
    "except not an occurrence": (
        series(RULE, "  except: [2027-01-06]\n"),
        "content/events/e.yaml:9: except: 2027-01-06 is not a date of this series (did you mean 2027-01-05?)",
    ),
    "except with a time": (  # the general hint offered the form refused (review find)
        series(RULE, '  except: ["2027-01-05 08:00"]\n'),
        "content/events/e.yaml:9: except: expected a date like 2027-01-05, got "
        "'2027-01-05 08:00' (a day alone, without a time: it names the series' date on that day)",
    ),
    "except a date thousands of years on": (  # a daily series walked there: seconds a line
        series("    every: day", "  except: [9999-12-30]\n"),
        "content/events/e.yaml:8: except: 9999-12-30 is more than 10 years after the series starts (name dates up to 2036-12-01; for later ones, start a new series)",
    ),
    "change not an occurrence": (
        series(RULE, "  changes:\n    - date: 2027-02-03\n      status: cancelled\n"),
        "content/events/e.yaml:10: changes: date: 2027-02-03 is not a date of this series (did you mean 2027-02-02?)",
    ),
    "change status typo": (
        series(RULE, "  changes:\n    - date: 2027-02-02\n      status: canceled\n"),
        "content/events/e.yaml:11: changes: status: unknown status 'canceled' (did you mean 'cancelled'?)",
    ),
    "change key typo": (
        series(RULE, "  changes:\n    - date: 2027-02-02\n      nots: x\n"),
        "content/events/e.yaml:11: unknown key 'nots' (did you mean 'note'?)",
    ),
    "repeat with nothing under it": (
        series(""),
        "content/events/e.yaml:6: repeat: says nothing: the event would happen once "
        "(indent 'every: week' (or month...) under it, or delete the line)",
    ),
    "every with no period": (
        {"events/e.yaml": series("")["events/e.yaml"].replace("repeat:", "repeat: {every: }")},
        "content/events/e.yaml:6: repeat: every: is empty "
        "(write day, week, month or year, or a number first: '2 weeks')",
    ),
    "weekly on no day": (
        series("    every: week\n    on: []"),
        "content/events/e.yaml:8: repeat: on: names no day (name it: a weekday, or a list: "
        "[tuesday, thursday]; or delete the line for the first date's day)",
    ),
    "weekly on 'and'": (
        series("    every: week\n    on: and"),
        "content/events/e.yaml:8: repeat: on: names no day (name it: a weekday, or a list: "
        "[tuesday, thursday]; or delete the line for the first date's day)",
    ),
    "monthly on nothing": (
        series("    every: month\n    on:"),
        "content/events/e.yaml:8: repeat: on: names no day (name it: like 'first tuesday', "
        "'last friday' or 'day 15'; or delete the line for the first date's day)",
    ),
    "change ends before the rule's start": (
        series(RULE, '  changes:\n    - {date: 2027-01-05, end: "2027-01-05 07:00"}\n'),
        "content/events/e.yaml:10: changes: end: the occurrence ends before it starts "
        "(2027-01-05 08:00) (check the time (24-hour: 19:00 is 7 p.m.); if the start moved "
        "too, add 'start:')",
    ),
    "change ends before its own start": (
        series(
            RULE,
            '  changes:\n    - date: 2027-01-05\n      start: "2027-01-06 08:00"\n'
            '      end: "2027-01-06 07:00"\n',
        ),
        "content/events/e.yaml:12: changes: end: the occurrence ends before it starts "
        "(2027-01-06 08:00) (check the date and time)",
    ),
    "change onto another date's start": (
        series(RULE, '  changes:\n    - date: 2027-02-02\n      start: "2027-03-02 08:00"\n'),
        "content/events/e.yaml:11: changes: start: 2027-03-02 08:00 is already when the "
        "series' 2027-03-02 date starts: it would be listed twice (pick another time, or put "
        "2027-03-02 in 'except' if that date is off)",
    ),
    "count beyond what calendars read": (
        series("    every: week\n    count: 2147483648"),
        "content/events/e.yaml:8: repeat: count: at most 2,147,483,647, got 2,147,483,648 "
        "(leave 'count' out for a series that runs on, or give 'until:')",
    ),
    "biweekly": (
        series("    every: biweekly"),
        "content/events/e.yaml:7: repeat: every: 'biweekly' is not a period "
        "(write 'every: 2 weeks')",
    ),
    "no weeks between dates": (
        series("    every: 0 weeks"),
        "content/events/e.yaml:7: repeat: every: '0 weeks' is not a period "
        "(the number of weeks from one date to the next: 1 or more)",
    ),
    "no weeks between dates, written 00": (  # a step of nothing, for ever (review find)
        series("    every: 00 weeks"),
        "content/events/e.yaml:7: repeat: every: '00 weeks' is not a period "
        "(the number of weeks from one date to the next: 1 or more)",
    ),
    "a fifth weekday": (
        series("    every: month\n    on: fifth friday"),
        "content/events/e.yaml:8: repeat: on: 'fifth friday' is not a day of the month "
        "(few months have a fifth friday: write 'last friday')",
    ),
    "two days a month": (
        series("    every: month\n    on: first and third tuesday"),
        "content/events/e.yaml:8: repeat: on: 'first and third tuesday' is not a day of the "
        "month (a series meets on one day a month: make one event for each day, each its own "
        "slug)",
    ),
    "a day of the month for a weekly series": (
        series("    every: week\n    on: day 15"),
        "content/events/e.yaml:8: repeat: on: 'day' is not a day of the week (name a weekday, "
        "or a list: [tuesday, thursday]; for a day of the month, 'every: month')",
    ),
    "a mistake in repeat, and changes": (
        series("    every: wek", "  changes:\n    - date: 2026-12-08\n      status: cancelled\n"),
        "content/events/e.yaml:7: repeat: every: 'wek' is not a period (did you mean 'week'?)",
    ),
    "except without repeat": (
        {
            "events/e.yaml": "- title: A\n  slug: a\n  start: 2026-12-01\n  location: Pier\n  except: [2026-12-08]\n"
        },
        "content/events/e.yaml:5: except: only a series has dates to except (add 'repeat:' first)",
    ),
}


@pytest.mark.parametrize(("files", "expected"), CASES.values(), ids=CASES.keys())
def test_each_slip_is_reported_at_its_line(
    tmp_path: Path, files: dict, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert errors(tmp_path, files, monkeypatch) == [expected]


def test_every_slip_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = series("    every: month\n    on: first tusday\n    until: 2026-01-01")
    assert len(errors(tmp_path, files, monkeypatch)) == 2


def test_an_event_without_slug_is_warned_how_to_pin_it(tmp_path: Path) -> None:
    files = {"events/e.yaml": "- title: Band night\n  start: 2026-12-01\n  location: Pier\n"}
    _, warnings = load(tmp_path, files)
    assert [w.split("/content/", 1)[1] for w in warnings] == [
        "events/e.yaml:1: warning: no slug: this event's address and calendar entry "
        "change if its date does (pin it: add 'slug: band-night-2026-12-01')"
    ]


def test_on_is_a_key_not_yaml_true(tmp_path: Path) -> None:
    """YAML 1.1 reads a bare `on:` as true; a PIO's `on: first tuesday` must still work."""
    site, _ = load(tmp_path, series(RULE + "\n    count: 1"))
    assert site.events[0].repeat is not None and site.events[0].repeat.nth == 1


def test_two_changes_onto_one_start_are_both_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = (
        "  except: [2027-03-02]\n  changes:\n"
        '    - {date: 2027-01-05, start: "2027-03-03 08:00"}\n'
        '    - {date: 2027-02-02, start: "2027-03-03 08:00"}\n'
    )
    assert errors(tmp_path, series(RULE, extra), monkeypatch) == [
        "content/events/e.yaml:11: changes: start: 2027-03-03 08:00 is already when the "
        "series' 2027-02-02 date starts: it would be listed twice (pick another time, or put "
        "2027-02-02 in 'except' if that date is off)",
        "content/events/e.yaml:12: changes: start: 2027-03-03 08:00 is already when the "
        "series' 2027-01-05 date starts: it would be listed twice (pick another time, or put "
        "2027-01-05 in 'except' if that date is off)",
    ]


def test_two_dates_moved_before_their_own_days_onto_one_start_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both moved to a time before either's own date: the rule was walked only to the new
    time, so neither date was seen (fuzzing find)."""
    extra = (
        "  changes:\n"
        '    - {date: 2027-02-02, start: "2027-01-20 08:00"}\n'
        '    - {date: 2027-03-02, start: "2027-01-20 08:00"}\n'
    )
    found = errors(tmp_path, series(RULE, extra), monkeypatch)
    assert [problem.split(": start: ")[0] for problem in found] == [
        "content/events/e.yaml:10: changes",
        "content/events/e.yaml:11: changes",
    ]


def test_a_date_moved_onto_the_skipped_hour_s_date_as_clocks_show_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rule's 2:30 a.m. on the night clocks skip it is shown at 3:30: a date moved to
    3:30 that night would be listed twice (fuzzing find)."""
    files = {
        "events/e.yaml": '- title: Night\n  slug: night\n  start: "2027-03-07 02:30"\n'
        "  location: Pier\n  repeat: {every: week, count: 4}\n  changes:\n"
        '    - {date: 2027-03-21, start: "2027-03-14 03:30"}\n'
    }
    found = errors(tmp_path, files, monkeypatch)
    assert [problem.split(" (")[0] for problem in found] == [
        "content/events/e.yaml:7: changes: start: 2027-03-14 03:30 is already when the "
        "series' 2027-03-14 date starts: it would be listed twice"
    ]


def test_a_change_on_a_cancelled_series_stays_cancelled(tmp_path: Path) -> None:
    """Moving one date of a series cancelled later must not put that date back on; a
    change that says `status: scheduled` does (fuzzing find)."""
    extra = (
        "  status: cancelled\n  changes:\n    - {date: 2027-01-05, location: Library}\n"
        "    - {date: 2027-02-02, status: scheduled}\n"
    )
    site, _ = load(tmp_path, series(RULE + "\n    count: 3", extra))
    assert [(o.start.date(), o.status) for o in site.upcoming_events] == [
        (date(2026, 12, 1), "cancelled"),
        (date(2027, 1, 5), "cancelled"),
        (date(2027, 2, 2), "scheduled"),
    ]


def test_a_change_may_move_onto_a_skipped_dates_time(tmp_path: Path) -> None:
    """The date in `except` has no occurrence: taking its time lists nothing twice."""
    extra = (
        '  except: [2027-03-02]\n  changes:\n    - {date: 2027-02-02, start: "2027-03-02 08:00"}\n'
    )
    site, warnings = load(tmp_path, series(RULE + "\n    count: 4", extra))
    assert warnings == []
    assert [o.start.date() for o in site.upcoming_events] == [
        date(2026, 12, 1), date(2027, 1, 5), date(2027, 3, 2)
    ]  # fmt: skip


def test_a_date_listed_twice_in_except_is_a_warning_and_skipped_once(tmp_path: Path) -> None:
    site, warnings = load(tmp_path, series(RULE, "  except: [2027-01-05, 2027-01-05]\n"))
    assert [w.split("/content/", 1)[1] for w in warnings] == [
        "events/e.yaml:9: warning: except: 2027-01-05 is listed twice (delete one of them)"
    ]
    assert site.events[0].skipped == (date(2027, 1, 5),)


def test_a_change_before_the_first_date_is_a_warning(tmp_path: Path) -> None:
    """Calendars show it where it moved, so it is allowed; but a date before the series
    began is most often the wrong year. Moving the first date itself earlier is fine."""
    extra = (
        "  changes:\n"
        '    - {date: 2026-12-01, start: "2026-11-30 08:00"}\n'
        '    - {date: 2027-02-02, start: "2026-11-29 08:00"}\n'
    )
    site, warnings = load(tmp_path, series(RULE + "\n    count: 3", extra))
    assert [w.split("/content/", 1)[1] for w in warnings] == [
        "events/e.yaml:12: warning: changes: start: 2026-11-29 08:00 is before the series' "
        "first date (calendars show it there; check the year: the series starts 2026-12-01)"
    ]
    assert [o.start.date() for o in site.upcoming_events] == [
        date(2026, 11, 29), date(2026, 11, 30), date(2027, 1, 5)
    ]  # fmt: skip


def test_a_title_without_letters_gets_a_valid_slug(tmp_path: Path) -> None:
    site, warnings = load(
        tmp_path, {"events/e.yaml": '- title: "!!!"\n  start: 2026-12-05\n  location: Pier\n'}
    )
    assert site.events[0].slug == "event-2026-12-05"
    assert [w.split("/content/", 1)[1] for w in warnings] == [
        "events/e.yaml:1: warning: no slug: this event's address and calendar entry "
        "change if its date does (pin it: add 'slug: event-2026-12-05')"
    ]


def test_a_long_title_gives_a_slug_cut_between_words(tmp_path: Path) -> None:
    title = "Neighborhood " * 40 + "walk"
    site, _ = load(
        tmp_path, {"events/e.yaml": f"- title: {title}\n  start: 2026-12-05\n  location: Pier\n"}
    )
    slug = site.events[0].slug
    assert len(slug) <= 100 and slug.endswith("-2026-12-05")
    words = slug.removesuffix("-2026-12-05").split("-")
    assert set(words) == {"neighborhood"} and len(slug) > 100 - len("neighborhood-")


def test_an_empty_slug_is_an_error_not_a_silent_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "events/e.yaml": "- title: Band night\n  slug:\n  start: 2026-12-01\n  location: Pier\n"
    }
    assert errors(tmp_path, files, monkeypatch) == [
        "content/events/e.yaml:2: slug: is empty (write one like 'band-night-2026-12-01', "
        "or remove the line)"
    ]


GAP_HINT = "(use 3:30 a.m., the time calendars will show, or another time)"
SKIPPED = (
    "2:30 a.m. on Sunday, March 14, 2027 does not exist in Los Angeles time: "
    "clocks go from 2 to 3 a.m."
)


def test_a_one_off_in_the_skipped_hour_is_warned_at_its_line(tmp_path: Path) -> None:
    files = {
        "events/e.yaml": '- title: Night patrol\n  slug: patrol\n  start: "2027-03-14 02:30"\n'
        '  end: "2027-03-14 03:30"\n  location: Pier\n'
    }
    site, warnings = load(tmp_path, files)
    assert [w.split("/content/", 1)[1] for w in warnings] == [
        f"events/e.yaml:3: warning: start: {SKIPPED} {GAP_HINT}"
    ]
    assert [e.slug for e in site.events] == ["patrol"]  # a warning keeps the event


def test_a_series_first_date_and_a_changed_date_in_the_skipped_hour(tmp_path: Path) -> None:
    files = {
        "events/e.yaml": '- title: Night patrol\n  slug: patrol\n  start: "2027-03-14 02:30"\n'
        "  location: Pier\n  repeat: {every: week, count: 3}\n  changes:\n"
        '    - {date: 2027-03-21, start: "2027-03-14 02:45", end: "2027-03-14 02:55"}\n'
    }
    _, warnings = load(tmp_path, files)
    assert [w.split("/content/", 1)[1] for w in warnings] == [
        f"events/e.yaml:3: warning: start: {SKIPPED} {GAP_HINT}",
        "events/e.yaml:7: warning: changes: end: 2:55 a.m. on Sunday, March 14, 2027 does not "
        "exist in Los Angeles time: clocks go from 2 to 3 a.m. (use 3:55 a.m., the time "
        "calendars will show, or another time)",
        "events/e.yaml:7: warning: changes: start: 2:45 a.m. on Sunday, March 14, 2027 does "
        "not exist in Los Angeles time: clocks go from 2 to 3 a.m. (use 3:45 a.m., the time "
        "calendars will show, or another time)",
    ]


def test_a_weekly_series_shows_the_skipped_hour_as_calendars_do(tmp_path: Path) -> None:
    """RFC 5545 reads 2:30 a.m. on the night clocks go forward with the offset before the
    jump: 3:30 a.m. The page says so too, and the date keeps its length."""
    files = {
        "events/e.yaml": '- title: Night patrol\n  slug: patrol\n  start: "2027-03-07 02:30"\n'
        '  end: "2027-03-07 03:00"\n  location: Pier\n  repeat: {every: week, count: 3}\n'
    }
    site, warnings = load(tmp_path, files)
    assert warnings == []  # nobody wrote the skipped time: the rule lands there
    assert [(o.start.isoformat(), o.end.isoformat()) for o in site.upcoming_events] == [
        ("2027-03-07T02:30:00-08:00", "2027-03-07T03:00:00-08:00"),
        ("2027-03-14T03:30:00-07:00", "2027-03-14T04:00:00-07:00"),
        ("2027-03-21T02:30:00-07:00", "2027-03-21T03:00:00-07:00"),
    ]


def test_an_end_two_days_later_in_the_skipped_hour_is_shown_as_clocks_show_it(
    tmp_path: Path,
) -> None:
    """Friday 6 p.m. to Sunday 2:30 a.m.: on the weekend clocks skip 2:30, that date ends
    at 3:30, as calendars show it (fuzzing find: it was printed as 2:30)."""
    files = {
        "events/e.yaml": '- title: Camp\n  slug: camp\n  start: "2027-02-26 18:00"\n'
        '  end: "2027-02-28 02:30"\n  location: Pier\n  repeat: {every: week, count: 4}\n'
    }
    site, _ = load(tmp_path, files, now=datetime(2027, 2, 1, tzinfo=LA))
    ends = [o.end for o in site.upcoming_events]
    assert ends[2] == datetime(2027, 3, 14, 3, 30, tzinfo=LA)
    assert [end.time() for end in ends] == [time(2, 30), time(2, 30), time(3, 30), time(2, 30)]


def test_a_time_that_happens_twice_is_no_gap(tmp_path: Path) -> None:
    """1:30 a.m. on the night clocks go back happens twice: the first is meant (RFC 5545)."""
    files = {
        "events/e.yaml": '- title: Night patrol\n  slug: patrol\n  start: "2027-11-07 01:30"\n'
        "  location: Pier\n"
    }
    site, warnings = load(tmp_path, files)
    assert warnings == [] and site.events[0].start.isoformat() == "2027-11-07T01:30:00-07:00"


def wall_times(start: datetime, repeat: Repeat, last: date) -> list[datetime]:
    """The quick count's dates at the rule's time: what `_rrule_walls` gives by dateutil."""
    return [datetime.combine(day, rule_clock(start)) for day in rule_dates(start, repeat, last)]


def _rrule_walls(start: datetime, repeat: Repeat, last: date) -> list[datetime]:
    """The reference: dateutil's own expansion of the rule, through `last`."""
    limit = datetime.combine(last, time.max)
    return list(itertools.takewhile(lambda wall: wall <= limit, _rule(start, repeat)))


def _random_rule(pick: random.Random) -> tuple[datetime, Repeat]:
    """A rule as the content reader makes them, and some it never does."""
    freq = pick.choice(["daily", "weekly", "monthly", "monthly", "yearly"])
    start = datetime.combine(
        date(pick.choice([2023, 2024, 2026, 2027]), pick.randint(1, 12), pick.randint(1, 28))
        + timedelta(days=pick.choice([0, 0, 1, 2, 3])),  # some 29ths, 30ths and 31sts
        time(pick.randint(0, 23), pick.choice([0, 30])),
    )
    weekdays: tuple[int, ...] = ()
    nth = monthday = None
    shape = pick.random()
    if freq == "weekly" and shape < 0.7:
        weekdays = tuple(sorted(pick.sample(range(7), pick.randint(1, 3))))
    elif freq in ("monthly", "yearly") and shape < 0.45:
        nth, weekdays = pick.choice([1, 2, 3, 4, -1]), (pick.randrange(7),)
    elif freq in ("monthly", "yearly") and shape < 0.8:
        monthday = pick.choice([1, 15, 28, 29, 30, 31, start.day])
    ending = pick.random()
    until = start.date() + timedelta(days=pick.randint(0, 900)) if ending < 0.3 else None
    count = pick.randint(1, 40) if 0.3 <= ending < 0.6 else None
    interval = pick.choice([1, 1, 2, 3, 5])
    return start, Repeat(freq, interval, weekdays, nth, monthday, until, count)


def test_the_quick_expansion_gives_exactly_rrules_dates() -> None:
    """Common rules are counted without dateutil, for speed: on 2,000 rules, every date
    through two years ahead is the one dateutil's rrule gives, in the same order."""
    pick = random.Random(20261130)
    for _ in range(2000):
        start, repeat = _random_rule(pick)
        last = start.date() + timedelta(days=pick.choice([0, 40, 400, 800]))
        expected = _rrule_walls(start, repeat, last)
        assert wall_times(start, repeat, last) == expected, (start, repeat, last)
        timed = start.replace(tzinfo=LA)  # an aware start counts on its wall clock alike
        assert wall_times(timed, repeat, last) == expected


def test_the_quick_expansion_refuses_a_step_of_nothing() -> None:
    """The reader refuses `every: 0 weeks`; counting dates never steps by nothing for ever."""
    with pytest.raises(ValueError):
        list(rule_dates(date(2026, 12, 1), Repeat("weekly", 0), date(2026, 12, 31)))


def test_the_quick_expansion_stops_at_last_even_when_no_month_has_the_day() -> None:
    """A 31st every twelve months from a 30-day month never comes round: the listing stops
    at the horizon rather than searching on."""
    repeat = Repeat("monthly", 12, monthday=31)
    assert wall_times(datetime(2026, 4, 30, 9), repeat, date(2030, 1, 1)) == []
