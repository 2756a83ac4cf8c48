"""The writing lints where the PIO is looking: a panel on the previewed page.

Only the preview adds it, as it serves a page; the built site never holds
it. Each page gets the warnings of the file it was made from (a story or
page file; an events file's go on the events page), each with its line and
fix. The panel's style is a file the preview serves, because the site's
Content-Security-Policy refuses inline styles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from html import escape

from microsite import urls
from microsite.errors import ContentError
from microsite.model import Site

STYLE_PATH = "/__microsite/lints.css"
STYLE_LINK = f'<link rel="stylesheet" href="{STYLE_PATH}">'
STYLE = b"""
.microsite-lints { position: sticky; bottom: 0; z-index: 1000; max-height: 40vh; overflow: auto;
  margin: 0; padding: .75rem 1.25rem; background: #fff8e1; color: #1b1b1b;
  border-top: .3rem solid #8a5a00; font: .95rem/1.45 system-ui, sans-serif; }
.microsite-lints h2 { font-size: 1rem; margin: 0 0 .4rem; color: #5c3c00; }
.microsite-lints ol { margin: 0; padding-left: 1.25rem; }
.microsite-lints li { margin: 0 0 .35rem; }
.microsite-lints code { font: .9rem ui-monospace, monospace; font-weight: 700; }
.microsite-lints .fix { display: block; color: #3d3d3d; }
"""


# The key of the warnings of files that make no page of their own (a folder inside
# stories/, a media file, site.yaml): shown on the home page and on every "not found".
ELSEWHERE = "*"


def by_page(site: Site, warnings: Sequence[ContentError]) -> dict[str, list[ContentError]]:
    """Each page's path -> the warnings of the file it was made from; ELSEWHERE -> the
    rest, which were shown in the terminal alone, although the terminal said they were
    on their pages (review find: a story saved in a folder inside stories/ just vanished)."""
    by_file: dict[str, list[ContentError]] = defaultdict(list)
    for problem in warnings:
        by_file[problem.path].append(problem)
    pages: dict[str, list[ContentError]] = {}
    for item in (*site.stories, *site.pages):
        if by_file.get(item.source):
            pages[item.path] = by_file.pop(item.source)
    events = sorted({event.source for event in site.events} & set(by_file))
    if events:
        pages[urls.SECTIONS["events"]] = [p for source in events for p in by_file.pop(source)]
    rest = [problem for problems in by_file.values() for problem in problems]
    if rest:
        pages[ELSEWHERE] = rest
    return pages


def with_panel(
    page: bytes, warnings: Sequence[ContentError], elsewhere: Sequence[ContentError] = ()
) -> bytes:
    """The page with its warnings in a panel at the end of its body, and after them those
    of files that make no page, each named."""
    if not warnings and not elsewhere:
        return page
    parts = []
    if warnings:
        count = len(warnings)
        title = "1 writing warning" if count == 1 else f"{count} writing warnings"
        items = "".join(_item(problem) for problem in warnings)
        parts.append(f"<h2>{title} on this page (preview only: readers never see this)</h2>")
        parts.append(f"<ol>{items}</ol>")
    if elsewhere:
        count = len(elsewhere)
        title = "1 warning" if count == 1 else f"{count} warnings"
        items = "".join(_item(problem, named=True) for problem in elsewhere)
        parts.append(f"<h2>{title} about files that make no page of their own</h2>")
        parts.append(f"<ol>{items}</ol>")
    panel = (
        '<aside class="microsite-lints" aria-label="Writing warnings (preview only)">'
        + "".join(parts)
        + "</aside>"
    )
    page = page.replace(b"</head>", STYLE_LINK.encode() + b"</head>", 1)
    return page.replace(b"</body>", panel.encode() + b"</body>", 1)


def _item(problem: ContentError, named: bool = False) -> str:
    fix = f'<span class="fix">Fix: {escape(problem.hint)}</span>' if problem.hint else ""
    where = problem.where if named else f"line {problem.line}"
    return f"<li><code>{escape(where)}</code> {escape(problem.message)}{fix}</li>"


def summary(warnings: Sequence[ContentError]) -> str:
    """The terminal's line after a save: how many warnings, in how many files."""
    if not warnings:
        return "no warnings"
    files = len({problem.path for problem in warnings})
    noun = "warning" if len(warnings) == 1 else "warnings"
    where = "1 file" if files == 1 else f"{files} files"
    return f"{len(warnings)} {noun} in {where}, shown on their pages (the rest on the home page)"
