"""A story's Markdown as the public reads it: blocks of prose, each line still numbered.

Python-Markdown keeps no source lines, and a lint that cannot name the line
is a lint a PIO cannot act on. So the prose lints read the Markdown itself,
one pass over its lines: code is skipped, links keep only their words,
pictures and URLs go, and every remaining line keeps its number in the file.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from microsite.characters import AS_SPACES

PROSE = ("paragraph", "item", "quote")  # blocks made of sentences
WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_MARKS = '.,;:!?()[]{}"“”‘«»—–…/*&+=#@%$<>|\\'  # each becomes a space between words
_PUNCTUATION = str.maketrans(dict.fromkeys(_MARKS, " "))
_PUNCTUATION_RE = re.compile(f"[{re.escape(_MARKS)}]")
_DASHES = ("-", "--", "'", "’")  # a dash or quote standing alone is not a word

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^\s{0,3}(#{1,6})(?:\s+|$)")  # its words follow: see `_heading_words`
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE_FIRST = re.compile(r"\s*:?-+:?\s*")  # a table's delimiter row, cell by cell: as one
_RULE_CELL = re.compile(r"\s*:?-*:?\s*")  # pattern, `(\|\s*:?-*:?\s*)+` took 20 s on 16 cells
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]^]+\]:\s*\S")
_FOOTNOTE = re.compile(r"^\s{0,3}\[\^[^\]]+\]:\s*")
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)(?:</h\1>|$)", re.I)

# Each rule runs only on lines holding its telltale character: most lines hold none.
_INLINE = [
    ("`", re.compile(r"`+[^`]*`+"), ""),  # code
    ("![", re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])?"), ""),  # pictures
    ("[^", re.compile(r"\[\^[^\]]+\]"), ""),  # footnote references
    ("[", re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])"), r"\1"),  # links keep words
    ("<", re.compile(r"<!--.*?(?:-->|$)|<[a-zA-Z/][^>]*>?"), ""),  # HTML tags and comments
    ("://", re.compile(r"\bhttps?://\S+"), ""),  # bare addresses
    ("www.", re.compile(r"\bwww\.\S+"), ""),
    ("*", re.compile(r"\*+"), ""),  # emphasis marks
    ("_", re.compile(r"(?<!\w)_+|_+(?!\w)"), ""),
    ("~", re.compile(r"~~"), ""),
]


@dataclass(slots=True)
class Block:
    """One paragraph, list item, quotation, heading or table, as (file line, prose) pairs."""

    kind: str
    lines: list[tuple[int, str]] = field(default_factory=list)
    level: int = 0  # a heading's level
    raw: list[str] = field(default_factory=list)  # the Markdown of each line, for columns
    text: str = ""  # its prose on one line, set once the block is complete
    found_words: list[str] | None = field(default=None, repr=False, compare=False)  # `words`

    @property
    def first_line(self) -> int:
        return self.lines[0][0]

    @property
    def words(self) -> list[str]:
        """Its words in lower case, for the lints that count or look words up
        (`share_words` finds every block's at once)."""
        if self.found_words is None:
            self.found_words = words_in([self.text])[0]
        return self.found_words

    def starts(self) -> list[int]:
        """The offset in `text` at which each of its file lines starts."""
        starts, offset = [], 0
        for _, text in self.lines:
            starts.append(offset)
            offset += len(text) + 1
        return starts

    def line_at(self, offset: int, starts: list[int]) -> int:
        return self.lines[bisect_right(starts, offset) - 1][0]


def words_in(texts: list[str]) -> list[list[str]]:
    """The words of each text in lower case; apostrophes and hyphens stay inside words.

    Punctuation becomes spaces, then a split: several times faster than a word
    pattern. The texts go through `lower` and the punctuation together, joined
    by line breaks, which no block's prose holds (`prose` makes even one written
    as `&#10;` a space).
    """
    if not texts:
        return []
    together = "\n".join(texts)
    return [_words(spaced) for spaced in _spaced(together.lower()).split("\n")]


def share_words(blocks: list[Block]) -> None:
    """Find the words of all these blocks in one pass, for `Block.words` to give."""
    for block, words in zip(blocks, words_in([block.text for block in blocks]), strict=True):
        block.found_words = words


def _spaced(text: str) -> str:
    """The text with every punctuation mark a space (`translate` is many times
    slower than a pattern once the text holds any letter outside ASCII)."""
    return text.translate(_PUNCTUATION) if text.isascii() else _PUNCTUATION_RE.sub(" ", text)


def _words(spaced: str) -> list[str]:
    words = spaced.split()
    if ("-" in spaced or "'" in spaced or "’" in spaced) and any(d in words for d in _DASHES):
        return [word for word in words if word.strip("-'’")]
    return words


def prose(line: str) -> str:
    """One Markdown line as words a reader sees."""
    for telltale, pattern, replacement in _INLINE:
        if telltale[0] in line and telltale in line:  # one character is a faster find
            line = pattern.sub(replacement, line)
    if "&" in line:  # an entity may stand for a line break (`&#10;`): a space to a reader
        line = html.unescape(line).translate(AS_SPACES)
    return line.strip()


class _Scanner:
    """Groups a text's lines into blocks, one line at a time."""

    def __init__(self, first_line: int):
        self.first_line = first_line
        self.blocks: list[Block] = []
        self.current: Block | None = None
        self.fence = ""
        self.blank = True  # the line before was blank (or the text starts here)

    def close(self) -> None:
        if self.current and self.current.lines:
            self.blocks.append(self.current)
        self.current = None

    def add(self, kind: str, number: int, raw: str, text: str, level: int = 0) -> None:
        if kind != "continue":
            self.close()
            self.current = Block(kind, level=level)
        elif self.current is None:
            self.current = Block("paragraph")
        self.current.lines.append((number, text))
        self.current.raw.append(raw)
        if kind == "heading":
            self.close()

    def feed(self, number: int, line: str) -> None:
        if not line:  # an empty line: about half of the lines of a story
            if not self.fence:
                self.close()
                self.blank = True
            return
        if not self.fence and line[:1].isalpha() and "<" not in line and "|" not in line:
            self.add("continue", number, line, prose(line))  # plain prose: most lines
            self.blank = False
            return
        if self.fence:
            if line.strip().startswith(self.fence):
                self.fence = ""
            return
        fence = _FENCE.match(line) if "`" in line or "~" in line else None
        if fence:
            self.close()
            self.fence = fence.group(1)[0] * 3
            return
        blank = not line.strip()
        if blank or (self.blank and line.startswith(("    ", "\t")) and not self._in_list()):
            self.close()  # a blank line, or indented code
        else:
            self.structure(number, line)
        self.blank = blank

    def _in_list(self) -> bool:
        return bool(self.blocks) and self.blocks[-1].kind == "item"

    def structure(self, number: int, line: str) -> None:
        """A line of Markdown's structure: each pattern is tried only on lines holding
        the character it needs, a far faster find."""
        current = self.current
        heading = _ATX.match(line) if "#" in line else None
        if heading:
            words = _heading_words(line[heading.end() :])
            self.add("heading", number, line, prose(words), len(heading.group(1)))
        elif current and current.kind == "paragraph" and _SETEXT.match(line):
            current.kind, current.level = "heading", 1 if "=" in line else 2
            self.close()
        elif current and "|" in line and _table_rule(line):
            current.kind = "table"
        elif "[" in line and _REFERENCE.match(line) and not _FOOTNOTE.match(line):
            self.close()
        else:
            self.structure_inline(number, line)

    def structure_inline(self, number: int, line: str) -> None:
        html_heading = _HTML_HEADING.search(line) if "<" in line else None
        quote = _QUOTE.match(line) if ">" in line else None
        item = None if html_heading or quote else _ITEM.match(line)
        if html_heading:
            self.add("heading", number, line, prose(html_heading.group(2)), int(html_heading[1]))
        elif quote:
            kind = "continue" if self.current and self.current.kind == "quote" else "quote"
            self.add(kind, number, line, prose(line[quote.end() :].lstrip("> ")))
        elif item:
            self.add("item", number, line, prose(line[item.end() :]))
        elif line.lstrip().startswith("|"):
            kind = "continue" if self.current and self.current.kind == "table" else "table"
            self.add(kind, number, line, prose(line.replace("|", " ")))
        elif self.current and self.current.kind == "table":
            self.add("continue", number, line, prose(line.replace("|", " ")))
        else:
            self.add("continue", number, line, prose(_FOOTNOTE.sub("", line)))


def _table_rule(line: str) -> bool:
    """Whether the line is a table's delimiter row (`| --- | :-: |`): cells of dashes
    between `|`, the first with at least one dash, at least two cells."""
    cells = line.strip().removeprefix("|").split("|")
    return (
        len(cells) > 1
        and _RULE_FIRST.fullmatch(cells[0]) is not None
        and all(_RULE_CELL.fullmatch(cell) for cell in cells[1:])
    )


def _heading_words(rest: str) -> str:
    r"""An ATX heading's words: what follows its opening #s, less trailing space and a
    closing run of # after a space. The same as `(.*?)(?:\s+#+)?\s*$` would leave in
    its group, ten times faster than that lazy pattern."""
    words = rest.rstrip()
    unclosed = words.rstrip("#")
    return unclosed.rstrip() if unclosed != words and unclosed[-1:].isspace() else words


def blocks(text: str, first_line: int) -> list[Block]:
    """The text's blocks in order; code, link addresses and pictures left out."""
    scanner = _Scanner(first_line)
    feed = scanner.feed
    for number, line in enumerate(text.split("\n"), first_line):
        feed(number, line)
    scanner.close()
    found = []
    for block in scanner.blocks:
        texts = [text for _, text in block.lines]
        if any(texts):
            block.text = " ".join(texts)
            found.append(block)
    return found


_QUOTED = re.compile(r'"[^"\n]*(?:\n[^"\n]*){0,3}"|“[^”]*”|«[^»]*»')


def unquoted(block: Block) -> list[tuple[int, str]]:
    """The block's lines with quoted speech blanked out: a witness may say "vehicle"."""
    if block.kind == "quote":
        return []
    text = "\n".join(line for _, line in block.lines)
    if '"' in text or "“" in text or "«" in text:
        text = _QUOTED.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    return list(zip((number for number, _ in block.lines), text.split("\n"), strict=True))
