"""Where the interface's translations live: read when rendering, looked for when checking.

`site.yaml` may name any language, but its pages can only speak it if
microsite has a catalog of interface strings for it (English, the language
the strings are written in, needs none). Both sides ask here, so the rule
of where a catalog lives is written once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from microsite.content.reading import display_path, read_text
from microsite.errors import ContentError

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "messages"


def catalog_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def has_interface(language: str) -> bool:
    """Whether pages in `language` have their menus, buttons and status words in it."""
    return language == "en" or catalog_path(language).is_file()


def languages_with_catalogs() -> tuple[str, ...]:
    """Every language microsite has interface strings for, besides English."""
    return tuple(sorted(p.parent.parent.name for p in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")))


# A placeholder of Python's %-formatting as the templates write them, or a `%` on its own.
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%%|%")
# An entry's first line, and a translation left empty (no quoted line follows it).
_ENTRY = re.compile(r"^msgid ", re.M)
_EMPTY = re.compile(r'^msgstr(?:\[\d+\])? ""[ \t]*\n(?![ \t]*")', re.M)
PO_HINT = "see 'Adding a language' in docs/TRANSLATIONS.md"


def catalog_problems(language: str) -> list[ContentError]:
    """What checking content can say of a language's catalog without reading it as one
    (Babel's reader is imported only when pages are made): a file that is not UTF-8
    (Babel's traceback named no file), and, as a warning, strings not translated yet,
    which the pages show in English. `render.language.words` checks the rest."""
    path = catalog_path(language)
    problems: list[ContentError] = []
    text = read_text(path, problems)  # not UTF-8, or unreadable: said as for content
    if text is None:
        return problems
    entries = len(_ENTRY.findall(text)) - 1  # the first is the catalog's own header
    empty = len(_EMPTY.findall(text))
    if entries <= 0 or not empty:
        return []
    said = (
        f"{empty} of {entries} menu and button texts are not translated into "
        f"'{language}' yet, so its pages show them in English"
    )
    return [ContentError(display_path(path), 1, said, PO_HINT, True)]


def translation_problems(catalog: Iterable[Any], shown: str) -> list[ContentError]:
    """An error at each translation whose placeholders are not the English one's: the
    page would fail to build with a KeyError blamed on a template."""
    problems = []
    for message in catalog:
        text = message.string if isinstance(message.string, str) else ""
        if not (isinstance(message.id, str) and text):
            continue  # the header, a plural form, or not translated yet
        if _placeholders(text) != _placeholders(message.id):
            wanted = ", ".join(sorted(_placeholders(message.id) - {"%%"})) or "none"
            found = f"the translation of {message.id!r} has other placeholders than the English"
            hint = f"keep each %(name)s as it is ({wanted}), and write a % sign as %%"
            problems.append(ContentError(shown, message.lineno, found, hint))
    return problems


def _placeholders(text: str) -> set[str]:
    """Each named placeholder, `%%` for a written percent sign, `%` for a stray one."""
    return {match.group(1) or match.group() for match in _PLACEHOLDER.finditer(text)}
