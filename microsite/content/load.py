"""Reading `content/` into a validated `Site`, or failing with every problem found.

Loading runs in two passes. The first reads every file's front matter, which
fixes each story's and page's URL; only then can the second pass convert
Markdown, because a story may link to any other file by its path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property, partial
from pathlib import Path

from microsite.content.config import load_communities, load_settings
from microsite.content.documents import Header, Rules, parse_document
from microsite.content.events import EventRules, parse_events
from microsite.content.reading import display_path, outside, read_text
from microsite.errors import BuildFailed, ContentError
from microsite.markdown.convert import Markup, summary_of
from microsite.model import Event, Page, Settings, Site, Story
from microsite.output import stamp
from microsite.speed import parallel
from microsite.speed.diskcache import digest_of
from microsite.speed.memo import NO_MEMO, Memo


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
    rules = Rules(settings.timezone, keys, media)
    headers = _read_documents(content, rules, memo, problems)
    reasons = {h.rel: h.unpublished_reason(now) for h in headers}
    published = [h for h in headers if drafts or not reasons[h.rel]]
    markup = Markup(
        {h.rel: h.site_path for h in published},
        media,
        {rel: why for rel, why in reasons.items() if why and not drafts},
        memo,
    )
    # Events are read here while helper processes convert the stories.
    events = markup.prefetch(
        [(h.body, h.source, h.kind, h.body_line) for h in published],
        partial(_read_events, content, settings, keys, markup, problems),
    )
    done = [_finished(h, settings, markup, reasons[h.rel], memo, problems) for h in published]
    stories = [item for item in done if isinstance(item, Story)]
    pages = [item for item in done if isinstance(item, Page)]
    _check_unique(headers, events, problems)
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
    if outside(folder, folder.parent, problems):
        return []
    try:
        with os.scandir(folder) as listing:  # says which entries are folders without a stat each
            entries = sorted((e.name, e.is_dir(), e.is_symlink()) for e in listing)
    except (FileNotFoundError, NotADirectoryError):
        return []
    files = []
    for name, is_folder, is_link in entries:
        if name.startswith(".") or is_folder:
            continue
        path = folder / name
        if is_link and outside(path, folder.parent, problems):
            continue
        if path.suffix in suffixes:
            files.append(path)
        else:
            hint = f"rename it to end in {suffixes[0]} if it is content"
            problems.append(
                ContentError(display_path(path), 1, "ignored: not a content file", hint, True)
            )
    return files


@dataclass(frozen=True)
class _File:
    """A story or page file as found on disk."""

    kind: str
    path: Path
    shown: str  # as the PIO's editor names it
    where: tuple[object, ...]  # its name, size, time and inode, and the rules' digest

    @cached_property
    def stable(self) -> str:
        """`where` as the disk cache names it: the same in every run."""
        return digest_of(self.where)


def _read_documents(
    content: Path, rules: Rules, memo: Memo, problems: list[ContentError]
) -> list[Header]:
    """Every story's and page's header, in file order.

    A file whose size, time and inode are as they were is not read again: its
    header (and its problems) come from the memo or, for a clean header, from
    the disk cache. The rest are read and parsed on every core.
    """
    # A set's order differs between runs; a digest must not.
    ruled = digest_of((rules.tz.key, rules.communities, tuple(sorted(rules.media))))
    files = []
    for kind in ("stories", "pages"):
        folder = display_path(content / kind)
        for path in _files(content / kind, (".md", ".markdown"), problems):
            shown = f"{folder}/{path.name}"
            files.append(_File(kind, path, shown, (kind, shown, stamp(path), ruled)))
    known = [_unchanged(file, memo) for file in files]
    missing = [index for index, entry in enumerate(known) if entry is None]
    results, _ = parallel.map_shared(_read_document, (files, rules), missing)
    for index, result in zip(missing, results, strict=True):
        known[index] = result
        memo.put(("file", files[index].where), result)
        header, found = result
        if memo.disk and header is not None and not found:  # only clean headers are kept
            memo.disk.put(files[index].stable, header)
    headers = []
    for entry in known:
        assert entry is not None
        header, found = entry
        problems.extend(found)
        if header is not None:
            headers.append(header)
    return headers


Parsed = tuple[Header | None, list[ContentError]]


def _unchanged(file: _File, memo: Memo) -> Parsed | None:
    """What the file gave last time, if it is as it was; None when it must be read."""
    key = ("file", file.where)
    if memo.known(key):
        return memo.get(key, lambda: None)
    stored = memo.disk.get(file.stable) if memo.disk else None
    if isinstance(stored, Header):
        memo.put(key, (stored, []))
        return stored, []
    return None


def _read_document(shared: tuple[list[_File], Rules], index: int) -> Parsed:
    """Read and parse one file (in a helper process, when there are many)."""
    files, rules = shared
    file = files[index]
    found: list[ContentError] = []
    text = read_text(file.path, found)
    if text is None:
        return None, found
    return parse_document(file.kind, file.path.name, file.shown, text, rules, found), found


def _body(header: Header, markup: Markup, problems: list[ContentError]) -> str:
    return markup.convert(
        header.body,
        path=header.source,
        folder=header.kind,
        first_line=header.body_line,
        problems=problems,
    )


def _finished(
    header: Header,
    settings: Settings,
    markup: Markup,
    why: str,
    memo: Memo,
    problems: list[ContentError],
) -> Story | Page:
    """The story or page a header and its converted body make.

    The same inputs give back the very same object, so later comparisons
    (which pages changed?) are by identity.
    """
    body = _body(header, markup, problems)
    if header.kind == "stories":
        key = ("story", header, body, why, settings)
        return memo.get(key, partial(_story, header, settings, body, why))
    return memo.get(("page", header, body, why), partial(_page, header, body, why))


def _story(header: Header, settings: Settings, body: str, reason: str) -> Story:
    return Story(
        slug=header.slug,
        title=header.title,
        date=header.date or datetime.min.replace(tzinfo=settings.timezone),
        summary=header.summary or summary_of(body),
        body_html=body,
        source=header.source,
        communities=header.communities,
        author=header.author or settings.department,
        image=header.image,
        image_alt=header.image_alt,
        updated=header.updated,
        draft=bool(reason),
    )


def _page(header: Header, body: str, reason: str) -> Page:
    return Page(
        slug=header.slug,
        title=header.title,
        summary=header.summary or summary_of(body),
        body_html=body,
        source=header.source,
        nav=header.nav,
        updated=header.updated,
        draft=bool(reason),
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
    headers: list[Header], events: list[tuple[Event, int]], problems: list[ContentError]
) -> None:
    """Two files claiming one URL would silently overwrite each other."""
    seen: dict[str, str] = {}
    places = [(h.site_path, h.source, h.slug_line) for h in headers]
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
