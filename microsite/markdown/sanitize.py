"""The allow-list raw HTML passes through, and how a PIO is told what it removed.

Stories may contain raw HTML, so everything converted from Markdown goes
through `nh3` with a short allow-list of tags, attributes and link schemes.
Whatever it removes is reported as a warning on the line it came from, so a
PIO learns why their embed vanished instead of guessing.
"""

from __future__ import annotations

import bisect
import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import unquote

import nh3

from microsite.errors import ContentError, warning
from microsite.markdown.headings import RESERVED_IDS

ALLOWED_TAGS = frozenset(
    "a abbr b blockquote br caption cite code dd del details dfn div dl dt em figcaption "
    "figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span strong "
    "sub summary sup table tbody td tfoot th thead time tr u ul".split()
)
ALLOWED_ATTRIBUTES = {
    "*": {"id", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "ol": {"start", "reversed"},
}
# Only the classes Markdown itself writes: table and paragraph alignment (from
# `style="text-align:..."`) and footnotes. Any other class could dress a story
# up as the site's own furniture, such as a fake emergency alert.
ALLOWED_CLASSES = frozenset(
    "align-left align-right align-center footnote footnote-ref footnote-backref".split()
)
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset({"href", "src"})
SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# In nh3's output `<` only starts a tag and `"` never appears inside a value.
_EMPTY_CLASS = re.compile(r'(<[a-z0-9]+(?: [^<>]*?)?) class=""')


def clean(raw: str, raw_html: bool = False) -> str:
    """`raw` with everything outside the allow-list removed.

    nh3 leaves `class=""` where it removed every class: that attribute goes
    too, so the warnings can say that the classes were removed. With
    `raw_html` (the text holds HTML its writer typed), an attribute whose value
    would make the page invalid HTML goes too (`lang="en&quot; x"`,
    `height="-1"`): what Markdown itself writes is always valid, and checking
    every value of every text would cost every build time.
    """
    return _EMPTY_CLASS.sub(r"\1", _cleaner(raw_html).clean(raw))


_NUMBER = re.compile(r"[0-9]{1,9}")
# What each attribute's value must look like for the page to stay valid HTML, as the Nu
# checker reads it; an attribute not named here may hold any text.
VALID_VALUES = {
    "lang": re.compile(r"(?:[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)?"),  # BCP 47, or "" (unknown)
    "dir": re.compile(r"ltr|rtl|auto", re.I),
    "id": re.compile(r"\S+"),
    "width": _NUMBER,
    "height": _NUMBER,
    "colspan": re.compile(r"[1-9][0-9]{0,2}|1000"),
    "rowspan": re.compile(r"[0-9]{1,4}"),
    "start": re.compile(r"-?[0-9]{1,9}"),
    "reversed": re.compile(r"(?:reversed)?", re.I),
    "scope": re.compile(r"row|col|rowgroup|colgroup", re.I),
    "datetime": re.compile(
        r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,3})?)?"
        r"(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?)?)?"  # a year, a month, a day, a moment
        r"|[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,3})?)?"  # a time of day
        r"|[0-9]{4}-W[0-9]{2}|--[0-9]{2}-[0-9]{2}"  # a week, a day of any year
        r"|P(?:[0-9]+D)?(?:T(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]+)?S)?)?"  # a duration
    ),
}


def _valid_value(element: str, attribute: str, value: str) -> str | None:
    pattern = VALID_VALUES.get(attribute)
    return value if pattern is None or pattern.fullmatch(value) else None


_ID = re.compile(r' id="([^"]*)"')


def own_ids(allowed: str) -> str:
    """Sanitised HTML without the ids the page itself uses, and without an id's second use.

    Raw HTML may give an element an id, for a link to point at. But an
    `id="contact"` took over the menu's Contact link, and `id="footer-about"`
    renamed the footer's section for screen readers; and an id used twice
    is invalid HTML. Markdown's own headings and footnotes keep clear of
    these, so only a text with raw HTML needs this.
    """
    ids = _ID.findall(allowed)
    if RESERVED_IDS.isdisjoint(ids) and len(set(ids)) == len(ids):
        return allowed  # nh3 writes each value escaped alike: equal ids look equal
    seen: set[str] = set()

    def kept(found: re.Match[str]) -> str:
        value = html.unescape(found.group(1))
        if value in RESERVED_IDS or value in seen:
            return ""
        seen.add(value)
        return found.group()

    return _ID.sub(kept, allowed)


@lru_cache(maxsize=2)
def _cleaner(check_values: bool) -> nh3.Cleaner:
    """The allow-list, handed to nh3 once: passing it with every text took three quarters
    of the time of cleaning one."""
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        allowed_classes={tag: set(ALLOWED_CLASSES) for tag in ALLOWED_TAGS},
        link_rel=None,
        attribute_filter=_valid_value if check_values else None,
    )


def removed(raw: str, cleaned: str) -> Counter[tuple[str, ...]]:
    """What cleaning took out: elements, attributes and links, counted."""
    return _Inventory(raw).items - _Inventory(cleaned).items


class _Inventory(HTMLParser):
    """What an HTML fragment contains, counted, so two versions can be compared."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.items: Counter[tuple[str, ...]] = Counter()
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.items[("tag", tag)] += 1
        for name, value in attrs:
            if name in URL_ATTRIBUTES:
                self.items[("url", tag, name, value or "")] += 1
            else:
                self.items[("attr", tag, name)] += 1


_LINK_TAG = re.compile(r"<(a|img)\s([^>]*)>")
_ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')


def links_in(clean: str) -> list[tuple[str, str, dict[str, str]]]:
    """Each link and image of sanitised HTML: tag, target, attributes.

    nh3 writes every attribute as name="value", so a pattern reads its output
    exactly, several times faster than an HTML parser.
    """
    found = []
    for match in _LINK_TAG.finditer(clean):
        attrs = {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(match.group(2))}
        target = attrs.get("href" if match.group(1) == "a" else "src")
        if target is not None:
            found.append((match.group(1), target, attrs))
    return found


def external_images(
    found: list[tuple[str, str, dict[str, str]]], where: Locator
) -> list[ContentError]:
    """Warnings for pictures loaded from other websites.

    The pages' CSP blocks them, but feed readers load them, telling that
    website who read the story and when: a tracking pixel.
    """
    pictures = [
        target
        for tag, target, _ in found
        if tag == "img" and (SCHEME_RE.match(target) or target.startswith("//"))
    ]
    return [
        warning(
            where.path,
            where.line_of(target, nth),
            f"picture '{target}' is loaded from another website",
            "download the picture into content/media/ and write its path as /media/...",
        )
        for target, nth in numbered(pictures)
    ]


def numbered(targets: Iterable[str]) -> Iterator[tuple[str, int]]:
    """Each target with how often it came before: a target written twice is found at its
    second place the second time (`Locator.line_of`)."""
    seen: Counter[str] = Counter()
    for target in targets:
        yield target, seen[target]
        seen[target] += 1


_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")  # on one line: `[x](y)`
_LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


def code_spans(text: str) -> list[tuple[int, int]]:
    """Where Markdown text holds code, as (start, end) offsets in order: fenced blocks,
    indented blocks (after a blank line, outside lists) and `spans` within a line. What
    is written there is shown as it is, so a link there is an example, not a link."""
    if "`" not in text and "~~~" not in text and "    " not in text and "\t" not in text:
        return []
    spans: list[tuple[int, int]] = []
    at, fence, opened, blank, indented, listed = 0, "", 0, True, False, False
    for line in text.split("\n"):
        end, stripped = at + len(line), line.strip()
        if fence:
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                spans.append((opened, end))
                fence = ""
        elif match := _FENCE.match(line):
            fence, opened = match.group(1), at
        elif stripped and line.startswith(("    ", "\t")) and (blank or indented) and not listed:
            spans.append((at, end))
            indented = True
        elif stripped:
            indented = False
            if _LIST_ITEM.match(line):
                listed = True
            elif blank and not line.startswith((" ", "\t")):
                listed = False
            spans.extend((at + m.start(), at + m.end()) for m in _CODE_SPAN.finditer(line))
        blank = not stripped
        at = end + 1
    if fence:  # never closed: code to the end, as Markdown reads it
        spans.append((opened, len(text)))
    return sorted(spans)


# What follows each place a link's target is written: `](` of a Markdown link and `]:`
# of a reference (`<...>` or up to a space), `href` and `src` (an attribute's value).
_DESTINATION = re.compile(r"""[ \t]*(?:<([^>\n]*)>|([^\s)>]+))""")
_ATTRIBUTE_VALUE = re.compile(r"""\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a Markdown backslash escape
_OPENERS = (
    ("](", _DESTINATION),
    ("]:", _DESTINATION),
    ("href", _ATTRIBUTE_VALUE),
    ("src", _ATTRIBUTE_VALUE),
)
# Needles not among the link targets are looked for in the whole text: a few, quickly;
# past this many in one text, the problem is put at the text's first line instead.
SEARCHES = 64


class Locator:
    """Finds the line a piece of Markdown came from, to point problems at it.

    A needle written several times is found at each place in turn (`nth`), and
    places inside code (a `span`, a fenced or indented block: an example of a
    link, which is no link) only after every other: a mistake made twice is
    reported twice, each at its own line, and never at an example of it.
    """

    def __init__(self, text: str, path: str, first_line: int):
        self.text = text
        self.path = path
        self.first_line = first_line
        # Each link target's lines, by the target as written and as a browser reads it.
        self._targets: tuple[dict[str, list[int]], dict[str, list[int]]] | None = None
        self._searches = 0
        self._found: dict[str, list[int]] = {}  # other needles' lines, as searched
        self._code: list[tuple[int, int]] | None = None

    def line_of(self, needle: str, nth: int = 0) -> int:
        """The line of a link's target (as the HTML has it, or as written), else of the
        first place the text holds `needle`; its `nth` place if it is written more often."""
        lines = self.lines_of(needle)
        return lines[min(nth, len(lines) - 1)]

    def lines_of(self, needle: str) -> list[int]:
        """Every line a link to this target is written on (else every line the text holds
        `needle` on, found as `line_of` finds it), places in code last."""
        written, read = self._target_lines()
        bare = needle.partition("#")[0]
        for targets in (written, read):  # a target as written first, then as read
            for form in (needle, bare, unquote(needle), unquote(bare)):
                if form in targets:
                    return targets[form]
        return self._search(needle)

    def _search(self, needle: str) -> list[int]:
        found = self._found.get(needle)
        if found is not None:
            return found
        self._searches += 1
        if self._searches > SEARCHES:  # thousands of problems: a search each took 26 s at 60,000
            return [self.first_line]
        text, form = self.text, needle
        if needle not in text:
            form = html.escape(needle)
        if form not in text:  # written with character references (`jav&#x09;ascript:`): its
            piece = max(re.split(r"[\s\x00-\x1f]+", needle), key=len)  # longest plain piece
            form = piece if len(piece) > 3 else ""
        places, at = [], text.find(form) if form else -1
        while at >= 0:
            places.append(at)
            at = text.find(form, at + len(form))
        lines = [line for _, line in sorted(self._placed(places))]
        found = self._found[needle] = lines or [self.first_line]
        return found

    def _placed(self, places: list[int]) -> list[tuple[bool, int]]:
        """Whether each of these places (in order) is in code, and its line: sorted, those
        in code come last."""
        placed, line, at = [], self.first_line, 0
        for where in places:
            line += self.text.count("\n", at, where)
            at = where
            placed.append((self._in_code(where), line))
        return placed

    def _in_code(self, where: int) -> bool:
        if self._code is None:
            self._code = code_spans(self.text)
        index = bisect.bisect_right(self._code, (where, len(self.text) + 1)) - 1
        return index >= 0 and self._code[index][0] <= where < self._code[index][1]

    def _target_lines(self) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        """The lines of each link target written in the text, in every form a link checker
        may ask for it (as written, its character references read, its `%` escapes read,
        with and without its `#fragment`), found in one pass: looking for each link in
        turn from the top took 26 s for a text with 60,000 broken links, and found a
        path in the prose or a web address before the link itself."""
        if self._targets is None:
            text, found = self.text, []
            for opener, pattern in _OPENERS:
                at = text.find(opener)
                while at >= 0:
                    match = pattern.match(text, at + len(opener))
                    if match:
                        found.append((at, next(g for g in match.groups() if g is not None)))
                    at = text.find(opener, at + len(opener))
            found.sort()
            placed = self._placed([where for where, _ in found])
            written: dict[str, list[int]] = {}
            read: dict[str, list[int]] = {}
            for (_, line), (_, target) in sorted(zip(placed, found, strict=True)):
                for form in {target, target.partition("#")[0]}:
                    written.setdefault(form, []).append(line)
                plain = html.unescape(_ESCAPED.sub(r"\1", target))  # `\_`, `&#110;`, `%6E`
                forms = {plain, unquote(plain)}
                for form in forms | {form.partition("#")[0] for form in forms}:
                    read.setdefault(form, []).append(line)
            self._targets = written, read
        return self._targets

    def error(self, needle: str, message: str, hint: str = "", nth: int = 0) -> ContentError:
        return ContentError(self.path, self.line_of(needle, nth), message, hint)

    def warnings(self, lost: Counter[tuple[str, ...]]) -> list[ContentError]:
        """Warnings for what the sanitiser took out of raw HTML."""
        problems = []
        for item in sorted(lost):
            if item[0] == "tag":
                needle, message = f"<{item[1]}", f"removed <{item[1]}>: not allowed in content"
            elif item[1] not in ALLOWED_TAGS:
                continue  # already reported with its element
            elif item[0] == "url":
                needle, message = item[3], f"removed unsafe link {item[3]!r}"
            elif item[2] == "id":
                needle = "id="
                message = f"removed 'id' from <{item[1]}>: the page uses that id, or the text twice"
            else:
                needle, message = f"{item[2]}=", f"removed '{item[2]}' from <{item[1]}>"
            lines = self.lines_of(needle)  # each place it was taken from, once per line
            for line in sorted(set(lines[: lost[item]] or lines[:1])):
                problems.append(warning(self.path, line, message, "see 'Raw HTML' in README.md"))
        return problems
