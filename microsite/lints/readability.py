"""Reading level and sentence length: the two lints that measure rather than match.

Syllables come from textstat (pyphen's hyphenation dictionary for the
text's language, see `_stats`); each distinct word is counted once per process, since a
site repeats its words from story to story. The story's level comes from its
totals, so every paragraph is counted once and the two hardest paragraphs
fall out of the same counts. English uses the Flesch-Kincaid grade;
Spanish uses Fernández-Huerta's reading ease, turned into a grade with
Fernández-Huerta's own table (60-70 "normal" = 7th-8th grade, 80-90 = 5th).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from pyphen import Pyphen
from textstat.textstat import textstatistics

from microsite.errors import ContentError
from microsite.lints.rules import MEASURED, LintRules
from microsite.lints.text import PROSE, Block

LONGEST = 30  # words in a sentence before it is flagged
MEASURABLE = 100  # fewer words than this give a reading level too noisy to act on
_PYPHEN = {"en": "en_US", "es": "es"}
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“‘(¿¡]?[A-ZÁÉÍÓÚÑ])")
_ABBREVIATED = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|St|Sgt|Lt|Capt|Cmdr|Det|Ofc|Sr|Jr|Ave|Blvd|No|Sra|Sr|Dra|U\.S)\.$"
)
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_SYLLABLES: dict[tuple[str, str], int] = {}


@dataclass(frozen=True)
class Counts:
    """Words, sentences and syllables of some prose."""

    words: int = 0
    sentences: int = 0
    syllables: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.words + other.words,
            self.sentences + other.sentences,
            self.syllables + other.syllables,
        )


def sentences(block: Block) -> Iterator[tuple[int, str]]:
    """Each sentence of a prose block, with the file line it starts on."""
    text, starts = block.joined()
    begin = 0
    for boundary in _BOUNDARY.finditer(text):
        if _ABBREVIATED.search(text, 0, boundary.start()):
            continue
        yield block.line_at(begin, starts), text[begin : boundary.start()]
        begin = boundary.end()
    if text[begin:].strip():
        yield block.line_at(begin, starts), text[begin:]


@cache
def _stats(lang: str) -> textstatistics:
    """textstat for `lang`, its hyphenation allowed one letter at a word's ends.

    Hyphenation points stand in for syllables; pyphen's default of two letters
    hides the first or last syllable of words like "every" and "area", and
    made grades read two to three lower than a pronouncing dictionary's.
    """
    stats = textstatistics()
    stats.set_lang(_PYPHEN[lang])
    stats.pyphen = Pyphen(lang=_PYPHEN[lang], left=1, right=1)
    return stats


def syllables(word: str, lang: str) -> int:
    """textstat's syllable count of one word, remembered for the rest of the process."""
    key = (lang, word)
    count = _SYLLABLES.get(key)
    if count is None:
        if len(_SYLLABLES) > 200_000:  # a long-running preview of a huge site
            _SYLLABLES.clear()
        count = _SYLLABLES[key] = max(1, _stats(lang).syllable_count(word))
    return count


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
    found = []
    paragraphs: list[tuple[Block, Counts]] = []
    for block in blocks:
        if block.kind not in PROSE:
            continue
        counts = Counts()
        for line, sentence in sentences(block):
            words = _WORD.findall(sentence)
            counts += Counts(len(words), 1, _syllables_of(words, rules))
            if len(words) > LONGEST and rules.runs("long-sentence"):
                found.append(_long(line, sentence, len(words), warn))
        paragraphs.append((block, counts))
    if rules.runs("reading-level") and rules.lang in MEASURED:
        found.extend(_level(paragraphs, rules, warn))
    return found


def _syllables_of(words: list[str], rules: LintRules) -> int:
    if not rules.runs("reading-level") or rules.lang not in MEASURED:
        return 0
    return sum(syllables(word.lower(), rules.lang) for word in words)


def _long(line: int, sentence: str, count: int, warn: Callable[..., ContentError]) -> ContentError:
    opening = " ".join(sentence.split()[:6])
    return warn(
        "long-sentence",
        line,
        f'a sentence of {count} words ("{opening} ...")',
        f"split it: {LONGEST} words is the most; 15 to 20 reads best",
    )


def _level(
    paragraphs: list[tuple[Block, Counts]], rules: LintRules, warn: Callable[..., ContentError]
) -> list[ContentError]:
    total = sum((counts for _, counts in paragraphs), Counts())
    if total.words < MEASURABLE:
        return []
    level = grade(total, rules.lang)
    if level <= rules.reading_grade:
        return []
    ranked = sorted(
        ((grade(counts, rules.lang), block.first_line) for block, counts in paragraphs),
        key=lambda pair: (-pair[0], pair[1]),
    )
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
