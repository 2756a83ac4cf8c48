"""YAML that remembers where each value came from.

Every error a PIO sees must name the line of the offending key, so mappings
load as `Located` dicts carrying the line of each key, and lists as
`LocatedList` carrying the line of each item. Timestamps are left as strings:
PyYAML turns `2026-12-05` into a date but `2026-12-05 09:00` into a string,
and one set of date rules is easier to explain than two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

try:  # libyaml is several times faster; the pure-Python loader gives the same values
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]
_IN_BYTES = _BaseLoader is not yaml.SafeLoader  # libyaml counts a reading error's place in bytes


@dataclass(frozen=True)
class Written:
    """How and where a text value was written, so that a problem found on one of its
    lines (a Markdown description's broken link) can be reported at that line."""

    style: str  # "|" or ">" (a block), '"' or "'" (quoted), "" (plain)
    line: int  # 1-based: its first character's, or its `|` or `>`
    column: int  # 0-based, on that line
    last: int  # 1-based: the line it ends on (for a block, the line after its text)
    end: int  # 0-based column just after its last character (its closing quote) on `last`


class Located(dict):
    """A mapping with the 1-based line of itself and of each key, and how each text
    value was written."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.line = 1
        self.key_lines: dict[Any, int] = {}
        # Each text value's `Written`, as a plain tuple (when asked for: `load`).
        self.marks: dict[Any, tuple[str, int, int, int, int]] = {}

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)

    def written(self, key: Any) -> Written | None:
        """How the text value of `key` was written, if it is a text."""
        marks = self.marks.get(key)
        return Written(*marks) if marks else None


class LocatedList(list):
    """A list with the 1-based line of itself and of each item."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.line = 1
        self.item_lines: list[int] = []


ALIAS_MESSAGE = "YAML aliases (*name) are not supported: write the value out where it is used"


class YamlProblem(Exception):
    """A YAML file that cannot be read, with the file line where. `syntax`: the text
    itself is not YAML (a slip in writing it), rather than YAML this reader refuses."""

    def __init__(self, line: int, message: str, syntax: bool = False, at_end: bool = False):
        self.line = line
        self.message = message
        self.syntax = syntax
        self.at_end = at_end  # the parser ran to the end of the text looking for the slip's end
        super().__init__(f"{line}: {message}")


class _AliasFound(Exception):
    """A node was reached a second time: through an alias (`*name`)."""


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    offset = 0  # lines before the YAML text in its file (front matter)
    lines: list[int] | None = None  # each YAML line's line in the file, where they differ
    marking = False  # whether to keep how each text was written (`Located.written`)

    def line(self, mark: Any) -> int:
        """The 1-based file line of a place the parser marked."""
        return (self.lines[mark.line] if self.lines else mark.line + 1) + self.offset

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """Refuse aliases: a 484-byte story nesting them ("billion laughs") expands
        to gigabytes. Content has no need of them, and a node already built is
        exactly an alias's second use, so the check costs one dict lookup."""
        if node in self.constructed_objects:
            raise _AliasFound
        return super().construct_object(node, deep)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Located:
    result = Located()
    result.line = loader.line(node.start_mark)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, bool) and isinstance(key_node, yaml.ScalarNode):
            key = key_node.value  # YAML 1.1 reads the key `on:` (of `repeat:`) as true
        if not isinstance(key, str | int | float | bool) and key is not None:
            key = str(key)
        line = loader.line(key_node.start_mark)
        if key in result:
            raise YamlProblem(line, f"'{key}' appears twice (keep one)")
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
        if loader.marking and isinstance(value_node, yaml.ScalarNode):
            start, end = value_node.start_mark, value_node.end_mark
            result.marks[key] = (
                value_node.style or "",
                loader.line(start),
                start.column,
                loader.line(end),
                end.column,
            )
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(item, deep=True) for item in node.value)
    result.line = loader.line(node.start_mark)
    result.item_lines = [loader.line(item.start_mark) for item in node.value]
    return result


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


# Levels of nesting: content needs three or four. Past about 180 the loader's own Python
# recursion fails, and libyaml's C parser crashes the process near 25,000.
DEPTH = 50
_BRACKETS = re.compile(r"[\[\]{}]")
_DASHES = re.compile(rf"^[ \t]*(?:[-?][ \t]+){{{DEPTH}}}", re.M)  # `- - - - x`


def _too_deep(text: str) -> int | None:
    """The 1-based line where `text` nests deeper than `DEPTH`, if it does. libyaml builds
    a nested value by recursing in C: thirty thousand `[` overflow its stack, and the
    process dies without a word (the preview with it). Counted before parsing, roughly
    (brackets in quotes count too; no content comes near)."""
    quick = text.count("[") + text.count("{") > DEPTH
    quick = quick or text.count("- ") + text.count("? ") > DEPTH
    if not quick and "\n" + " " * 2 * DEPTH not in text:
        return None
    text = _without_blocks(text)  # a `|` or `>` text is no structure, whatever it holds
    if text.count("[") + text.count("{") > DEPTH:
        depth = 0
        for found in _BRACKETS.finditer(text):
            depth += 1 if found.group() in "[{" else -1
            if depth > DEPTH:
                return text.count("\n", 0, found.start()) + 1
    if text.count("- ") + text.count("? ") > DEPTH:
        found = _DASHES.search(text)
        if found:
            return text.count("\n", 0, found.start()) + 1
    deep = text.find("\n" + " " * 2 * DEPTH)  # a mapping in a mapping... by indentation
    return text.count("\n", 0, deep) + 2 if deep >= 0 else None


_BLOCK_START = re.compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?\Z")


def _without_blocks(text: str) -> str:
    """`text` with the lines of its block texts (after `key: |` or `key: >`) left empty, so
    their line numbers stay: the Markdown of a description may hold any brackets and dashes."""
    kept, inside = [], -1  # inside: the indentation of the line that opened a block text
    for line in text.split("\n"):
        indent = len(line) - len(line.lstrip(" "))
        if inside >= 0 and (not line.strip() or indent > inside):
            kept.append("")
            continue
        kept.append(line)
        inside = indent if _BLOCK_START.search(line.rstrip()) else -1
    return "\n".join(kept)


def load(text: str, offset: int = 0, written: bool = False) -> Any:
    """Parse one YAML document; `offset` is how many file lines come before `text`. With
    `written`, each mapping also keeps how its texts were written (`Located.written`): an
    events file's descriptions need it; a story's front matter, read far more often, not."""
    deep = _too_deep(text)
    if deep is not None:
        message = f"values nested more than {DEPTH} deep: no content needs this"
        raise YamlProblem(deep + offset, message + " (check for stray [ { or -)")
    loader = _Loader(text)
    loader.offset = offset
    loader.marking = written
    if not text.isascii() and _OTHER_BREAKS.search(text):
        loader.lines = _file_lines(text)
    try:
        return loader.get_single_data()
    except _AliasFound:
        raise YamlProblem(_alias_line(text) + offset, ALIAS_MESSAGE) from None
    except yaml.MarkedYAMLError as exc:
        source = text.split("\n")
        mark = exc.problem_mark or exc.context_mark
        if _opened_earlier(exc, source):  # found further on: say where it started
            mark = exc.context_mark
        line = loader.line(mark) if mark else 1 + offset
        dash = _dash_without_space(exc, source)
        if dash is not None and not loader.lines:  # where the dash is
            line = dash + 1 + offset
        opened = _quote_run_on(exc, source)
        if opened is not None and not loader.lines:  # where the quote was left open
            line = opened + 1 + offset
        syntax = isinstance(exc, yaml.scanner.ScannerError | yaml.parser.ParserError)
        at_end = _at_end(exc.problem_mark, source)
        raise YamlProblem(line, _describe(exc, source), syntax, at_end) from None
    except yaml.reader.ReaderError as exc:  # a control character: marked by its position
        before = text.encode()[: exc.position] if _IN_BYTES else text[: exc.position]
        line = before.count(b"\n" if _IN_BYTES else "\n") + 1 + offset
        number = ord(exc.character) if isinstance(exc.character, str) else exc.character
        message = f"an invisible control character (#x{number:04x}) that cannot be published"
        raise YamlProblem(line, f"{message}: delete it by retyping the text around it") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1 + offset, str(exc).splitlines()[0]) from None
    finally:
        loader.dispose()


def text_lines(value: str, written: Written, source: list[str]) -> tuple[int, ...]:
    """The file line each line of the text `value` starts on, given the file's lines.

    A literal block (`|`) keeps its lines as written, one after another. Any
    other style folds them, and the folding is followed here line by line: a
    line next to the one before (no blank line between) continues its line of
    the text; each blank line starts a new one; so does a line break around a
    more-indented line of a folded block (`>`), and a `\\n` in double quotes.
    """
    block = written.style in ("|", ">")
    first = written.line + 1 if block else written.line
    if written.style == "|":
        count, rows = value.count("\n") + 1, source[first - 1 : written.last]
        if not any("\x85" in row for row in rows):
            return tuple(range(first, first + count))
        # A NEL in a block is a line break of the text: two lines of it on one of the file.
        spread = [n for n, row in enumerate(rows, first) for _ in range(1 + row.count("\x85"))]
        return tuple(spread[:count] + [spread[-1] if spread else first] * (count - len(spread)))
    pieces = value.count("\n") + 1
    found: list[int | None] = [None] * pieces
    last = min(written.last - (1 if block and written.end == 0 else 0), len(source))
    # A quoted or plain text starts on its first line even if nothing follows the quote
    # there: blank lines after it are line breaks of the text, as between any two lines.
    piece, blanks, started, indent, was_deeper = 0, 0, not block, -1, False
    for number in range(first, last + 1):
        text = _fragment(source[number - 1], number, written)
        stripped = text.strip(" \t")  # YAML's white space: a no-break space is text
        if not stripped:
            blanks += number != written.line or block
            continue
        deeper = False
        if written.style == ">":
            margin = len(text) - len(text.lstrip(" "))
            indent = margin if indent < 0 else indent
            deeper = margin > indent
        if started:
            piece += blanks + (1 if deeper or was_deeper else 0)
        elif block:
            piece += blanks  # a folded block's blank first lines are line breaks
        started, blanks, was_deeper = True, 0, deeper
        breaks, ends = _line_breaks(stripped) if written.style == '"' else (0, False)
        for at in range(piece, min(piece + breaks - ends, pieces - 1) + 1):
            if found[at] is None:
                found[at] = number
        piece += breaks
    lines, previous = [], first
    for line in found:  # a line of the text with nothing on it: where the one before is
        previous = line if line is not None else previous
        lines.append(previous)
    return tuple(lines)


def _fragment(line: str, number: int, written: Written) -> str:
    """The part of a file line that holds the value: not the key before it, the quotes
    around it, or a comment or the next value of a `{...}` mapping after it."""
    quoted = 1 if written.style in ('"', "'") else 0
    if number == written.last and written.style not in ("|", ">"):
        line = line[: written.end - quoted]
    if number == written.line and written.style not in ("|", ">"):
        line = line[written.column + quoted :]
    return line


def _line_breaks(text: str) -> tuple[int, bool]:
    """How many `\\n` escapes a line of a double-quoted text holds (`\\\\n` is not one), and
    whether the last ends it (but for a `\\` that joins the next line on): the line of the
    text it begins then starts on the next line of the file."""
    count, at, after = 0, text.find("\\"), -1
    while at >= 0:
        if text[at + 1 : at + 2] == "n":
            count, after = count + 1, at + 2
        at = text.find("\\", at + 2)
    return count, count > 0 and text[after:].rstrip() in ("", "\\")


# YAML also breaks lines at NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR; editors do not
# (a file is read with its CR and CRLF made LF), so after one the parser's line numbers
# would be one too high for every problem in the rest of the file.
_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")
_YAML_BREAKS = re.compile("[\n\x85\u2028\u2029]")


def _file_lines(text: str) -> list[int]:
    """The 1-based file line of each line as YAML counts them."""
    lines, line = [1], 1
    for found in _YAML_BREAKS.finditer(text):
        line += found.group() == "\n"
        lines.append(line)
    return lines


def _alias_line(text: str) -> int:
    """The line of the first alias, found again by the parser (only when there is one)."""
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1
    return 1


def _opened_earlier(exc: yaml.MarkedYAMLError, source: list[str]) -> bool:
    """Whether PyYAML found the slip past where it was made, and marked where that was."""
    return _unclosed_quote(exc) or _unclosed_brackets(exc, source) or _key_without_colon(exc)


def _at_end(mark: Any, source: list[str]) -> bool:
    """Whether the parser marked the end of the text: past its last character that is
    not a space (it ran on looking for a closing quote or bracket)."""
    if mark is None:
        return False
    last = next((i for i in range(len(source) - 1, -1, -1) if source[i].strip()), 0)
    return mark.line > last or (mark.line == last and mark.column >= len(source[last].rstrip()))


def _line_at(source: list[str], mark: Any) -> str:
    return source[mark.line] if mark is not None and 0 <= mark.line < len(source) else ""


def _key_without_colon(exc: yaml.MarkedYAMLError) -> bool:
    return (
        exc.context == "while scanning a simple key"
        and exc.context_mark is not None
        and "could not find expected ':'" in (exc.problem or "")
    )


def _unclosed_quote(exc: yaml.MarkedYAMLError) -> bool:
    return (
        exc.context == "while scanning a quoted scalar"
        and exc.context_mark is not None
        and "end of stream" in (exc.problem or "")
    )


# A line that starts a field (`slug: x`) or a list's item: what a list in [ ] that was
# never closed runs into.
_BLOCK_LINE = re.compile(r"\s*(?:-\s|[^\s\[\]{},:#][^:]*:(?:\s|$))")


def _unclosed_brackets(exc: yaml.MarkedYAMLError, source: list[str]) -> bool:
    """A `[` or `{` never closed: the parser ran on to the end of the text or into the
    next field's line, not a slip inside a list that spans lines (`[surf,` / `"x" y]`)."""
    if not (
        exc.context in ("while parsing a flow sequence", "while parsing a flow mapping")
        and exc.context_mark is not None
        and exc.problem_mark is not None
        and "expected ','" in (exc.problem or "")
    ):
        return False
    found = exc.problem_mark
    if _at_end(found, source):
        return True
    return found.line > exc.context_mark.line and bool(_BLOCK_LINE.match(_line_at(source, found)))


# A field's value that opens with a quote: `title: "Surf`, `- title: 'Surf`.
_QUOTED_VALUE = re.compile(r"""\s*(?:-\s+)?[^\s#'"\[\]{},:-][^:#]*:\s+(["'])""")


def _quote_run_on(exc: yaml.MarkedYAMLError, source: list[str]) -> int | None:
    """The index of the line whose quoted value was left open there and ran on to the
    line PyYAML found its slip on: `title: "Surf` is closed by the quote that opens the
    next line's value (`date: "2026-01-20`), whose rest then reads as the slip. A quoted
    value may span lines; only one that ends on the slip's line is taken for the cause."""
    mark = exc.problem_mark
    if mark is None or _opened_earlier(exc, source):
        return None
    index = 0
    while index < mark.line:
        found = _QUOTED_VALUE.match(source[index])
        if found is None:
            index += 1
            continue
        closed = _closing_line(source, index, found.end(), found.group(1))
        if closed == mark.line and closed > index:
            return index
        index = max(index, closed if closed is not None else len(source)) + 1
    return None


def _closing_line(source: list[str], index: int, start: int, quote: str) -> int | None:
    """The index of the line holding the quote that closes the one just before `start`
    on line `index`, as YAML reads it (`\\"` inside double quotes, `''` inside single)."""
    column = start
    for number in range(index, len(source)):
        line, at = source[number], column
        while at < len(line):
            char = line[at]
            if quote == '"' and char == "\\":
                at += 2
                continue
            if char == quote:
                if quote == "'" and line[at + 1 : at + 2] == "'":
                    at += 2
                    continue
                return number
            at += 1
        column = 0
    return None


# `-title: Coffee`: a list's item written without the space after its dash.
_DASH_WORD = re.compile(r"\s*-[^\s\-\d.][^:]*:(?:\s|$)")


def _dash_without_space(exc: yaml.MarkedYAMLError, source: list[str]) -> int | None:
    """The index of the line above the slip, if it reads like a list's item with no space
    after its dash: PyYAML takes `-title` for a word and finds the slip a line later."""
    mark = exc.problem_mark
    if mark is None or "mapping values are not allowed" not in (exc.problem or ""):
        return None
    above = next((i for i in range(mark.line - 1, -1, -1) if source[i].strip()), None)
    return above if above is not None and _DASH_WORD.match(source[above]) else None


def _describe(exc: yaml.MarkedYAMLError, source: list[str]) -> str:
    """PyYAML's message in one line, with the commonest cause spelled out."""
    problem = exc.problem or exc.context or "invalid YAML"
    if _unclosed_quote(exc):
        return "a quotation mark opened here is never closed (add the closing one)"
    if _quote_run_on(exc, source) is not None:
        return (
            "a quotation mark opened here is not closed on this line, so the value runs on "
            "into the next (add the closing one at the end of the value)"
        )
    if _key_without_colon(exc) and ":" in _line_at(source, exc.context_mark):
        return "a ':' with no space after it (write 'key: value', with a space)"
    if _key_without_colon(exc):
        return (
            "a line without ':' after its key "
            "(write 'key: value', or indent it under the text it goes on)"
        )
    if _unclosed_brackets(exc, source):
        opened, closing = ("[", "]") if "sequence" in (exc.context or "") else ("{", "}")
        return (
            f"the '{opened}' on this line is never closed, or lacks a comma between its items "
            f"(close it with '{closing}')"
        )
    if _dash_without_space(exc, source) is not None:
        return "a '-' with no space after it starts no item (write '- title: ...')"
    if "mapping values are not allowed" in problem:
        return "a value contains ': ' (put the value in quotes)"
    if "tag:yaml.org,2002:merge" in problem:
        return "YAML merge keys (<<:) are not supported: write the values out where they are used"
    if "found character '\\t'" in problem or "found a tab character" in problem:
        return "tabs are not allowed in YAML (indent with spaces)"
    return f"YAML syntax: {problem}"
