"""Syllables as textstat counts them: hyphenation points in pyphen's dictionary, plus one.

textstat 0.7 asks pyphen where a word may be hyphenated (Liang's algorithm
over the TeX patterns pyphen ships) and counts the points. The lint counts
the same points from the same pattern files, but reads them its own way:
pyphen parses every one of a language's 11,000 patterns before the first
word, which took longer (70 ms) than the lints of a hundred stories, and was
paid before the helper processes of every cold build could start. Here a
pattern is kept as written, found by its letters, and its digits are read
only when a word needs it. `tests/test_syllables.py` holds every count to
pyphen's own, word for word.

Hyphenation may break one letter from either end of a word (pyphen's
default of two hides the first or last syllable of words like "every" and
"area", and made grades read two to three lower than a pronouncing
dictionary's).
"""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from pathlib import Path

_FILES = {"en": "hyph_en_US.dic", "es": "hyph_es.dic"}  # the ones pyphen picks for en_US, es
_SKIPPED = ("%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUND")  # as pyphen skips them
_DIGITS = b"0123456789"
EDGE = 1  # letters a break may leave at either end of a word


class Patterns:
    """One language's hyphenation patterns, each parsed on first use."""

    def __init__(self, lines: list[str]):
        # Each pattern by its letters: the digits deleted from all of them at once, as
        # bytes (they are ASCII), took 1 ms; a `str.translate` per pattern took 10.
        joined = "\n".join(lines).encode()
        letters = joined.translate(None, _DIGITS).decode().split("\n") if lines else []
        self._written = dict(zip(letters, lines, strict=True))
        self._parsed: dict[str, tuple[int, ...]] = {}  # () for a pattern of zeros
        self.longest = max(map(len, self._written), default=0)

    def weights(self, letters: str) -> tuple[int, ...] | None:
        """The digit before each of `letters` and after the last (0 where none is written),
        or None if no pattern has these letters or its digits are all zero.

        Only patterns are remembered, not the letters no pattern has: those were every
        piece of every word read, 2.4 million for a 100,000-letter "word" (fuzzing find).
        """
        found = self._parsed.get(letters)
        if found is None:
            written = self._written.get(letters)
            if written is None:
                return None
            found = self._parsed[letters] = _weights(written) or ()
        return found or None

    def breaks(self, word: str) -> int:
        """How many places `word` (lower case) may be broken at, EDGE letters from its ends."""
        dotted = f".{word.lower()}."
        size = len(dotted)
        marks = [0] * (size + 1)
        for start in range(size - 1):
            for stop in range(start + 1, min(start + self.longest, size) + 1):
                weights = self.weights(dotted[start:stop])
                if weights:
                    for offset, weight in enumerate(weights, start):
                        if weight > marks[offset]:
                            marks[offset] = weight
        # marks[i] sits before dotted[i], which is between word[i - 2] and word[i - 1].
        last = len(word) - EDGE
        return sum(1 for i in range(EDGE + 1, last + 2) if marks[i] % 2)


def _weights(written: str) -> tuple[int, ...] | None:
    weights = [0]
    for char in written:
        if char.isdigit():
            weights[-1] = int(char)
        else:
            weights.append(0)
    return tuple(weights) if any(weights) else None


@cache
def patterns(lang: str) -> Patterns:
    """The patterns pyphen would use for `lang`, from its own dictionary file."""
    spec = find_spec("pyphen")
    assert spec is not None and spec.origin is not None, "pyphen is in requirements.txt"
    path = Path(spec.origin).parent / "dictionaries" / _FILES[lang]
    with path.open("rb") as file:
        encoding = file.readline().decode().strip()
    lines = path.read_text("cp1251" if encoding.lower() == "microsoft-cp1251" else encoding)
    kept = [line for line in map(str.strip, lines.split("\n")[1:]) if line]
    kept = [line for line in kept if not line.startswith(_SKIPPED)]
    for line in kept:
        if "^^" in line or "/" in line:  # escapes and non-standard breaks: none in ours
            raise ValueError(f"{path.name}: a pattern this reader does not know: {line}")
    return Patterns(kept)


def count(word: str, lang: str) -> int:
    """Syllables in one lower-case word: its hyphenation points plus one."""
    letters = word.strip("'’-")
    return patterns(lang).breaks(letters) + 1 if letters else 1
