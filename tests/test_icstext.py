"""Our VEVENT writer gives exactly the bytes the `icalendar` package gives.

The reference is the package itself: each VEVENT's properties, as
`render/calendar.py` lists them, are handed to `icalendar.Event.add` one by
one and its `to_ical()` is compared with ours. The property lists come from
every event (and every changed date) of the sample and fixture sites in every
language, from a generated bench corpus, and from thousands of generated
values aimed at the rules: escaping, folding at the 75-octet limit (with
multi-byte characters and escapes across it), time zones that are UTC under
another name, all-day dates and every part of a rule.
"""

from __future__ import annotations

import random
import re
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest

from microsite.content.load import load_site
from microsite.render.calendar import (
    override_properties,
    vevent_bytes,
    vevent_properties,
)
from microsite.render.editions import edition, languages
from microsite.render.icstext import Property, fold, recur, vevent
from microsite.render.rrules import DAY_CODES

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # noqa: E402

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
STAMP = datetime(2026, 11, 25, tzinfo=UTC)


def reference(properties: list[Property]) -> bytes:
    event = icalendar.Event()
    for name, value in properties:
        event.add(name, value)
    return event.to_ical()


def same(properties: list[Property]) -> None:
    assert vevent(properties).decode() == reference(properties).decode()


def every_vevent(content: Path) -> list[list[Property]]:
    """The property lists of every VEVENT the site's calendars hold, in every language."""
    site, _ = load_site(content, now=NOW, drafts=True)
    found = []
    for language in languages(site):
        version = edition(site, language)
        names = tuple((c.key, c.name) for c in version.communities)
        for event in version.events:
            found.append(vevent_properties(version.settings, names, event, STAMP))
            found += [
                override_properties(version.settings, names, event, change, STAMP)
                for change in event.changes
            ]
    return found


def test_every_event_of_the_sample_site() -> None:
    found = every_vevent(REPO / "content")
    names = {name for properties in found for name, _ in properties}
    assert len(found) >= 20
    assert {"RRULE", "EXDATE", "RECURRENCE-ID", "CATEGORIES"} <= names
    for properties in found:
        same(properties)


def test_every_event_of_the_fixture_site() -> None:
    found = every_vevent(REPO / "tests/sites/basic")
    assert found
    for properties in found:
        same(properties)


def test_every_event_of_a_generated_corpus(tmp_path: Path) -> None:
    generate(tmp_path, stories=20)
    found = every_vevent(tmp_path / "content")
    assert len(found) >= 4
    for properties in found:
        same(properties)


def test_an_event_and_its_changes_are_one_run_of_vevents() -> None:
    site, _ = load_site(REPO / "content", now=NOW, drafts=True)
    names = tuple((c.key, c.name) for c in site.communities)
    series = next(event for event in site.events if event.changes)
    expected = reference(vevent_properties(site.settings, names, series, STAMP)) + b"".join(
        reference(override_properties(site.settings, names, series, change, STAMP))
        for change in series.changes
    )
    assert vevent_bytes(site.settings, names, series, STAMP) == expected


# Folding: the limit, multi-byte characters and escapes at the cut.
FOLDS = [
    "x" * 62,
    "x" * 63,
    "x" * 64,
    "x" * 140,
    "x" * 61 + "\u00e9" * 3,
    "x" * 62 + "\U0001f3c4" + "y" * 20,
    "x" * 62 + "\\" + "y" * 20,
    "x" * 61 + ";" + "y" * 20,
    "x" * 61 + "," * 30,
    "x" * 62 + "^" + "y" * 20,
    "\\" * 90,
    "\u00f1" * 80,
    "a\\nb\\" * 30,
]


@pytest.mark.parametrize("summary", FOLDS)
def test_folding_at_the_limit(summary: str) -> None:
    same([("UID", "u"), ("SUMMARY", summary), ("DESCRIPTION", summary + "\n\n" + summary)])
    assert all(len(part) < 76 for part in fold("SUMMARY:" + summary).encode().split(b"\r\n"))


ZONES = [
    ZoneInfo("America/Los_Angeles"),
    ZoneInfo("UTC"),
    ZoneInfo("Etc/UTC"),
    ZoneInfo("GMT"),
    ZoneInfo("Europe/London"),
    ZoneInfo("Asia/Kolkata"),
    ZoneInfo("Etc/GMT+8"),
    ZoneInfo("Pacific/Chatham"),
    UTC,
]
PIECES = [
    "Coffee with a Cop",
    "caf\u00e9",
    "ni\u00f1os",
    "\U0001f3c4",
    ",",
    ";",
    "\\",
    "\\n",
    "^",
    '"',
    ":",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "https://example.org/a,b;c",
    "\u2014",
    "\u4e2d\u6587",
]


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40)))


def _moment(rng: random.Random, zone: Any, all_day: bool) -> date | datetime:
    day = date(2026, 1, 1) + timedelta(days=rng.randrange(900))
    if all_day:
        return day
    return datetime.combine(day, time(rng.randrange(24), rng.choice([0, 15, 30, 45])), zone)


def _rule(rng: random.Random, zone: Any, all_day: bool) -> dict[str, Any]:
    parts: dict[str, Any] = {"FREQ": rng.choice(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"])}
    if rng.random() < 0.5:
        parts["INTERVAL"] = rng.randint(2, 4)
    if rng.random() < 0.6:
        nth = rng.choice(["", "", "1", "2", "-1"])
        parts["BYDAY"] = [nth + day for day in rng.sample(DAY_CODES, rng.randint(1, 3))]
    if rng.random() < 0.2:
        parts["BYMONTHDAY"] = rng.randint(1, 28)
    if rng.random() < 0.2:
        parts["BYMONTH"] = rng.randint(1, 12)
    if rng.random() < 0.5:
        until = _moment(rng, zone, all_day)
        parts["UNTIL"] = until if all_day else until.astimezone(UTC)
    elif rng.random() < 0.5:
        parts["COUNT"] = rng.randint(1, 50)
    return parts


def _properties(rng: random.Random) -> list[Property]:
    zone, all_day = rng.choice(ZONES), rng.random() < 0.2
    start = _moment(rng, zone, all_day)
    properties: list[Property] = [
        ("UID", f"{rng.randrange(10**9)}-x"),
        ("DTSTAMP", STAMP),
        ("SEQUENCE", rng.randrange(10**7)),
        ("DTSTART", start),
        ("DTEND", start + timedelta(hours=1) if not all_day else start + timedelta(days=1)),
        ("SUMMARY", _text(rng)),
        ("STATUS", rng.choice(["CONFIRMED", "CANCELLED", "TENTATIVE"])),
        ("LOCATION", _text(rng)),
        ("DESCRIPTION", _text(rng) * rng.randint(1, 4)),
        ("URL", "https://example.org/events/" + "x" * rng.randrange(80) + "/"),
    ]
    if rng.random() < 0.3:
        properties.append(("LAST-MODIFIED", _moment(rng, UTC, False)))
    if rng.random() < 0.5:
        properties.append(("CATEGORIES", [_text(rng) or "x" for _ in range(rng.randint(1, 3))]))
    if rng.random() < 0.5:
        properties.append(("RRULE", _rule(rng, zone, all_day)))
        if rng.random() < 0.5:
            skipped = [_moment(rng, zone, all_day) for _ in range(rng.randint(1, 12))]
            properties.append(("EXDATE", skipped))
    elif rng.random() < 0.3:
        properties.append(("RECURRENCE-ID", _moment(rng, zone, all_day)))
    rng.shuffle(properties)
    return properties


def rfc_text(ics: str, name: str) -> str:
    """A TEXT property's value as RFC 5545 reads it: unfolded, each escape (`\\\\`,
    `\\;`, `\\,`, `\\n` or `\\N`) one character. The reference for what icalendar
    gets wrong: it reads a written backslash-N as a line break."""
    lines = ics.replace("\r\n ", "").split("\r\n")
    value = next(line for line in lines if line.startswith(name + ":")).split(":", 1)[1]
    escapes = {"\\": "\\", ";": ";", ",": ",", "n": "\n", "N": "\n"}
    return re.sub(r"\\(.)", lambda m: escapes[m.group(1)], value)


@pytest.mark.parametrize(
    "written",
    ["C:\\New Forms\\", "Room \\N-12", "x" * 60 + "\\N" * 10, "a\\\\Nb", "\\N\n\\n"],
)
def test_a_backslash_n_the_pio_wrote_stays_a_backslash_n(written: str) -> None:
    """Not a line break, as icalendar would make it (its one departure from the RFC)."""
    ics = vevent([("UID", "u"), ("SUMMARY", written)]).decode()
    assert rfc_text(ics, "SUMMARY") == written
    assert all(len(part) < 76 for part in ics.encode().split(b"\r\n"))


def test_generated_properties() -> None:
    rng = random.Random(5545)
    for _ in range(3000):
        same(_properties(rng))


def test_rule_text_matches_the_package() -> None:
    rng = random.Random(10)
    for _ in range(500):
        parts = _rule(rng, rng.choice(ZONES), rng.random() < 0.2)
        assert recur(parts) == icalendar.vRecur(parts).to_ical().decode()


def test_a_property_or_rule_part_it_does_not_know_is_refused() -> None:
    with pytest.raises(ValueError, match="GEO"):
        vevent([("GEO", (1.0, 2.0))])
    with pytest.raises(ValueError, match="WKST"):
        recur({"FREQ": "WEEKLY", "WKST": "SU"})
