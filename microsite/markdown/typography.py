"""Curly quotes, dashes and ellipses, the way a newsroom prints them.

Python-Markdown's own `smarty` extension does this with a dozen inline
patterns tried at every position of every text node, which made it more
than half the cost of converting a story. This does the same job in one pass
over the finished text nodes, with smarty's rules (`tests/test_markdown_reference.py`
holds the two side by side and lists where they differ on purpose). It skips
code and autolinks, and keeps `\\"` (an escaped quote) straight because
escapes are still placeholders at this point. These are the rules, on text;
the step in Python-Markdown's tree that applies them is `treesteps.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from microsite.langcodes import base_language

CODE_TAGS = frozenset({"code", "pre", "kbd", "samp", "script", "style"})
# Before a quote, these never close it (smarty's `closeClass` leaves them out). A
# placeholder's end (\x03: an escape, entity or inline HTML) counts as one, as in smarty.
NOT_CLOSING = frozenset(" \t\r\n\xa0([{-\x03\u201c\u2018\u2013\u2014\u00ab")  # « : Spanish's “
SPACE_OR_DASH = frozenset(" \t\r\n\xa0\u2013\u2014")  # before a quote and a word: it opens
_MARKS = re.compile(r"(?<!-)---?(?!-)|(?<!\.)\.\.\.(?!\.)")  # runs of 4 hyphens or dots stay
_FANCY = {"---": "\u2014", "--": "\u2013", "...": "\u2026"}
PUNCTUATION = frozenset("!\"#$%'()*+,-./:;<=>?@[\\]^_`{|}~")  # smarty's `punctClass`
_QUOTE = re.compile(r"[\"']")
_DECADE = re.compile(r"\d\ds")  # after the quote: the '80s
_SPACE_OR_S = re.compile(r"\s|s(?!\w)")  # after the quote: officers' cars, Joe's
_SPACE_S_OR_DIGIT = re.compile(r"\s|s(?!\w)|\d")

# A language that curls double quotes its own way: Spanish opens with angle quotes, as the
# RAE recommends (docs/SPANISH.md). Only quotes this curls change: “ ” typed are kept.
QUOTES = {"es": str.maketrans("\u201c\u201d", "\u00ab\u00bb")}
NOT_CURLED = -1  # the rank of a character before a quote that is not a quote just curled
Rule = tuple[int, Callable[[str, str], object], str]

# smarty's patterns in the order it applies them, each to the whole text before
# the next: (its rank, test of the character before and the text after, result).
# Rank decides what a quote just curled looks like to the next quote's test.
PAIRS: dict[str, tuple[Rule, ...]] = {
    "\"'": (
        (2, lambda p, a: _word(a[:1]), "\u201c\u2018"),
        (5, lambda p, a: _closes(p), "\u201d\u2019"),
    ),
    "'\"": (
        (3, lambda p, a: _word(a[:1]), "\u2018\u201c"),
        (4, lambda p, a: _closes(p), "\u2019\u201d"),
    ),
}
# At a block's start, before punctuation, smarty closes a quote (its rule is for one
# right after emphasis, which we judge by the emphasis). We open it, at the same rank.
START: dict[str, Rule] = {
    "'": (0, lambda p, a: p == "" and _punctuation(a), "\u2018"),
    '"': (1, lambda p, a: p == "" and _punctuation(a), "\u201c"),
}
SINGLE: tuple[Rule, ...] = (
    (6, lambda p, a: not _word(p) and _DECADE.match(a), "\u2019"),
    (7, lambda p, a: p in SPACE_OR_DASH and _word(a[:1]), "\u2018"),
    (8, lambda p, a: _closes(p) and not _SPACE_S_OR_DIGIT.match(a), "\u2019"),
    (9, lambda p, a: _SPACE_OR_S.match(a), "\u2019"),
    (10, lambda p, a: True, "\u2018"),
)
DOUBLE: tuple[Rule, ...] = (
    (11, lambda p, a: p in SPACE_OR_DASH and _word(a[:1]), "\u201c"),
    (12, lambda p, a: a[:1].isspace(), "\u201d"),
    (13, lambda p, a: _closes(p), "\u201d"),
    (14, lambda p, a: True, "\u201c"),
)


def quotes_for(language: str) -> dict[int, int] | None:
    """How `language` curls double quotes, when not as English does (`QUOTES`)."""
    return QUOTES.get(base_language(language))


def typeset(text: str, before: str, quotes: dict[int, int] | None = None) -> str:
    """`text` with typographic punctuation; `before` is the character that precedes it.

    `before` is "" at the start of a block, where a quote always opens. `quotes`
    (`quotes_for`) turns the double quotes this curls into a language's own; one that
    would close nothing after a digit is a measure (`55"`), and is written as one (″).
    """
    # Most text has nothing to change; `in` tells that several times faster than a pattern.
    if "--" in text or "..." in text:
        text = _MARKS.sub(lambda m: _FANCY[m.group()], text)
    if not ('"' in text or "'" in text):
        return text
    out, done, rank = [], 0, NOT_CURLED  # rank: of the pattern that curled the quote before
    opened = 0  # angle quotes opened in this text and not yet closed
    for match in _QUOTE.finditer(text):
        at = match.start()
        if at < done:
            continue  # the second quote of a pair
        if at > done:
            out.append(text[done:at])
            rank = NOT_CURLED
        prev = text[at - 1] if at else before
        curled, rank = _curl(text, at, prev, rank)
        done = at + len(curled)
        if quotes:
            curled = curled.translate(quotes)
            opened += curled.count("\u00ab")
            if "\u00bb" in curled and not opened and prev.isdigit():
                curled = curled.replace("\u00bb", "\u2033")  # 55" is inches: a double prime
            opened = max(opened - curled.count("\u00bb"), 0)
        out.append(curled)
    out.append(text[done:])
    return "".join(out)


def _curl(text: str, at: int, prev: str, prev_rank: int) -> tuple[str, int]:
    """The curled quote (or pair of quotes) at `at`, and the rank of the rule that chose it."""
    pair = text[at : at + 2]
    rules = (START[pair[0]], *PAIRS.get(pair, ()), *(SINGLE if pair[0] == "'" else DOUBLE))
    for rank, test, result in rules:
        seen = "\x03" if NOT_CURLED < prev_rank <= rank else prev  # curled before: a placeholder
        if test(seen, text[at + len(result) : at + len(result) + 3]):
            return result, rank
    raise AssertionError("the last rule always applies")


def _word(char: str) -> bool:
    """Whether `char` matches the `\\w` that smarty's patterns test."""
    return char.isalnum() or char == "_"


def _punctuation(after: str) -> bool:
    """Whether `after` starts with punctuation not followed by a word boundary (`punct\\B`)."""
    return after[:1] in PUNCTUATION and _word(after[:1]) == _word(after[1:2])


def _closes(prev: str) -> bool:
    """Whether a quote after `prev` may close (smarty's `closeClass`)."""
    return bool(prev) and prev not in NOT_CLOSING
