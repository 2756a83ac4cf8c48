"""`except:` and `changes:` of a series: dates it skips and occurrences that differ.

Each date must be one the rule really gives. A PIO who writes the wrong day
("2027-02-03" for the Tuesday the 2nd) would otherwise cancel nothing while
the page claims the date is off; so the nearest real date is suggested.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from datetime import date, datetime
from zoneinfo import ZoneInfo

from microsite.content.fields import DATE_HINT, Fields, describe, parse_when
from microsite.content.gaps import check_gaps
from microsite.content.repeat import plain_date
from microsite.content.yamlsrc import Located, LocatedList
from microsite.daylight import as_clocks_show
from microsite.errors import ContentError, did_you_mean, warning
from microsite.recurrence import NAMED_YEARS, moment_on, named_limit, rule_days
from microsite.schedule import EVENT_STATUSES, Change, EventStatus, Moment, Repeat, day_of

CHANGE_KEYS = ("date", "status", "start", "end", "location", "note")


def parse_except_and_changes(
    fields: Fields, start: Moment | None, repeat: Repeat | None, languages: tuple[str, ...]
) -> tuple[tuple[date, ...], tuple[Change, ...]]:
    """The skipped dates and changes of one event, each checked against its rule; a
    change's `location` and `note` may be given per language, like the event's texts.
    A change without `status` has the series' own: one date moved on a series cancelled
    later stays cancelled with it."""
    skipped = _once_each(fields, _dated_items(fields, "except"))
    items = _change_items(fields)
    if (skipped or items) and repeat is None and "repeat" in fields.data:
        return (), ()  # the rule has an error of its own: its dates are checked once it is fixed
    if (skipped or items) and repeat is None:
        key = "except" if skipped else "changes"
        fields.error(key, f"{key}: only a series has dates to {key[:6]}", "add 'repeat:' first")
        return (), ()
    if start is None or repeat is None:
        return (), ()
    named = [day for day, _ in skipped] + [day for _, day, _ in items if day is not None]
    days = rule_days(start, repeat, max(named, default=day_of(start)))
    for day, line in skipped:
        _check_day(fields, "except", day, line, days)
    off = {day for day, _ in skipped}
    taken = set(off)
    said = fields.data.get("status")  # checked with the event's other fields, not twice
    status = EventStatus(said) if said in EVENT_STATUSES else EventStatus.SCHEDULED
    changes = [
        _change(item, day, fields, days, taken, start, languages, status) for item, day, _ in items
    ]
    made = [(item, change) for (item, _, _), change in zip(items, changes, strict=True) if change]
    _check_moves(start, repeat, off, made)
    return tuple(sorted(off)), tuple(change for _, change in made)


def _once_each(fields: Fields, dated: list[tuple[date, int]]) -> list[tuple[date, int]]:
    """Each date once, with a warning at a repeat: a calendar would get it twice in EXDATE."""
    seen: set[date] = set()
    kept = []
    for day, line in dated:
        if day in seen:
            message = f"except: {day} is listed twice"
            fields.problems.append(warning(fields.path, line, message, "delete one of them"))
            continue
        seen.add(day)
        kept.append((day, line))
    return kept


# A time given where only a day is meant: the general date hint offered the form refused.
DAY_HINT = "a day alone, without a time: it names the series' date on that day"


def _dated_items(fields: Fields, key: str) -> list[tuple[date, int]]:
    """A list of plain dates with the line of each; one date alone is a list of one."""
    value = fields.data.get(key)
    if value is None:
        return []
    items, lines = _with_lines(fields, key, value)
    found = []
    for item, line in zip(items, lines, strict=True):
        parsed = parse_when(item) if isinstance(item, str) else None
        if isinstance(parsed, date) and not isinstance(parsed, datetime):
            found.append((parsed, line))
        else:
            message = f"{key}: expected a date like 2027-01-05, got {describe(item)}"
            hint = DAY_HINT if isinstance(parsed, datetime) else DATE_HINT
            fields.problems.append(ContentError(fields.path, line, message, hint))
    return found


def _with_lines(fields: Fields, key: str, value: object) -> tuple[list, list[int]]:
    if isinstance(value, LocatedList):
        return list(value), value.item_lines
    if isinstance(value, list):
        return value, [fields.line(key)] * len(value)
    return [value], [fields.line(key)]


def _change_items(fields: Fields) -> list[tuple[Fields, date | None, int]]:
    """Each item of `changes:` with its date (None when that is wrong) and its line."""
    value = fields.data.get("changes")
    if value is None:
        return []
    items, lines = _with_lines(fields, "changes", value)
    found = []
    for item, line in zip(items, lines, strict=True):
        if not isinstance(item, Located):
            message = f"changes: expected '- date: ...' with what changes, got {describe(item)}"
            fields.problems.append(ContentError(fields.path, line, message))
            continue
        inner = Fields(item, fields.path, fields.problems, CHANGE_KEYS)
        day = plain_date(inner, "date")
        if day is None and "date" not in item:
            inner.missing("date")
        found.append((inner, day, line))
    return found


def _check_day(fields: Fields, key: str, day: date, line: int, days: list[date]) -> bool:
    """Whether `day` is a date of the series; if not, says so with the nearest one."""
    if day in days:
        return True
    message = f"{key}: {day} is not a date of this series"
    hint = f"did you mean {_nearest(day, days)}?" if days else "check the rule"
    if days and day > days[-1] and day > named_limit(days[0]):
        message = f"{key}: {day} is more than {NAMED_YEARS} years after the series starts"
        hint = f"name dates up to {named_limit(days[0])}; for later ones, start a new series"
    fields.problems.append(ContentError(fields.path, line, message, hint))
    return False


def _nearest(day: date, days: list[date]) -> date:
    at = bisect.bisect_left(days, day)
    near = days[max(at - 1, 0) : at + 1]
    return min(near, key=lambda d: abs((d - day).days))


def _change(
    inner: Fields,
    day: date | None,
    fields: Fields,
    days: list[date],
    taken: set[date],
    series_start: Moment,
    languages: tuple[str, ...],
    series_status: EventStatus,
) -> Change | None:
    """One checked change; `taken` holds the skipped and already-changed days."""
    if day is None or not _check_day(fields, "changes: date", day, inner.line("date"), days):
        return None
    if day in taken:
        inner.error("date", f"changes: {day} is already in 'except' or another change", "keep one")
        return None
    taken.add(day)
    status = read_status(inner, "changes: ", series_status)
    start, end = _moved(inner, series_start, day)
    location, locations = inner.localized("location", languages)
    note, notes = inner.localized("note", languages, one_line=False)
    return Change(day, status, start, end, location, note or "", locations + notes)


def _moved(inner: Fields, series_start: Moment, day: date) -> tuple[Moment | None, Moment | None]:
    """A new start and end, in the same form (timed or all-day) as the series.

    An `end` alone is checked against the start the rule gives `day`: a page
    saying "8-7 a.m." and a calendar entry that ends before it begins are both
    worse than an error.
    """
    tz = series_start.tzinfo if isinstance(series_start, datetime) else ZoneInfo("UTC")
    start, end = inner.when("start", tz), inner.when("end", tz)
    for key, value in (("start", start), ("end", end)):
        if value is not None and isinstance(value, datetime) != isinstance(series_start, datetime):
            inner.error(key, f"changes: {key}: use the same form as the series' start")
            return None, None
    check_gaps(inner, {"start": start, "end": end}, "changes: ")
    begins = start if start is not None else moment_on(series_start, day)
    if end is not None and end < begins:  # type: ignore[operator]
        hint = "check the date and time" if start is not None else _NO_START_HINT
        message = f"changes: end: the occurrence ends before it starts ({shown(begins)})"
        inner.error("end", message, hint)
        return None, None
    return start, end


_NO_START_HINT = "check the time (24-hour: 19:00 is 7 p.m.); if the start moved too, add 'start:'"


def shown(value: Moment) -> str:
    """A moment as a PIO writes it: `2027-01-05 08:00`, or `2027-01-05` for a whole day."""
    return f"{value:%Y-%m-%d %H:%M}" if isinstance(value, datetime) else value.isoformat()


def _check_moves(
    series_start: Moment, repeat: Repeat, off: set[date], made: list[tuple[Fields, Change]]
) -> None:
    """A moved date may not start when another date of the series starts: the page would
    list the two as one time twice. One moved to before the series' first date is allowed
    (calendars show it there) but is most often a slip of the year, so it is a warning;
    the first date itself may move earlier without one."""
    moves = [(inner, change.day, change.start) for inner, change in made if change.start]
    if not moves:
        return
    starts = _starts(series_start, repeat, off, [change for _, change in made])
    first = day_of(series_start)
    for inner, day, start in moves:
        others = [other for other in starts[_on_the_clock(start)] if other != day]
        if others:
            message = (
                f"changes: start: {shown(start)} is already when the series' "
                f"{others[0]} date starts: it would be listed twice"
            )
            hint = f"pick another time, or put {others[0]} in 'except' if that date is off"
            inner.error("start", message, hint)
        if start < series_start and day != first:  # type: ignore[operator]
            message = f"changes: start: {shown(start)} is before the series' first date"
            hint = f"calendars show it there; check the year: the series starts {first}"
            inner.problems.append(warning(inner.path, inner.line("start"), message, hint))


def _starts(
    series_start: Moment, repeat: Repeat, off: set[date], changes: list[Change]
) -> defaultdict[Moment, list[date]]:
    """Each start of the series through its latest moved date, with the dates the rule gives
    that start there (a moved one where it moved to)."""
    changed = {change.day: change.start for change in changes if change.start}
    days = [day_of(series_start), *changed, *(day_of(start) for start in changed.values())]
    found: defaultdict[Moment, list[date]] = defaultdict(list)
    for day in rule_days(series_start, repeat, max(days)):  # where each moved date was, too
        if day not in off:
            found[_on_the_clock(changed.get(day) or moment_on(series_start, day))].append(day)
    return found


def _on_the_clock(moment: Moment) -> Moment:
    """A start as clocks show it: the rule's 2:30 a.m. on the night clocks skip it is 3:30,
    the same start as a date moved to 3:30 (`daylight`)."""
    return as_clocks_show(moment) if isinstance(moment, datetime) else moment


def read_status(
    fields: Fields, prefix: str = "", unsaid: EventStatus = EventStatus.SCHEDULED
) -> EventStatus:
    """`status:` as one of the three spellings, with the closest one suggested; `unsaid`
    when there is none."""
    status = fields.text("status") or unsaid
    if status not in EVENT_STATUSES:
        hint = did_you_mean(status, EVENT_STATUSES)
        fields.error("status", f"{prefix}status: unknown status '{status}'", hint)
        return unsaid
    return EventStatus(status)
