"""Lints of what the page's structure tells a screen reader: links, pictures, headings, lists.

Links and pictures are read from the sanitised HTML, so Markdown and raw
HTML are checked alike; each is then found in the Markdown to name its line.
Headings come from the Markdown blocks, which already carry their lines.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Callable

from microsite.errors import ContentError
from microsite.lints.text import Block

EMPTY_LINK_TEXT = frozenset(
    "click here|click|here|read more|more|learn more|link|this|this link|this page|go|"
    "more info|info|haga clic aquí|clic aquí|aquí|leer más|más".split("|")
)
EMPTY_ALT = frozenset(
    "image|photo|picture|photograph|graphic|img|pic|screenshot|untitled|foto|imagen".split("|")
)
LONGEST_ALT = 150
_ANCHOR = re.compile(r"<a\s[^>]*?href=\"([^\"]*)\"[^>]*>(.*?)</a>", re.S)
_TAG = re.compile(r"<[^>]+>")
_FILE_NAME = re.compile(
    r"^[\w ()\[\]+.-]*\.(?:jpe?g|png|gif|webp|heic|heif|avif|svg|tiff?|bmp)$|^(?:IMG|DSC|PXL)_?\d",
    re.I,
)
_ABOUT = re.compile(r"^(?:an? )?(?:picture|photo|photograph|image|foto|imagen) (?:of|de)\b", re.I)
_TABLE = re.compile(r"<table\b.*?</table>", re.S)
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u25a0-\u25ff\u2190-\u21ff•]")


FEW_FINDS = 8


class Finder:
    """Finds a piece of the Markdown, the next occurrence each time, to name its line."""

    def __init__(self, text: str, first_line: int):
        self.text = text
        self.first_line = first_line
        self.after: dict[str, int] = {}
        self._breaks: list[int] | None = None
        self._finds = 0

    def find(self, *needles: str) -> tuple[int, int]:
        """(line, column) of the first needle that occurs; the text's first line if none."""
        for needle in needles:
            index = self.text.find(needle, self.after.get(needle, 0)) if needle else -1
            if index >= 0:
                self.after[needle] = index + 1
                start = self.text.rfind("\n", 0, index) + 1
                return self.first_line + self._line_index(index), index - start + 1
        return self.first_line, 0

    def _line_index(self, index: int) -> int:
        """How many line breaks come before `index`. Counted from the start for the first
        few finds, the usual case; past those, the breaks are found once for the whole
        text, as counting for each find was quadratic (20,000 bare links)."""
        self._finds += 1
        if self._finds <= FEW_FINDS:
            return self.text.count("\n", 0, index)
        if self._breaks is None:
            self._breaks = [found.start() for found in re.finditer("\n", self.text)]
        return bisect_left(self._breaks, index)


def link_text(clean: str, finder: Finder, warn: Callable[..., ContentError]) -> list:
    """Links whose words say nothing of where they lead: "click here", a bare address."""
    found = []
    for href, inner in _ANCHOR.findall(clean):
        words = " ".join(html.unescape(_TAG.sub("", inner)).split())
        bare = words == html.unescape(href) or words.startswith(("http://", "https://", "www."))
        if href.startswith(("mailto:", "tel:", "#")) or not (
            bare or words.lower().strip(".!:…") in EMPTY_LINK_TEXT
        ):
            continue
        what = "a bare web address" if bare else f'"{words}"'
        line, column = finder.find(f"[{words}]", f">{words}<", html.unescape(href))
        hint = "name where it leads: [the National Night Out flyer](/media/flyer.pdf)"
        found.append(warn("link-text", line, f"{what} as link text says nothing", hint, column))
    return found


def alt_text(
    images: list[tuple[str, dict[str, str]]], finder: Finder, warn: Callable[..., ContentError]
) -> list[ContentError]:
    """Pictures whose alt text says nothing a listener can use."""
    found = []
    for src, attrs in images:
        problem = alt_problem(attrs.get("alt", ""), attrs.get("title", ""))
        if problem:
            line, column = finder.find(src, html.escape(src))
            found.append(warn("alt-text", line, problem, alt_hint(problem), column))
    return found


def alt_hint(problem: str) -> str:
    """The fix for what `alt_problem` found."""
    if problem.endswith("to hear"):
        return "keep it to one sentence; put the rest in a caption or in the story"
    return "say what the picture shows: ![Officer Diaz hands a helmet to a boy](...)"


def alt_problem(alt: str, caption: str = "") -> str:
    """What is wrong with this alt text, or "" (missing alt text is an error elsewhere)."""
    alt = " ".join(alt.split())
    quoted = f'the alt text "{alt}"' if len(alt) <= 60 else "the alt text"
    if not alt:
        return ""
    if _FILE_NAME.search(alt):
        return f"{quoted} is a file name"
    if alt.lower().strip(".") in EMPTY_ALT or _ABOUT.match(alt):
        return f"{quoted} says only that it is a picture"
    if caption and alt.lower() == " ".join(caption.split()).lower():
        return f"{quoted} repeats the caption, so a screen reader says it twice"
    if len(alt) > LONGEST_ALT:
        return f"{quoted} is {len(alt)} characters; over {LONGEST_ALT} is tiring to hear"
    return ""


def headings(blocks: list[Block], warn: Callable[..., ContentError]) -> list[ContentError]:
    """A `#` heading in a body, or a heading that skips a level (the title is the h1)."""
    found, above = [], 1
    for block in blocks:
        if block.kind != "heading":
            continue
        level, line = block.level, block.first_line
        if level == 1:
            hint = "start the body's headings at ## (the title is already the page's heading)"
            found.append(warn("headings", line, "a # heading in the body", hint))
        elif level > above + 1:
            message = f"a level {level} heading right after level {above}"
            hint = f"use {'#' * (above + 1)} here: go down one level at a time"
            found.append(warn("headings", line, message, hint))
        above = level
    return found


def table_header(clean: str, finder: Finder, warn: Callable[..., ContentError]) -> list:
    """Tables with no header cells: a screen reader cannot say which column is which."""
    found = []
    for table in _TABLE.findall(clean):
        if "<th" not in table:
            line, column = finder.find("<table")
            hint = "write it as a Markdown table (its first row becomes the header), or use <th>"
            found.append(warn("table-header", line, "a table without a header row", hint, column))
    return found


def emoji_bullets(blocks: list[Block], warn: Callable[..., ContentError]) -> list[ContentError]:
    """Lines that start with an emoji or symbol as a bullet: a screen reader says its name."""
    found = []
    for block in blocks:
        if block.kind not in ("item", "paragraph") or block.text.isascii():
            continue  # every symbol it looks for lies outside ASCII
        lines = block.lines[:1] if block.kind == "item" else block.lines
        for line, text in lines:
            mark = _EMOJI.match(text)
            if mark and (block.kind == "item" or len(lines) > 1):
                message = f'"{mark.group()}" used as a bullet point'
                hint = "make it a list: start each line with - and no symbol"
                found.append(warn("emoji-bullets", line, message, hint))
    return found
