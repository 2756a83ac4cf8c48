"""An event's VEVENT written as RFC 5545 text: value formats, escaping, order and folding.

The `icalendar` package writes these same bytes, and did until the calendars
grew with recurring series: its general machinery (a typed object and a
parameter dictionary for every property, a sort and a fold for every line)
cost 0.3 ms an event, paid again in every process that renders a calendar
holding it: 7% of the processor time of a cold build of the bench corpus.
Here the properties an event can have are written directly, in the
package's order and with its escaping and folding, in a sixth of the time,
and `tests/test_icstext.py` holds the two to the same bytes on every event
of the sample and test sites and on thousands of generated ones. The
package still writes what is made once per calendar (its header and
VTIMEZONE) and reads every calendar in the tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, tzinfo
from functools import lru_cache
from typing import Any

# Properties come out in this order, then the rest alphabetically (icalendar's Event).
CANONICAL = (
    "SUMMARY",
    "DTSTART",
    "DTEND",
    "DURATION",
    "DTSTAMP",
    "UID",
    "RECURRENCE-ID",
    "SEQUENCE",
    "RRULE",
    "RDATE",
    "EXDATE",
)
RULE_ORDER = ("FREQ", "UNTIL", "COUNT", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH")
TEXT = frozenset({"SUMMARY", "DESCRIPTION", "LOCATION", "STATUS", "UID"})
MOMENTS = frozenset({"DTSTART", "DTEND", "DTSTAMP", "LAST-MODIFIED", "RECURRENCE-ID"})
LIMIT = 75  # octets a line may reach before it is folded (RFC 5545 3.1)

Property = tuple[str, Any]


def vevent(properties: Iterable[Property]) -> bytes:
    """One VEVENT from `(NAME, value)` pairs, each name once: values as `icalendar`'s
    `Event.add` takes them (text, a date or date-time, a number, a list of texts or of
    dates, a rule's parts)."""
    lines = {name: _content_line(name, value) for name, value in properties}
    names = [name for name in CANONICAL if name in lines]
    names += sorted(name for name in lines if name not in CANONICAL)
    body = "".join(lines[name] + "\r\n" for name in names)
    return f"BEGIN:VEVENT\r\n{body}END:VEVENT\r\n".encode()


def recur(parts: dict[str, Any]) -> str:
    """A rule's parts as RRULE's value: `FREQ=MONTHLY;BYDAY=1TU`."""
    unknown = set(parts) - set(RULE_ORDER)
    if unknown:
        raise ValueError(f"a rule part this writer does not know: {sorted(unknown)}")
    spelt = []
    for key in RULE_ORDER:
        if key in parts:
            values = parts[key] if isinstance(parts[key], list | tuple) else [parts[key]]
            spelt.append(f"{key}={','.join(_rule_value(value) for value in values)}")
    return ";".join(spelt)


def text(value: str) -> str:
    """TEXT escaping (RFC 5545 3.3.11), in icalendar's order, a lone CR a line break too.

    One difference: icalendar first turns a backslash-N into a line break, so
    a PIO's `C:\\New Forms` or `Room \\N-12` would reach calendars broken in two.
    Here every backslash is a backslash, as the RFC has it.
    """
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """A content line cut into lines of under 75 octets, each after the first led by a space,
    never between a backslash or caret and the character it escapes, nor inside a
    character's UTF-8 bytes."""
    if line.isascii():  # a character is an octet: cut by position
        return _fold_ascii(line)
    folded: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        size = len(char.encode())
        if current and count + size >= LIMIT:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                folded.append("".join(current))
                current, count = [carried], len(carried.encode())
            else:
                folded.append("".join(current))
                current, count = [], 0
        current.append(char)
        count += size
    if current:
        folded.append("".join(current))
    return "\r\n ".join(folded)


def _fold_ascii(line: str) -> str:
    """`fold`'s rule where every character is one octet: by slicing, not a loop over
    characters (a fifth of the time of writing a VEVENT)."""
    width = LIMIT - 1
    parts = []
    start = 0
    while len(line) - start > width:
        end = start + width
        if line[end - 1] in "\\^":  # the escape goes with what it escapes
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return "\r\n ".join(parts)


def _content_line(name: str, value: Any) -> str:
    if name in TEXT:
        return fold(f"{name}:{text(value)}")
    if name in MOMENTS:
        params, spelt = _moment(value)
        return fold(f"{name}{params}:{spelt}")
    if name == "SEQUENCE":
        return fold(f"{name}:{int(value)}")
    if name == "URL":
        return fold(f"{name}:{value}")
    if name == "CATEGORIES":
        return fold(f"{name}:{','.join(text(category) for category in value)}")
    if name == "RRULE":
        return fold(f"{name}:{recur(value)}")
    if name == "EXDATE":
        return fold(_moments(name, value))
    raise ValueError(f"a property this writer does not know: {name}")


def _moment(value: date | datetime) -> tuple[str, str]:
    """A DATE or DATE-TIME value and the parameters it takes: VALUE=DATE, a TZID, or
    none for UTC (spelt with a Z) and floating times."""
    day = f"{value.year:04}{value.month:02}{value.day:02}"
    if not isinstance(value, datetime):
        return ";VALUE=DATE", day
    spelt = f"{day}T{value.hour:02}{value.minute:02}{value.second:02}"
    zone = _zone_id(value.tzinfo) if value.tzinfo is not None else None
    if zone is None and value.tzinfo is not None:
        zone = value.tzname()
    if zone == "UTC":
        return "", spelt + "Z"
    return (f";TZID={_param(zone)}" if zone else ""), spelt


def _moments(name: str, values: Sequence[date | datetime]) -> str:
    """A list of dates (EXDATE): the first one's parameters, every value after them."""
    spelt = [_moment(value) for value in values]
    params = spelt[0][0] if spelt else ""
    return f"{name}{params}:{','.join(value for _, value in spelt)}"


def _rule_value(value: Any) -> str:
    if isinstance(value, date):
        return _moment(value)[1]
    return str(value)


def _param(value: str) -> str:
    """A parameter value, quoted when it holds a character that ends one (RFC 5545 3.2)."""
    value = value.replace("^", "^^").replace("\n", "^n").replace('"', "^'")
    return f'"{value}"' if any(char in value for char in ",;:'") else value


@lru_cache(maxsize=64)
def _zone_id(zone: tzinfo) -> str | None:
    """The TZID icalendar gives a zone (the name itself, or UTC for every name of UTC):
    asked of the package once per zone, so that both write the same."""
    from icalendar.timezone import tzid_from_tzinfo

    return tzid_from_tzinfo(zone)
