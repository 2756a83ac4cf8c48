"""`site.yaml` and `communities.yaml`: the settings every page depends on."""

from __future__ import annotations

import re
import zoneinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import localedata

from microsite.catalogs import catalog_problems, has_interface, misplaced_catalog
from microsite.content import yamlsrc
from microsite.content.fields import SLUG_RE, Fields, describe
from microsite.content.reading import display_path, outside, read_text
from microsite.content.slugs import SLUG_MAX, derived, shortened
from microsite.content.urls import base_url_problem
from microsite.content.yamlsrc import Located
from microsite.errors import ContentError, did_you_mean
from microsite.lints.settings import lint_settings
from microsite.model import ALERT_LEVELS, Alert, Community, Contact, Settings

SITE_KEYS = (
    "title",
    "department",
    "base_url",
    "language",
    "languages",
    "timezone",
    "description",
    "contact",
    "alert",
    "lints",
)
CONTACT_KEYS = ("emergency", "non_emergency", "email", "address")
ALERT_KEYS = ("message", "level", "expires", "title")
COMMUNITY_KEYS = ("name", "description", "minors")
LANGUAGE_RE = re.compile(r"\A[a-z]{2,3}\Z")
VARIANT_RE = re.compile(r"\A([A-Za-z]{2,3})[-_][A-Za-z0-9]{2,8}\Z")
# Codes written for a language that are a country's (or nobody's): the language meant.
# Only codes Babel has no language for (`se` is Sami, `am` Amharic).
MEANT = {
    "vn": "vi (Vietnamese)", "kr": "ko (Korean)", "cn": "zh (Chinese)",
    "jp": "ja (Japanese)", "ph": "fil (Tagalog)", "tl": "fil (Tagalog)",
    "sp": "es (Spanish)", "mx": "es (Spanish)", "ir": "fa (Farsi)", "ua": "uk (Ukrainian)",
    "il": "he (Hebrew)", "gr": "el (Greek)", "cz": "cs (Czech)", "dk": "da (Danish)",
    "pk": "ur (Urdu)",
}  # fmt: skip
PLACEHOLDER = Settings(
    "", "", "https://example.org", "en", ZoneInfo("UTC"), "", Contact("911", "", "", "")
)


def load_mapping(path: Path, problems: list[ContentError]) -> tuple[str, Located | None]:
    """A YAML file that must hold a mapping; None (with a problem) when it cannot."""
    shown = display_path(path)
    if path.is_dir():
        hint = f"every site needs {path.name} as a file: move the folder away"
        problems.append(ContentError(shown, 1, "this is a folder, not a file", hint))
        return shown, None
    if not path.is_file():
        problems.append(ContentError(shown, 1, "file not found", "every site needs this file"))
        return shown, None
    if outside(path, path.parent, problems):
        return shown, None
    text = read_text(path, problems)
    if text is None:
        return shown, None
    try:
        data = yamlsrc.load(text)
    except yamlsrc.YamlProblem as exc:
        problems.append(ContentError(shown, exc.line, exc.message))
        return shown, None
    if not isinstance(data, Located):
        problems.append(ContentError(shown, 1, f"expected keys and values, got {describe(data)}"))
        return shown, None
    return shown, data


def load_settings(path: Path, problems: list[ContentError]) -> Settings:
    """The settings; when site.yaml has problems, stand-in values let checking go on."""
    shown, data = load_mapping(path, problems)
    if data is None:
        return PLACEHOLDER
    fields = Fields(data, shown, problems, SITE_KEYS)
    tz = _timezone(fields)
    languages = _languages(fields)
    _interface(fields, languages)
    title, titles = fields.localized("title", languages, required=True)
    department, departments = fields.localized("department", languages, required=True)
    description, descriptions = fields.localized("description", languages, one_line=False)
    return Settings(
        title=title or "",
        department=department or "",
        base_url=_base_url(fields),
        language=languages[0],
        timezone=tz,
        description=description or "",
        contact=_contact(fields),
        alert=_alert(fields, tz, languages),
        lints=lint_settings(fields, languages[0]),
        languages=languages,
        translated=titles + departments + descriptions,
    )


def _languages(fields: Fields) -> tuple[str, ...]:
    """`languages: [en, es]`, the default first; a one-language site may say `language: en`."""
    language = fields.text("language") or "en"
    if "languages" not in fields.data:
        return (language,)
    codes = fields.keys("languages", "language codes like [en, es]")
    for code in codes:
        if LANGUAGE_RE.fullmatch(code):
            continue
        variant = VARIANT_RE.fullmatch(code)
        if variant:  # zh-Hant, es-MX: its files would be .zh-hant.md, its pages /zh-hant/
            message = f"languages: '{code}' names a script or region, which microsite cannot use"
            hint = f"use the language alone, {variant[1].lower()}: one version per language"
        else:
            message = f"languages: '{code}' is not a language code"
            hint = "use the language's code in lowercase, like en, es, vi, ko or fil (Tagalog)"
        fields.error("languages", message, hint)
    if "language" in fields.data and codes and codes[0] != language:
        hint = "the first of 'languages' is the default: drop 'language:'"
        fields.error("language", f"language: '{language}' is not the first of languages", hint)
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        hint = "delete one: each language is listed once, the default first"
        fields.error("languages", f"languages: '{code}' is listed twice", hint)
    good = tuple(dict.fromkeys(filter(None, map(_usable, codes))))
    return good or (language,)


def _usable(code: str) -> str | None:
    """The language a build goes on with for `code`, whose error is said apart: `es-MX`
    goes on as `es` (its error says so), so files named .es.md are no error too."""
    if LANGUAGE_RE.fullmatch(code):
        return code
    variant = VARIANT_RE.fullmatch(code)
    return variant[1].lower() if variant else None


def _interface(fields: Fields, languages: tuple[str, ...]) -> None:
    """Each language's dates come from Babel's data, and its menus and buttons from a
    catalog: without the first nothing can be written in it; without the second its
    pages would be labelled with the language but show the interface in English."""
    key = "languages" if "languages" in fields.data else "language"
    for code in languages:
        if not localedata.exists(code):
            message = f"{key}: no dates or numbers can be written in '{code}'"
            hint = "use the language's ISO 639 code, for example fil for Tagalog"
            if code in MEANT:
                hint = f"did you mean {MEANT[code]}? {hint}"
            fields.error(key, message, hint)
        elif not has_interface(code):
            message = (
                f"{key}: microsite's menus and buttons are not translated into '{code}' yet, "
                "so its pages will show them in English, marked for screen readers"
            )
            hint = "see 'Adding a language' in docs/TRANSLATIONS.md: it takes one file"
            found = misplaced_catalog(code)
            if found:
                hint = f"its catalog is in microsite/locale/{found}/: rename that folder {code}"
            fields.problems.append(ContentError(fields.path, fields.line(key), message, hint, True))
        elif code != "en":
            fields.problems.extend(catalog_problems(code))


def _timezone(fields: Fields) -> ZoneInfo:
    name = fields.text("timezone", required=True)
    if name is None:
        return ZoneInfo("UTC")
    try:
        return ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        hint = did_you_mean(name, zoneinfo.available_timezones()) or "use an IANA name"
        fields.error("timezone", f"timezone: unknown time zone '{name}'", hint)
        return ZoneInfo("UTC")


def _base_url(fields: Fields) -> str:
    url = fields.text("base_url", required=True) or "https://example.org"
    problem = base_url_problem(url)
    if problem:
        message = f"base_url: expected an absolute https address, got {describe(url)}"
        fields.error("base_url", message, problem)
        return PLACEHOLDER.base_url
    return url.rstrip("/")


def _contact(site: Fields) -> Contact:
    data = site.mapping("contact", required=True)
    if data is None:
        return Contact("911", "", "", "")
    fields = Fields(data, site.path, site.problems, CONTACT_KEYS)
    email = fields.text("email", required=True) or ""
    if email and not EMAIL.fullmatch(email):
        # It becomes every page's `mailto:` link: `?cc=` would copy residents' mail elsewhere.
        message = f"email: expected one email address, got {describe(email)}"
        fields.error("email", message, "like community@redondo.org, and nothing after it")
        email = ""
    return Contact(
        emergency=_phone(fields, "emergency") or "911",
        non_emergency=_phone(fields, "non_emergency", required=True) or "",
        email=email,
        address=fields.text("address", required=True) or "",
    )


def _phone(fields: Fields, key: str, required: bool = False) -> str | None:
    """A number every page links for phones to dial (`tel:`), so nothing but the number:
    `911 (text 911 also works)` would dial 911911 (review find)."""
    number = fields.text(key, required=required)
    if number is None or (PHONE.fullmatch(number) and 3 <= sum(map(str.isdigit, number)) <= 15):
        return number
    message = f"{key}: expected one phone number, got {describe(number)}"
    example = "911" if key == "emergency" else "(310) 379-2477"
    fields.error(key, message, f"write the number alone, like {example}: phones dial it")
    return None


PHONE = re.compile(r"\+?[0-9 ().-]+")  # digits, and the marks that group them
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
EMAIL = re.compile(rf"[A-Za-z0-9._+-]+@{_LABEL}(?:\.{_LABEL})+")  # a department's, plainly


def _alert(site: Fields, tz: ZoneInfo, languages: tuple[str, ...]) -> Alert | None:
    data = site.mapping("alert")
    if data is None:
        return None
    fields = Fields(data, site.path, site.problems, ALERT_KEYS)
    level = fields.text("level") or "info"
    if level not in ALERT_LEVELS:
        fields.error(
            "level", f"level: unknown alert level '{level}'", did_you_mean(level, ALERT_LEVELS)
        )
    expires = fields.until("expires", tz, required=True)
    message, messages = fields.localized("message", languages, required=True, one_line=False)
    title, titles = fields.localized("title", languages)
    return Alert(message or "", level, expires, title or "", messages + titles) if expires else None


def load_communities(
    path: Path, problems: list[ContentError], languages: tuple[str, ...] = ("en",)
) -> tuple[Community, ...]:
    """The communities in file order: the order the department chose to list them."""
    if not path.exists():
        return ()
    shown, data = load_mapping(path, problems)
    communities = []
    for key, value in (data or {}).items():
        line = data.line_of(key)
        problem = _key_problem(key)
        if problem:
            problems.append(ContentError(shown, line, *problem))
            continue
        if not isinstance(value, Located):
            problems.append(
                ContentError(shown, line, f"{key}: expected name and description", "see README")
            )
            continue
        communities.append(
            _community(key, Fields(value, shown, problems, COMMUNITY_KEYS), languages)
        )
    return tuple(communities)


def _key_problem(key: object) -> tuple[str, str] | None:
    """What is wrong with a community key, and how to fix it: it is the folder of the
    community's pages, so it is held to the rules of a slug, its length included."""
    if not isinstance(key, str) or not SLUG_RE.fullmatch(key):
        good = derived(str(key), "neighborhoods")
        hint = f"use lowercase letters, digits and single hyphens, like '{good}'"
        return f"{str(key)!r} is not a valid community key", hint
    if len(key) > SLUG_MAX:
        message = f"community key too long ({len(key)} characters; at most {SLUG_MAX})"
        return message, f"shorten it, like '{shortened(key)}'"
    return None


def _community(key: str, fields: Fields, languages: tuple[str, ...]) -> Community:
    name, names = fields.localized("name", languages, required=True)
    description, descriptions = fields.localized("description", languages, one_line=False)
    minors = fields.flag("minors")
    return Community(key, name or key, description or "", minors, translated=names + descriptions)
