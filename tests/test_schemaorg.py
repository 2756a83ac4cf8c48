"""Every JSON-LD block the sample site publishes is valid schema.org, and events meet Google's bar.

The vocabulary is schema.org's own (a vendored subset, see tools/schemaorg_subset.py);
Google's event rich results add requirements on top (name, startDate, a Place
with an address), checked here on every event that has an address.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from schemaorg import problems

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def blocks(site: Path) -> dict[str, object]:
    found = {}
    for page in sorted(site.rglob("index.html")):
        for text in SCRIPT.findall(page.read_text(encoding="utf-8")):
            found[str(page.relative_to(site))] = json.loads(text)
    return found


def test_every_json_ld_block_is_valid_schema_org(sample_site: Path) -> None:
    found = blocks(sample_site)
    assert any(p.startswith("events/") for p in found) and any(
        p.startswith("stories/") for p in found
    )
    bad = {page: problems(data) for page, data in found.items() if problems(data)}
    assert bad == {}


def test_a_series_is_one_event_per_coming_date_at_most_twelve(sample_site: Path) -> None:
    data = blocks(sample_site)["events/teen-skate-session/index.html"]
    assert isinstance(data, list) and len(data) == 12
    coffee = blocks(sample_site)["events/coffee-with-a-cop-riviera-village/index.html"]
    moved = next(e for e in coffee if e["startDate"].startswith("2027-03-03"))
    assert moved["previousStartDate"] == "2027-03-02T08:00:00-08:00"
    cancelled = next(e for e in coffee if e["startDate"].startswith("2027-02-02"))
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"


def test_events_meet_googles_rich_result_requirements(sample_site: Path) -> None:
    for page, data in blocks(sample_site).items():
        for event in data if isinstance(data, list) else [data]:
            if event.get("@type") != "Event" or "address" not in event["location"]:
                continue
            assert event["name"] and event["startDate"] and event["endDate"], page
            assert event["location"]["address"]["@type"] == "PostalAddress", page
            assert event["location"]["address"]["streetAddress"], page
            assert event["offers"]["@type"] == "Offer" and event["organizer"]["name"], page


def test_cost_and_sign_up_become_an_offer(sample_site: Path) -> None:
    data = blocks(sample_site)["events/winter-surf-classic-2027-02-06/index.html"]
    assert data["offers"]["price"] == 10.0 and data["offers"]["priceCurrency"] == "USD"
    assert data["offers"]["validThrough"] == "2027-02-01T17:00:00-08:00"
    assert data["isAccessibleForFree"] is False
    free = blocks(sample_site)["events/toy-drive-sorting-night-2026-12-10/index.html"]
    assert free["offers"]["price"] == 0 and free["isAccessibleForFree"] is True


def test_the_validator_catches_mistakes() -> None:
    """So the test above can fail: each of these is something schema.org would refuse."""
    event = {"@type": "Event", "name": "A", "startDate": "2026-12-05T09:00:00-08:00"}
    assert problems(event) == []
    assert problems({**event, "@type": "Evnt"}) == [": @type 'Evnt' is not a schema.org class"]
    assert problems({**event, "starDate": "x"}) == [
        ".starDate: 'starDate' is not a schema.org property"
    ]
    assert problems({**event, "headline": "x"}) == [
        ".headline: 'headline' is not a property of Event"
    ]
    wrong_status = {**event, "eventStatus": "https://schema.org/InStock"}
    assert problems(wrong_status)[0].startswith(".eventStatus: InStock is not one of")
    place = {**event, "location": {"@type": "Offer"}}
    assert problems(place)[0].startswith(".location: a Offer is not one of")
    assert problems({**event, "startDate": "Dec. 5"})[0].startswith(".startDate: 'Dec. 5'")
