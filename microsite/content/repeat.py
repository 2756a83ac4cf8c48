"""A series in plain words: `repeat`, `except` and `changes`, checked with a line for each slip.

A PIO writes `every: month` and `on: first tuesday`, not an RRULE. Every
word is checked, so "first tusday" is caught at its line with the word it
probably meant, and every date named in `except` or `changes` must be one the
rule really gives: a change to a date that never happens would be silently
lost otherwise.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from microsite.content.fields import Fields, describe
from microsite.errors import did_you_mean, warning
from microsite.recurrence import first_rule_date
from microsite.schedule import Moment, Repeat, day_of

REPEAT_KEYS = ("every", "on", "until", "count")
COUNT_MAX = 2_147_483_647
PERIODS = {"day": "daily", "week": "weekly", "month": "monthly", "year": "yearly"}
ADVERBS = {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year"}
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
EVERY_HINT = "write day, week, month or year, or a number first: '2 weeks'"
ON_HINTS = {
    "weekly": "a weekday, or a list: [tuesday, thursday]",
    "monthly": "like 'first tuesday', 'last friday' or 'day 15'",
    "yearly": "like 'first tuesday' (of the first date's month) or 'day 4'",
}
_EVERY_RE = re.compile(r"\A(?:(\d{1,3})\s+)?([a-z]+?)s?\Z")


def parse_repeat(fields: Fields, start: Moment | None) -> Repeat | None:
    """The `repeat:` mapping of one event as a checked rule, or None (absent or wrong)."""
    data = fields.mapping("repeat")
    if data is None:
        if "repeat" in fields.data and fields.data["repeat"] is None:  # `repeat:` and nothing
            hint = "indent 'every: week' (or month...) under it, or delete the line"
            fields.error("repeat", "repeat: says nothing: the event would happen once", hint)
        return None
    inner = Fields(data, fields.path, fields.problems, REPEAT_KEYS)
    before = len(fields.problems)
    every = _every(inner)
    on = _on(inner, every[0]) if every else {}
    until, count = _end_of_series(inner, start)
    if every is None or len(fields.problems) > before:
        return None
    repeat = Repeat(every[0], every[1], until=until, count=count, **on)
    if start is not None:
        _check_first_date(fields, start, repeat)
        _check_leap_day(fields, start, repeat)
    return repeat


def _every(fields: Fields) -> tuple[str, int] | None:
    """`month` -> ("monthly", 1); `2 weeks` -> ("weekly", 2); `weekly` works too."""
    value = fields.text("every")
    if value is None:
        if "every" not in fields.data:
            fields.missing("every")
        elif fields.data["every"] is None or not str(fields.data["every"]).strip():
            fields.error("every", "repeat: every: is empty", EVERY_HINT)
        return None
    match = _EVERY_RE.fullmatch(value.lower())
    word = match.group(2) if match else value.lower()
    word = ADVERBS.get(word, word)
    if match is None or word not in PERIODS or _zero(match):
        hint = _every_hint(value.lower(), word, match)
        fields.error("every", f"repeat: every: {value!r} is not a period", hint)
        return None
    return PERIODS[word], int(match.group(1) or 1)


def _zero(match: re.Match) -> bool:
    """`0 weeks`, `00 weeks`: no time from one date to the next (the dates never end)."""
    return match.group(1) is not None and int(match.group(1)) == 0


def _every_hint(value: str, word: str, match: re.Match | None) -> str:
    """What to write instead: "biweekly" is not "week" but every 2 weeks, and 0 weeks is
    a number to change, not a word."""
    if match is not None and _zero(match) and word in PERIODS:
        return f"the number of {word}s from one date to the next: 1 or more"
    if any(part in value for part in ("biweekly", "bi-weekly", "fortnight", "two week")):
        return "write 'every: 2 weeks'"
    return did_you_mean(word, PERIODS, list_all=False) or EVERY_HINT


def _on(fields: Fields, freq: str) -> dict:
    """The days of the rule: weekdays for a week, an ordinal weekday or a day for a month."""
    if "on" not in fields.data:
        return {}
    value = fields.data["on"]
    if freq == "daily":
        fields.error("on", "repeat: on: a daily series needs no 'on'", "delete the 'on:' line")
        return {}
    if not [word for word in _words(value) if word != "and"]:
        # Without this, `on: []` would quietly mean the first date's weekday or day.
        hint = f"name it: {ON_HINTS[freq]}; or delete the line for the first date's day"
        fields.error("on", "repeat: on: names no day", hint)
        return {}
    if freq == "weekly":
        return _week_days(fields, value)
    return _month_day(fields, value, freq)


def _words(value: object) -> list[str]:
    """The words of `on:`: a list's items, or a text split at commas, spaces and "and"."""
    if value is None:
        return []
    items = value if isinstance(value, list) else re.split(r"[,\s]+|\band\b", str(value))
    return [str(item).strip().lower() for item in items if str(item).strip()]


def _week_days(fields: Fields, value: object) -> dict:
    days = []
    for word in _words(value):
        if word in WEEKDAY_NAMES:
            days.append(WEEKDAY_NAMES.index(word))
        elif word != "and":
            hint = did_you_mean(word, WEEKDAY_NAMES, list_all=False) or ON_HINTS["weekly"]
            if word == "day" or word in ORDINALS:  # `on: day 15`, `on: first tuesday`
                hint = f"name {ON_HINTS['weekly']}; for a day of the month, 'every: month'"
            fields.error("on", f"repeat: on: {word!r} is not a day of the week", hint)
            return {}
    return {"weekdays": tuple(sorted(set(days)))}


def _month_day(fields: Fields, value: object, freq: str) -> dict:
    words = _words(value)
    if len(words) == 2 and words[0] == "day" and words[1].isdigit() and 1 <= int(words[1]) <= 31:
        return {"monthday": int(words[1])}
    if len(words) == 2 and words[0] in ORDINALS and words[1] in WEEKDAY_NAMES:
        return {"nth": ORDINALS[words[0]], "weekdays": (WEEKDAY_NAMES.index(words[1]),)}
    hint = ON_HINTS[freq]
    if sum(word in ORDINALS for word in words) > 1:  # "first and third tuesday"
        hint = "a series meets on one day a month: make one event for each day, each its own slug"
        words = []
    for word, choices in zip(words, (ORDINALS, WEEKDAY_NAMES), strict=False):
        if word == "fifth" and len(words) == 2:  # most months have four of each weekday
            hint = f"few months have a fifth {words[1]}: write 'last {words[1]}'"
            break
        if word not in choices and word != "day":
            hint = did_you_mean(word, choices, list_all=False) or hint
            break
    fields.error("on", f"repeat: on: {describe(value)} is not a day of the {freq[:-2]}", hint)
    return {}


def _end_of_series(fields: Fields, start: Moment | None) -> tuple[date | None, int | None]:
    """`until` (a date, not before the first) or `count` (how many), or neither: runs on."""
    until = plain_date(fields, "until")
    count = fields.number("count")
    if until is not None and count is not None:
        fields.error("count", "repeat: use either 'until' or 'count', not both", "delete one")
        return None, None
    if count is not None and count < 1:
        fields.error("count", f"repeat: count: expected 1 or more, got {count}")
    elif count is not None and count > COUNT_MAX:  # RFC 5545's integers: calendars refuse more
        hint = "leave 'count' out for a series that runs on, or give 'until:'"
        fields.error("count", f"repeat: count: at most {COUNT_MAX:,}, got {count:,}", hint)
        return None, None
    if until is not None and start is not None and until < day_of(start):
        message = f"repeat: until: {until} is before the first date, {day_of(start)}"
        fields.error("until", message, "check the year")
        return None, None
    return until, count


def plain_date(fields: Fields, key: str) -> date | None:
    """A plain date (no time): the last day of a series, a skipped or changed day."""
    value = fields.when(key, ZoneInfo("UTC"))
    if isinstance(value, datetime):
        fields.error(key, f"{key}: expected a date without a time, got {value:%Y-%m-%d %H:%M}")
        return None
    return value


def _check_first_date(fields: Fields, start: Moment, repeat: Repeat) -> None:
    """The first date must itself follow the rule, or calendar apps disagree about it."""
    first = first_rule_date(start, repeat)
    if first == day_of(start):
        return
    hint = f"start on a date the rule gives, like {first}" if first else "check the rule"
    fields.error("start", f"start: {day_of(start)} is not a date this series repeats on", hint)


def _check_leap_day(fields: Fields, start: Moment, repeat: Repeat) -> None:
    """A yearly series from February 29 comes round only in leap years: "every year" would
    mislead the PIO as much as the resident, who waits three years for it."""
    first = day_of(start)
    if repeat.freq == "yearly" and (first.month, first.day) == (2, 29) and not repeat.nth:
        message = "repeat: a yearly series from February 29 happens only in leap years"
        hint = "start it on February 28 or March 1 to hold it every year"
        fields.problems.append(warning(fields.path, fields.line("start"), message, hint))
