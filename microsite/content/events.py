"""`events/*.yaml`: each file a list of events, each event checked field by field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from microsite.content import yamlsrc
from microsite.content.fields import COMMUNITY_HINT, Fields, describe, slugify
from microsite.content.yamlsrc import Located, LocatedList
from microsite.errors import ContentError, did_you_mean
from microsite.model import EVENT_STATUSES, Event, EventStatus

EVENT_KEYS = (
    "title", "start", "end", "location", "address", "communities",
    "description", "url", "status", "slug",
)  # fmt: skip
LIST_HINT = "each event starts with '- title: ...' at the left edge"


@dataclass(frozen=True)
class EventRules:
    """What an event is checked against: the site's zone and communities."""

    tz: ZoneInfo
    communities: tuple[str, ...]


@dataclass(frozen=True)
class ParsedEvent:
    """A checked event whose description is still Markdown, converted with the stories."""

    event: Event
    line: int  # where its item starts
    description: str | None
    description_line: int


def parse_events(
    text: str, path: str, rules: EventRules, problems: list[ContentError]
) -> list[ParsedEvent]:
    """Every valid event in one file."""
    try:
        items = yamlsrc.load(text)
    except yamlsrc.YamlProblem as exc:
        problems.append(ContentError(path, exc.line, exc.message))
        return []
    if items is None:
        return []
    if not isinstance(items, LocatedList):
        problems.append(
            ContentError(path, 1, f"expected a list of events, got {describe(items)}", LIST_HINT)
        )
        return []
    events = []
    for item, line in zip(items, items.item_lines, strict=True):
        if not isinstance(item, Located):
            problems.append(ContentError(path, line, f"expected an event, got {describe(item)}"))
            continue
        event = _parse_event(Fields(item, path, problems, EVENT_KEYS), rules)
        if event is not None:
            events.append(ParsedEvent(event, line, *_description(item)))
    return events


def _parse_event(fields: Fields, rules: EventRules) -> Event | None:
    before = len(fields.problems)
    tz = rules.tz
    title = fields.text("title", required=True)
    start = fields.when("start", tz, required=True)
    end = _end(fields, start, tz)
    location = fields.text("location", required=True)
    status = _status(fields)
    info_url = _url(fields)
    fields.text("description", one_line=False)  # checked here, converted with the stories
    communities = fields.choices("communities", rules.communities, COMMUNITY_HINT)
    if len(fields.problems) > before or title is None or start is None or location is None:
        return None
    return Event(
        slug=fields.slug("slug", f"{slugify(title)}-{_day(start).isoformat()}"),
        title=title,
        start=start,
        end=end,
        location=location,
        address=fields.text("address"),
        communities=communities,
        info_url=info_url,
        status=status,
        source=fields.path,
        tz=tz,
    )


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _end(fields: Fields, start: date | datetime | None, tz: ZoneInfo) -> date | datetime | None:
    end = fields.when("end", tz)
    if end is None or start is None:
        return end
    if isinstance(end, datetime) != isinstance(start, datetime):
        fields.error(
            "end",
            "end: use the same form as start",
            "both with a time (2026-12-05 09:00) or both all-day (2026-12-05)",
        )
        return None
    if end < start:  # type: ignore[operator]
        fields.error("end", "end: the event ends before it starts", "check the date and time")
        return None
    return end


def _status(fields: Fields) -> EventStatus:
    status = fields.text("status") or EventStatus.SCHEDULED
    if status not in EVENT_STATUSES:
        fields.error(
            "status", f"status: unknown status '{status}'", did_you_mean(status, EVENT_STATUSES)
        )
        return EventStatus.SCHEDULED
    return EventStatus(status)


def _url(fields: Fields) -> str | None:
    url = fields.text("url")
    if url is not None and not url.startswith(("https://", "http://")):
        fields.error(
            "url", f"url: expected a web address, got '{url}'", "like https://www.redondo.org/"
        )
        return None
    return url


def _description(item: Located) -> tuple[str | None, int]:
    """The description's Markdown and the line its text starts on (the next, for a `|` block)."""
    text = item.get("description")
    line = item.line_of("description")
    if not isinstance(text, str) or not text:
        return None, line
    return text, line + 1 if "\n" in text.rstrip("\n") else line
