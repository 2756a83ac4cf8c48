"""`new story` and `new event`: a correct file to start from, never over an existing one.

What they write must build in any content folder, not just the sample: the
placeholder text links to nothing and names no community the site lacks.
"""

from __future__ import annotations

import contextlib
import json
import re
from datetime import date, datetime
from pathlib import Path

from microsite.content import placeholders, yamlsrc
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
from microsite.content.slugs import shortened, taken
from microsite.errors import did_you_mean
from microsite.model import Settings
from microsite.scaffold_files import (
    ScaffoldError,
    community_keys,
    content_settings,
    create,
    find_original,
    folder_in,
    read_original,
)

NAME_MAX = 60  # characters of the title a new file's name (and so its address) keeps
TRANSLATED_KEYS = ("title", "summary", "image_alt", "image_caption", "author")
NO_LATIN = (
    "the file's name and the page's address are made of the title's Latin letters (a-z)"
    " and digits, and this title has none (give the title in Latin letters, in English"
    " say; then, in the file, write this title over it: the address stays as it was)"
)


def new_story(
    content: Path, title: str, communities: list[str], now: datetime, lang: str | None = None
) -> Path:
    """A draft story dated today, named YYYY-MM-DD-slug.md (YYYY-MM-DD-slug.es.md in Spanish)."""
    settings = content_settings(content)
    _check_communities(content, communities, _languages(settings))
    today = _local(settings, now)
    slug = _slug(title, "story") + _suffix(settings, lang)
    own = _taken_address(content / "stories", slug, f"{today:%Y-%m-%d}", _languages(settings))
    words = placeholders.story_words(lang or _languages(settings)[0])
    lines = [
        "---",
        f"title: {_quote(title)}",
        *([f"slug: {_slug_text(own)}  # the address its title gives is taken"] if own else []),
        f"date: {today:%Y-%m-%d}",
        f"summary: {words.summary}",
        f"communities: [{', '.join(communities)}]",
        "draft: true  # delete this line when the story is ready to publish",
        "---",
        "",
        words.opening,
        "",
        words.heading,
        "",
        words.link_tip,
        "",
    ]
    return create(folder_in(content, "stories") / f"{today:%Y-%m-%d}-{slug}.md", lines)


def translate_story(content: Path, original: str, lang: str | None = None) -> Path:
    """A draft translation beside `original`, with its fields and its text to translate.

    The date, communities, image and slug are the original's, so the two stay
    paired; the title, summary, alt text and body are copied for the
    translator to write over.
    """
    settings = content_settings(content)
    source, kind = find_original(content, original)
    doc = read_original(source)
    stem, own = split_language(source.name, _languages(settings))
    folder = folder_in(content, kind)
    untranslated = [
        other
        for other in _languages(settings)
        if not (folder / f"{stem}{_suffix(settings, other)}.md").exists()
    ]
    target = _target_language(_languages(settings), own, lang, untranslated)
    lines = ["---", *_front_matter(doc.meta), "draft: true  # delete when the translation is ready"]
    lines += ["---", "", doc.body.strip(), ""]
    left = [other for other in untranslated if other not in (own, target)]
    other = f"another language with --lang {left[0]}" if left else ""  # none: say nothing
    return create(folder / f"{stem}{_suffix(settings, target)}.md", lines, other)


def _front_matter(meta: dict) -> list[str]:
    """The original's fields, those to translate marked so."""
    lines = []
    for key, value in meta.items():
        if key in ("draft", "translation"):
            continue
        note = "  # translate" if key in TRANSLATED_KEYS else ""
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False, default=str)}{note}")
    return lines


def _languages(settings: Settings) -> tuple[str, ...]:
    return settings.languages or (settings.language,)


def _target_language(
    languages: tuple[str, ...], own: str, lang: str | None, untranslated: list[str]
) -> str:
    """The translation's language: `lang`, else the site's other language when it has just
    one (with three, picking the first wrote Spanish for a Vietnamese translator). The
    one suggested is the first not translated yet."""
    others = [other for other in languages if other != own]
    if lang is None and not others:
        example = f"languages: [{own}, {'en' if own == 'es' else 'es'}]"
        message = f"--translate: this site has one language, {own}"
        raise ScaffoldError(f"{message} (add the translation's to site.yaml first: {example})")
    if lang is None and len(others) > 1:
        suggested = next((other for other in others if other in untranslated), others[0])
        raise ScaffoldError(
            f"--translate: which language? This site has {', '.join(others)} besides "
            f"{own} (add --lang {suggested}, say)"
        )
    if lang == own:
        default = "the site's default language, " if own == languages[0] else ""
        hint = "add the translation's language to 'languages:' in site.yaml first"
        if others:
            hint = f"a translation is in another of the site's languages: {', '.join(others)}"
        raise ScaffoldError(f"--lang: '{lang}' is {default}the original's own ({hint})")
    return lang or others[0]


def _suffix(settings: Settings, lang: str | None) -> str:
    """`.es` for a Spanish file, `` for the default language's."""
    languages = _languages(settings)
    if lang is None or lang == languages[0]:
        return ""
    if lang not in languages:
        hint = f"site.yaml has: {', '.join(languages)}"
        raise ScaffoldError(f"--lang: '{lang}' is not one of the site's languages ({hint})")
    return f".{lang}"


def new_event(
    content: Path,
    title: str,
    start: str,
    now: datetime,
    notes: list[str] | None = None,
    communities: list[str] | None = None,
) -> Path:
    """An events file holding one event, named after its date and title.

    A start before `now` is allowed (a past event may be worth recording) but
    noted in `notes`: a wrong year is the likelier slip.
    """
    settings = content_settings(content)
    _check_communities(content, communities or [], _languages(settings))
    when = _start(start)
    named = _slug(title, "event")
    day = f"{when:%Y-%m-%d}"
    slug = _taken_address(content / "events", named, day, _languages(settings)) or named
    text_start = start.strip().replace("T", " ")
    lines = [
        f"- title: {_quote(title)}",
        f"  slug: {_slug_text(slug)}  # the event's address: keep it when the date changes",
        f'  start: "{text_start}"',
        f'  # end: "{text_start}"',
        f"  location: {placeholders.EVENT_LOCATION}",
        "  # address: 415 Diamond St., Redondo Beach, CA 90277",
        f"  communities: [{', '.join(communities)}]" if communities else "  # communities: [surf]",
        "  # repeat: {every: month, on: first tuesday}  # see the README's 'Events that repeat'",
        "  description: |",
        f"    {placeholders.EVENT_DESCRIPTION}",
        "",
    ]
    path = create(folder_in(content, "events") / f"{when:%Y-%m-%d}-{named}.yaml", lines)
    if notes is not None and _before(when, _local(settings, now)):
        today = f"{_local(settings, now):%Y-%m-%d %H:%M}"
        message = f"--start: {text_start} is in the past (it is now {today})"
        notes.append(f"{message}: the event will be listed among past events; is the year right?")
    return path


def _taken_address(folder: Path, slug: str, day: str, languages: tuple[str, ...]) -> str | None:
    """`slug` and the date, when the site keeps the address `slug` gives for itself (a
    story called "ES", an event called "Past") or another file of the folder already has
    it (by its file name or its `slug:` line): the new file would fail the build at once.
    Monthly events and yearly stories share their titles."""
    bare = slug.split(".")[0]  # `x.es`: the Spanish story `x`, at /es/stories/x/
    if bare in taken(folder.name, languages):
        return f"{bare}-{day}"
    pattern = re.compile(rf"^\s*-?\s*slug:\s*['\"]?{re.escape(bare)}['\"]?\s*(#.*)?$", re.M)
    for path in sorted(folder.glob("*")) if folder.is_dir() else ():
        if folder.name == "stories" and path.name[11:] == f"{slug}.md" and path.name[:10] != day:
            return f"{bare}-{day}"
        with contextlib.suppress(OSError, UnicodeDecodeError):
            # Only plain files, as the build reads: a named pipe would wait for ever, and
            # a link to /dev/zero would never end.
            if path.is_file() and pattern.search(path.read_text(encoding="utf-8")):
                return f"{bare}-{day}"
    return None


def _start(start: str) -> date | datetime:
    """`--start` as a date or a naive datetime in the site's time zone."""
    when = parse_when(start)
    if when is None:
        raise ScaffoldError(f"--start: expected a date like 2026-12-05 09:00, got {start!r}")
    if year_problem(when):
        raise ScaffoldError(f"--start: {year_problem(when)} ({YEAR_HINT})")
    return when


def _before(when: date | datetime, now: datetime) -> bool:
    """True when `when` is over: an all-day date only once its day has passed."""
    now = now.replace(tzinfo=None)
    return when < now if isinstance(when, datetime) else when < now.date()


def _slug(title: str, kind: str) -> str:
    """The file's slug; checking the title here keeps control characters out of the file."""
    problem = text_problem(title)
    if problem:
        raise ScaffoldError(f"the title {problem} ({text_hint(problem)})")
    if not title.strip():
        raise ScaffoldError(
            f'the title is empty (give it in quotes: new {kind} "Coffee with a Cop")'
        )
    slug = slugify(title)
    if not slug:  # Arabic, Hebrew, Cyrillic, emoji: letters, but none that a slug keeps
        raise ScaffoldError(NO_LATIN)
    return shortened(slug, NAME_MAX)  # the title in the front matter stays whole


def _quote(text: str) -> str:
    """A YAML string that survives colons, quotes and leading symbols in titles."""
    return json.dumps(text, ensure_ascii=False)


def _slug_text(slug: str) -> str:
    """A slug as YAML reads it back: bare, unless YAML would take it for something else
    (`yes`, `off`, `null`, `2026`, `0x1f`: the event "Yes" wrote `slug: yes`, and the
    build refused it as a yes-or-no value; review find)."""
    return slug if isinstance(yamlsrc.load(slug), str) else _quote(slug)


def _local(settings: Settings, now: datetime) -> datetime:
    if now.tzinfo is None:
        return now
    return now.astimezone(settings.timezone)


def _check_communities(content: Path, keys: list[str], languages: tuple[str, ...]) -> None:
    """Each `--community` key is in communities.yaml (read only when one is given)."""
    if not keys:
        return
    known = community_keys(content, languages)
    for key in keys:
        if key not in known:
            hint = did_you_mean(key, known) or COMMUNITY_HINT
            raise ScaffoldError(f"--community: unknown community '{key}' ({hint})")
