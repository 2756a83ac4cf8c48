"""Interface text shown in English on a page in another language, marked as English.

A department may publish a language whose catalog is not finished (or has
none yet): its pages then show some menus and buttons in English, and a
screen reader would read "Skip to main content" with a Vietnamese voice
unless the words say they are English (WCAG 3.1.2). Such a string can reach a
page by many roads (a template's `_()`, a Python label in the navigation, a
status word inside a sentence, a page title), so it is marked where it is
looked up and settled where each file's bytes are made, in one place:

- `EnglishMarked.gettext` brackets every string its catalog has no
  translation for (missing, empty or fuzzy) between two private-use
  characters (U+E000 and U+E001);
- `fill` puts values into such a string bracketed the other way (U+E002 and
  U+E003): "Contact %(department)s" holds the department's Vietnamese name,
  which must not be read as English;
- `settled` turns each bracket in a page's text into `<span lang="en">`
  (with `dir="ltr"` on a right-to-left page), or back into the page's own
  language for a filled-in value, and removes the brackets where no element
  can go: attributes, `<title>`, scripts, feeds and calendars.

A page whose every string is translated holds no bracket and is left as it is.
Loading refuses the four characters in content and catalogs
(`characters.RESERVED`), so every bracket on a page is microsite's own.
"""

from __future__ import annotations

import gettext
import re
from typing import Any, TypeVar

from markupsafe import Markup

T = TypeVar("T", str, Markup)

OPEN, CLOSE = "\ue000", "\ue001"  # around English
OWN, OWN_END = "\ue002", "\ue003"  # around a value in the page's language, inside English
_BRACKETS = re.compile(f"([{OPEN}{CLOSE}{OWN}{OWN_END}])")
_ANY_MARK = re.compile(f"[{OPEN}{CLOSE}{OWN}{OWN_END}]")
_HTML_TAG = re.compile(r"<html\b[^>]*>", re.I)
_LANG = re.compile(r'\blang="([^"]*)"')
# Tags and comments, and the elements whose text is not HTML (no <span> can go there).
_PARTS = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_RAW = re.compile(r"<(title|script|style|textarea)\b", re.I)
_BYTES = OPEN.encode()[:2]  # every mark's UTF-8 starts with these two bytes
TEXT_FILES = (".html", ".xml", ".ics", ".txt", ".json", ".webmanifest")


# Whether this process has bracketed anything yet. Until it has, no file it makes can
# hold a bracket (loading refuses them in content), and `settled` need not look: on
# a site whose catalogs are complete, that is every file (1% of a cold build's time).
_bracketed = False


def english(text: str) -> str:
    """`text` bracketed as English for `settled`."""
    global _bracketed
    _bracketed = True
    return f"{OPEN}{text}{CLOSE}"


def fill(text: T, values: dict[str, Any]) -> T:
    """`text % values`; when `text` is English standing in for the page's language, each
    value is bracketed as the page's own (a name, a date: the page's words, not English)."""
    if text[:1] == OPEN:
        values = {name: _own(value) for name, value in values.items()}
    return text % values  # type: ignore[return-value]


def _own(value: Any) -> Any:
    if isinstance(value, Markup):
        return Markup(OWN) + value + Markup(OWN_END)
    return f"{OWN}{value}{OWN_END}" if isinstance(value, str) else value


class EnglishMarked(gettext.GNUTranslations):
    """A catalog whose strings without a translation come back bracketed as English."""

    def gettext(self, message: str) -> str:
        found = self._catalog.get(message)  # type: ignore[attr-defined]
        return found if found else english(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        try:
            found = self._catalog[(msgid1, self.plural(n))]  # type: ignore[attr-defined]
        except KeyError:
            found = ""
        return found if found else english(msgid1 if n == 1 else msgid2)


class NoCatalog(gettext.NullTranslations):
    """A language with no catalog at all: every string is English, and marked so."""

    def gettext(self, message: str) -> str:
        return english(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return english(msgid1 if n == 1 else msgid2)


def settled(output: str, data: bytes) -> bytes:
    """A file's bytes with the English brackets made into marks (an HTML page's text) or
    taken away (everywhere else). Pictures and files without a bracket are left alone."""
    if not _bracketed or _BYTES not in data or not output.endswith(TEXT_FILES):
        return data
    text = data.decode("utf-8")
    if not _ANY_MARK.search(text):
        return data
    if not output.endswith(".html"):
        return _ANY_MARK.sub("", text).encode("utf-8")
    return _in_page(text).encode("utf-8")


def _in_page(page: str) -> str:
    """Each bracket in the page's text made a `<span lang="en">`; a bracketed string may
    hold elements of its own (`<strong>Cancelled.</strong> This event...`), which the
    span then holds. A bracket in a tag, a comment or a raw-text element is removed."""
    html = _HTML_TAG.search(page)
    right_to_left = bool(html) and 'dir="rtl"' in html.group()
    language = _LANG.search(html.group()) if html else None
    span = '<span lang="en" dir="ltr">' if right_to_left else '<span lang="en">'
    way = ' dir="rtl"' if right_to_left else ""
    own = f'<span lang="{language[1]}"{way}>' if language else "<span>"
    parts = _PARTS.split(page)
    raw = False  # inside <title>, <script>, <style> or <textarea>
    depth = 0  # spans opened and not yet closed
    for index, part in enumerate(parts):
        if index % 2:  # a tag or a comment: an attribute can hold no element
            raw = bool(_RAW.match(part)) or (raw and not part.startswith("</"))
            parts[index] = _ANY_MARK.sub("", part)
        elif raw:
            parts[index] = _ANY_MARK.sub("", part)
        elif _ANY_MARK.search(part):
            pieces = []
            for piece in _BRACKETS.split(part):
                if piece in (OPEN, OWN):
                    depth += 1
                    piece = span if piece == OPEN else own
                elif piece in (CLOSE, OWN_END):
                    piece = "</span>" if depth else ""
                    depth = max(depth - 1, 0)
                pieces.append(piece)
            parts[index] = "".join(pieces)
    if depth:  # a string cut short (never by microsite's own): no marks rather than bad HTML
        return _ANY_MARK.sub("", page)
    return "".join(parts)
