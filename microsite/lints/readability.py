"""Reading level and sentence length: the two lints that measure rather than match.

Syllables are counted as textstat 0.7 counts them: a word's hyphenation
points in pyphen's dictionary for the language, plus one (`syllables.py`).
textstat itself is not imported in a build: it imports `pkg_resources`, a
quarter of a second in every process, more than the lints of a thousand
stories; `tests/test_lints.py` holds these counts and grades to textstat's.
Each distinct word is counted once per process, since a site repeats its
words from story to story. The story's level comes from its totals, so
every paragraph is counted once and the two hardest paragraphs fall out of
the same counts. English uses the Flesch-Kincaid grade;
Spanish uses Fernández-Huerta's reading ease, turned into a grade with
Fernández-Huerta's own table (60-70 "normal" = 7th-8th grade, 80-90 = 5th).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from itertools import repeat
from typing import NamedTuple

from microsite.errors import ContentError
from microsite.lints.rules import MEASURED, LintRules
from microsite.lints.syllables import count, patterns
from microsite.lints.text import PROSE, WORD, Block

LONGEST = 30  # words in a sentence before it is flagged
MEASURABLE = 100  # fewer words than this give a reading level too noisy to act on
# A sentence ends at . ! or ? and closing marks, then space and a capital.
_ENDS = r"[\"'”’)\]]*\s+(?=[\"“‘(¿¡]?[A-ZÁÉÍÓÚÑ])"
_BOUNDARY = re.compile(rf"([.!?]){_ENDS}")
_FULL_STOP = re.compile(rf"(\.){_ENDS}")
_ABBREVIATIONS = frozenset(
    "Mr. Mrs. Ms. Dr. Sr. Jr. Sra. Dra. St. Ave. Blvd. No. U.S. "
    "Sgt. Lt. Capt. Cmdr. Det. Ofc.".split()
)
_STEMS = tuple(word[:-1] for word in _ABBREVIATIONS)  # "Sgt" and so on, for `str.endswith`
_SYLLABLES: dict[str, dict[str, int]] = {}  # language -> lower-case word -> syllables


class Counts(NamedTuple):
    """Words, sentences and syllables of some prose."""

    words: int = 0
    sentences: int = 0
    syllables: int = 0


def sentences(text: str) -> list[str]:
    """The sentences of a block's text: split where a sentence ends and the next begins
    with a capital, except after an abbreviation such as "Sgt." or "St."."""
    return _sentences(_cut(text))


def _sentences(parts: list[str]) -> list[str]:
    """`sentences`, from the text already cut (`_cut`)."""
    pieces = [*map(operator.add, parts[:-1:2], parts[1::2]), parts[-1]]
    if not _may_join(parts):
        return list(filter(str.strip, pieces))  # most texts: no sentence to join to the next
    joined = [pieces[0]]
    for piece in pieces[1:]:
        if joined[-1][-6:].rsplit(None, 1)[-1] in _ABBREVIATIONS:
            joined[-1] += " " + piece
        else:
            joined.append(piece)
    return [sentence for sentence in joined if sentence.strip()]


def _cut(text: str) -> list[str]:
    """The text cut where sentences end: piece, its closing mark, piece, mark, ..., the
    last piece. The mark is matched first, not looked behind for, so that the pattern
    engine skips straight to it; most texts have no ! or ?, and a full stop is faster."""
    return (_FULL_STOP if "!" not in text and "?" not in text else _BOUNDARY).split(text)


def _may_join(parts: list[str]) -> bool:
    """Whether a piece may end in an abbreviation such as "Sgt." (its full stop is the
    mark after it), so that `sentences` may have to join it to the next."""
    return any(map(str.endswith, parts[:-1:2], repeat(_STEMS)))


def prepare(lang: str) -> None:
    """Load `lang`'s hyphenation patterns now, before a stage forks its helpers."""
    patterns(lang)


def syllables(word: str, lang: str) -> int:
    """Syllables in one lower-case word, remembered for the rest of the process."""
    known = _SYLLABLES.setdefault(lang, {})
    found = known.get(word)
    if found is None:
        if len(known) > 200_000:  # a long-running preview of a huge site
            known.clear()
        found = known[word] = count(word, lang)
    return found


def _syllables_of(words: list[str], lang: str) -> int:
    known = _SYLLABLES.setdefault(lang, {})
    try:
        return sum(map(known.__getitem__, words))  # the loop in C: most words are known
    except KeyError:
        return sum(syllables(word, lang) for word in words)


def grade(counts: Counts, lang: str) -> float:
    """The school grade these counts read at, in the measure for `lang`."""
    per_sentence = counts.words / max(counts.sentences, 1)
    per_word = counts.syllables / max(counts.words, 1)
    if lang == "es":
        ease = 206.84 - 60 * per_word - 1.02 * per_sentence  # Fernández-Huerta
        return 4 + (100 - ease) / 10
    return 0.39 * per_sentence + 11.8 * per_word - 15.59  # Flesch-Kincaid


def reading_lints(
    blocks: list[Block], rules: LintRules, warn: Callable[..., ContentError]
) -> list[ContentError]:
    """Sentences over LONGEST words, and a story above the site's reading grade."""
    measured = rules.runs("reading-level") and rules.lang in MEASURED
    long = rules.runs("long-sentence")
    found: list[ContentError] = []
    if not measured and not long:
        return found
    paragraphs: list[tuple[Block, Counts]] = []
    for block in blocks:
        if block.kind not in PROSE:
            continue
        words = block.words
        long_one = long and len(words) > LONGEST
        if not measured and not long_one:
            continue
        count, too_long = _sentences_in(block, long_one, warn)
        found.extend(too_long)
        if measured:
            syllables = _syllables_of(words, rules.lang)
            paragraphs.append((block, Counts(len(words), count, syllables)))
    if measured:
        found.extend(_level(paragraphs, rules, warn))
    return found


def _sentences_in(
    block: Block, long_one: bool, warn: Callable[..., ContentError]
) -> tuple[int, list[ContentError]]:
    """How many sentences the block has and, if it is `long_one` (more than LONGEST
    words), those over LONGEST words. The sentences themselves are made only when
    one may be joined after an abbreviation, or may be long: most blocks need neither."""
    parts = _cut(block.text)
    if _may_join(parts) or (long_one and max(map(str.count, parts[::2], repeat(" "))) >= LONGEST):
        split = _sentences(parts)
        return len(split), _long_ones(block, split, warn) if long_one else []
    return len(parts) // 2 + bool(parts[-1].strip()), []  # what len(sentences(...)) gives


def _long_ones(
    block: Block, split: list[str], warn: Callable[..., ContentError]
) -> list[ContentError]:
    """Sentences over LONGEST words, at the line each begins on (spaces counted first:
    most sentences are short, and counting spaces is far cheaper than finding words)."""
    found = []
    starts: list[int] = []  # worked out once, and only for a block with a long sentence
    after = 0  # sentences come in order: each is looked for after the one before
    for sentence in split:
        count = len(WORD.findall(sentence)) if sentence.count(" ") >= LONGEST else 0
        if count > LONGEST:
            starts = starts or block.starts()
            at = block.text.find(sentence, after)
            at = at if at >= 0 else block.text.find(sentence)
            after = max(after, at + 1)
            line = block.line_at(at, starts)
            opening = " ".join(sentence.split()[:6])
            message = f'a sentence of {count} words ("{opening} ...")'
            hint = f"split it: {LONGEST} words is the most; 15 to 20 reads best"
            found.append(warn("long-sentence", line, message, hint))
    return found


def _level(
    paragraphs: list[tuple[Block, Counts]], rules: LintRules, warn: Callable[..., ContentError]
) -> list[ContentError]:
    rows = [Counts(), *(counts for _, counts in paragraphs)]
    total = Counts(*(sum(column) for column in zip(*rows, strict=True)))
    if total.words < MEASURABLE:
        return []
    level = grade(total, rules.lang)
    if level <= rules.reading_grade:
        return []
    ranked = sorted((-grade(counts, rules.lang), block.first_line) for block, counts in paragraphs)
    hardest = sorted(line for _, line in ranked[:2])
    where = " and ".join(str(line) for line in hardest)
    noun = "paragraph is at line" if len(hardest) == 1 else "paragraphs are at lines"
    message = (
        f"reads at grade {level:.1f}, above the site's target of {rules.reading_grade:g}; "
        f"the hardest {noun} {where}"
    )
    return [
        warn("reading-level", ranked[0][1], message, "use shorter sentences and everyday words")
    ]
