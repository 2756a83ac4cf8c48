"""`new story` and `new event`: a correct file to start from, never over an existing one.

What they write must build in any content folder, not just the sample: the
placeholder text links to nothing and names no community the site lacks.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from microsite.content.config import load_communities, load_settings
from microsite.content.fields import (
    COMMUNITY_HINT,
    YEAR_HINT,
    parse_when,
    slugify,
    text_hint,
    text_problem,
    year_problem,
)
from microsite.errors import did_you_mean

SLUG_MAX = 60  # characters of the title a file name keeps


class ScaffoldError(Exception):
    """The file cannot be made as asked; the message says why."""


def new_story(content: Path, title: str, communities: list[str], now: datetime) -> Path:
    """A draft story dated today, named YYYY-MM-DD-slug.md."""
    _check_communities(content, communities)
    today = _local(content, now)
    slug = _slug(title)
    lines = [
        "---",
        f"title: {_quote(title)}",
        f"date: {today:%Y-%m-%d}",
        "summary: One sentence that says what happened and why it matters.",
        f"communities: [{', '.join(communities)}]",
        "draft: true  # delete this line when the story is ready to publish",
        "---",
        "",
        "Start with what happened, who was there and where. Keep sentences short.",
        "",
        "## A heading for the next part",
        "",
        "To link to another story, write its file name: `[the story](2026-01-31-its-name.md)`.",
        "",
    ]
    return _create(content / "stories" / f"{today:%Y-%m-%d}-{slug}.md", lines)


def new_event(content: Path, title: str, start: str, now: datetime) -> Path:
    """An events file holding one event, named after its date and title."""
    when = parse_when(start)
    if when is None:
        raise ScaffoldError(f"--start: expected a date like 2026-12-05 09:00, got {start!r}")
    if year_problem(when):
        raise ScaffoldError(f"--start: {year_problem(when)} ({YEAR_HINT})")
    text_start = start.strip().replace("T", " ")
    lines = [
        f"- title: {_quote(title)}",
        f"  slug: {_slug(title)}  # the event's address: keep it when the date changes",
        f'  start: "{text_start}"',
        f'  # end: "{text_start}"',
        "  location: Where it happens",
        "  # address: 415 Diamond St., Redondo Beach, CA 90277",
        "  # communities: [surf]",
        "  # repeat: {every: month, on: first tuesday}  # see the README's 'Events that repeat'",
        "  description: |",
        "    What to expect, who it is for, and what to bring.",
        "",
    ]
    return _create(content / "events" / f"{when:%Y-%m-%d}-{_slug(title)}.yaml", lines)


def _slug(title: str) -> str:
    """The file's slug; checking the title here keeps control characters out of the file."""
    problem = text_problem(title)
    if problem:
        raise ScaffoldError(f"the title {problem} ({text_hint(problem)})")
    slug = slugify(title)
    if not slug:
        raise ScaffoldError("the title needs at least one letter or digit")
    return _shortened(slug)


def _shortened(slug: str) -> str:
    """At most SLUG_MAX characters, cut between words: a file name has a length limit.

    The title in the front matter stays whole; only the file name (and so the
    story's address) is shortened.
    """
    if len(slug) <= SLUG_MAX:
        return slug
    return slug[: SLUG_MAX + 1].rpartition("-")[0] or slug[:SLUG_MAX]


def _quote(text: str) -> str:
    """A YAML string that survives colons, quotes and leading symbols in titles."""
    return json.dumps(text, ensure_ascii=False)


def _local(content: Path, now: datetime) -> datetime:
    if now.tzinfo is None:
        return now
    return now.astimezone(load_settings(content / "site.yaml", []).timezone)


def _check_communities(content: Path, keys: list[str]) -> None:
    known = [c.key for c in load_communities(content / "communities.yaml", [])]
    for key in keys:
        if key not in known:
            hint = did_you_mean(key, known) or COMMUNITY_HINT
            raise ScaffoldError(f"--community: unknown community '{key}' ({hint})")


def _create(path: Path, lines: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write("\n".join(lines))
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists; nothing was changed") from None
    return path
