"""Lints of front matter, run where the header is read (and cached with it).

The title, summary and lead picture's alt text are read by more people than
any paragraph: on cards, in feeds, in search results.
"""

from __future__ import annotations

from collections.abc import Callable

from microsite.errors import ContentError
from microsite.lints.markup import alt_hint, alt_problem
from microsite.lints.rules import LintRules
from microsite.lints.run import Warn
from microsite.lints.words import jargon_in, shouting

ALT_HINT = "say what the picture shows, e.g. 'image_alt: Officer Diaz hands a helmet to a boy'"
# A title longer than this is almost always a sentence of the story pasted in. Search
# results show about 60 characters of it; every list, feed and phone screen shows all.
LONG_TITLE = 100


def header_lints(
    path: str, line_of: Callable[[str], int], values: dict[str, str | None], rules: LintRules
) -> list[ContentError]:
    """Jargon and capitals in the title and summary; a title too long to be a headline;
    alt text that says nothing."""
    warn, found = Warn(path), []
    for key in ("title", "summary"):
        text = values.get(key) or ""
        found.extend(_words(key, text, line_of(key), rules, warn))
    alt, title = values.get("image_alt"), values.get("title") or ""
    if len(title) > LONG_TITLE and rules.runs("long-title"):
        message = f"title: {len(title):,} characters; search results show about 60"
        hint = f"keep it under {LONG_TITLE} characters and put the rest in 'summary:'"
        found.append(warn("long-title", line_of("title"), message, hint))
    return found + image_alt_lints(warn, line_of("image_alt"), alt, title, rules)


def image_alt_lints(
    warn: Warn, line: int, alt: str | None, title: str, rules: LintRules
) -> list[ContentError]:
    """`image_alt` that says nothing (a story's or an event's)."""
    problem = alt_problem(alt, title) if alt else ""
    if not problem or not rules.runs("alt-text"):
        return []
    hint = ALT_HINT if alt_hint(problem).startswith("say") else alt_hint(problem)
    return [warn("alt-text", line, f"image_alt: {problem}", hint)]


def _words(key: str, text: str, line: int, rules: LintRules, warn: Warn) -> list[ContentError]:
    found = []
    shout = shouting(text) if rules.runs("capitals") else ""
    if shout:
        hint = "write it in sentence case"
        found.append(warn("capitals", line, f'{key}: "{shout}" reads as shouting', hint))
    words = jargon_in(text, rules) if rules.runs("jargon") else []
    if words:
        named = ", ".join(f'"{word}"' for word, _ in words)
        fixes = "; ".join(f'"{plain}" for "{word}"' for word, plain in words)
        found.append(warn("jargon", line, f"{key}: {named}", f"write {fixes}"))
    return found
