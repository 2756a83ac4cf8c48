"""Heading ids, so every `## Heading` in a story can be linked to.

Python-Markdown's `toc` extension does this, but it also renders a table of
contents for every document, which we never show and which cost a fifth of
the conversion time. These are toc's own slug and de-duplication rules, so
the ids are the ones `toc` would give, with one addition: a heading never
takes an id that the page templates use (`<main id="main">`). They are
written out here rather than imported from `toc`, whose module loads all of
Python-Markdown, so that a text the shortcut converts (`speed/wholedoc.py`)
does without it; `tests/test_markdown_reference.py` holds them to toc's own
on generated headings. The step in Python-Markdown's tree is `treesteps.py`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import MutableSet

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Every id written in templates/*.html (a test keeps the two in step): a `## Main`
# gets `main_1`, so the skip link still lands on the page's <main id="main">.
RESERVED_IDS = frozenset(
    {
        "main",
        "contact",
        "next-event",
        "footer-contact",
        "footer-about",
        "footer-follow",
        "community-events",
        "community-stories",
        "latest-stories",
        "next-events",
        "our-communities",
        "upcoming",
        "coming-dates",
        "calendar-actions",
        "past",
    }
)


_NOT_IN_SLUG = re.compile(r"[^\w\s-]")
_SEPARATORS = re.compile(r"[-\s]+")
_NUMBERED = re.compile(r"^(.*)_([0-9]+)$")


def slugify(value: str) -> str:
    """toc's `slugify` with `-` between words: accents dropped (`žlutý` -> `zluty`), then
    every character but letters, digits, spaces and hyphens, then each run of spaces and
    hyphens made one hyphen."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return _SEPARATORS.sub("-", _NOT_IN_SLUG.sub("", value).strip().lower())


def unique(id: str, ids: MutableSet[str], counters: dict[str, int] | None = None) -> str:
    """toc's `unique`: `id`, or the first of `id_1`, `id_2`... not in `ids`; added to them.

    `counters` remembers, for each id, how many numbered ones are known to be
    taken, so that a heading written a hundred times is not checked against
    every number before its own (toc's own cache, kept the same way).
    """
    if id in ids or not id:
        numbered = _NUMBERED.match(id)
        base, count = (numbered.group(1), int(numbered.group(2))) if numbered else (id, 0)
        skip = False
        if counters is not None:
            known = counters.get(base, 0)
            # Only when this id is within the run known to be taken, or just after it.
            if count <= known or id == f"{base}_{known + 1}":
                skip = True
                count = max(count, known)
        count += 1
        while f"{base}_{count}" in ids:
            count += 1
        id = f"{base}_{count}"
        if skip and counters is not None:
            counters[base] = count
    ids.add(id)
    return id
