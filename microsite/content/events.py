"""`events/*.yaml`: each file a list of events, each event checked field by field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from microsite.content import yamlsrc
from microsite.content.changes import parse_except_and_changes, read_status
from microsite.content.fields import COMMUNITY_HINT, Fields, describe, slugify
from microsite.content.repeat import parse_repeat
from microsite.content.yamlsrc import Located, LocatedList
from microsite.errors import ContentError, warning
from microsite.model import Event

EVENT_KEYS = (
    "title", "start", "end", "location", "address", "communities",
    "description", "url", "status", "slug", "repeat", "except", "changes",
    "registration", "deadline", "cost", "accessibility", "contact", "updated",
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
    repeat = parse_repeat(fields, start)
    skipped, changes = parse_except_and_changes(fields, start, repeat)
    info_url, registration = _url(fields, "url"), _url(fields, "registration")
    fields.text("description", one_line=False)  # checked here, converted with the stories
    communities = fields.choices("communities", rules.communities, COMMUNITY_HINT)
    if len(fields.problems) > before or title is None or start is None or location is None:
        return None
    return Event(
        slug=_slug(fields, title, start),
        title=title,
        start=start,
        end=end,
        location=location,
        address=fields.text("address"),
        communities=communities,
        info_url=info_url,
        status=read_status(fields),
        source=fields.path,
        tz=tz,
        repeat=repeat,
        skipped=skipped,
        changes=changes,
        registration=registration,
        **_details(fields, tz),
    )


def _details(fields: Fields, tz: ZoneInfo) -> dict:
    """The optional fields a resident reads on the page and search engines in JSON-LD."""
    return {
        "deadline": fields.moment("deadline", tz),
        "cost": fields.text("cost"),
        "accessibility": fields.text("accessibility", one_line=False),
        "contact": fields.text("contact"),
        "updated": fields.moment("updated", tz),
    }


def _slug(fields: Fields, title: str, start: date | datetime) -> str:
    """The pinned slug; without one, the dated default and a warning saying how to pin it."""
    default = f"{slugify(title)}-{_day(start).isoformat()}"
    if "slug" not in fields.data:
        message = "no slug: this event's address and calendar entry change if its date does"
        fields.problems.append(
            warning(fields.path, fields.data.line, message, f"pin it: add 'slug: {default}'")
        )
    return fields.slug("slug", default)


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


def _url(fields: Fields, key: str) -> str | None:
    url = fields.text(key)
    if url is not None and not url.startswith(("https://", "http://")):
        fields.error(
            key, f"{key}: expected a web address, got '{url}'", "like https://www.redondo.org/"
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
