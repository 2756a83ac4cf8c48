"""schema.org JSON-LD, so search engines show stories and events with dates and places.

The text goes inside `<script type="application/ld+json">`, where HTML
escaping does not apply: a title containing `</script>` would end the element
and let content inject markup. So `<`, `>` and `&` are written as JSON
`\\u` escapes, which parse back to the same characters. Keys keep the order
written here, so the output is the same on every build.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from microsite.dates import iso
from microsite.images.renditions import web_path
from microsite.model import Event, EventStatus, Occurrence, Site, Story
from microsite.recurrence import first_occurrence
from microsite.render.language import words
from microsite.render.textutil import plain_text

CONTEXT = "https://schema.org"
SCHEMA_STATUSES = {
    EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
}
MAX_OCCURRENCES = 12  # a weekly series would otherwise list a year of dates on every page
PRICE = re.compile(r"\$\s*(\d[\d,]*(?:\.\d\d)?)")
US_ADDRESS = re.compile(r"(.+?),\s*([^,]+),\s*([A-Z]{2})\s+(\d{5}(?:-\d{4})?)")
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
        data["image"] = settings.absolute(_picture(story))
    data["mainEntityOfPage"] = settings.absolute(story.path)
    data["inLanguage"] = settings.language
    return _script_json(data)


def event_jsonld(
    site: Site,
    event: Event,
    dates: Sequence[Occurrence] | None = None,
    *,
    signing_up: bool | None = None,
) -> str:
    """Events as Google's event rich results want them, one per date (at most 12).

    Each has its UTC offset in `startDate`, so the hour is right in every zone.
    A one-off event is a single object; a series is a list of its coming dates.
    `signing_up`: whether registration is open (by default, as of the build clock).
    """
    dates = dates or (first_occurrence(event),)
    if signing_up is None:
        signing_up = event.registration_open(site.now)
    items = [_occurrence(site, event, o, signing_up) for o in dates[:MAX_OCCURRENCES]]
    return _script_json(items[0] if event.repeat is None else items)


def _occurrence(
    site: Site, event: Event, occurrence: Occurrence, signing_up: bool
) -> dict[str, Any]:
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "Event", "name": event.title}
    description = plain_text(event.description_html)
    if description or occurrence.note:
        data["description"] = " ".join(filter(None, (occurrence.note, description)))
    data["startDate"] = iso(occurrence.start)
    data["endDate"] = iso(_end(occurrence))
    if occurrence.moved:
        data["previousStartDate"] = iso(occurrence.rule_start)
    data["eventStatus"] = SCHEMA_STATUSES[occurrence.status]
    data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
    data["location"] = _place(event, occurrence.location, site.settings.language)
    data["isAccessibleForFree"] = event.free
    data["offers"] = _offer(site, event, signing_up)
    data["organizer"] = _organizer(site, event)
    data["url"] = site.settings.absolute(event.path)
    if event.image:
        data["image"] = site.settings.absolute(_picture(event))
    if len(site.settings.languages) > 1:  # a one-language site's pages stay as they were
        data["inLanguage"] = site.settings.language
    return data


def _end(occurrence: Occurrence) -> date | datetime:
    """The last day (all-day events, inclusive) or the end time; a default hour without one."""
    if occurrence.all_day:
        return occurrence.end or occurrence.start
    return occurrence.ends_at


def _offer(site: Site, event: Event, signing_up: bool) -> dict[str, Any]:
    """Free, or the price the cost names; where to sign up and until when."""
    offer: dict[str, Any] = {"@type": "Offer", "price": 0, "priceCurrency": "USD"}
    if event.cost is not None:
        price = PRICE.search(event.cost)
        offer = {"@type": "Offer", "description": event.cost}
        if price is not None:
            offer |= {"price": float(price.group(1).replace(",", "")), "priceCurrency": "USD"}
    offer["url"] = event.registration if signing_up else site.settings.absolute(event.path)
    if signing_up or event.registration is None:  # closed sign-ups are not "in stock"
        offer["availability"] = "https://schema.org/InStock"
    if event.deadline is not None:
        offer["validThrough"] = iso(event.deadline)
    return offer


def _organizer(site: Site, event: Event) -> dict[str, Any]:
    organizer: dict[str, Any] = _department(site)
    if event.contact:
        organizer["contactPoint"] = {"@type": "ContactPoint", "description": event.contact}
    return organizer


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


def _place(event: Event, location: str, language: str) -> dict[str, Any]:
    """A Place; its address as a PostalAddress, split when it reads "street, city, ST 12345"."""
    place: dict[str, Any] = {"@type": "Place", "name": location}
    if event.address:
        place["address"] = postal_address(event.address)
    if event.accessibility:
        name = words(language).gettext("Accessibility")
        feature = {"@type": "LocationFeatureSpecification", "name": name}
        place["amenityFeature"] = feature | {"value": event.accessibility}
    return place


def postal_address(text: str) -> dict[str, str]:
    """`401 Diamond St., Redondo Beach, CA 90277` -> street, locality, region, postal code."""
    address = {"@type": "PostalAddress"}
    match = US_ADDRESS.fullmatch(text.strip())
    if match is None:
        return address | {"streetAddress": text}
    street, city, region, code = match.groups()
    return address | {
        "streetAddress": street,
        "addressLocality": city,
        "addressRegion": region,
        "postalCode": code,
        "addressCountry": "US",
    }


def _picture(item: Story | Event) -> str:
    """The lead picture's address, in a format search engines read (`web_path`)."""
    return web_path(item.picture) if item.picture is not None else item.image or ""


def _script_json(data: dict[str, Any]) -> str:
    """JSON that no string value can break out of a script element with."""
    text = json.dumps(data, ensure_ascii=False)  # no indent: the C encoder is 5x faster
    return text.translate(SCRIPT_SAFE)
