"""Reading typed fields out of a YAML mapping, reporting every mistake with its line.

One `Fields` wraps one mapping (a story's front matter, one event, site.yaml).
Each getter returns a usable value or None and records a problem instead of
raising, so a file with three mistakes yields three messages in one build.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from microsite.characters import LINE_BREAKS, NOT_CONTENT, NOT_CONTENT_LINE, RESERVED
from microsite.content.yamlsrc import Located
from microsite.errors import ContentError, closest, did_you_mean

DATE_HINT = "dates look like 2026-12-05 or 2026-12-05 09:00"
_CLOCK_12 = re.compile(r"\b(\d{1,2})(?::(\d\d))?\s*([ap])\.?\s*m\b\.?", re.I)


def date_hint(value: object) -> str:
    """DATE_HINT, and a 12-hour time written the 24-hour way: `6:30 pm` is `18:30`."""
    clock = _CLOCK_12.search(value) if isinstance(value, str) else None
    if clock is None or not 1 <= int(clock[1]) <= 12 or int(clock[2] or 0) > 59:
        return DATE_HINT
    hour = int(clock[1]) % 12 + (12 if clock[3].lower() == "p" else 0)
    return f"{DATE_HINT}; times are 24-hour: {clock.group()} is {hour:02}:{clock[2] or '00'}"


COMMUNITY_HINT = "add it to communities.yaml first"
KEYS_LIKE = "keys like [surf, music]"  # communities: the commonest list of keys
# Anchored with \A and \Z, not ^ and $: `$` also matches before a final newline,
# which let a file named "events\n.md" past both this and the reserved-slug check.
SLUG_RE = re.compile(r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_DATE_RE = re.compile(r"\A(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2}))?\Z")
# Dates outside these years are typos (9999 overflows date arithmetic; before
# 1900 many zones keep local mean time, an offset like -07:52:58 no feed accepts).
FIRST_YEAR, LAST_YEAR = 1900, 2999
_TYPE_NAMES = {
    str: "text",
    bool: "true or false",
    list: "a list",
    dict: "a mapping",
    int: "a number",
}


def describe(value: Any) -> str:
    """How a value reads back to the person who wrote it."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):  # YAML reads yes, no, on and off as these too
        return f"a yes-or-no value ({str(value).lower()})"
    return repr(value) if isinstance(value, str) else str(value)


def slugify(text: str) -> str:
    """A URL-safe slug: lowercase ASCII letters and digits joined by single hyphens.

    Accents go first: `Café con un policía` gives `cafe-con-un-policia`, not
    `caf-con-un-polic-a`."""
    unaccented = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )
    ascii_text = unaccented.lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text))


def text_problem(value: str, one_line: bool = True) -> str:
    """Why `value` cannot be published as text, or "" when it can.

    The one rule for every text field: front matter, events, site.yaml,
    communities.yaml and the titles `new story` and `new event` write.
    """
    found = (NOT_CONTENT_LINE if one_line else NOT_CONTENT).search(value)
    if found is None:
        return ""
    if one_line and any(char in LINE_BREAKS for char in found.group()):
        return "must be one line, without line breaks"
    return _unpublishable(found.group()[0])


def _unpublishable(char: str) -> str:
    if char in RESERVED:
        return f"contains U+{ord(char):04X}, a private-use character microsite keeps for itself"
    return f"contains the invisible control character U+{ord(char):04X}"


_ASCII_TEXT = bytes(range(32, 127)) + b"\t\n"  # what ASCII text may hold: all the rest is control


def body_problems(body: str, path: str, first_line: int) -> list[ContentError]:
    """An error at each line of a story's or page's text that holds a character no page
    may (HTML forbids C0 and C1 controls; XML, the feeds, cannot carry them at all)."""
    if body.isascii() and not body.encode().translate(None, _ASCII_TEXT):
        return []  # the usual case, found in 2 µs: the pattern takes 30 for a 4 KB story
    problems, line, at = [], first_line, 0
    for found in NOT_CONTENT.finditer(body):
        here = line + body.count("\n", at, found.start())
        line, at = here, found.start()
        if not problems or problems[-1].line != here:
            message = _unpublishable(found.group()[0])
            problems.append(ContentError(path, here, message, text_hint(message)))
    return problems


def text_hint(problem: str) -> str:
    """How to fix what `text_problem` found."""
    if "line break" in problem:
        return "write it on one line"
    return "delete it: retype the text around it"


def year_problem(value: date) -> str:
    """Why a parsed date cannot be used, or "" when its year is plausible."""
    if FIRST_YEAR <= value.year <= LAST_YEAR:
        return ""
    return f"the year {value.year} is out of range"


YEAR_HINT = f"use a year from {FIRST_YEAR} to {LAST_YEAR}"


def parse_when(text: str) -> date | datetime | None:
    """`2026-12-05` -> date, `2026-12-05 09:00` -> naive datetime, anything else -> None."""
    match = _DATE_RE.fullmatch(text.strip())
    if not match:
        return None
    year, month, day, hour, minute = match.groups()
    try:
        day_value = date(int(year), int(month), int(day))
        if hour is None:
            return day_value
        return datetime.combine(day_value, time(int(hour), int(minute)))
    except ValueError:
        return None


# Codes written for a language that are not its code: a country's (`mx`, `vn`), a longer
# code (`spa`), a common shorthand (`sp`). Each is suggested only for a site's language.
MISTAKEN_CODES = {
    "sp": "es", "spa": "es", "esp": "es", "mx": "es", "eng": "en", "us": "en", "uk": "en",
    "gb": "en", "vn": "vi", "vie": "vi", "kr": "ko", "kor": "ko", "cn": "zh", "chi": "zh",
    "zho": "zh", "jp": "ja", "jpn": "ja", "ph": "tl", "fil": "tl", "tgl": "tl",
}  # fmt: skip


def language_problem(path: str, line: int, languages: tuple[str, ...], lang: str) -> ContentError:
    """A text or file in a language the site does not publish: nobody would ever see it."""
    lower = str(lang).lower()
    meant = MISTAKEN_CODES.get(lower) or next(
        (code for code in languages if sorted(code) == sorted(lower)), None
    )  # `se` for `es`
    if lower in languages and lower != lang:
        hint = f"did you mean '{lower}'? language codes are written in lower case"
    elif meant in languages and meant != lower:
        hint = f"did you mean '{meant}'? it is the code for {_english_name(meant)}"
    else:
        hint = "add it to 'languages:' in site.yaml, or correct the language code"
    message = f"language '{lang}' is not one of the site's languages ({', '.join(languages)})"
    return ContentError(path, line, message, hint)


def _english_name(code: str) -> str:
    """`es` -> `Spanish`, for a hint (a build with no such slip never loads Babel here)."""
    from babel import Locale

    return Locale.parse(code).get_display_name("en") or code


class Fields:
    """Typed access to one mapping; problems go to the shared list."""

    def __init__(
        self,
        data: Located,
        path: str,
        problems: list[ContentError],
        allowed: Iterable[str],
    ):
        self.data = data
        self.path = path
        self.problems = problems
        self.allowed = tuple(allowed)
        for key in data:
            if key not in self.allowed:
                self.error(key, f"unknown key {str(key)!r}", did_you_mean(str(key), self.allowed))

    def line(self, key: str) -> int:
        return self.data.line_of(key)

    def error(self, key: str, message: str, hint: str = "") -> None:
        self.problems.append(ContentError(self.path, self.line(key), message, hint))

    def missing(self, key: str) -> None:
        self.problems.append(
            ContentError(self.path, self.data.line, f"'{key}' is required", f"add '{key}: ...'")
        )

    def _get(self, key: str, kind: type, required: bool) -> Any:
        value = self.data.get(key)
        if value is None:
            if required:
                self.missing(key)
            return None
        if kind is int and isinstance(value, bool):
            value = str(value)
        if not isinstance(value, kind):
            self.error(key, f"{key}: expected {_TYPE_NAMES[kind]}, got {describe(value)}")
            return None
        return value

    def text(self, key: str, required: bool = False, one_line: bool = True) -> str | None:
        """Stripped text; titles, names and slugs are `one_line`, descriptions are not."""
        value = self.data.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)  # `title: 1986` means the text 1986
        value = self._get(key, str, required)
        if value is None:
            return None
        if not value.strip():
            if required:
                self.error(key, f"{key}: must not be empty")
            return None
        problem = text_problem(value.strip(), one_line)
        if problem:
            self.error(key, f"{key}: {problem}", text_hint(problem))
            return None
        return value.strip()

    def localized(
        self, key: str, languages: tuple[str, ...], required: bool = False, one_line: bool = True
    ) -> tuple[str | None, tuple[tuple[str, str, str], ...]]:
        """Text that may be given per language, `{en: ..., es: ...}`: the default
        language's text, and the others as (language, key, text).

        The default language's text is what every other language falls back to,
        so a mapping must have it.
        """
        value = self.data.get(key)
        if not isinstance(value, dict):
            return self.text(key, required, one_line), ()
        for lang in value:
            if lang not in languages:
                self.problems.append(
                    language_problem(self.path, value.line_of(lang), languages, lang)
                )
        inner = Fields(value, self.path, self.problems, tuple(value))
        texts = {lang: inner.text(lang, one_line=one_line) for lang in languages}
        if texts[languages[0]] is None:
            hint = f"add '{languages[0]}: ...': other languages fall back to it"
            self.error(key, f"{key}: needs the text in {languages[0]}", hint)
        others = tuple((lang, key, texts[lang]) for lang in languages[1:] if texts[lang])
        return texts[languages[0]], others  # type: ignore[return-value]

    def flag(self, key: str) -> bool:
        return bool(self._get(key, bool, False))

    def number(self, key: str) -> int | None:
        return self._get(key, int, False)

    def mapping(self, key: str, required: bool = False) -> Located | None:
        return self._get(key, dict, required)

    def keys(self, key: str, like: str = KEYS_LIKE) -> tuple[str, ...]:
        """A list of short text keys; a single bare key is accepted as a list of one.

        `like` is what a right list looks like for this key: communities, languages
        and lint names each need their own example, or the hint misleads.
        """
        value = self.data.get(key)
        if isinstance(value, str):
            return (value,)
        items = self._get(key, list, False) or []
        if not all(isinstance(item, str) for item in items):
            self.error(key, f"{key}: expected a list of {like}")
            return ()
        return tuple(items)

    def choices(
        self, key: str, allowed: Iterable[str], add_hint: str, like: str = KEYS_LIKE
    ) -> tuple[str, ...]:
        """A list of keys, each of which must be one of `allowed`."""
        allowed = tuple(allowed)
        values = self.keys(key, like)
        for value in values:
            if value not in allowed:
                hint = did_you_mean(value, allowed) if allowed else ""
                self.error(key, f"{key}: unknown key {value!r}", hint or add_hint)
        return values

    def when(self, key: str, tz: ZoneInfo, required: bool = False) -> date | datetime | None:
        """A date (all-day) or an aware datetime in the site's time zone."""
        value = self.data.get(key)
        if value is None:
            if required:
                self.missing(key)
            return None
        parsed = parse_when(str(value)) if isinstance(value, str) else None
        if parsed is None:
            self.error(key, f"{key}: expected a date, got {describe(value)}", date_hint(value))
            return None
        if year_problem(parsed):
            self.error(key, f"{key}: {year_problem(parsed)}", YEAR_HINT)
            return None
        return parsed.replace(tzinfo=tz) if isinstance(parsed, datetime) else parsed

    def moment(self, key: str, tz: ZoneInfo, required: bool = False) -> datetime | None:
        """Like `when`, but a bare date means the start of that day."""
        value = self.when(key, tz, required)
        if value is None or isinstance(value, datetime):
            return value
        return datetime.combine(value, time(), tz)

    def until(self, key: str, tz: ZoneInfo, required: bool = False) -> datetime | None:
        """Like `when`, but a bare date means the whole of that day, to its last moment
        (`time.max`): an alert that `expires: 2026-12-10` is shown all that day, and a
        sign-up with `deadline: 2026-12-10` stays open all that day."""
        value = self.when(key, tz, required)
        if value is None or isinstance(value, datetime):
            return value
        return datetime.combine(value, time.max, tz)


def _image_hint(image: str, media: frozenset[str]) -> str:
    """The file meant, as a Markdown picture's hint names it: the same name in other
    capitals, without its leading `/`, or a near one; else how image paths look."""
    wanted = "/" + image.lstrip("/") if image.startswith("media/") else image
    same = [path for path in sorted(media) if path.lower() == wanted.lower()]
    meant = same[0] if same else closest(wanted, media)
    if meant:
        return f"did you mean '{meant}'?"
    return "image paths look like /media/band.png, for a file in content/media/"


def media_image(fields: Fields, media: frozenset[str], alt: str | None) -> str | None:
    """The `image:` field, a file under content/media/; it needs `image_alt` (`alt`)."""
    image = fields.text("image")
    if image is None:
        return None
    relative = re.fullmatch(r"(?:\.\./)+(media/.+)|\./(media/.+)", image)
    if relative and "/" + (relative[1] or relative[2]) in media:  # as a link in the text says it
        site_path = "/" + (relative[1] or relative[2])
        message = f"image: write the picture as a site path, '{site_path}'"
        hint = "in front matter a picture is named from the site's root, not from the story"
        fields.error("image", message, hint)
    elif image not in media:
        fields.error("image", f"image: '{image}' does not exist", _image_hint(image, media))
    if alt is None:
        fields.error("image", "image: needs image_alt", "add 'image_alt: what the picture shows'")
    return image
