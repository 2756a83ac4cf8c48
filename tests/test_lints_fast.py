"""The lints' shortcuts against the plain code they stand in for, on generated Markdown.

Each shortcut must give exactly what the straightforward version gives: the whole
text's words in one split, sentences cut on a pattern that starts at the full stop
and counted without being made, capitals and jargon ruled out for a whole text at
once, an ATX heading's words without a lazy pattern. The references below are the
code the lints ran before these shortcuts. A seeded generator, as in
`test_markdown_reference.py`: the same texts on every run.
"""

from __future__ import annotations

import random
import re

import pytest

from microsite.errors import ContentError
from microsite.lints import readability, text, words
from microsite.lints.rules import LintRules
from microsite.lints.run import Warn

TOKENS = [
    *["word", "the", "pier", "officers", "community", "Smith", "Army", "The", "Main"],
    *["Sgt.", "U.S.", "No.", "St.", "Mr.", "Capt.", "Blvd.", "e.g.", "x.", "ok!", "why?", "wow?!"],
    *['end."', "end.”", "(end.)", "end.)", "“Quote", "¿Qué", "¡Hola", "Ávila", "ΣΑΣ", "İstanbul"],
    *["OFFICERS", "SAVE", "THE", "DAY", "DON’T", "X-RAY", "A-B", "AB,", "CD", "I'm", "--", "-"],
    *["'", "’", "—", "vehicle", "Vehicle's", "pre-trial", "in", "vicinity", "of", "prior", "to"],
    *["event", "that", "this", "time", "7", "3.5", "a.m.", "½", "&amp;", "&#10;", "\t", "\u00a0"],
    *["**bold**", "_em_", "`code`", "[link](https://x.org)", "https://x.org/a", "✅", "•", "  "],
]
STARTS = ["", "", "", "# ", "## ", "#### ", "####### ", "   ## ", "> ", "- ", "1. ", "| ", "✅ "]
ENDS = ["", "", "", " #", "  ##  ", "#", " \\#", "\t#", " # #", " ", "\r"]
WARN = Warn("s.md")


def markdown(rng: random.Random) -> str:
    """A few lines: prose of short and long sentences, headings, items, quotes, tables."""
    lines = []
    for _ in range(rng.randint(1, 10)):
        if rng.random() < 0.15:
            lines.append(rng.choice(["", "", "===", "|---|---|", "    code"]))
            continue
        count = rng.choice([1, 3, 8, 20, 40, 70])
        words = " ".join(rng.choice(TOKENS) for _ in range(count))
        lines.append(rng.choice(STARTS) + (words if rng.random() < 0.8 else plain(rng)))
        lines[-1] += rng.choice(ENDS)
    return "\n".join(lines)


def plain(rng: random.Random) -> str:
    """Sentences of plain words, some just over the longest a sentence may be."""
    plain_words = ["word", "the", "pier", "pre-trial", "officers", "Smith", "Sgt."]
    sentences = []
    for _ in range(rng.randint(1, 3)):
        count = rng.randint(readability.LONGEST - 3, readability.LONGEST + 3)
        sentences.append("Word " + " ".join(rng.choices(plain_words, k=count)) + ".")
    return " ".join(sentences)


TEXTS = [markdown(random.Random(seed)) for seed in range(1500)]


def parsed(markdown: str) -> list[text.Block]:
    found = text.blocks(markdown, 1)
    text.share_words(found)
    return found


# The references: the code these shortcuts replaced.
_PUNCTUATION = str.maketrans(dict.fromkeys('.,;:!?()[]{}"“”‘«»—–…/*&+=#@%$<>|\\', " "))
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“‘(¿¡]?[A-ZÁÉÍÓÚÑ])")
_CAPITALS = re.compile(r"\b[A-Z][A-Z'’-]*[A-Z](?:[ ,]+[A-Z][A-Z'’-]*[A-Z]){2,}\b")
_ATX = re.compile(r"^\s{0,3}(#{1,6})(?:\s+|$)(.*?)(?:\s+#+)?\s*$")


def reference_words(prose: str) -> list[str]:
    spaced = prose.lower().translate(_PUNCTUATION).split()
    if any(mark in spaced for mark in ("-", "--", "'", "’")):
        return [word for word in spaced if word.strip("-'’")]
    return spaced


def reference_sentences(prose: str) -> list[str]:
    pieces = _BOUNDARY.split(prose)
    joined = [pieces[0]]
    for piece in pieces[1:]:
        if joined[-1][-6:].rsplit(None, 1)[-1] in readability._ABBREVIATIONS:
            joined[-1] += " " + piece
        else:
            joined.append(piece)
    return [sentence for sentence in joined if sentence.strip()]


def test_words_of_a_whole_text_are_each_block_s() -> None:
    for markdown in TEXTS:
        texts = [block.text for block in text.blocks(markdown, 1)]
        assert text.words_in(texts) == [reference_words(prose) for prose in texts], markdown


def test_sentences_are_cut_as_the_lookbehind_pattern_cut_them() -> None:
    for markdown in TEXTS:
        for block in text.blocks(markdown, 1):
            assert readability.sentences(block.text) == reference_sentences(block.text), block


def test_sentences_are_counted_and_found_long_as_when_they_were_made() -> None:
    only_long = LintRules(on=("long-sentence",))
    for markdown in TEXTS:
        blocks, expected = parsed(markdown), []
        for block in blocks:
            split = reference_sentences(block.text)
            long_one = len(reference_words(block.text)) > readability.LONGEST
            too_long = readability._long_ones(block, split, WARN) if long_one else []
            found = readability._sentences_in(block, long_one, WARN)
            assert found == (len(split), too_long), block
            expected += too_long if block.kind in text.PROSE else []
        assert readability.reading_lints(blocks, only_long, WARN) == expected, markdown


def reference_capitals(blocks: list[text.Block]) -> list[ContentError]:
    found = []
    for block in blocks:
        for (line, prose), raw in zip(block.lines, block.raw, strict=True):
            shout = _CAPITALS.search(prose)
            if shout:
                hint = "write it in sentence case; use **bold** for the one word that matters"
                message = f'"{shout.group()}" reads as shouting'
                column = raw.find(shout.group().split()[0]) + 1
                found.append(WARN("capitals", line, message, hint, column))
    return found


def test_capitals_are_found_as_by_the_word_boundary_pattern() -> None:
    for markdown in TEXTS:
        blocks = text.blocks(markdown, 1)
        assert words.capitals(blocks, WARN) == reference_capitals(blocks), markdown
        for line in markdown.split("\n"):
            shout = _CAPITALS.search(line)
            assert words.shouting(line) == (shout.group() if shout else ""), line


def reference_met(needs: words.Needs, found: list[str]) -> bool:
    present = set(found)
    for word in [w for w in present if not w.isalpha()]:
        present.update(words._WORDS.findall(word))
    return not needs.singles.isdisjoint(present) or any(p <= present for p in needs.phrases)


@pytest.mark.parametrize("extra", [(), (("en route", "on the way"), ("x²", "x squared"))])
def test_jargon_is_ruled_out_for_a_whole_text_only_where_no_block_has_any(extra: tuple) -> None:
    rules = LintRules(jargon=extra)
    _, needs = words._matcher(extra, True)
    for markdown in TEXTS:
        blocks = parsed(markdown)
        each = [reference_met(needs, block.words) for block in blocks]
        assert [needs.met(block.words) for block in blocks] == each, markdown
        block_by_block = [found for block in blocks for found in words.jargon([block], rules, WARN)]
        assert words.jargon(blocks, rules, WARN) == block_by_block, markdown


@pytest.mark.parametrize("extra", [(), (("en route", "on the way"), ("x²", "x squared"))])
def test_front_matter_jargon_is_what_the_whole_pattern_finds(extra: tuple) -> None:
    """`jargon_in` compiles the pattern only for a line whose words could hold jargon;
    on every other line the pattern must find nothing either."""
    rules = LintRules(jargon=extra)
    pattern = words._pattern(extra, True)
    plain = words._matcher(extra, True)[0]
    lines = [line for markdown in TEXTS for line in markdown.splitlines()]
    lines += [
        "Vehicle's in the  vicinity of",
        "IN THE VICINITY OF",
        "x² en\u00a0route",
        "~vehicle~",
    ]
    for line in lines:
        found = dict.fromkeys(" ".join(hit.split()) for hit in pattern.findall(line))
        assert words.jargon_in(line, rules) == [(w, plain[w.lower()]) for w in found], line


def test_heading_words_are_what_the_lazy_pattern_left() -> None:
    rng = random.Random(5)
    pieces = ["#", "##", " ", "\t", "\u00a0", "\r", "a", "b c", "é", "\\#", "\x1c"]
    for _ in range(100_000):
        line = "".join(rng.choices(pieces, k=rng.randint(0, 10)))
        before, now = _ATX.match(line), text._ATX.match(line)
        assert bool(before) == bool(now), line
        if before and now:
            words_now = text._heading_words(line[now.end() :])
            assert (before[1], before[2]) == (now[1], words_now), line


@pytest.mark.parametrize("rules", [LintRules(), LintRules(lang="es"), LintRules(reading_grade=1)])
def test_reading_lints_need_no_more_than_the_rules_ask(rules: LintRules) -> None:
    """Turning long sentences off changes nothing else; turning both off, everything."""
    on = tuple(name for name in rules.on if name != "long-sentence")
    no_long = LintRules(on, rules.reading_grade, lang=rules.lang)
    for markdown in TEXTS[:300]:
        blocks = parsed(markdown)
        every = readability.reading_lints(blocks, rules, WARN)
        level = [found for found in every if found.code == "reading-level"]
        assert readability.reading_lints(blocks, no_long, WARN) == level, markdown
    assert readability.reading_lints(blocks, LintRules(on=("jargon",)), WARN) == []


OLD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-*:?\s*)+\|?\s*$")


def test_a_table_rule_is_read_as_the_one_pattern_read_it() -> None:
    """Cell by cell, as the pattern did, without its backtracking: `-|  |  |...x` of 16
    cells took it 20 s, each cell three times the one before (fuzzing find)."""
    rng = random.Random(5)
    for _ in range(50_000):
        line = "".join(rng.choice("|-: x\t") for _ in range(rng.randint(0, 12)))
        assert text._table_rule(line) == bool(OLD_TABLE_RULE.match(line)), repr(line)
    assert not text._table_rule("-" + "|  " * 5_000 + "x")
    assert text._table_rule("| --- | :-: |" * 1_000)


def test_capitals_in_a_run_of_hyphens_are_read_once() -> None:
    """`A-A-A-...a`: each capital was a start, tried to the end of the line (fuzzing
    find: 20,000 of them took 17 s). Words of up to 60 characters are found as before."""
    assert words.shouting("x " + "A-" * 20_000 + "a") == ""
    long_word = "NON-" * 14 + "STOP"  # 60 characters
    assert words.shouting(f"{long_word} IS VERY LOUD") == f"{long_word} IS VERY LOUD"
