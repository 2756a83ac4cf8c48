"""Every lint of one Markdown text, run inside its conversion.

`lint_text` is a pure function of the `Conversion` (text, file, line, lint
rules) and the HTML made from it, so its warnings are cached with the HTML
(`Converted.lints`) and cost nothing on a rebuild where nothing changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from microsite.errors import ContentError
from microsite.lints import markup, readability, words
from microsite.lints.rules import MEASURED, LintRules
from microsite.lints.text import blocks, share_words

_COUNTING = ("reading-level", "long-sentence", "jargon")  # the lints that read words


@dataclass(frozen=True)
class Warn:
    """Makes the warnings of one file: `path:line: warning: code: message (hint)`."""

    path: str

    def __call__(
        self, code: str, line: int, message: str, hint: str, column: int = 0
    ) -> ContentError:
        return ContentError(self.path, line, f"{code}: {message}", hint, True, code, column)


def prepare_lints(rules: Iterable[LintRules]) -> None:
    """Load the reading measure of each language these rules will measure."""
    for language in {r.lang for r in rules if r.runs("reading-level") and r.lang in MEASURED}:
        readability.prepare(language)


def lint_text(
    text: str,
    source: str,
    first_line: int,
    rules: LintRules,
    clean: str,
    images: list[tuple[str, dict[str, str]]],
) -> tuple[ContentError, ...]:
    """The warnings for one text and the safe HTML made from it, in line order."""
    if not rules.on or not text.strip():
        return ()
    warn = Warn(source)
    parsed = blocks(text, first_line)
    if any(map(rules.runs, _COUNTING)):
        share_words(parsed)  # one split for the whole text rather than one a block
    finder = markup.Finder(text, first_line)
    found: list[ContentError] = readability.reading_lints(parsed, rules, warn)
    checks = {
        "jargon": lambda: words.jargon(parsed, rules, warn),
        "capitals": lambda: words.capitals(parsed, warn),
        "headings": lambda: markup.headings(parsed, warn),
        "emoji-bullets": lambda: markup.emoji_bullets(parsed, warn),
        "link-text": lambda: markup.link_text(clean, finder, warn) if "<a" in clean else [],
        "alt-text": lambda: markup.alt_text(images, finder, warn),
        "table-header": lambda: markup.table_header(clean, finder, warn),
    }
    for name, check in checks.items():
        if rules.runs(name):
            found.extend(check())
    return tuple(sorted(found))
