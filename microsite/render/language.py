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
from functools import lru_cache
from io import BytesIO
from typing import Any

from markupsafe import Markup

from microsite.catalogs import catalog_path, translation_problems
from microsite.content.reading import display_path
from microsite.errors import ContentError, PageFailed
from microsite.langcodes import base_language, region, script
from microsite.model import EventStatus
from microsite.render.fallbacks import EnglishMarked, NoCatalog, fill


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
    strings looked up in it are kept (`marked`), so both are forgotten together."""
    _catalog.cache_clear()
    marked.cache_clear()


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


@lru_cache(maxsize=16)
def translator(language: str) -> Callable[..., Markup]:
    """`translate` for one language, handed to each page's template as `_`: a page knows
    its language once, not at each of its forty strings."""

    def translate_in(message: str, **values: Any) -> Markup:
        text = marked(language, message)
        return fill(text, values) if values else text

    return translate_in


@lru_cache(maxsize=4096)
def marked(language: str, message: str) -> Markup:
    """A message in `language`, trusted as HTML; kept, for the forty a page says."""
    return Markup(words(language).gettext(message))


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


def language_marks(language: str, page_language: str) -> Markup:
    """`in_other_language` for Python: an element in `language` on a `page_language` page."""
    return Markup(' lang="{}"').format(language) + dir_attribute(language, direction(page_language))


def fallback_text(settings: Any, item: Any, name: str) -> Any:
    """`text` for Python that writes a page's words: the field, or it marked with the
    default language's `lang` (and `dir`) on a page in `settings`' language."""
    value = getattr(item, name)
    if name not in item.fallback:
        return value
    marks = language_marks(settings.default_language, settings.language)
    return Markup("<span{}>{}</span>").format(marks, value)
