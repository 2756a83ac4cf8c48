"""Reading `content/` into a validated `Site`, or failing with every problem found.

Loading runs in two passes. The first reads every file's front matter, which
fixes each story's and page's URL; only then can the second pass convert
Markdown, because a story may link to any other file by its path.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from . import frontmatter
from .config import load_communities, load_settings
from .errors import BuildFailed, ContentError
from .events import COMMUNITY_HINT, EventRules, parse_events
from .fields import SLUG_RE, Fields, slugify
from .markup import Markup, summary_of
from .memo import NO_MEMO, Memo
from .model import Event, Page, Settings, Site, Story
from .reading import display_path, read_text

STORY_KEYS = (
    "title", "date", "summary", "communities", "author", "image", "image_alt",
    "updated", "draft", "slug",
)  # fmt: skip
PAGE_KEYS = ("title", "summary", "nav", "updated", "draft", "slug")
RESERVED_SLUGS = frozenset({"stories", "events", "communities", "media", "static", "404"})


@dataclass
class _Source:
    """One Markdown file between the two passes."""

    kind: str  # "stories" or "pages"
    rel: str  # path inside content/, e.g. "stories/2026-08-02-surf.md"
    doc: frontmatter.Document
    fields: Fields
    slug: str
    published: bool
    reason: str = ""  # why it is not published

    @property
    def site_path(self) -> str:
        return f"/stories/{self.slug}/" if self.kind == "stories" else f"/{self.slug}/"


def load_site(
    content: Path, *, now: datetime, drafts: bool = False, memo: Memo = NO_MEMO
) -> tuple[Site, list[ContentError]]:
    """The validated site and its warnings; raises BuildFailed listing every error.

    With a `Memo` kept between calls, files and Markdown that did not change are
    not parsed again: that is what makes the preview's rebuild fast.
    """
    problems: list[ContentError] = []
    settings = load_settings(content / "site.yaml", problems)
    now = now if now.tzinfo else now.replace(tzinfo=settings.timezone)
    communities = load_communities(content / "communities.yaml", problems)
    keys = tuple(c.key for c in communities)
    media = _scan_media(content / "media", problems)
    sources = _read_sources(content, settings, now, drafts, memo, problems)
    markup = Markup(
        {s.rel: s.site_path for s in sources if s.published},
        media,
        {s.rel: s.reason for s in sources if not s.published},
        memo,
    )
    published = [s for s in sources if s.published]
    stories = [_story(s, settings, keys, markup) for s in published if s.kind == "stories"]
    pages = [_page(s, settings, markup) for s in published if s.kind == "pages"]
    events = _read_events(content, settings, keys, markup, problems)
    _check_unique(sources, events, problems)
    if any(not p.warning for p in problems):
        raise BuildFailed(problems)
    site = Site(
        settings=settings,
        now=now,
        communities=communities,
        stories=tuple(sorted(stories, key=lambda s: (s.date, s.slug), reverse=True)),
        events=tuple(sorted((e for e, _ in events), key=lambda e: (e.starts_at, e.slug))),
        pages=tuple(sorted(pages, key=lambda p: p.slug)),
        media=tuple(sorted(media)),
    )
    return site, sorted(problems)


def _scan_media(folder: Path, problems: list[ContentError]) -> frozenset[str]:
    """Every publishable file under media/, as its /media/ path."""
    if not folder.is_dir():
        return frozenset()
    found = set()
    root = folder.resolve()
    for path in folder.rglob("*"):
        if path.name.startswith(".") or path.is_dir():
            continue
        if not path.resolve().is_relative_to(root):
            problems.append(
                ContentError(display_path(path), 1, "this link points outside content/media/")
            )
            continue
        found.add("/media/" + path.relative_to(folder).as_posix())
    return frozenset(found)


def _files(folder: Path, suffixes: tuple[str, ...], problems: list[ContentError]) -> list[Path]:
    """The content files of one folder, warning about files that will be ignored."""
    if not folder.is_dir():
        return []
    files = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix in suffixes:
            files.append(path)
        else:
            hint = f"rename it to end in {suffixes[0]} if it is content"
            problems.append(
                ContentError(display_path(path), 1, "ignored: not a content file", hint, True)
            )
    return files


def _read_sources(
    content: Path,
    settings: Settings,
    now: datetime,
    drafts: bool,
    memo: Memo,
    problems: list[ContentError],
) -> list[_Source]:
    sources = []
    for kind, keys in (("stories", STORY_KEYS), ("pages", PAGE_KEYS)):
        for path in _files(content / kind, (".md", ".markdown"), problems):
            shown = display_path(path)
            text = read_text(path, problems, memo)
            if text is None:
                continue
            key = ("front matter", shown, text)
            doc = memo.collect(key, partial(frontmatter.split, text, shown), problems)
            if doc is None:
                continue
            fields = Fields(doc.meta, shown, problems, keys)
            source = _Source(
                kind, f"{kind}/{path.name}", doc, fields, _slug(kind, path, fields), True
            )
            _decide_publishing(source, settings, now, drafts)
            sources.append(source)
    return sources


def _slug(kind: str, path: Path, fields: Fields) -> str:
    """The slug from front matter, else from the file name without its date."""
    stem = path.stem
    if kind == "stories" and len(stem) > 11 and stem[:10].count("-") == 2 and stem[10] == "-":
        stem = stem[11:]
    if "slug" not in fields.data and not SLUG_RE.match(stem):
        good = slugify(stem)
        fields.problems.append(
            ContentError(
                fields.path,
                1,
                f"the file name gives the slug '{stem}', which is not valid in a web address",
                f"rename the file to use '{good}' or add 'slug: {good}'",
            )
        )
    slug = fields.slug("slug", stem)
    if kind == "pages" and slug in RESERVED_SLUGS:
        fields.error(
            "slug", f"the page slug '{slug}' is taken by the site itself", "pick another slug"
        )
    return slug


def _decide_publishing(source: _Source, settings: Settings, now: datetime, drafts: bool) -> None:
    fields = source.fields
    if fields.flag("draft"):
        source.reason = "it is a draft"
    elif source.kind == "stories":
        date = fields.moment("date", settings.timezone)
        if date is not None and date > now:
            source.reason = f"it is scheduled for {date:%Y-%m-%d %H:%M}"
    source.published = drafts or not source.reason


def _body(source: _Source, markup: Markup) -> str:
    return markup.convert(
        source.doc.body,
        path=source.fields.path,
        folder=posixpath.dirname(source.rel),
        first_line=source.doc.body_line,
        problems=source.fields.problems,
    )


def _story(
    source: _Source, settings: Settings, communities: tuple[str, ...], markup: Markup
) -> Story:
    fields, tz = source.fields, settings.timezone
    body = _body(source, markup)
    return Story(
        slug=source.slug,
        title=fields.text("title", required=True) or "",
        date=fields.moment("date", tz, required=True) or datetime.min.replace(tzinfo=tz),
        summary=fields.text("summary") or summary_of(body),
        body_html=body,
        source=fields.path,
        communities=fields.choices("communities", communities, COMMUNITY_HINT),
        author=fields.text("author") or settings.department,
        image=_image(fields, markup),
        image_alt=fields.text("image_alt"),
        updated=fields.moment("updated", tz),
        draft=bool(source.reason),
    )


def _image(fields: Fields, markup: Markup) -> str | None:
    image = fields.text("image")
    if image is None:
        return None
    if image not in markup.media:
        hint = "image paths look like /media/band.png, for a file in content/media/"
        fields.error("image", f"image: '{image}' does not exist", hint)
    if fields.text("image_alt") is None:
        fields.error("image", "image: needs image_alt", "add 'image_alt: what the picture shows'")
    return image


def _page(source: _Source, settings: Settings, markup: Markup) -> Page:
    fields = source.fields
    body = _body(source, markup)
    return Page(
        slug=source.slug,
        title=fields.text("title", required=True) or "",
        summary=fields.text("summary") or summary_of(body),
        body_html=body,
        source=fields.path,
        nav=fields.number("nav"),
        updated=fields.moment("updated", settings.timezone),
        draft=bool(source.reason),
    )


def _read_events(
    content: Path,
    settings: Settings,
    communities: tuple[str, ...],
    markup: Markup,
    problems: list[ContentError],
) -> list[tuple[Event, int]]:
    events = []
    for path in _files(content / "events", (".yaml", ".yml"), problems):
        shown = display_path(path)
        text = read_text(path, problems, markup.memo)
        if text is None:
            continue

        def describe(markdown: str, line: int, shown: str = shown) -> str:
            return markup.convert(
                markdown, path=shown, folder="events", first_line=line, problems=problems
            )

        rules = EventRules(settings.timezone, communities, describe)
        key = ("events", shown, text, settings.timezone, communities, markup.key)
        events.extend(markup.memo.collect(key, partial(parse_events, text, shown, rules), problems))
    return events


def _check_unique(
    sources: list[_Source], events: list[tuple[Event, int]], problems: list[ContentError]
) -> None:
    """Two files claiming one URL would silently overwrite each other."""
    seen: dict[str, str] = {}
    places = [(s.site_path, s.fields.path, s.fields.line("slug")) for s in sources]
    places += [(e.path, e.source, line) for e, line in events]
    for site_path, path, line in places:
        if site_path in seen:
            problems.append(
                ContentError(
                    path,
                    line,
                    f"the address {site_path} is already used by {seen[site_path]}",
                    "give one of them a different 'slug:'",
                )
            )
        else:
            seen[site_path] = f"{path}:{line}"
