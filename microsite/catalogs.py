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

from microsite.characters import RESERVED
from microsite.content.reading import display_path, read_text
from microsite.errors import ContentError
from microsite.langcodes import base_language

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "messages"


def catalog_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def has_interface(language: str) -> bool:
    """Whether pages in `language` have their menus, buttons and status words in it."""
    return language == "en" or catalog_path(language).is_file()


def misplaced_catalog(language: str) -> str | None:
    """A catalog for `language` in a folder named for a region too (`vi_VN`, as
    `pybabel init -l vi_VN` makes it), where no page would find it."""
    for folder in languages_with_catalogs():
        if base_language(folder) == language.lower() != folder:
            return folder
    return None


def languages_with_catalogs() -> tuple[str, ...]:
    """Every language microsite has interface strings for, besides English."""
    return tuple(sorted(p.parent.parent.name for p in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")))


# A named placeholder of Python's %-formatting as the code writes them, a written percent
# sign, and a `%` that is neither: what `text % values` reads in a translation.
_PERCENT = re.compile(r"%\((\w+)\)([a-z]?)|%%|%")
# An entry (blank lines part entries), a translation left empty (no quoted line follows
# it), a `fuzzy` flag, and a line of quoted text, whose closing quote must be there.
_ENTRY = re.compile(r"^msgid ", re.M)
_EMPTY = re.compile(r'^msgstr(?:\[\d+\])? ""[ \t]*\n(?![ \t]*")', re.M)
_FUZZY = re.compile(r"^#,.*\bfuzzy\b", re.M)
_QUOTED = re.compile(r'^(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?[ \t]*"')
_CLOSED = re.compile(r'(?<!\\)(?:\\\\)*"[ \t]*$')
_TAG = re.compile(r"<[^>]*>")
_BETWEEN = re.compile(r"\n[ \t]*\n")  # what parts two entries: a line blank or of spaces
PO_HINT = "see 'Adding a language' in docs/TRANSLATIONS.md"


def catalog_problems(language: str) -> list[ContentError]:
    """What checking content can say of a language's catalog without reading it as one
    (Babel's reader is imported only when pages are made): a file that is not UTF-8
    (Babel's traceback named no file), a text whose closing quote is missing (Babel
    reads on, and the page lost the text's last letter), and, as a warning, strings
    not translated yet, which the pages show in English. `render.language.words`
    checks the rest."""
    path = catalog_path(language)
    problems: list[ContentError] = []
    text = read_text(path, problems)  # not UTF-8, or unreadable: said as for content
    if text is None:
        return problems
    shown = display_path(path)
    problems += [
        ContentError(shown, number, "this text's closing double quote is missing", PO_HINT)
        for number, line in enumerate(text.split("\n"), 1)
        if _QUOTED.match(line) and not _CLOSED.search(line[line.index('"') + 1 :])
    ]
    entries = [entry for entry in _BETWEEN.split(text) if _ENTRY.search(entry)][1:]  # 1: header
    blank = [_EMPTY.search(entry + "\n") is not None for entry in entries]
    empty = sum(blank)
    fuzzy = sum(
        1 for entry, no in zip(entries, blank, strict=True) if not no and _FUZZY.search(entry)
    )
    if empty + fuzzy:
        said = (
            f"{empty + fuzzy} of {len(entries)} menu and button texts are not translated "
            f"into '{language}' yet, so its pages show them in English"
        )
        if fuzzy:  # Babel leaves them out of the catalog it compiles, as gettext does
            said += f" ({fuzzy} marked fuzzy: a guess, used once the mark is taken away)"
        problems.append(ContentError(shown, 1, said, PO_HINT, True))
    return problems


def translation_problems(catalog: Iterable[Any], shown: str) -> list[ContentError]:
    """An error at each translation that would break its page, show a placeholder, or
    bring HTML of its own: pages trust a translation as HTML (the English holds
    `<strong>` and links), so a translator's `<script>` or `<a href="javascript:...">`
    would be published as it is; a translation keeps the English's tags, moved at most.

    A text whose English has placeholders is filled in with `%`: the translation
    may leave one out but not bring in another (KeyError, blamed on a template),
    and writes a percent sign as `%%` (a `%` alone is a ValueError). A text
    without placeholders is shown as written: there, `%` is a percent sign.
    """
    problems = []
    for message in catalog:
        text = message.string if isinstance(message.string, str) else ""
        if not (isinstance(message.id, str) and message.id and text) or message.fuzzy:
            continue  # the header, a plural form, not translated yet, or a guess never used
        reserved = next((char for char in text if char in RESERVED), None)
        if reserved is not None:
            said = f"the translation of {message.id!r} holds U+{ord(reserved):04X}"
            hint = "delete it: microsite keeps that private-use character for itself"
            problems.append(ContentError(shown, message.lineno, said, hint))
            continue
        if sorted(_TAG.findall(text)) != sorted(_TAG.findall(message.id)):
            said = f"the translation of {message.id!r} has other HTML than the English"
            hint = (
                "keep each tag exactly as the English writes it: move one, never add or change one"
            )
            problems.append(ContentError(shown, message.lineno, said, hint))
            continue
        names, found = _placeholders(message.id), _placeholders(text)
        if names and (found - {"%%"} <= names):
            continue
        if not names and not found - {"%"}:
            continue
        said = f"the translation of {message.id!r} has other placeholders than the English"
        if names:
            wanted = ", ".join(sorted(names - {"%%"}))
            hint = f"keep each %(name)s as it is ({wanted}), and write a % sign as %%"
        else:
            hint = "the English has none: write a % sign as % and leave out any %(name)s"
        problems.append(ContentError(shown, message.lineno, said, hint))
    return problems


def _placeholders(text: str) -> set[str]:
    """Each named placeholder (`name` for `%(name)s`, `name:d` for `%(name)d`: the values
    given are text, and `d` asks for a number), `%%` for a written percent sign, `%` for
    a stray one."""
    found = set()
    for match in _PERCENT.finditer(text):
        name, kind = match.group(1), match.group(2)
        found.add(match.group() if name is None else name if kind == "s" else f"{name}:{kind}")
    return found
