"""schema.org JSON-LD: parseable, script-safe, with the right offsets and statuses."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from modelfactory import at, make_all_day_event, make_event, make_site, make_story

from microsite.render.jsonld import event_jsonld, story_jsonld

DEPARTMENT = {
    "@type": "GovernmentOrganization",
    "name": "Redondo Beach Police Department",
    "url": "https://community.example.org/",
}


def script_text(text: str) -> str:
    """What a browser hands to a JSON-LD reader: everything up to the first `</script`."""
    return f"<script>{text}</script>".split("<script>", 1)[1].split("</script", 1)[0]


def story_data(**overrides: Any) -> dict[str, Any]:
    return json.loads(script_text(story_jsonld(make_site(), make_story(**overrides))))


def event_data(**overrides: Any) -> dict[str, Any]:
    return json.loads(script_text(event_jsonld(make_site(), make_event(**overrides))))


def test_news_article() -> None:
    data = story_data(image="/media/band.jpg", image_alt="The band")
    assert list(data) == [
        "@context",
        "@type",
        "headline",
        "description",
        "datePublished",
        "dateModified",
        "author",
        "publisher",
        "image",
        "mainEntityOfPage",
        "inLanguage",
    ]
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Officers paddle out at the surf contest"
    assert data["datePublished"] == "2026-08-02T10:00:00-07:00"
    assert data["publisher"] == DEPARTMENT
    assert data["author"] == DEPARTMENT
    assert data["image"] == "https://community.example.org/media/band.jpg"
    assert data["mainEntityOfPage"] == "https://community.example.org/stories/surf-contest/"
    assert data["inLanguage"] == "en"


def test_news_article_without_image_and_with_edit() -> None:
    data = story_data(updated=at("2026-08-04 16:45"))
    assert "image" not in data
    assert data["dateModified"] == "2026-08-04T16:45:00-07:00"


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("Officer Dana Reyes", {"@type": "Person", "name": "Officer Dana Reyes"}),
        ("Redondo Beach Police Department", DEPARTMENT),
        ("", DEPARTMENT),
    ],
)
def test_author_is_a_person_only_when_named(author: str, expected: dict[str, str]) -> None:
    assert story_data(author=author)["author"] == expected


@pytest.mark.parametrize(
    "title", ["Night </script><script>alert(1)</script>", "</SCRIPT> & <!-- -->", "Café ☕ > 5"]
)
def test_text_cannot_close_the_script_element(title: str) -> None:
    text = story_jsonld(make_site(), make_story(title=title, summary=title))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(script_text(text))["headline"] == title


def test_non_ascii_stays_readable() -> None:
    text = story_jsonld(make_site(), make_story(title="Día de la familia"))
    assert "Día de la familia" in text


def test_output_is_stable() -> None:
    site, story = make_site(), make_story()
    assert story_jsonld(site, story) == story_jsonld(make_site(), make_story())


def test_event() -> None:
    data = event_data(info_url="https://example.com/signup")
    assert data["@type"] == "Event"
    assert data["name"] == "Beach cleanup"
    assert data["description"] == "Bring gloves."
    assert data["startDate"] == "2026-12-05T09:00:00-08:00"
    assert data["endDate"] == "2026-12-05T10:30:00-08:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {
        "@type": "Place",
        "name": "Redondo Beach Pier",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "100 Fishermans Wharf",
            "addressLocality": "Redondo Beach",
            "addressRegion": "CA",
            "postalCode": "90277",
            "addressCountry": "US",
        },
    }
    assert data["organizer"] == DEPARTMENT
    assert data["url"] == "https://community.example.org/events/beach-cleanup-2026-12-05/"


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("2026-03-07 10:00", "2026-03-07T10:00:00-08:00"),
        ("2026-03-08 10:00", "2026-03-08T10:00:00-07:00"),
        ("2026-10-31 10:00", "2026-10-31T10:00:00-07:00"),
        ("2026-11-01 10:00", "2026-11-01T10:00:00-08:00"),
    ],
)
def test_start_date_offset_follows_daylight_saving(start: str, expected: str) -> None:
    assert event_data(start=at(start), end=None)["startDate"] == expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("scheduled", "https://schema.org/EventScheduled"),
        ("cancelled", "https://schema.org/EventCancelled"),
        ("postponed", "https://schema.org/EventPostponed"),
    ],
)
def test_event_status(status: str, expected: str) -> None:
    assert event_data(status=status)["eventStatus"] == expected


def test_all_day_event_uses_dates() -> None:
    event = make_all_day_event(start=date(2026, 12, 12), end=date(2026, 12, 13))
    data = json.loads(script_text(event_jsonld(make_site(), event)))
    assert data["startDate"] == "2026-12-12"
    assert data["endDate"] == "2026-12-13"


def test_event_optional_fields_left_out_or_defaulted() -> None:
    data = event_data(end=None, address=None, description_html="")
    assert data["endDate"] == "2026-12-05T10:00:00-08:00"  # the default hour
    assert "description" not in data
    assert data["location"] == {"@type": "Place", "name": "Redondo Beach Pier"}


def test_event_description_is_plain_text() -> None:
    html = "<p>Bring <strong>gloves</strong> &amp; water.</p><ul><li>Sunscreen</li></ul>"
    assert event_data(description_html=html)["description"] == "Bring gloves & water.\nSunscreen"
