"""Bounds on the work one Markdown document may ask for, checked before converting it.

Python-Markdown 3.11 is quadratic or worse on a few constructs, so one hostile
or broken story could freeze a build or the preview for minutes:

- each `[` (or `(` after `](`) that is never closed makes it scan to the end of
  the paragraph, once per bracket: `'[' * 20000` took 34 s;
- each `<` that starts a tag but is never closed by `>` makes its HTML
  parser scan to the next `>`, anywhere in the document;
- after each heading or rule it looks through the rest of the text again;
- every level of quotes or lists copies the text again (2,000 levels of `>`
  took 1 GB), and about 250 levels of lists crash it with a RecursionError;
- footnote definitions grow faster than linearly past a few thousand, and
  references to one note faster still;
- every link, emphasis or tag found rebuilds its paragraph's text, so one
  huge paragraph packed with them (`"<a b='>" * 140000`: 16 s) is quadratic.

Runs of `*`, `_`, backticks, `&` and `\\` were measured linear and need no
bound. Each check below is one linear pass with regular expressions, and
counts what the parser would do, never the clock: the same text always gets
the same answer. The bounds are far above real writing (a 50,000-word story
with a link every sentence passes), and each error says what to change.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from microsite.errors import ContentError

MAX_CHARACTERS = 1_000_000  # about 170,000 words
MAX_NESTING = 20  # levels of quotes and lists on one line
MAX_FOOTNOTES = 1_000
MAX_REFERENCES = 2_000  # to one footnote: about two seconds
MAX_BREAKS = 2_000  # headings and rules, each read past by the parser: about a second
# Characters the parser may re-read for unclosed openers: about a second.
MAX_BRACKET_SCAN = 1_500_000  # in a Python loop: about 0.3 microseconds each
MAX_ANGLE_SCAN = 8_000_000  # in a regular expression and an HTML parser
# Each link, emphasis or tag found rebuilds its paragraph's text: elements x length.
MAX_INLINE_COPY = 2_000_000_000  # characters copied, about half a second

# The prefix of a line that opens quotes and list items: `> `, `- `, `1. `.
# No line can nest deeper than MAX_NESTING without this many such characters first.
# Looked for after each line break (a literal the pattern engine skips to), and at the
# start: `^` in multi-line mode is tried at every character, ten times slower.
_MAYBE_DEEP = re.compile(rf"[ \t>*+\-0-9.)]{{{MAX_NESTING + 1}}}")
_MAYBE_DEEP_LINE = re.compile(rf"\n[ \t>*+\-0-9.)]{{{MAX_NESTING + 1}}}")
_CONTAINERS = re.compile(r"^(?:[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))[ \t]?)+", re.M)
_MARKER = re.compile(r">|[-*+](?=[ \t]|$)|\d{1,9}[.)]")
_FOOTNOTE = re.compile(r"^[ ]{0,3}\[\^[^\]\n]+\]:", re.M)
# A line that is a heading (`#`), a rule (`***`, `- - -`) or a heading's underline (`===`).
_BREAK = re.compile(r"^ {0,3}(?:#|(?:[-*_][ \t]*){3,}$|=+[ \t]*$|-+[ \t]*$)", re.M)
_REFERENCE = re.compile(r"\[\^([^\]\n]+)\](?!:)")
# A blank line ends a paragraph, where Python-Markdown's bracket scans stop.
_BRACKETS = re.compile(r"""\n[ \t]*(?=\n)|\]\(|[\[\]()"']""")
_ANGLES = re.compile(r"<[A-Za-z]|>")
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")
# What may start a link, emphasis, code or tag, and a line break (two spaces at a line's end).
_INLINE = re.compile(r"[`\\\[<&*_]+| {2,}\n")


def check(text: str, path: str, first_line: int) -> list[ContentError]:
    """Errors for each bound `text` (the body of `path` from `first_line`) exceeds."""
    if len(text) > MAX_CHARACTERS:
        message = f"this text has {len(text):,} characters, more than {MAX_CHARACTERS:,}"
        return [ContentError(path, first_line, message, "split it into several stories")]
    found = [_nesting(text), _footnotes(text), _brackets(text), _angles(text), _inline(text)]
    found.append(_breaks(text))
    return [
        ContentError(path, first_line + text.count("\n", 0, at), message, hint)
        for at, message, hint in filter(None, found)
    ]


Problem = tuple[int, str, str] | None  # where in the text, message, hint


def _cannot_exceed(text: str, openers: str, budget: int) -> bool:
    """Whether even every opener reading the whole text stays within `budget`.

    This is what keeps the checks free for ordinary stories: counting a few
    characters is far quicker than any scan below.
    """
    if len(text) * len(text) <= budget:  # as if every character were one: no count needed
        return True
    return sum(map(text.count, openers)) * len(text) <= budget


def _nesting(text: str) -> Problem:
    """Quotes and lists nested deeper than anyone reads, which the parser copies per level."""
    if not (_MAYBE_DEEP.match(text) or _MAYBE_DEEP_LINE.search(text)):
        return None
    for match in _CONTAINERS.finditer(text):
        prefix = match.group()
        indent = len(prefix) - len(prefix.lstrip(" \t"))
        depth = len(_MARKER.findall(prefix)) + prefix[:indent].expandtabs(4).count(" ") // 4
        if depth > MAX_NESTING:
            message = f"quotes and lists nested {depth} levels deep (at most {MAX_NESTING})"
            return match.start(), message, "use fewer '>', list markers or indentation"
    return None


def _footnotes(text: str) -> Problem:
    """Footnotes, and references to one of them: each reference to a note already
    referred to looks through every earlier one for a free name (4,000 references to
    one note, a 16 KB text, took 11 s)."""
    if text.count("[^") <= MAX_FOOTNOTES:
        return None
    notes = list(_FOOTNOTE.finditer(text))
    hint = "split the text into several stories"
    if len(notes) > MAX_FOOTNOTES:
        message = f"{len(notes):,} footnotes (at most {MAX_FOOTNOTES:,})"
        return notes[MAX_FOOTNOTES].start(), message, hint
    seen: Counter[str] = Counter()
    for reference in _REFERENCE.finditer(text):
        seen[reference.group(1)] += 1
        if seen[reference.group(1)] > MAX_REFERENCES:
            message = f"a footnote referred to more than {MAX_REFERENCES:,} times"
            return reference.start(), message, hint
    return None


def _breaks(text: str) -> Problem:
    """Headings and rules: after each, the parser looks through the rest of the text
    again (16,000 headings, or 8,000 `***` lines, took 10 s)."""
    if len(text) < 2 * MAX_BREAKS or text.count("\n") < MAX_BREAKS:  # each is a line
        return None
    for count, found in enumerate(_BREAK.finditer(text), 1):
        if count > MAX_BREAKS:
            message = f"more than {MAX_BREAKS:,} headings and horizontal rules"
            return found.start(), message, "split the text into several stories"
    return None


def _brackets(text: str) -> Problem:
    """`[` and link `(` that are never closed: each makes the parser re-read its paragraph."""
    if _cannot_exceed(text, "[(", MAX_BRACKET_SCAN):
        return None
    scan = _BracketScan()
    end = len(text)
    for match in _BRACKETS.finditer(text):
        scan.see(match.group(), match.start(), text[match.start() - 1 : match.start()])
        if scan.cost > MAX_BRACKET_SCAN:
            end = match.start()
            break
    scan.end_paragraph(end)
    if scan.cost <= MAX_BRACKET_SCAN:
        return None
    message = (
        f"{scan.unclosed:,} brackets are never closed ('[' without ']', "
        "or '(' of a link without ')'): Markdown would take minutes to read them"
    )
    hint = r"close them, or write \[ and \( for brackets that are not links"
    return (scan.first if scan.first >= 0 else end), message, hint


@dataclass
class _BracketScan:
    """How far Python-Markdown's link patterns read, paragraph by paragraph.

    A `[` is read to its `]`; a link's `(` to its `)`, except that a quote
    after it (a title) must close right before that `)`. What is never closed
    is read to the paragraph's end.
    """

    cost: int = 0
    unclosed: int = 0
    first: int = -1  # where the first unclosed bracket of a costly paragraph is
    quotes: int = 0  # quotes seen so far
    squares: list[int] = field(default_factory=list)
    rounds: list[tuple[int, int]] = field(default_factory=list)  # where, quotes before it
    open_ended: list[int] = field(default_factory=list)  # read to the paragraph's end

    def see(self, token: str, at: int, before: str) -> None:
        """Account for one bracket, quote or paragraph end at `at`, after character `before`."""
        if token == "[":
            self.squares.append(at)
        elif token in ("]", "]("):
            self._close_square(at, token)
        elif token == "(":
            self.rounds.append((at, -1))  # not a link's: read only if a link's is open
        elif token == ")":
            self._close_round(at, before)
        elif token in ("'", '"'):
            self.quotes += 1
        else:
            self.end_paragraph(at)

    def _close_square(self, at: int, token: str) -> None:
        if self.squares:
            self.cost += at - self.squares.pop()
        if token == "](":
            self.rounds.append((at + 1, self.quotes))

    def _close_round(self, at: int, before: str) -> None:
        if not self.rounds:
            return
        start, quotes = self.rounds.pop()
        if quotes >= 0 and self.quotes > quotes and before not in ("'", '"'):
            self.open_ended.append(start)  # its title never closes: read to the end
        else:
            self.cost += at - start

    def end_paragraph(self, at: int) -> None:
        links = [start for start, quotes in self.rounds if quotes >= 0]
        ends = sorted(self.squares + links + self.open_ended)
        if ends:
            self.unclosed += len(ends)
            self.cost += len(ends) * at - sum(ends)
            if self.first < 0 and self.cost > MAX_BRACKET_SCAN:
                self.first = ends[0]
        self.squares, self.rounds, self.open_ended = [], [], []


def _angles(text: str) -> Problem:
    """`<` starting a tag with no `>` after it: each makes the HTML parser read on to one."""
    if _cannot_exceed(text, "<", MAX_ANGLE_SCAN):
        return None
    cost = 0
    pending: list[int] = []  # where each `<` waiting for a `>` is
    for match in _ANGLES.finditer(f"{text}>"):  # the end of the text closes them all
        if match.group() != ">":
            pending.append(match.start())
            continue
        cost += len(pending) * match.start() - sum(pending)
        if cost > MAX_ANGLE_SCAN:
            message = (
                f"{len(pending):,} '<' are never closed by '>': "
                "Markdown would take minutes to read them"
            )
            return pending[0], message, "write &lt; for a '<' that does not start an HTML tag"
        pending = []
    return None


def _inline(text: str) -> Problem:
    """Paragraphs so long and so packed with markup that rebuilding them is quadratic."""
    if len(text) * len(text) <= MAX_INLINE_COPY:  # as if every character were one
        return None
    marks = sum(map(text.count, "`\\[<&*_")) + text.count("  \n")
    if marks * len(text) <= MAX_INLINE_COPY:
        return None
    breaks = list(_PARAGRAPH_END.finditer(text))
    starts = [0] + [match.end() for match in breaks]
    ends = [match.start() for match in breaks] + [len(text)]
    for start, end in zip(starts, ends, strict=True):
        elements = len(_INLINE.findall(text, start, end))
        if elements * (end - start) > MAX_INLINE_COPY:
            message = (
                f"a paragraph of {end - start:,} characters with {elements:,} links, "
                "tags, emphasis marks or line breaks: Markdown would take minutes to read it"
            )
            return start, message, "break it into paragraphs with blank lines"
    return None
