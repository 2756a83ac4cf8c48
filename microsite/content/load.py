"""Reading `content/` into a validated `Site`, or failing with every problem found.

Loading runs in two passes. The first reads every file's front matter, which
fixes each story's and page's URL; only then can the second pass convert
Markdown, because a story may link to any other file by its path. Reading
and converting are handed to `Stages` (see `microsite/stages.py`): one
frozen value in, one result out, however the stage chooses to do the work.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from microsite.content.config import load_communities, load_settings
from microsite.content.documents import Header, Rules, parse_document
from microsite.content.events import EventRules, ParsedEvent, parse_events
from microsite.content.media import scan_media
from microsite.content.reading import display_path, outside, read_text
from microsite.errors import BuildFailed, ContentError
from microsite.lints.pdf import pdf_lints
from microsite.lints.rules import LintRules
from microsite.markdown.convert import Conversion, Converted, Converter, LinkTable, summary_of
from microsite.model import Event, Page, Settings, Site, Story
from microsite.output import stamp
from microsite.stages import SERIAL, Stages

Convert = Callable[[Conversion], Converted]


def load_site(
    content: Path,
    *,
    now: datetime,
    drafts: bool = False,
    stages: Stages = SERIAL,
    convert: Convert | None = None,
) -> tuple[Site, list[ContentError]]:
    """The validated site and its warnings; raises BuildFailed listing every error."""
    problems: list[ContentError] = []
    settings = load_settings(content / "site.yaml", problems)
    now = now if now.tzinfo else now.replace(tzinfo=settings.timezone)
    communities = load_communities(content / "communities.yaml", problems)
    keys = tuple(c.key for c in communities)
    media = scan_media(content / "media", problems)
    rules = Rules(settings.timezone, keys, media, settings.lints)
    headers = _read_documents(content, rules, stages, problems)
    parsed_events = _read_events(content, EventRules(settings.timezone, keys), problems)
    reasons = {h.rel: h.unpublished_reason(now) for h in headers}
    published = [h for h in headers if drafts or not reasons[h.rel]]
    table = LinkTable(
        {h.rel: h.site_path for h in published},
        media,
        {rel: why for rel, why in reasons.items() if why and not drafts},
    )
    base = settings.base_url
    texts = [_body(h, base, table) for h in published]
    texts += [_description(e, base, table, settings.lints) for e in parsed_events]
    media_folder = content / "media"
    html = _converted([t for t in texts if t is not None], stages, convert, problems, media_folder)
    items = [_finished(h, settings, html[_body(h, base, table)], reasons[h.rel]) for h in published]
    events = [_described(e, html, base, table, settings.lints) for e in parsed_events]
    _check_unique(headers, parsed_events, problems)
    if any(not p.warning for p in problems):
        raise BuildFailed(problems)
    site = Site(
        settings=settings,
        now=now,
        communities=communities,
        stories=tuple(sorted(_only(items, Story), key=lambda s: (s.date, s.slug), reverse=True)),
        events=tuple(sorted(events, key=lambda e: (e.starts_at, e.slug))),
        pages=tuple(sorted(_only(items, Page), key=lambda p: p.slug)),
        media=tuple(sorted(media)),
    )
    return site, sorted(problems)


def _converted(
    texts: list[Conversion],
    stages: Stages,
    convert: Convert | None,
    problems: list[ContentError],
    media: Path,
) -> dict[Conversion, str]:
    """Every Markdown text of the site converted, in one batch: each text's safe HTML.
    Its problems and writing lints join `problems`, with the lint of the PDFs it links."""
    done = stages.convert(convert or Converter(), texts)
    for result in done:
        problems.extend(result.problems + result.lints)
    problems.extend(pdf_lints(texts, done, media))
    return dict(zip(texts, (result.html for result in done), strict=True))


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
class DocumentFile:
    """A story or page file as found on disk: everything its header depends on.

    Its size, time and inode stand for its text: a file that was saved is a
    different value, so a stage that remembers headers by this value never
    hands back a stale one.
    """

    kind: str
    path: str
    shown: str  # as the PIO's editor names it
    stamp: tuple[int, int, int] | None
    rules: Rules


def _read_documents(
    content: Path, rules: Rules, stages: Stages, problems: list[ContentError]
) -> list[Header]:
    """Every story's and page's header, in file order."""
    files = []
    for kind in ("stories", "pages"):
        folder = display_path(content / kind)
        for path in _files(content / kind, (".md", ".markdown"), problems):
            shown = f"{folder}/{path.name}"
            files.append(DocumentFile(kind, str(path), shown, stamp(path), rules))
    headers = []
    for header, found in stages.read(read_document, files):
        problems.extend(found)
        if header is not None:
            headers.append(header)
    return headers


Parsed = tuple[Header | None, tuple[ContentError, ...]]


def read_document(file: DocumentFile) -> Parsed:
    """Read and check one story or page file: its header and the problems found."""
    found: list[ContentError] = []
    text = read_text(Path(file.path), found)
    if text is None:
        return None, tuple(found)
    name = os.path.basename(file.path)
    header = parse_document(file.kind, name, file.shown, text, file.rules, found)
    return header, tuple(found)


def _body(header: Header, base: str, table: LinkTable) -> Conversion:
    return Conversion(
        header.body, header.source, header.kind, header.body_line, base, table, header.lints
    )


def _description(
    parsed: ParsedEvent, base: str, table: LinkTable, lints: LintRules
) -> Conversion | None:
    if parsed.description is None:
        return None
    text, line = parsed.description, parsed.description_line
    return Conversion(text, parsed.event.source, "events", line, base, table, lints)


def _described(
    parsed: ParsedEvent,
    html: dict[Conversion, str],
    base: str,
    table: LinkTable,
    lints: LintRules,
) -> Event:
    request = _description(parsed, base, table, lints)
    if request is None:
        return parsed.event
    return replace(parsed.event, description_html=html[request])


def _only(items: Sequence[Story | Page], kind: type) -> list:
    return [item for item in items if isinstance(item, kind)]


def _finished(header: Header, settings: Settings, body: str, why: str) -> Story | Page:
    """The story or page a header and its converted body make."""
    if header.kind == "stories":
        return _story(header, settings, body, why)
    return _page(header, body, why)


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
        featured=header.featured,
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
    content: Path, rules: EventRules, problems: list[ContentError]
) -> list[ParsedEvent]:
    events = []
    for path in _files(content / "events", (".yaml", ".yml"), problems):
        text = read_text(path, problems)
        if text is not None:
            events.extend(parse_events(text, display_path(path), rules, problems))
    return events


def _check_unique(
    headers: list[Header], events: list[ParsedEvent], problems: list[ContentError]
) -> None:
    """Two files claiming one URL would silently overwrite each other."""
    seen: dict[str, str] = {}
    places = [(h.site_path, h.source, h.slug_line) for h in headers]
    places += [(e.event.path, e.event.source, e.line) for e in events]
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
