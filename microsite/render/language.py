"""The interface in the page's language: gettext catalogs, kept the way Babel keeps them.

Every string a visitor reads that is not content (navigation, buttons, the
911 line, status words, page titles) is written in English in the templates
and in Python, marked for translation (`{{ _("Events") }}`, `words.gettext(...)`),
and looked up in `microsite/locale/<lang>/LC_MESSAGES/messages.po`. Adding a
language is translating that one file (see docs/TRANSLATIONS.md).

The catalogs are part of microsite, like its code: the `.po` file is compiled
in memory once per process, and the disk cache's code version covers it.
"""

from __future__ import annotations

import codecs
import gettext
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from microsite import urls
from microsite.catalogs import catalog_path, translation_problems
from microsite.content.reading import display_path
from microsite.errors import ContentError, PageFailed
from microsite.langcodes import base_language, region, script
from microsite.model import Event, EventStatus
from microsite.render.fallbacks import EnglishMarked, NoCatalog, fill
from microsite.render.localdates import (
    long_date,
    moment,
    month_abbreviation,
    repeat_text,
    time_of_day,
    times,
    when,
    when_html,
)


def words(language: str) -> gettext.NullTranslations:
    """The language's catalog; English, the language the strings are written in, needs none.

    Raises PageFailed, naming the catalog's file and line, for a catalog that cannot be
    read or whose translations would break a page (`catalogs.translation_problems`):
    every such line at once.
    """
    found = _catalog(language)
    if isinstance(found, list):
        raise PageFailed(*found)
    return found


@lru_cache(maxsize=16)
def _catalog(language: str) -> gettext.NullTranslations | list[ContentError]:
    path = catalog_path(language)
    if not path.is_file():  # a language without one shows the English, marked as such
        english = base_language(language) == "en"
        return gettext.NullTranslations() if english else NoCatalog()
    from babel.messages.mofile import write_mo  # only for a language with a catalog: English
    from babel.messages.pofile import PoFileError, read_po  # has none, and need not load them

    shown = display_path(path)
    try:
        data = path.read_bytes().removeprefix(codecs.BOM_UTF8)  # Notepad's mark: not a word
        catalog = read_po(BytesIO(data), locale=language, abort_invalid=True)
    except (PoFileError, ValueError, OSError) as exc:  # not UTF-8 is said when content loads
        line = getattr(exc, "lineno", 0) or 1
        hint = "each entry is a msgid line and a msgstr line, each text in double quotes"
        return [ContentError(shown, line, f"cannot be read: {exc}", hint)]
    problems = translation_problems(catalog, shown)
    if problems:
        return problems
    compiled = BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out: a guess is not a translation
    compiled.seek(0)
    return EnglishMarked(compiled)


def forget_catalogs() -> None:
    """Read every catalog afresh when next asked: each is read once per process, and the
    strings looked up in it are kept (`_marked`), so both are forgotten together."""
    _catalog.cache_clear()
    _marked.cache_clear()


@lru_cache(maxsize=64)
def og_locale(language: str) -> str:
    """`en` -> `en_US`: Open Graph wants language_TERRITORY. US departments mean the US
    where CLDR knows the language there (`en_US`, `es_US`); elsewhere the language's own
    country (`vi_VN`, `ko_KR`, `fil_PH`), as `vi_US` is no locale a reader knows."""
    if region(language):
        return f"{base_language(language)}_{region(language)}"
    from babel import localedata
    from babel.core import get_global

    code = base_language(language)
    if localedata.exists(f"{code}_US"):
        return f"{code}_US"
    parts = get_global("likely_subtags").get(code, "").split("_")[1:]  # script, region
    likely = next((p for p in parts if len(p) == 2 and p.isupper()), "US")
    return f"{code}_{likely}"


def N_(message: str) -> str:
    """Marks a string for the catalog where it is defined; it is translated where it is used."""
    return message


def paged_title(language: str, name: str, pagination: Any) -> str:
    """`Stories`, or `Stories, page 2 of 3` when a list runs over several pages."""
    if pagination.count == 1:
        return name
    text = words(language).gettext("%(name)s, page %(number)s of %(count)s")
    return fill(text, {"name": name, "number": pagination.number, "count": pagination.count})


def status_label(language: str, status: EventStatus) -> str:
    """'Cancelled', 'Postponed', 'Scheduled' in `language`."""
    t = words(language)
    labels = {
        EventStatus.SCHEDULED: t.gettext("Scheduled"),
        EventStatus.CANCELLED: t.gettext("Cancelled"),
        EventStatus.POSTPONED: t.gettext("Postponed"),
    }
    return labels[status]


def with_status(language: str, text: str, status: EventStatus, *, sentence: bool = False) -> str:
    """`Cancelled: Coffee with a Cop`: a changed status leads wherever only a line is seen
    (a calendar's entry, a link's preview, a browser tab), so no one reads it as going ahead.
    Before a `sentence` (a description), it is a sentence of its own: `Cancelled. Saturday...`"""
    if status == EventStatus.SCHEDULED:
        return text
    return f"{status_label(language, status)}{'. ' if sentence else ': '}{text}"


def language_name(language: str) -> str:
    """What a language calls itself, for the language switcher: `es` -> `Español`."""
    from babel import Locale

    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


@pass_context
def template_gettext(context: Context, message: str) -> str:
    """`gettext()` and `{% trans %}` in templates: the page's language comes from its settings."""
    return words(context["settings"].language).gettext(message)


@pass_context
def translate(context: Context, message: str, **values: Any) -> Markup:
    """`_("Page %(number)s of %(count)s", number=n, count=c)`: the words in the page's
    language, trusted as HTML, with the values escaped (Jinja's "newstyle" gettext).

    A page says some forty of these; this is Jinja's own `_` without its two extra
    calls and its formatting when there is nothing to format.
    """
    text = _marked(context["settings"].language, message)
    return fill(text, values) if values else text


@lru_cache(maxsize=16)
def translator(language: str) -> Callable[..., Markup]:
    """`translate` for one language, handed to each page's template as `_`: a page knows
    its language once, not at each of its forty strings."""

    def translate_in(message: str, **values: Any) -> Markup:
        text = _marked(language, message)
        return fill(text, values) if values else text

    return translate_in


@lru_cache(maxsize=4096)
def _marked(language: str, message: str) -> Markup:
    return Markup(words(language).gettext(message))


@pass_context
def template_ngettext(context: Context, singular: str, plural: str, count: int) -> str:
    return words(context["settings"].language).ngettext(singular, plural, count)


# Languages written right to left in their usual script, and scripts written right to
# left, as CLDR has them (`tests/test_rtl.py` checks every locale Babel knows against
# these). Asking Babel here instead loads its locale data: 80 ms and 4 MB in each
# process that renders pages, for the answer "ltr" on almost every site.
RTL_LANGUAGES = frozenset(
    "apc ar bal bgn ckb dv fa he ks lrc mzn nqo ps rhg sd sdh skr syr trw ug ur yi".split()
)
RTL_SCRIPTS = frozenset("Adlm Arab Hebr Nkoo Rohg Syrc Thaa".split())


@lru_cache(maxsize=64)
def direction(language: str) -> str:
    """`rtl` for a language written right to left (Arabic `ar`, Farsi `fa`, Hebrew `he`,
    Urdu `ur`, Punjabi in Arabic script `pa-Arab`), else `ltr`."""
    written = script(language)
    if written:
        return "rtl" if written in RTL_SCRIPTS else "ltr"
    return "rtl" if base_language(language) in RTL_LANGUAGES else "ltr"


def dir_attribute(language: str, around: str = "ltr") -> Markup:
    """` dir="rtl"` for an element in `language` inside text written the other way
    (`around`: the page's direction), so that its words and punctuation sit right;
    nothing when both run the same way, as on every page of a left-to-right site."""
    if direction(language) == around:
        return Markup("")
    return Markup(' dir="{}"').format(direction(language))


@pass_context
def in_other_language(context: Context, language: str) -> Markup:
    """` lang="fa" dir="rtl"`: the attributes of an element in `language` on this page."""
    return language_marks(language, context["settings"].language)


def language_marks(language: str, page_language: str) -> Markup:
    """`in_other_language` for Python: an element in `language` on a `page_language` page."""
    return Markup(' lang="{}"').format(language) + dir_attribute(language, direction(page_language))


@pass_context
def text(context: Context, item: Any, name: str) -> Any:
    """A field of `item`, marked with the default language's `lang` when it fell back to it.

    A Spanish page showing an event whose Spanish title was not given shows the
    English one inside `<span lang="en">`, so screen readers switch voice (WCAG 3.1.2).
    """
    return fallback_text(context["settings"], item, name)


def fallback_text(settings: Any, item: Any, name: str) -> Any:
    """`text` for Python that writes a page's words: the field, or it marked with the
    default language's `lang` (and `dir`) on a page in `settings`' language."""
    value = getattr(item, name)
    if name not in item.fallback:
        return value
    marks = language_marks(settings.default_language, settings.language)
    return Markup("<span{}>{}</span>").format(marks, value)


@pass_context
def lang_of(context: Context, item: Any, name: str) -> Markup:
    """` lang="en"` for an element holding a field that fell back to the default language."""
    if name not in item.fallback:
        return Markup("")
    return in_other_language(context, context["settings"].default_language)


def in_page_language(format_in: Callable[..., Any]) -> Callable[..., Any]:
    """A filter from `format_in(value, language, ...)`: the language is the page's."""

    @pass_context
    def page_filter(context: Context, value: Any, *args: Any, **options: Any) -> Any:
        return format_in(value, context["settings"].language, *args, **options)

    return page_filter


def _repeat_words(event: Event, language: str) -> str:
    return repeat_text(event.repeat, event.start, language)  # type: ignore[arg-type]


def _status_word(status: EventStatus, language: str) -> str:
    return status_label(language, status)


# Filters that keep their English names ("ap_date") and follow the page's language.
LANGUAGE_FILTERS = {
    "ap_date": long_date,
    "ap_time": time_of_day,
    "ap_when": when,
    "ap_moment": moment,
    "ap_when_html": when_html,
    "ap_times": times,
    "repeat_words": _repeat_words,
    "month": month_abbreviation,
    "status": _status_word,
}


@dataclass(frozen=True)
class LanguageLink:
    """A link in the language switcher: the same page in `language`, or that language's home."""

    language: str
    path: str
    name: str  # what the language calls itself
    same_page: bool


@pass_context
def language_links(context: Context, versions: tuple[tuple[str, str], ...]) -> list[LanguageLink]:
    """The page in each of the site's other languages, or that language's home page."""
    settings = context["settings"]
    here = dict(versions)
    links = []
    for language in settings.languages:
        if language != settings.language:
            home = urls.language_root(language, settings.default_language) + "/"
            path = here.get(language, home)
            links.append(LanguageLink(language, path, language_name(language), language in here))
    return links


def install_language(env: Environment) -> None:
    """Gettext, and dates in the page's language, for every template of `env`.

    The filters keep their English names (`ap_date`: "Dec. 5, 2026") and
    follow the page's language ("5 de diciembre de 2026").
    """
    env.install_gettext_callables(template_gettext, template_ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["_"] = translate
    env.filters.update({name: in_page_language(f) for name, f in LANGUAGE_FILTERS.items()})
    env.filters.update(og_locale=og_locale, language_name=language_name)
    env.filters.update(dir_attribute=dir_attribute)
    env.globals.update(text=text, lang_of=lang_of, language_links=language_links)
    env.globals.update(in_other_language=in_other_language)
