"""schema.org JSON-LD, so search engines show stories and events with dates and places.

The text goes inside `<script type="application/ld+json">`, where HTML
escaping does not apply: a title containing `</script>` would end the element
and let content inject markup. So `<`, `>` and `&` are written as JSON
`\\u` escapes, which parse back to the same characters. Keys keep the order
written here, so the output is the same on every build.
"""

from __future__ import annotations

import json
from typing import Any

from microsite.model import Event, EventStatus, Site, Story
from microsite.render.dates import iso
from microsite.render.textutil import plain_text

CONTEXT = "https://schema.org"
SCHEMA_STATUSES = {
    EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
}
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def story_jsonld(site: Site, story: Story) -> str:
    """A NewsArticle: headline, dates, author and publisher, as Google recommends."""
    settings = site.settings
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "headline": story.title,
        "description": story.summary,
        "datePublished": iso(story.date),
        "dateModified": iso(story.modified),
        "author": _author(site, story.author),
        "publisher": _department(site),
    }
    if story.image:
        data["image"] = settings.absolute(story.image)
    data["mainEntityOfPage"] = settings.absolute(story.path)
    data["inLanguage"] = settings.language
    return _script_json(data)


def event_jsonld(site: Site, event: Event) -> str:
    """An Event with its UTC offset in `startDate`, so the hour is right in every zone."""
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "Event", "name": event.title}
    description = plain_text(event.description_html)
    if description:
        data["description"] = description
    data["startDate"] = iso(event.start)
    if event.end is not None:
        data["endDate"] = iso(event.end)
    data["eventStatus"] = SCHEMA_STATUSES[event.status]
    data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
    data["location"] = _place(event)
    data["organizer"] = _department(site)
    data["url"] = site.settings.absolute(event.path)
    return _script_json(data)


def _department(site: Site) -> dict[str, str]:
    return {
        "@type": "GovernmentOrganization",
        "name": site.settings.department,
        "url": site.settings.absolute("/"),
    }


def _author(site: Site, author: str) -> dict[str, str]:
    """A named officer is a Person; we know no page of theirs, so no `url` is claimed."""
    if not author or author == site.settings.department:
        return _department(site)
    return {"@type": "Person", "name": author}


def _place(event: Event) -> dict[str, str]:
    place = {"@type": "Place", "name": event.location}
    if event.address:
        place["address"] = event.address
    return place


def _script_json(data: dict[str, Any]) -> str:
    """JSON that no string value can break out of a script element with."""
    text = json.dumps(data, ensure_ascii=False)  # no indent: the C encoder is 5x faster
    return text.translate(SCRIPT_SAFE)
