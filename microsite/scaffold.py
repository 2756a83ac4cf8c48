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
from microsite.content.reading import display_path, read_text
from microsite.content.slugs import shortened
from microsite.errors import ContentError, did_you_mean
from microsite.model import Settings

NAME_MAX = 60  # characters of the title a new file's name (and so its address) keeps
TRANSLATED_KEYS = ("title", "summary", "image_alt", "author")
KINDS = ("stories", "pages")  # the folders whose files `--translate` may translate
NO_CONTENT = "no content folder here: {} (run this from your site's folder, or give --content)"
ONLY_CONTENT = "only a story or page in {}/stories/ or {}/pages/ can be translated"


class ScaffoldError(Exception):
    """The file cannot be made as asked; the message says why."""


def new_story(
    content: Path, title: str, communities: list[str], now: datetime, lang: str | None = None
) -> Path:
    """A draft story dated today, named YYYY-MM-DD-slug.md (YYYY-MM-DD-slug.es.md in Spanish)."""
    settings = _site(content)
    _check_communities(content, communities)
    today = _local(settings, now)
    slug = _slug(title) + _suffix(settings, lang)
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
    return _create(_folder(content, "stories") / f"{today:%Y-%m-%d}-{slug}.md", lines)


def translate_story(content: Path, original: str, lang: str | None = None) -> Path:
    """A draft translation beside `original`, with its fields and its text to translate.

    The date, communities, image and slug are the original's, so the two stay
    paired; the title, summary, alt text and body are copied for the
    translator to write over.
    """
    settings = _site(content)
    source, kind = _find_original(content, original)
    doc = frontmatter.split(_read(source), display_path(source), problems := [])
    if doc is None:
        raise ScaffoldError(str(problems[0]) if problems else f"{source}: unreadable")
    languages = _languages(settings)
    lang = lang or (languages[1] if len(languages) > 1 else "")
    suffix = _suffix(settings, lang)
    if not suffix:
        raise ScaffoldError("--translate: add the language to 'languages:' in site.yaml first")
    stem, _ = split_language(source.name, languages)
    lines = ["---", *_front_matter(doc.meta), "draft: true  # delete when the translation is ready"]
    lines += ["---", "", doc.body.strip(), ""]
    return _create(_folder(content, kind) / f"{stem}{suffix}.md", lines)


def _front_matter(meta: dict) -> list[str]:
    """The original's fields, those to translate marked so."""
    lines = []
    for key, value in meta.items():
        if key in ("draft", "translation"):
            continue
        note = "  # translate" if key in TRANSLATED_KEYS else ""
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False, default=str)}{note}")
    return lines


def _find_original(content: Path, name: str) -> tuple[Path, str]:
    """The story or page `name` names, and its folder (`stories` or `pages`).

    The content folder is looked in first, so a bare file name finds the story
    even when a file of that name lies in the working directory too.
    """
    places = (content / "stories" / name, content / "pages" / name, content / name, Path(name))
    path = next((place for place in places if place.exists()), None)
    if path is None:
        where = f"give a file in {display_path(content)}/stories/ or {display_path(content)}/pages/"
        raise ScaffoldError(f"--translate: no story or page named {name!r} ({where})")
    if path.is_dir():
        shown = display_path(path)
        raise ScaffoldError(f"--translate: {shown} is a folder (give one story or page file in it)")
    return path, _kind_of(content, path)


def _kind_of(content: Path, path: Path) -> str:
    """`stories` or `pages`: the folder the original is in, links followed.

    Anything else is refused: a translation is written beside its original, so
    a file outside content/ would put one there (`./notes.es.md`), and reading
    `/etc/passwd` would copy it into the site.
    """
    shown, top = display_path(path), display_path(content)
    only = ONLY_CONTENT.format(top, top)
    if not path.resolve().is_relative_to(content.resolve()):
        what = "is a link that leads" if path.is_symlink() else "is"
        raise ScaffoldError(f"--translate: {shown} {what} outside {top}/ ({only})")
    folder = path.absolute().parent.resolve()
    kind = next((kind for kind in KINDS if folder == (content / kind).resolve()), None)
    if kind is None or not path.is_file() or path.suffix not in (".md", ".markdown"):
        raise ScaffoldError(f"--translate: {shown} is not a story or page ({only})")
    return kind


def _read(path: Path) -> str:
    """The original's text, read as the build reads it: UTF-8, with or without a BOM."""
    problems: list[ContentError] = []
    try:
        text = read_text(path, problems)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if text is None:
        raise ScaffoldError(str(problems[0]))
    return text


def _site(content: Path) -> Settings:
    """site.yaml's settings, from a folder that must be a content folder already.

    `new` makes stories/ or events/ in it, never the folder itself: a typo in
    `--content`, or running from the wrong folder, would otherwise start a
    second site nobody builds.
    """
    shown = display_path(content)
    if not content.exists():
        raise ScaffoldError(NO_CONTENT.format(f"{shown} does not exist"))
    if not content.is_dir():
        raise ScaffoldError(NO_CONTENT.format(f"{shown} is not a folder"))
    if not (content / "site.yaml").is_file():
        raise ScaffoldError(NO_CONTENT.format(f"{shown} has no site.yaml"))
    try:
        return load_settings(content / "site.yaml", [])
    except OSError as exc:
        raise _unreadable(content / "site.yaml", exc) from None


def _unreadable(path: Path, exc: OSError) -> ScaffoldError:
    """The message for a file the system will not let us read (its permissions, say)."""
    return ScaffoldError(f"{display_path(path)}: cannot be read ({exc.strerror or exc})")


def _languages(settings: Settings) -> tuple[str, ...]:
    return settings.languages or (settings.language,)


def _suffix(settings: Settings, lang: str | None) -> str:
    """`.es` for a Spanish file, `` for the default language's."""
    languages = _languages(settings)
    if lang is None or lang == languages[0]:
        return ""
    if lang not in languages:
        hint = f"site.yaml has: {', '.join(languages)}"
        raise ScaffoldError(f"--lang: '{lang}' is not one of the site's languages ({hint})")
    return f".{lang}"


def new_event(content: Path, title: str, start: str, now: datetime) -> Path:
    """An events file holding one event, named after its date and title."""
    _site(content)
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
    name = f"{when:%Y-%m-%d}-{_slug(title)}.yaml"
    return _create(_folder(content, "events") / name, lines)


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


def _local(settings: Settings, now: datetime) -> datetime:
    if now.tzinfo is None:
        return now
    return now.astimezone(settings.timezone)


def _check_communities(content: Path, keys: list[str]) -> None:
    path = content / "communities.yaml"
    try:
        known = [c.key for c in load_communities(path, [])]
    except OSError as exc:
        raise _unreadable(path, exc) from None
    for key in keys:
        if key not in known:
            hint = did_you_mean(key, known) or COMMUNITY_HINT
            raise ScaffoldError(f"--community: unknown community '{key}' ({hint})")


def _folder(content: Path, name: str) -> Path:
    """`content/<name>`, made when missing; never through a file or out of content/.

    Only the last folder is made: the content folder itself must exist (see `_site`).
    """
    folder = content / name
    shown = display_path(folder)
    try:
        folder.mkdir(exist_ok=True)
    except FileExistsError:  # a file, or a link that leads nowhere, holds the name
        message = f"{shown} is not a folder: it is a file, or a link that leads nowhere"
        raise ScaffoldError(f"{message} (rename it, then run this again)") from None
    except OSError as exc:
        raise ScaffoldError(f"{shown}: cannot make the folder ({exc.strerror})") from None
    if not folder.resolve().is_relative_to(content.resolve()):  # the build would not read it
        message = f"{shown} is a link that leads outside {display_path(content)}/"
        hint = f"make it a real folder inside {display_path(content)}/"
        raise ScaffoldError(f"{message}, and the build reads nothing there ({hint})")
    return folder


def _create(path: Path, lines: list[str]) -> Path:
    """Write a new file; one already there (a link too, even to nowhere) is left alone."""
    try:
        file = path.open("x", encoding="utf-8")
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists; nothing was changed") from None
    except OSError as exc:
        raise ScaffoldError(f"{path}: cannot be written ({exc.strerror})") from None
    with file:
        try:
            file.write("\n".join(lines))
        except OSError as exc:  # a full disk: no half-written file left behind
            path.unlink(missing_ok=True)
            raise ScaffoldError(f"{path}: cannot be written ({exc.strerror})") from None
    return path
