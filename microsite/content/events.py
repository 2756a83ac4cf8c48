"""`events/*.yaml`: each file a list of events, each event checked field by field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from itertools import accumulate, pairwise
from zoneinfo import ZoneInfo

from microsite.content import yamlsrc
from microsite.content.changes import parse_except_and_changes, read_status
from microsite.content.consent import check_consent
from microsite.content.fields import COMMUNITY_HINT, Fields, describe, media_image
from microsite.content.gaps import check_gaps
from microsite.content.placeholders import left_in_fields, left_in_text
from microsite.content.repeat import parse_repeat
from microsite.content.slugs import SLUG_MAX, derived, read_slug, taken
from microsite.content.urls import link_problem
from microsite.content.yamlsrc import Located, LocatedList
from microsite.errors import ContentError, warning
from microsite.lints.rules import NO_LINTS, LintRules
from microsite.model import Event

EVENT_KEYS = (
    "title", "start", "end", "location", "address", "communities",
    "description", "url", "status", "slug", "repeat", "except", "changes",
    "registration", "deadline", "cost", "accessibility", "contact", "updated",
    "image", "image_alt", "minors_pictured", "photo_consent",
)  # fmt: skip
LIST_HINT = "each event starts with '- title: ...' at the left edge"


@dataclass(frozen=True)
class EventRules:
    """What an event is checked against: the site's zone and communities."""

    tz: ZoneInfo
    communities: tuple[str, ...]
    languages: tuple[str, ...] = ("en",)  # the default first
    media: frozenset[str] = frozenset()  # /media/ paths, for `image`
    lints: LintRules = NO_LINTS  # for `image_alt`
    minors: frozenset[str] = frozenset()  # communities whose pictures need consent stated


@dataclass(frozen=True)
class Description:
    """One language's description of an event, as Markdown, and the file line each of its
    lines starts on: a folded YAML text (`>`, plain or quoted) joins several file lines into
    one, so a broken link in it is found at its file line only through these."""

    lang: str
    text: str
    lines: tuple[int, ...]


@dataclass(frozen=True)
class ParsedEvent:
    """A checked event whose description is still Markdown, converted with the stories."""

    event: Event | None  # None when a field has an error: its descriptions are checked still
    line: int  # where its item starts
    descriptions: tuple[Description, ...] = ()  # the default language's first, if it has one
    source: str = ""  # the file, as messages name it


def parse_events(
    text: str, path: str, rules: EventRules, problems: list[ContentError]
) -> list[ParsedEvent]:
    """Every valid event in one file."""
    try:
        items = yamlsrc.load(text, written=True)
    except yamlsrc.YamlProblem as exc:
        apart = _each_apart(text, path, rules) if exc.syntax else []
        problems.extend(apart or [ContentError(path, exc.line, exc.message)])
        return []
    if items is None:
        return []
    if not isinstance(items, LocatedList):
        problems.append(
            ContentError(path, 1, f"expected a list of events, got {describe(items)}", LIST_HINT)
        )
        return []
    return _events_in(items, path, rules, problems, text.split("\n"))


# A line that starts an event of the file's list: `- title: ...`, or `-` alone.
_ITEM = re.compile(r"^-(?:[ \t]|$)", re.M)
JOINED = 8  # events an event's text may be read together with (see `_each_apart`)


def _each_apart(text: str, path: str, rules: EventRules) -> list[ContentError]:
    """When the file is not YAML as a whole, each event read on its own: a slip in one
    event then hides neither a slip in another nor the other events' own problems, and
    each is reported in the event it is in, not where the parser gave up (an unclosed
    quote is found at the end of the file).

    An event's text is cut where a line starts with `- `, which a quoted text may
    hold too (`"Bring:` / `- water"`): a part that fails only at its end (a quote or
    a bracket still open) is read again with the parts after it, up to JOINED of them,
    before its slip is said. Empty when every event reads on its own (the slip is
    between them, and the file's own problem says where), or when a part fails for
    anything but a slip of syntax (an alias to another event's value), or the text
    before the first event is more than comments."""
    starts = [match.start() for match in _ITEM.finditer(text)] + [len(text)]
    befores = list(accumulate(text.count("\n", a, b) for a, b in pairwise([0, *starts])))
    source = text.split("\n")
    try:
        if yamlsrc.load(text[: starts[0]]) is not None:
            return []  # `events:` above the list: the file's own problem says it best
        found: list[ContentError] = []
    except yamlsrc.YamlProblem as exc:
        if not exc.syntax:
            return []
        found = [ContentError(path, exc.line, exc.message)]
    broken = bool(found)
    first = 0
    while first < len(starts) - 1:
        last, slip = first, None
        while True:
            try:  # `befores`: the file lines before each part
                items = yamlsrc.load(text[starts[first] : starts[last + 1]], befores[first], True)
            except yamlsrc.YamlProblem as exc:
                if not exc.syntax:
                    return []
                slip = slip or exc  # the part's own slip, said if joining does not help
                if exc.at_end and last + 1 < len(starts) - 1 and last - first < JOINED:
                    last += 1
                    continue
                found.append(ContentError(path, slip.line, slip.message))
                broken, last = True, first
                break
            if isinstance(items, LocatedList):
                _events_in(items, path, rules, found, source)
            break
        first = last + 1
    return found if broken else []


def _events_in(
    items: LocatedList,
    path: str,
    rules: EventRules,
    problems: list[ContentError],
    source: list[str],
) -> list[ParsedEvent]:
    """The events of a list read from the file whose lines are `source`."""
    events = []
    for item, line in zip(items, items.item_lines, strict=True):
        if not isinstance(item, Located):
            problems.append(ContentError(path, line, f"expected an event, got {describe(item)}"))
            continue
        fields = Fields(item, path, problems, EVENT_KEYS)
        event = _parse_event(fields, rules)
        descriptions = _descriptions(item, rules.languages, source)
        problems += left_in_fields(fields)  # an event has no draft to hold its words back
        for description in descriptions:
            problems += left_in_text(description.text, path, description.lines[0], source)
        if event is not None or descriptions:  # a broken event's links are checked too
            events.append(ParsedEvent(event, line, descriptions, path))
    return events


def _parse_event(fields: Fields, rules: EventRules) -> Event | None:
    before = len(fields.problems)
    tz, languages = rules.tz, rules.languages
    title, titles = fields.localized("title", languages, required=True)
    start = fields.when("start", tz, required=True)
    end = _end(fields, start, tz)
    check_gaps(fields, {"start": start, "end": end})
    location, locations = fields.localized("location", languages, required=True)
    address, addresses = fields.localized("address", languages)
    repeat = parse_repeat(fields, start)
    skipped, changes = parse_except_and_changes(fields, start, repeat, languages)
    info_url, registration = _url(fields, "url"), _url(fields, "registration")
    fields.localized("description", languages, one_line=False)  # converted with the stories
    communities = fields.choices("communities", rules.communities, COMMUNITY_HINT)
    details = _details(fields, tz, languages)
    image_alt, alts = fields.localized("image_alt", languages)
    image = media_image(fields, rules.media, image_alt)
    check_consent(fields, _markdown_of(fields.data.get("description")), rules.minors)
    if _failed(fields.problems, before) or title is None or start is None or location is None:
        return None
    from microsite.lints.header import image_alt_lints  # as `documents.parse_document` does
    from microsite.lints.run import Warn

    warn, line = Warn(fields.path), fields.line("image_alt")
    fields.problems += image_alt_lints(warn, line, image_alt, title, rules.lints)
    return Event(
        slug=_slug(fields, title, start, languages),
        title=title,
        start=start,
        end=end,
        location=location,
        address=address,
        communities=communities,
        info_url=info_url,
        status=read_status(fields),
        source=fields.path,
        translated=titles + locations + addresses + details[1] + alts,
        tz=tz,
        repeat=repeat,
        skipped=skipped,
        changes=changes,
        registration=registration,
        image=image,
        image_alt=image_alt,
        **details[0],
    )


def _failed(problems: list[ContentError], before: int) -> bool:
    """Whether an error was found since `before`; a warning (a skipped hour, a date listed
    twice) keeps the event."""
    return any(not problem.warning for problem in problems[before:])


def _details(
    fields: Fields, tz: ZoneInfo, languages: tuple[str, ...]
) -> tuple[dict, tuple[tuple[str, str, str], ...]]:
    """The optional fields a resident reads on the page and search engines in JSON-LD,
    and those of them given in other languages."""
    cost, costs = fields.localized("cost", languages)
    access, accesses = fields.localized("accessibility", languages, one_line=False)
    contact, contacts = fields.localized("contact", languages)
    values = {
        "deadline": fields.until("deadline", tz),
        "cost": cost,
        "accessibility": access,
        "contact": contact,
        "updated": fields.moment("updated", tz),
    }
    return values, costs + accesses + contacts


def _markdown_of(description: object) -> str:
    """The description's Markdown, every language's: where pictures in its text would be."""
    if isinstance(description, dict):
        return "\n".join(text for text in description.values() if isinstance(text, str))
    return description if isinstance(description, str) else ""


def _slug(fields: Fields, title: str, start: date | datetime, languages: tuple[str, ...]) -> str:
    """The pinned slug; without one, the dated default and a warning saying how to pin it.

    The default is the title's words, as many as fit, then the date; a title
    with no letter or digit (`!!!`) gives `event-2026-12-05`.
    """
    day = _day(start).isoformat()
    default = f"{derived(title, 'event', SLUG_MAX - len(day) - 1)}-{day}"
    if "slug" not in fields.data:
        message = "no slug: this event's address and calendar entry change if its date does"
        fields.problems.append(
            warning(fields.path, fields.data.line, message, f"pin it: add 'slug: {default}'")
        )
    return read_slug(fields, "events", default, taken("events", languages))


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
    problem = link_problem(url) if url is not None else ""
    if problem:
        fields.error(key, f"{key}: expected a web address, got {describe(url)}", problem)
        return None
    return url


def _descriptions(
    item: Located, languages: tuple[str, ...], source: list[str]
) -> tuple[Description, ...]:
    """Each language's description, in the order of `languages`.

    A plain description is the default language's; `{en: ..., es: ...}` gives several.
    """
    value = item.get("description")
    if isinstance(value, Located):
        pairs = [(lang, value, lang) for lang in languages]
    else:
        pairs = [(languages[0], item, "description")]
    return tuple(
        Description(lang, text, yamlsrc.text_lines(text, written, source))
        for lang, held, key in pairs
        if isinstance(text := held.get(key), str) and text and (written := held.written(key))
    )
