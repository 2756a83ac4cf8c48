"""Jargon and shouting: the word-level lints.

The jargon list is data (`jargon.tsv`: the word as police reports write it,
then the plain word), drawn from plainlanguage.gov's word lists and the
habits of incident reports. Each site may add its own words in site.yaml.
Words match whole, in any case, never inside another word, and never inside
quotation marks: a quoted witness may say "vehicle".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path

from microsite.errors import ContentError
from microsite.lints.rules import LintRules
from microsite.lints.text import Block, unquoted

JARGON_FILE = Path(__file__).with_name("jargon.tsv")
_CAPITALS = re.compile(r"\b[A-Z][A-Z'’-]*[A-Z](?:[ ,]+[A-Z][A-Z'’-]*[A-Z]){2,}\b")


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
def _matcher(extra: tuple[tuple[str, str], ...], english: bool) -> tuple[re.Pattern, dict]:
    """One pattern for every word, longest first, so "in the vicinity of" beats "vicinity"."""
    plain = dict(built_in() if english else ()) | dict(extra)
    if not plain:
        return re.compile(r"(?!x)x"), plain
    words = sorted(plain, key=lambda w: (-len(w), w))
    spelled = "|".join(r"\s+".join(map(re.escape, word.split())) for word in words)
    return re.compile(rf"(?<![\w-])(?:{spelled})(?![\w-])", re.I), plain


def jargon(blocks: list[Block], rules: LintRules, warn: Callable[..., ContentError]) -> list:
    """One warning per line, naming each jargon word there and its plain word."""
    pattern, plain = _matcher(rules.jargon, rules.lang == "en")
    found = []
    for block in blocks:
        lines = unquoted(block)
        text = "\n".join(line for _, line in lines)
        by_line: dict[int, list[str]] = {}
        for hit in pattern.finditer(text):  # a phrase may run on to the next line
            number = lines[text.count("\n", 0, hit.start())][0]
            by_line.setdefault(number, []).append(hit.group())
        for line, hits in by_line.items():
            found.append(_jargon_warning(block, line, hits, plain, warn))
    return found


def _jargon_warning(
    block: Block, line: int, hits: list[str], plain: dict[str, str], warn: Callable
) -> ContentError:
    words = list(dict.fromkeys(" ".join(hit.split()) for hit in hits))
    named = ", ".join(f'"{word}"' for word in words)
    fixes = "; ".join(f'"{plain[word.lower()]}" for "{word}"' for word in words)
    raw = block.raw[[number for number, _ in block.lines].index(line)]
    column = raw.lower().find(words[0].lower().split()[0]) + 1
    return warn("jargon", line, named, f"write {fixes}", column)


def capitals(blocks: list[Block], warn: Callable[..., ContentError]) -> list[ContentError]:
    """Three or more words in capitals in a row read as shouting, and read slowly."""
    found = []
    for block in blocks:
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


def shouting(text: str) -> str:
    """The capitals in one line of front matter, or ""."""
    shout = _CAPITALS.search(text)
    return shout.group() if shout else ""


def jargon_in(text: str, rules: LintRules) -> list[tuple[str, str]]:
    """Each jargon word in one line of front matter, with its plain word."""
    pattern, plain = _matcher(rules.jargon, rules.lang == "en")
    words = dict.fromkeys(" ".join(hit.split()) for hit in pattern.findall(text))
    return [(word, plain[word.lower()]) for word in words]
