"""A shortcut past Python-Markdown for the plainest documents, with the same HTML.

Most stories are paragraphs of prose with a few `##` headings, a short list,
perhaps a small table and a link or two. Python-Markdown builds a tree of
such a story, offers every text to its inline patterns, walks the tree four
more times (typography, heading ids, links, prettifying) and serialises it:
about half a millisecond a story, most of a cold build's conversion time.
This writes the HTML of such a document directly, in one pass.

It only takes documents it can be sure of. Each block must be one of:

- a paragraph whose every line starts with a character no block syntax
  starts with (a letter, a quote, a bracket that is not `[`...);
- an ATX heading on a line of its own (`## Words`), with no `#` in its words;
- a tight list, every line an item (`- words` or `3. words`), not straight
  after another list (Python-Markdown would join the two into a loose one);
- a table whose every row starts and ends with `|`, with a separator row,
  at least one body row and the same number of cells in every row.

Text may hold plain links, `[words](target)`, and bold words (`**words**`),
and nothing else that any inline pattern reacts to: no italics, code, escapes, entities, raw HTML,
images, references or footnotes, and no line ending in a space (a hard
break). Anything else, anywhere in the document, and it returns None: the
caller converts the document with Python-Markdown as before. The typography
(`markdown.typography.typeset`), heading ids (`toc`'s rules, `markdown.headings`)
and link rewriting (the converter's own resolver) are the core's own,
applied to the same texts in the same order as the tree walk applies them.

`tests/test_wholedoc.py` holds it to Python-Markdown's output, byte for
byte, on Python-Markdown's and CommonMark's own test documents, on every
text of the sample site and a generated corpus, and on thousands of
generated documents made to sit on either side of each rule above.
"""

from __future__ import annotations

import re
from typing import Protocol

from microsite.markdown.headings import RESERVED_IDS, slugify, unique
from microsite.markdown.typography import typeset


class Links(Protocol):
    """The converter's link resolver: where a link in Markdown leads on the site."""

    unsafe: bool  # whether a link since `begin` has a scheme the allow-list refuses

    def begin(self) -> None: ...

    def resolve(self, target: str) -> str: ...


# Anywhere in the document: control characters (and the characters Python's
# `strip` takes for line ends), and what code, escapes, raw HTML, entities
# and quotes (`>`) need; and a surrogate, which no UTF-8 file holds (a YAML
# escape may make one) and which nh3 refuses with an exception.
_NEVER = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff`\\<>&]")
# Characters outside a link that some inline pattern or block processor reacts to
# (an image, `![...]`, is refused by its bracket).
_SPECIAL = re.compile(r"[\[\]*_|]")
_LINK = re.compile(r"\[([^\[\]\n]+)\]\(([^\s()<>\"'\\&]+)\)")
# A link, or bold words (`**words**`, with no other asterisk, bracket or line end in them).
_INLINE = re.compile(_LINK.pattern + r"|\*\*([^*\[\]\n]+)\*\*")
# Python-Markdown empties a line of spaces. The line break first: a pattern that starts
# with a character is looked for by it, one starting with a look-behind tried at every
# character (ten times slower, a fifth of this module's time).
_BLANK_LINE = re.compile(r"\n +(?=\n)")
_HEADING = re.compile(r"(#{1,6}) +([^#]+)")
_BULLET = re.compile(r"- +(.+)")
_NUMBERED = re.compile(r"(\d+)\. +(.+)")
_NUMBERED_START = re.compile(r"\d+\.[ ]")  # an ordered list's first line
_CELL_RULE = re.compile(r" *(:?)-+(:?) *")
# A paragraph line may not start with a space or with anything a block starts with.
_BLOCK_START = frozenset("#>-+*=[|<_~:`")
_ALIGN = {(True, True): "center", (True, False): "left", (False, True): "right"}


def _check_line(line: str) -> None:
    """A line of a paragraph or of a list item (which may be indented under it, by up to
    three spaces) must not start anything else: a heading, quote, rule, list, table,
    link definition, code or raw HTML. A plain link may start it."""
    words = line.lstrip(" ")
    if len(line) - len(words) > 3 or words[:1].isspace() or _NUMBERED_START.match(words):
        raise _Refused
    if not _starts_plainly(words):
        raise _Refused


def _starts_plainly(words: str) -> bool:
    """Whether a line's words start no block: their first character starts none, or
    they start with a link or with bold words (`**` and a word is no rule or list)."""
    if words[0] not in _BLOCK_START:
        return True
    if words[0] == "[":
        return _LINK.match(words) is not None
    return words.startswith("**") and words[2:3] not in ("", " ", "*")


def _check_bold(text: str, start: int, end: int, words: str) -> None:
    """Python-Markdown judges `**` as CommonMark does, by what stands either side of it.
    Taken here only where that cannot matter: the words start with a letter or digit,
    or after a space or the start; they end with one, or before a space or the end."""
    before, after = text[start - 1 : start], text[end : end + 1]
    if words[0].isspace() or words[-1].isspace():
        raise _Refused
    if not (words[0].isalnum() or before == "" or before.isspace()):
        raise _Refused
    if not (words[-1].isalnum() or after == "" or after.isspace()):
        raise _Refused


class _Refused(Exception):
    """The document is not one this shortcut is sure of."""


def convert(text: str, links: Links) -> tuple[str, bool] | None:
    """The HTML Python-Markdown (with the converter's extensions) gives `text`, and whether
    the allow-list leaves it as it is (`clean_as_written`); or None."""
    if _NEVER.search(text) or not text.strip():
        return None
    blocks = []
    for block in _BLANK_LINE.sub("\n", text + "\n\n").split("\n\n"):
        block = block.removeprefix("\n")
        if block:
            blocks.append(block)
    links.begin()
    try:
        html = _Document(links).write(blocks)
    except _Refused:
        return None
    return html, clean_as_written(html, links)


def clean_as_written(html: str, links: Links) -> bool:
    """Whether `sanitize.clean` gives this HTML back unchanged, so that the converter need
    not run it. What this module writes holds only tags and attributes the allow-list
    keeps (`p`, `h1`-`h6` with an `id`, `ul`, `ol` with a `start`, `li`, `table` and its
    rows, cells with an `align-` class, `a` with an `href`, `strong`), and no `<`, `>`,
    `&` or control character in its words or addresses. nh3 reads such HTML and writes
    it back as it was, but for a no-break space, which it writes as `&nbsp;`, and a link
    whose scheme the allow-list refuses, which loses its `href`
    (`tests/test_wholedoc.py` cleans every document the shortcut takes)."""
    return not links.unsafe and "\xa0" not in html


class _Document:
    def __init__(self, links: Links):
        self.links = links
        self.quotes = getattr(links, "quotes", None)  # the text's language's (`quotes_for`)
        self.ids: set[str] = set(RESERVED_IDS)
        self.counters: dict[str, int] = {}

    def write(self, blocks: list[str]) -> str:
        out = []
        after_list = False
        for block in blocks:
            lines = block.split("\n")
            first = lines[0]
            if first[:1].isspace() or any(line[-1:].isspace() for line in lines):
                raise _Refused  # indented code or a list's continuation; a hard break
            is_list = first.startswith("- ") or _NUMBERED_START.match(first) is not None
            if is_list and after_list:
                raise _Refused  # Python-Markdown makes the two one loose list
            if is_list:
                out.append(self._list(lines))
            elif first.startswith("#"):
                out.append(self._heading(lines))
            elif first.startswith("|"):
                out.append(self._table(lines))
            else:
                out.append(self._paragraph(lines))
            after_list = is_list
        return "\n".join(out)

    def _paragraph(self, lines: list[str]) -> str:
        for line in lines:
            _check_line(line)
        return f"<p>{self._inline(chr(10).join(lines))}</p>"

    def _heading(self, lines: list[str]) -> str:
        match = _HEADING.fullmatch(lines[0])
        if len(lines) > 1 or match is None:
            raise _Refused
        level, words = len(match.group(1)), match.group(2).strip()
        if _SPECIAL.search(words):
            raise _Refused  # a link in a heading: `toc` reads its text another way
        words = typeset(words, "", self.quotes)
        anchor = unique(slugify(words), self.ids, self.counters)
        return f'<h{level} id="{anchor}">{words}</h{level}>'

    def _list(self, lines: list[str]) -> str:
        numbered = _NUMBERED_START.match(lines[0]) is not None
        pattern = _NUMBERED if numbered else _BULLET
        items: list[str] = []
        start = ""
        for line in lines:
            if line[:1] == " " and items:  # a line of the item above, indented under it
                _check_line(line)
                items[-1] += "\n" + line
                continue
            match = pattern.fullmatch(line)
            if match is None:
                raise _Refused  # a lazy line, or the other kind of list
            words = match.group(match.lastindex or 1)
            if words[0].isdigit() or not _starts_plainly(words):
                raise _Refused  # an item may itself hold a heading, a list or a rule
            start = start or (match.group(1) if numbered else "1")
            items.append(words)
        items = [f"<li>{self._inline(item)}</li>" for item in items]
        if numbered:
            opening = "<ol>" if start == "1" else f'<ol start="{start}">'
            return "\n".join([opening, *items, "</ol>"])
        return "\n".join(["<ul>", *items, "</ul>"])

    def _table(self, lines: list[str]) -> str:
        rows = [line.strip(" ") for line in lines]
        if len(rows) < 3 or not all(len(row) > 1 and row[-1] == "|" for row in rows):
            raise _Refused
        cells = [row[1:-1].split("|") for row in rows]
        width = len(cells[0])
        rules = [_CELL_RULE.fullmatch(cell) for cell in cells[1]]
        if width < 2 or any(len(row) != width for row in cells) or None in rules:
            raise _Refused
        aligns = [_ALIGN.get((rule[1] == ":", rule[2] == ":")) for rule in rules]  # type: ignore[index]
        head = self._row(cells[0], "th", aligns)
        body = [self._row(row, "td", aligns) for row in cells[2:]]
        return "\n".join(
            ["<table>", "<thead>", head, "</thead>", "<tbody>", *body, "</tbody>", "</table>"]
        )

    def _row(self, cells: list[str], tag: str, aligns: list[str | None]) -> str:
        out = ["<tr>"]
        for cell, align in zip(cells, aligns, strict=True):
            words = cell.strip(" ")  # inline text only: no block syntax applies in a cell
            opening = f'<{tag} class="align-{align}">' if align else f"<{tag}>"
            out.append(f"{opening}{self._inline(words)}</{tag}>")
        out.append("</tr>")
        return "\n".join(out)

    def _inline(self, text: str) -> str:
        """Text with plain links and bold words, typeset node by node as the tree walk
        does: the text before a link, the link's words, the text after it, each knowing
        the last character before it."""
        out, before, done = [], "", 0
        for match in _INLINE.finditer(text):
            words, target, bold = match.groups()
            before = self._text(text[done : match.start()], before, out)
            if bold is not None:
                _check_bold(text, match.start(), match.end(), bold)
                words, opening, closing = bold, "<strong>", "</strong>"
            else:
                if words != words.strip() or (match.start() and text[match.start() - 1] == "!"):
                    raise _Refused
                href = self.links.resolve(target)
                if any(c in href for c in '&<>"'):
                    raise _Refused  # would need escaping: leave it to the serializer
                opening, closing = f'<a href="{href}">', "</a>"
            out.append(opening)
            before = self._text(words, before, out)
            out.append(closing)
            done = match.end()
        self._text(text[done:], before, out)
        return "".join(out)

    def _text(self, text: str, before: str, out: list[str]) -> str:
        if not text:
            return before
        if _SPECIAL.search(text):
            raise _Refused
        text = typeset(text, before, self.quotes)
        out.append(text)
        return text[-1]
