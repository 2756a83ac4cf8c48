"""Dates in the page's language: AP style in English, a newsroom's Spanish, CLDR's elsewhere.

English keeps its hand-made AP style (`dates.py`: "Sept.", "noon"), which no
locale database has. Every other language goes through Babel (CLDR), never a
hand-made list of month names. Spanish follows the RAE's *Ortografía* (2010)
and Fundéu's advice, as written down in docs/SPANISH.md:
"sábado 5 de diciembre de 2026, de 9 a 10:30 a. m.".
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from microsite import dates
from microsite.langcodes import base_language
from microsite.model import Repeat
from microsite.render.fallbacks import english

Dated = Any  # an Event or an Occurrence: anything with `start` and `end`

NBSP = "\u00a0"  # between a number and "a. m.": the RAE wants them on one line


# Babel's dates are imported when a language other than English first needs them: an
# English site's build never does, and importing them cost every build 3 ms.
def format_date(*args: Any, **options: Any) -> str:
    from babel.dates import format_date

    return format_date(*args, **options)


def format_time(*args: Any, **options: Any) -> str:
    from babel.dates import format_time

    return format_time(*args, **options)


def get_period_names(*args: Any, **options: Any) -> Any:
    from babel.dates import get_period_names

    return get_period_names(*args, **options)


def long_date(value: date | datetime, language: str, weekday: bool = True) -> str:
    """'Saturday, Dec. 5, 2026' / 'sábado 5 de diciembre de 2026'."""
    language = base_language(language)
    if language == "en":
        return dates.ap_date(value, weekday)
    if language == "es":
        return _es_date(value, weekday)
    return format_date(value, "full" if weekday else "long", locale=language)


def time_of_day(value: datetime | time, language: str) -> str:
    """'9 a.m.' / '9 a. m.' / the locale's short time."""
    language = base_language(language)
    if language == "en":
        return dates.ap_time(value)
    if language == "es":
        return _es_time(_as_time(value))
    return format_time(_as_time(value), "short", locale=language)


def when(event: Dated, language: str) -> str:
    """The event's date and time as one phrase in `language`."""
    language = base_language(language)
    if language == "en":
        return dates.ap_when(event)
    if isinstance(event.start, datetime):
        end = event.end if isinstance(event.end, datetime) else None
        return _timed(event.start, end, language)
    end = event.end if isinstance(event.end, date) else None
    return _all_day(event.start, end, language)


def moment(value: datetime, language: str) -> str:
    """One date and time as a phrase: "Friday, Dec. 18, 2026, 1 p.m.", and in Spanish
    "viernes 18 de diciembre de 2026, a la 1 p. m." (the time with its article)."""
    language = base_language(language)
    if language == "en":
        return f"{dates.ap_date(value)}, {dates.ap_time(value)}"
    return _timed(value, None, language)


def month_abbreviation(value: date | datetime, language: str) -> str:
    """'Dec' / 'dic': the month on an event's date badge."""
    language = base_language(language)
    if language == "en":
        return dates.BADGE_MONTHS[value.month - 1]
    return format_date(value, "LLL", locale=language).rstrip(".")


def _as_time(value: datetime | time) -> time:
    return value.time() if isinstance(value, datetime) else value


def _timed(start: datetime, end: datetime | None, language: str) -> str:
    if language != "es":
        day = long_date(start, language)
        clock = time_of_day(start, language)
        return f"{day}, {clock}" + (f"\u2013{time_of_day(end, language)}" if end else "")
    if end is None:
        return f"{_es_date(start)}, {_es_at(start.time())}"
    if dates._same_evening(start, end):
        return f"{_es_date(start)}, {_es_range(start.time(), end.time())}"
    first = f"{_es_date(start)} {_es_at(start.time())}"
    return f"del {first} al {_es_date(end)} {_es_at(end.time())}"


def _all_day(start: date, end: date | None, language: str) -> str:
    if language != "es":
        day = long_date(start, language)
        return day if end is None or end == start else f"{day} \u2013 {long_date(end, language)}"
    if end is None or end == start:
        return f"{_es_date(start)} (todo el día)"
    if (end.year, end.month) == (start.year, start.month):
        first = format_date(start, "EEEE d", locale="es")
        return f"del {first} al {_es_date(end)}"
    if end.year == start.year:
        return f"del {_es_day(start, True)} al {_es_date(end)}"
    return f"del {_es_date(start)} al {_es_date(end)}"


def _es_day(value: date, weekday: bool) -> str:
    """'sábado 5 de diciembre': no comma after the weekday, months in lowercase (RAE)."""
    return format_date(value, "EEEE d 'de' MMMM" if weekday else "d 'de' MMMM", locale="es")


def _es_date(value: date | datetime, weekday: bool = True) -> str:
    return f"{_es_day(value, weekday)} de {value.year}"


_es_clock = dates._clock  # '9' or '10:30': the same 12-hour clock in both languages


def _es_meridiem(value: time) -> str:
    """'a. m.' or 'p. m.', as CLDR spells them (with a no-break space inside)."""
    return _periods("es")["am" if value.hour < 12 else "pm"]


@lru_cache(maxsize=8)
def _periods(language: str) -> dict[str, str]:
    return dict(get_period_names(locale=language))


def _es_special(value: time) -> str | None:
    """'mediodía' and 'medianoche', never '12 p. m.' (Fundéu)."""
    if value.minute or value.second:
        return None
    return {12: "mediodía", 0: "medianoche"}.get(value.hour)


def _es_time(value: time) -> str:
    return _es_special(value) or f"{_es_clock(value)}{NBSP}{_es_meridiem(value)}"


def _es_at(value: time) -> str:
    """'a las 9 a. m.', 'a la 1 p. m.' (one o'clock is singular), 'a mediodía'."""
    if _es_special(value):
        return f"a {_es_special(value)}"
    article = "la" if value.hour % 12 == 1 else "las"
    return f"a {article} {_es_time(value)}"


def _es_range(first: time, last: time) -> str:
    """'de 9 a 10:30 a. m.' names a shared a. m. once; 'de 11 a. m. a 1 p. m.' needs both."""
    if first == last:
        return _es_at(first)
    shared = _es_meridiem(first) == _es_meridiem(last)
    if shared and not _es_special(first) and not _es_special(last):
        return f"de {_es_clock(first)} a {_es_time(last)}"
    return f"de {_es_time(first)} a {_es_time(last)}"


def month_label(year: int, month: int, language: str) -> str:
    """'December 2026' / 'Diciembre de 2026': the heading over a month's events."""
    language = base_language(language)
    if language == "en":
        return f"{dates.FULL_MONTHS[month - 1]} {year}"
    pattern = "LLLL 'de' y" if language == "es" else "LLLL y"
    label = format_date(date(year, month, 1), pattern, locale=language)
    return label[:1].upper() + label[1:]


def when_html(event: Dated, language: str) -> Markup:
    """`when` for a page: a same-day time range never breaks across lines."""
    if base_language(language) == "en":
        return dates.ap_when_html(event)
    text = when(event, language)
    start, end = event.start, event.end
    same_day = not isinstance(end, datetime) or dates._same_evening(start, end)  # type: ignore[arg-type]
    if not isinstance(start, datetime) or not same_day:
        return Markup(escape(text))
    day, _, clock = text.rpartition(", ")
    return Markup(f'{escape(day)}, <span class="nowrap">{escape(clock)}</span>')


def times(event: Dated, language: str) -> str:
    """'8-9:30 a.m.' / 'de 8 a 9:30 a. m.' / '08:00–09:30': each date's time of day in a
    series."""
    language = base_language(language)
    if language == "en":
        return dates.ap_times(event)
    start, end = event.start, event.end
    if not isinstance(start, datetime):
        return ""
    if language != "es":  # the locale's short times, as the dates beside them have them
        first = time_of_day(start, language)
        return f"{first}\u2013{time_of_day(end, language)}" if isinstance(end, datetime) else first
    return (
        _es_range(start.time(), end.time()) if isinstance(end, datetime) else _es_at(start.time())
    )


ES_ORDINALS = {1: "primer", 2: "segundo", 3: "tercer", 4: "cuarto", -1: "último"}
ES_PERIODS = {"daily": ("día", "días"), "weekly": ("semana", "semanas")}
ES_PERIODS |= {"monthly": ("mes", "meses"), "yearly": ("año", "años")}


def repeat_text(repeat: Repeat, start: date | datetime, language: str, until: bool = True) -> str:
    """A series' rule in words: 'Cada mes, el primer martes, hasta el 30 de junio de 2027'.

    Languages other than English and Spanish get the English rule, marked as English
    (`fallbacks.py`): a rule is grammar, not a date format, and CLDR has no words for it.
    """
    language = base_language(language)
    if language != "es":
        words = dates.ap_repeat(repeat, start, until)
        return words if language == "en" else english(words)
    one, many = ES_PERIODS[repeat.freq]
    text = f"Cada {repeat.interval} {many}" if repeat.interval > 1 else f"Cada {one}"
    text += _es_repeat_days(repeat, start)
    if until and repeat.until is not None:
        text += f", hasta el {_es_date(repeat.until, weekday=False)}"
    elif until and repeat.count is not None:
        text += f", {repeat.count} veces" if repeat.count > 1 else ", una vez"
    return text


def _es_repeat_days(repeat: Repeat, start: date | datetime) -> str:
    days = repeat.days_of_week(start)
    names = [format_date(date(2024, 1, 1 + day), "EEEE", locale="es") for day in days]
    month = f" de {format_date(start, 'MMMM', locale='es')}" if repeat.freq == "yearly" else ""
    if repeat.nth is not None:
        return f", el {ES_ORDINALS[repeat.nth]} {names[0]}{month}"
    monthday = repeat.day_of_month(start)
    if monthday is not None:
        return f", el día {monthday}{month}"
    if names:  # "los martes y jueves"; sábado and domingo take an s
        plural = [n if n.endswith("s") else n + "s" for n in names]
        return ", los " + " y ".join(
            [", ".join(plural[:-1]), plural[-1]] if len(plural) > 1 else plural
        )
    return ""
