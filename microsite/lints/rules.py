"""Which lints run on a text: the site's settings less what one file silences.

A `LintRules` value travels inside each `Conversion` and each header's rules,
so it is part of the key the speed layer caches results under: changing the
reading target or silencing a lint re-checks exactly the texts it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

NAMES = (
    "reading-level",
    "long-sentence",
    "jargon",
    "link-text",
    "alt-text",
    "headings",
    "capitals",
    "long-title",
    "pdf",
    "table-header",
    "emoji-bullets",
)
NAMES_HINT = "lint names: " + ", ".join(NAMES)
NAMES_LIKE = "lint names like [reading-level, jargon]"  # what `lint_ignore:` and `off:` take
MEASURED = ("en", "es")  # languages with a reading measure (Flesch-Kincaid, Fernández-Huerta)


@dataclass(frozen=True)
class LintRules:
    """The lints to run on one text, the reading target, the site's jargon, the language."""

    on: tuple[str, ...] = NAMES  # a tuple, in NAMES' order: a set costs ten digests a story
    reading_grade: float = 9.0
    jargon: tuple[tuple[str, str], ...] = ()  # the site's own additions: word -> plain word
    lang: str = "en"

    def runs(self, name: str) -> bool:
        return name in self.on


NO_LINTS = LintRules(on=())
SITE_DEFAULT = LintRules()


@lru_cache(maxsize=256)
def for_document(rules: LintRules, ignore: tuple[str, ...], lang: str) -> LintRules:
    """The site's rules less what one file's `lint_ignore` silences, in its language.

    Cached so that every story with the same settings shares one value: the
    speed layer digests a shared value once per build, not once per story.
    """
    return replace(rules, on=tuple(name for name in rules.on if name not in ignore), lang=lang)
