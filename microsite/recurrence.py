"""The dates of a series, worked out the way calendar apps will work them out.

The rule is counted on local wall-clock dates and each date only then put in
the site's zone, which is what RFC 5545 asks of a DTSTART with a TZID: a
meeting at 8 a.m. stays at 8 a.m. on both sides of a daylight-saving change.
The common rules are counted here date by date; the rest by python-dateutil's
`rrule`, the reference both are tested against. The build clock decides how
far an open-ended series is listed: a year ahead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from functools import lru_cache, partial
from typing import TYPE_CHECKING

from microsite.daylight import as_clocks_show, jump_days
from microsite.schedule import Change, Event, Moment, Occurrence, Repeat, day_of

if TYPE_CHECKING:
    from dateutil import rrule

HORIZON = timedelta(days=366)  # how far ahead an open-ended series is listed


def _wall(value: Moment) -> datetime:
    """A moment as a naive local wall-clock time: what the rule is counted in."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return datetime.combine(value, time())


def _rule(start: Moment, repeat: Repeat) -> rrule.rrule:
    """dateutil's rule for a series whose first date is `start`. Only the uncommon rules
    come here (`_plain_days` counts the rest), so dateutil is loaded only for them: with
    `six` and `calendar`, its import was 3 ms of every rebuild's 0.4 s."""
    from dateutil import rrule

    first = _wall(start)
    by_month = first.month if repeat.freq == "yearly" and (repeat.nth or repeat.monthday) else None
    until = datetime.combine(repeat.until, time.max) if repeat.until else None
    weekdays = [rrule.weekday(day, repeat.nth) for day in repeat.weekdays]
    period = {
        "daily": rrule.DAILY,
        "weekly": rrule.WEEKLY,
        "monthly": rrule.MONTHLY,
        "yearly": rrule.YEARLY,
    }[repeat.freq]
    return rrule.rrule(
        period,
        dtstart=first,
        interval=repeat.interval,
        byweekday=weekdays or None,
        bymonthday=repeat.monthday,
        bymonth=by_month,
        until=until,
        count=repeat.count,
        cache=False,
    )


def rule_clock(start: Moment) -> time:
    """The wall-clock time of each of a series' dates, as `rrule` gives it (never the
    second of a time that happens twice: the first date's fold is not carried on)."""
    return _wall(start).time().replace(fold=0)


def rule_dates(start: Moment, repeat: Repeat, last: date) -> Iterator[date]:
    """The dates the rule gives from `start` through `last`, as dateutil's `rrule` gives
    them. The common rules (every few days, weeks on some weekdays, months on a day or an
    nth weekday) are counted here, a plain step from date to date: dateutil's general
    machinery was half the time of listing a site's dates. `tests/test_recurrence.py`
    holds the two equal on two thousand random rules."""
    days = _plain_days(day_of(start), repeat, last)
    if days is None:
        days = (wall.date() for wall in _rule(start, repeat))
    if repeat.until is not None:
        last = min(last, repeat.until)
    left = repeat.count
    for day in days:
        if day > last:
            return
        yield day
        if left is not None:
            left -= 1
            if left <= 0:
                return


def _plain_days(first: date, repeat: Repeat, last: date) -> Iterator[date] | None:
    """The rule's days from `first` on, if it is a common rule (else None, for `rrule`):
    they stop soon after `last` (at the end of its week or month), and `rule_dates` cuts
    them at `last`. Weeks start on Monday, as `rrule`'s do by default."""
    freq, weekdays, nth, monthday = repeat.freq, repeat.weekdays, repeat.nth, repeat.monthday
    if repeat.interval < 1:  # the reader refuses it: never a step of nothing, for ever
        raise ValueError(f"a series' interval must be 1 or more, not {repeat.interval}")
    if freq == "daily" and not (weekdays or nth or monthday):
        return _every_days(first, repeat.interval, last)
    if freq == "weekly" and nth is None and monthday is None:
        days = sorted(set(repeat.days_of_week(first)))
        return _every_weeks(first, repeat.interval, days, last)
    if freq == "monthly" and not weekdays and nth is None and (monthday or 1) > 0:
        number = repeat.day_of_month(first)  # the first date's, when the rule names none
        return _every_months(first, repeat.interval, last, lambda year, month: number)
    if freq == "monthly" and len(weekdays) == 1 and nth in (1, 2, 3, 4, -1) and not monthday:
        return _every_months(first, repeat.interval, last, partial(_nth_weekday, nth, weekdays[0]))
    return None


def _every_days(first: date, interval: int, last: date) -> Iterator[date]:
    step = timedelta(days=interval)
    day = first
    while day <= last:
        yield day
        day += step


def _every_weeks(first: date, interval: int, weekdays: list[int], last: date) -> Iterator[date]:
    step = timedelta(weeks=interval)
    offsets = [timedelta(days=weekday) for weekday in weekdays]
    monday = first - timedelta(days=first.weekday())
    while monday <= last:
        for offset in offsets:
            day = monday + offset
            if day >= first:
                yield day
        monday += step


def _every_months(
    first: date, interval: int, last: date, day_in: Callable[[int, int], int]
) -> Iterator[date]:
    """Each `interval`-th month's day `day_in(year, month)`, where the month has it."""
    index, end = first.year * 12 + first.month - 1, last.year * 12 + last.month - 1
    while index <= end:
        year, month = divmod(index, 12)
        number = day_in(year, month + 1)
        if 1 <= number <= _days_in(year, month + 1):
            day = date(year, month + 1, number)
            if day >= first:
                yield day
        index += interval


def _nth_weekday(nth: int, weekday: int, year: int, month: int) -> int:
    """The day of the month of its `nth` `weekday` (-1: the last); 0 or past the month's
    end when it has none."""
    opening, length = date(year, month, 1).weekday(), _days_in(year, month)
    if nth > 0:
        return 1 + (weekday - opening) % 7 + 7 * (nth - 1)
    closing = (opening + length - 1) % 7
    return length - (closing - weekday) % 7


def _days_in(year: int, month: int) -> int:
    """What `calendar.monthrange` gives, without loading `calendar` and `locale` for it."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


NAMED_YEARS = 10  # how far after its start `except` and `changes` may name a series' dates


def named_limit(start: Moment) -> date:
    """The last day `except` and `changes` may name: a daily series walked to a date in
    9999 was three million dates, seconds for one line (fuzzing find)."""
    first = day_of(start)
    return first.replace(year=first.year + NAMED_YEARS, day=min(first.day, 28))


def rule_days(start: Moment, repeat: Repeat, last: date) -> list[date]:
    """The days the rule gives from `start` through `last` (at most `named_limit`): what
    `except` and `changes` may name."""
    return list(rule_dates(start, repeat, min(last, named_limit(start))))


def first_rule_date(start: Moment, repeat: Repeat) -> date | None:
    """The first date the rule gives from `start` on: it must be `start` itself."""
    found = next(iter(_rule(start, repeat)), None)
    return found.date() if found is not None else None


def shifted(event: Event, start: Moment) -> Moment | None:
    """The end of an occurrence at `start`: the first one's length on the wall clock."""
    return _ends(event)(start)


def _ends(event: Event) -> Callable[[Moment], Moment | None]:
    """`shifted` for one event, its length worked out once for all of its dates."""
    if event.end is None:
        return lambda start: None
    days = day_of(event.end) - day_of(event.start)
    if not isinstance(event.end, datetime):
        return lambda start: day_of(start) + days
    length = _wall(event.end) - _wall(event.start)

    def end(start: Moment) -> Moment:
        if isinstance(start, datetime):
            return (start.replace(tzinfo=None) + length).replace(tzinfo=start.tzinfo)
        return day_of(start) + days

    return end


def horizon(now: datetime) -> date:
    """The last day an open-ended series is listed for, on this build clock."""
    return (now + HORIZON).date()


@lru_cache(maxsize=4096)
def occurrences(event: Event, last: date) -> tuple[Occurrence, ...]:
    """Every date of `event` through `last` (all of a one-off), skipped ones included; and
    a series' first date even if it is later: a series that starts in two years is listed
    at its first date, as a one-off would be, not as a series with no dates."""
    if event.repeat is None:
        return (first_occurrence(event),)
    last = max(last, day_of(event.start))
    changes = {change.day: change for change in event.changes}
    skipped = frozenset(event.skipped)
    timed = isinstance(event.start, datetime)
    # A series at 10,000 stories has 50,000 dates a year ahead: the loop stays plain, and
    # a timed date's end is worked out on the wall clock it was found on.
    zone, ends = event.tz, _ends(event)
    length = _wall(event.end) - _wall(event.start) if isinstance(event.end, datetime) else None
    unusual = changes.keys() | skipped
    if timed:  # days a date's start or end may fall in the hour clocks skip
        span = (_wall(event.end).date() - _wall(event.start).date()).days if length else 0
        jumps = jump_days(zone, day_of(event.start), last + timedelta(days=span))
        unusual |= {day - timedelta(days=back) for day in jumps for back in range(span + 1)}
    found = []
    clock = rule_clock(event.start)
    at = clock.replace(tzinfo=zone)
    if length is not None:  # each date starts and ends at the first date's wall-clock times
        over = _wall(event.start) + length
        end_days = over.date() - day_of(event.start)
        end_clock = over.time().replace(tzinfo=zone, fold=0)
    for day in rule_dates(event.start, event.repeat, last):
        if day in unusual:
            wall = datetime.combine(day, clock)
            found.append(_unusual(event, wall, changes, skipped))
            continue
        start = datetime.combine(day, at) if timed else day
        end = ends(start) if length is None else datetime.combine(day + end_days, end_clock)
        found.append(Occurrence(event, start, end, start))
    return tuple(found)


def _unusual(
    event: Event,
    wall: datetime,
    changes: dict[date, Change],
    skipped: frozenset[date],
) -> Occurrence:
    """The occurrence on a date that is changed, skipped, or on which the clocks jump."""
    day = wall.date()
    start: Moment = wall.replace(tzinfo=event.tz) if isinstance(event.start, datetime) else day
    start = _as_clocks_show(start)  # shown as calendars show it: a skipped 2:30 a.m. is 3:30
    if day in changes and day not in skipped:
        return _changed(event, start, changes[day])
    end = _as_clocks_show(shifted(event, start))
    return Occurrence(event, start, end, start, skipped=day in skipped)


def _as_clocks_show(moment: Moment | None) -> Moment | None:
    """A timed moment as the clock shows it (see `daylight`); dates and None as they are."""
    return as_clocks_show(moment) if isinstance(moment, datetime) else moment


def rule_moment(event: Event, day: date) -> Moment:
    """Where the rule puts the occurrence on `day`: the first date's time, that day."""
    return moment_on(event.start, day)


def moment_on(start: Moment, day: date) -> Moment:
    """`start`'s time of day on `day` (just `day` for an all-day series)."""
    if isinstance(start, datetime):
        return datetime.combine(day, start.timetz())
    return day


def first_occurrence(event: Event) -> Occurrence:
    """The first date as the event's own VEVENT carries it (a series' rule starts there)."""
    return Occurrence(event, event.start, event.end, event.start)


def changed_occurrence(event: Event, change: Change) -> Occurrence:
    """The occurrence a change makes of its date, as its RECURRENCE-ID override says."""
    return _changed(event, rule_moment(event, change.day), change)


def _changed(event: Event, rule_start: Moment, change: Change) -> Occurrence:
    start = change.start if change.start is not None else rule_start
    end = change.end if change.end is not None else shifted(event, start)
    return Occurrence(event, start, end, rule_start, change)


def all_occurrences(events: tuple[Event, ...], now: datetime) -> tuple[Occurrence, ...]:
    """Every listed date of every event, soonest first (skipped dates left out): a series'
    dates a year back and a year ahead, a one-off's whenever it was. A series typed with
    the wrong century (1926 for 2026) would otherwise list a hundred years of past dates."""
    last, since = horizon(now), now - HORIZON
    found = [
        o
        for event in events
        for o in occurrences(event, last)
        if not o.skipped and (event.repeat is None or o.ends_at > since)
    ]
    return tuple(sorted(found, key=lambda o: (o.starts_at, o.event.slug)))
