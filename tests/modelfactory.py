"""Model values for unit tests that start after loading: feeds, calendars, templates.

Each maker fills in sensible defaults so a test names only what it is about.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from microsite.model import Community, Contact, Event, Page, Settings, Site, Story

LA = ZoneInfo("America/Los_Angeles")


def at(text: str) -> datetime:
    """`2026-12-05 09:00` in Los Angeles time."""
    return datetime.fromisoformat(text).replace(tzinfo=LA)


def make_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "title": "Redondo Beach Police Community",
        "department": "Redondo Beach Police Department",
        "base_url": "https://community.example.org",
        "language": "en",
        "timezone": LA,
        "description": "Stories and events from our community.",
        "contact": Contact("911", "(310) 379-2477", "community@example.org", "401 Diamond St."),
    }
    values.update(overrides)
    return Settings(**values)


def make_story(slug: str = "surf-contest", **overrides: Any) -> Story:
    values: dict[str, Any] = {
        "slug": slug,
        "title": "Officers paddle out at the surf contest",
        "date": at("2026-08-02 10:00"),
        "summary": "Our officers met surfers at the pier.",
        "body_html": '<p>We met <a href="/stories/other/">surfers</a>.</p>',
        "source": f"content/stories/{slug}.md",
        "communities": ("surf",),
        "author": "Redondo Beach Police Department",
    }
    values.update(overrides)
    return Story(**values)


def make_event(slug: str = "beach-cleanup-2026-12-05", **overrides: Any) -> Event:
    values: dict[str, Any] = {
        "slug": slug,
        "title": "Beach cleanup",
        "start": at("2026-12-05 09:00"),
        "end": at("2026-12-05 10:30"),
        "location": "Redondo Beach Pier",
        "address": "100 Fishermans Wharf, Redondo Beach, CA 90277",
        "source": "content/events/2026.yaml",
        "communities": ("surf",),
        "description_html": "<p>Bring gloves.</p>",
        "tz": LA,
    }
    values.update(overrides)
    return Event(**values)


def make_all_day_event(slug: str = "holiday-lights-2026-12-12", **overrides: Any) -> Event:
    values: dict[str, Any] = {
        "title": "Holiday lights",
        "start": date(2026, 12, 12),
        "end": date(2026, 12, 13),
    }
    values.update(overrides)
    return make_event(slug, **values)


def make_page(slug: str = "about", **overrides: Any) -> Page:
    values: dict[str, Any] = {
        "slug": slug,
        "title": "About us",
        "summary": "Who we are.",
        "body_html": "<p>We are the police department.</p>",
        "source": f"content/pages/{slug}.md",
        "nav": 1,
    }
    values.update(overrides)
    return Page(**values)


def make_site(**overrides: Any) -> Site:
    values: dict[str, Any] = {
        "settings": make_settings(),
        "now": at("2026-11-25 09:00"),
        "communities": (
            Community("surf", "Surf", "Surfers and the officers who paddle out with them."),
            Community("music", "Music", "Bands, venues and festivals."),
        ),
        "stories": (make_story(),),
        "events": (make_event(),),
        "pages": (make_page(),),
    }
    values.update(overrides)
    return Site(**values)
