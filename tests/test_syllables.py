"""The lint's own reading of pyphen's pattern files, held to pyphen's: pattern by
pattern, and word by word on every word of the sample site."""

from __future__ import annotations

import random
import re
import string
from pathlib import Path

import pytest
from pyphen import Pyphen

from microsite.lints import syllables

CONTENT = Path(__file__).resolve().parent.parent / "content"
PYPHEN_NAMES = {"en": "en_US", "es": "es"}
# Words with the shapes that trip a hand-made reader: apostrophes, hyphens,
# accents, capitals, one letter, long compounds, letters no pattern names.
AWKWARD = [
    "a",
    "I",
    "o'clock",
    "neighbor's",
    "well-known",
    "Redondo",
    "Hermosa",
    "every",
    "area",
    "policía",
    "reunión",
    "niños",
    "pingüino",
    "ciudadanía",
    "responsibility",
    "antidisestablishmentarianism",
    "4th",
    "2026",
    "covid-19",
    "İstanbul",
    "ß",
    "xyzzy",
    "q",
    "’tis",
    "rock-’n’-roll",
]


def site_words() -> set[str]:
    text = " ".join(path.read_text() for path in CONTENT.rglob("*.md"))
    text += " " + " ".join(path.read_text() for path in CONTENT.rglob("*.yaml"))
    return set(re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text.lower())) | set(AWKWARD)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_pattern_reads_as_pyphen_reads_it(lang: str) -> None:
    reference = Pyphen(lang=PYPHEN_NAMES[lang]).hd.patterns
    ours = syllables.patterns(lang)
    assert len(reference) > 5000
    for letters, (offset, weights) in reference.items():
        found = ours.weights(letters)
        assert found is not None, letters
        assert found[offset : offset + len(weights)] == tuple(weights), letters
        assert not any(found[:offset]) and not any(found[offset + len(weights) :]), letters


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_word_of_the_site_counts_as_pyphen_counts_it(lang: str) -> None:
    reference = Pyphen(lang=PYPHEN_NAMES[lang], left=1, right=1)
    words = site_words()
    assert len(words) > 1000
    for word in words:
        letters = word.strip("'’-")
        expected = len(reference.positions(letters)) + 1 if letters else 1
        assert syllables.count(word, lang) == expected, word


def test_only_patterns_are_remembered_not_every_piece_of_a_word() -> None:
    """A 100,000-letter "word" left 2.4 million pieces remembered, 270 MB (fuzzing find);
    what is kept is bounded by the patterns themselves."""
    found = syllables.patterns("en")
    rng = random.Random(3)
    word = "".join(rng.choice(string.ascii_lowercase) for _ in range(20_000))
    found.breaks(word)
    assert len(found._parsed) <= len(found._written)
