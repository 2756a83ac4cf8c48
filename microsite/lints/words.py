"""Jargon and shouting: the word-level lints.

The jargon list is data (`jargon.tsv`: the word as police reports write it,
then the plain word), drawn from plainlanguage.gov's word lists and the
habits of incident reports. Each site may add its own words in site.yaml.
Words match whole, in any case, never inside another word, and never inside
quotation marks: a quoted witness may say "vehicle".
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from collections.abc import Callable
from functools import cache, lru_cache
from itertools import filterfalse
from pathlib import Path
from typing import NamedTuple

from microsite.errors import ContentError
from microsite.lints.rules import LintRules
from microsite.lints.text import Block, unquoted, words_in

JARGON_FILE = Path(__file__).with_name("jargon.tsv")
_WORDS = re.compile(r"[^\W\d_]+")
# Three or more words of two capitals or more. `\b[A-Z]` written as a capital not after
# a word character, so that the pattern starts with a character class: the engine
# then skips from capital to capital instead of trying every position.
# A word is at most 60 characters here: unbounded, `A-A-A-...a` was tried from each of its
# capitals to its end, and 20,000 of them took minutes (fuzzing find).
_CAPITALS = re.compile(
    r"[A-Z](?<!\w[A-Z])[A-Z'’-]{0,60}[A-Z](?:[ ,]+[A-Z][A-Z'’-]{0,60}[A-Z]){2,}\b"
)
_AS_PAIRS = bytes.maketrans(string.ascii_uppercase.encode() + b"-", b"A" * 26 + b"'")
_PAIR = re.compile(rb"A[A']")  # in ASCII text so translated: a capital, then a capital, ' or -


@cache
def built_in() -> tuple[tuple[str, str], ...]:
    """The shipped list: one `word<TAB>plain word` a line; `#` starts a comment."""
    pairs = []
    for line in JARGON_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, plain = line.split("\t", 1)
            pairs.append((word.strip().lower(), plain.strip()))
    return tuple(pairs)


@lru_cache(maxsize=16)
def _matcher(extra: tuple[tuple[str, str], ...], english: bool) -> tuple[dict, Needs]:
    """Each jargon word with its plain word; and the words of each, to pass over the many
    blocks that hold none."""
    plain = dict(built_in() if english else ()) | dict(extra)
    return plain, Needs.of(list(plain))


@lru_cache(maxsize=16)
def _pattern(extra: tuple[tuple[str, str], ...], english: bool) -> re.Pattern:
    """One pattern for every word, longest first, so "in the vicinity of" beats "vicinity".
    Compiled only for a text that holds some word's words: the shipped list takes 6 ms,
    and most rebuilds' changed stories hold none."""
    words = sorted(_matcher(extra, english)[0], key=lambda w: (-len(w), w))
    spelled = "|".join(r"\s+".join(map(re.escape, word.split())) for word in words)
    return re.compile(rf"(?<![\w-])(?:{spelled})(?![\w-])", re.I)


class Needs(NamedTuple):
    """The words a block must hold for some jargon to be in it: set lookups, not a scan."""

    singles: frozenset[str]
    phrases: tuple[frozenset[str], ...]
    triggers: frozenset[str]  # the single words, and the longest word of each phrase

    @classmethod
    def of(cls, words: list[str]) -> Needs:
        parts = [frozenset(_WORDS.findall(word)) for word in words]
        singles = frozenset().union(*(p for p in parts if len(p) == 1))
        phrases = tuple(p for p in parts if len(p) > 1)
        return cls(singles, phrases, singles | {max(p, key=len) for p in phrases})

    def met(self, *words: list[str]) -> bool:
        """Whether these words (one list or several: a block's, or every block's of a
        text) hold a single jargon word or every word of a phrase."""
        present = set().union(*words)
        present.update(_WORDS.findall(" ".join(filterfalse(str.isalpha, present))))  # "vehicle's"
        if self.triggers.isdisjoint(present):
            return False  # the usual case, decided in one set operation
        return not self.singles.isdisjoint(present) or any(p <= present for p in self.phrases)


def jargon(blocks: list[Block], rules: LintRules, warn: Callable[..., ContentError]) -> list:
    """One warning per line, naming each jargon word there and its plain word."""
    plain, needs = _matcher(rules.jargon, rules.lang == "en")
    found: list[ContentError] = []
    if not plain or not needs.met(*(block.words for block in blocks)):
        return found  # most texts: decided for the whole text at once
    pattern = _pattern(rules.jargon, rules.lang == "en")
    for block in blocks:
        if not needs.met(block.words):
            continue
        lines = unquoted(block)
        text = "\n".join(line for _, line in lines)
        starts = block.starts()  # quotes are blanked out, not cut: the same line lengths
        by_line: dict[int, list[str]] = {}
        for hit in pattern.finditer(text):  # a phrase may run on to the next line
            index = bisect_right(starts, hit.start()) - 1  # counting breaks each time was
            by_line.setdefault(index, []).append(hit.group())  # quadratic in a long block
        for index, hits in by_line.items():
            found.append(_jargon_warning(block, index, hits, plain, warn))
    return found


def _jargon_warning(
    block: Block, index: int, hits: list[str], plain: dict[str, str], warn: Callable
) -> ContentError:
    """The warning for the block's `index`-th line."""
    words = list(dict.fromkeys(" ".join(hit.split()) for hit in hits))
    named = ", ".join(f'"{word}"' for word in words)
    fixes = "; ".join(f'"{plain[word.lower()]}" for "{word}"' for word in words)
    line, raw = block.lines[index][0], block.raw[index]
    column = raw.lower().find(words[0].lower().split()[0]) + 1
    return warn("jargon", line, named, f"write {fixes}", column)


def capitals(blocks: list[Block], warn: Callable[..., ContentError]) -> list[ContentError]:
    """Three or more words in capitals in a row read as shouting, and read slowly."""
    found: list[ContentError] = []
    together = "\n".join(block.text for block in blocks)
    if not _may_shout(together) or not _CAPITALS.search(together):
        return found  # decided for the whole text at once: no match spans a line break
    for block in blocks:
        if not _CAPITALS.search(block.text):
            continue  # then one a block; the lines only where there is something to find
        for (line, text), raw in zip(block.lines, block.raw, strict=True):
            shout = _CAPITALS.search(text)
            if shout:
                found.append(
                    warn(
                        "capitals",
                        line,
                        f'"{shout.group()}" reads as shouting',
                        "write it in sentence case; use **bold** for the one word that matters",
                        raw.find(shout.group().split()[0]) + 1,
                    )
                )
    return found


def _may_shout(text: str) -> bool:
    """Whether the text holds a capital followed by a capital, ', ’ or -, as every
    match of `_CAPITALS` does. ASCII text (no ’) is told several times faster once
    its bytes are translated, so that one letter starts what is looked for."""
    return not text.isascii() or _PAIR.search(text.encode().translate(_AS_PAIRS)) is not None


def shouting(text: str) -> str:
    """The capitals in one line of front matter, or ""."""
    shout = _CAPITALS.search(text)
    return shout.group() if shout else ""


def jargon_in(text: str, rules: LintRules) -> list[tuple[str, str]]:
    """Each jargon word in one line of front matter, with its plain word."""
    plain, needs = _matcher(rules.jargon, rules.lang == "en")
    if not plain or not needs.met(*words_in([text])):
        return []
    pattern = _pattern(rules.jargon, rules.lang == "en")
    words = dict.fromkeys(" ".join(hit.split()) for hit in pattern.findall(text))
    return [(word, plain[word.lower()]) for word in words]
