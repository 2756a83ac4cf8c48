"""`new story` and `new event`: a correct file to start from, never over an existing one.

What they write must build in any content folder, not just the sample: the
placeholder text links to nothing and names no community the site lacks.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime
from pathlib import Path

from microsite.content import frontmatter
from microsite.content.config import load_communities, load_settings
from microsite.content.documents import split_language
from microsite.content.fields import (
    COMMUNITY_HINT,
    YEAR_HINT,
    parse_when,
    slugify,
    text_hint,
    text_problem,
    year_problem,
)
from microsite.content.slugs import shortened
from microsite.errors import did_you_mean

NAME_MAX = 60  # characters of the title a new file's name (and so its address) keeps
TRANSLATED_KEYS = ("title", "summary", "image_alt", "author")


class ScaffoldError(Exception):
    """The file cannot be made as asked; the message says why."""


def new_story(
    content: Path, title: str, communities: list[str], now: datetime, lang: str | None = None
) -> Path:
    """A draft story dated today, named YYYY-MM-DD-slug.md (YYYY-MM-DD-slug.es.md in Spanish)."""
    _check_communities(content, communities)
    today = _local(content, now)
    slug = _slug(title) + _suffix(content, lang)
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


def translate_story(content: Path, original: str, lang: str | None = None) -> Path:
    """A draft translation beside `original`, with its fields and its text to translate.

    The date, communities, image and slug are the original's, so the two stay
    paired; the title, summary, alt text and body are copied for the
    translator to write over.
    """
    source = _find_story(content, original)
    doc = frontmatter.split(source.read_text(encoding="utf-8"), str(source), problems := [])
    if doc is None:
        raise ScaffoldError(f"{source}: {problems[0].message if problems else 'unreadable'}")
    languages = _languages(content)
    lang = lang or (languages[1] if len(languages) > 1 else "")
    suffix = _suffix(content, lang)
    if not suffix:
        raise ScaffoldError("--translate: add the language to 'languages:' in site.yaml first")
    stem, _ = split_language(source.name, languages)
    lines = ["---", *_front_matter(doc.meta), "draft: true  # delete when the translation is ready"]
    lines += ["---", "", doc.body.strip(), ""]
    return _create(source.with_name(f"{stem}{suffix}.md"), lines)


def _front_matter(meta: dict) -> list[str]:
    """The original's fields, those to translate marked so."""
    lines = []
    for key, value in meta.items():
        if key in ("draft", "translation"):
            continue
        note = "  # translate" if key in TRANSLATED_KEYS else ""
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False, default=str)}{note}")
    return lines


def _find_story(content: Path, name: str) -> Path:
    for path in (Path(name), content / "stories" / name, content / "pages" / name):
        if path.is_file():
            return path
    raise ScaffoldError(f"--translate: no story or page named {name!r}")


def _languages(content: Path) -> tuple[str, ...]:
    settings = load_settings(content / "site.yaml", [])
    return settings.languages or (settings.language,)


def _suffix(content: Path, lang: str | None) -> str:
    """`.es` for a Spanish file, `` for the default language's."""
    languages = _languages(content)
    if lang is None or lang == languages[0]:
        return ""
    if lang not in languages:
        hint = f"site.yaml has: {', '.join(languages)}"
        raise ScaffoldError(f"--lang: '{lang}' is not one of the site's languages ({hint})")
    return f".{lang}"


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
    slug = slugify(_unaccented(title))
    if not slug:
        raise ScaffoldError("the title needs at least one letter or digit")
    return shortened(slug, NAME_MAX)  # the title in the front matter stays whole


def _unaccented(text: str) -> str:
    """`Título` -> `Titulo`: a Spanish title gives a readable file name, not `t-tulo`."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


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
