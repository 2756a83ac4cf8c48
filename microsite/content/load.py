"""Reading `content/` into a validated `Site`, or failing with every problem found.

Loading runs in two passes. The first reads every file's front matter, which
fixes each story's and page's URL; only then can the second pass convert
Markdown, because a story may link to any other file by its path. Reading
and converting are handed to `Stages` (see `microsite/stages.py`): one
frozen value in, one result out, however the stage chooses to do the work.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from microsite.clutter import left_by_the_system
from microsite.content.config import PLACEHOLDER, load_communities, load_settings
from microsite.content.documents import Header, Rules, parse_document
from microsite.content.events import EventRules, ParsedEvent, parse_events
from microsite.content.featured import check_featured
from microsite.content.held import Held, links_to_held
from microsite.content.media import scan_media
from microsite.content.pictures import read_pictures
from microsite.content.reading import (
    display_path,
    link_kind,
    not_plain,
    outside,
    read_text,
    unreadable,
)
from microsite.content.translations import (
    check_translations,
    link_tables,
    versions_of_originals,
)
from microsite.content.urls import Sides
from microsite.errors import BuildFailed, ContentError, did_you_mean
from microsite.images.markup import in_text
from microsite.images.source import Source
from microsite.lints.pdf import pdf_lints
from microsite.lints.rules import LintRules, for_document
from microsite.markdown.conversion import Conversion, Converted, LinkTable, lines_apart, summary_of
from microsite.model import Event, Page, Settings, Site, SiteLink, Story
from microsite.output import Stamp, stamp
from microsite.stages import SERIAL, Stages
from microsite.urls import base_path, language_root, made_from, page_path

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
    if settings is PLACEHOLDER:  # every other file is read by its languages, zone and links:
        raise BuildFailed(problems)  # guessing them would bury its error under dozens more
    languages, tz = settings.languages or (settings.language,), settings.timezone
    # The site's clock reads in the site's zone, however it was given: the same instant
    # as 17:00 UTC or 09:00 Pacific gives the same bytes.
    now = now.astimezone(tz) if now.tzinfo else now.replace(tzinfo=tz)
    communities = load_communities(content / "communities.yaml", problems, languages)
    keys = tuple(c.key for c in communities)
    refused: dict[str, str] = {}  # media files that are not published, and why
    media = scan_media(content / "media", problems, refused)
    pictures = read_pictures(content / "media", media, stages, problems)
    minors = frozenset(c.key for c in communities if c.minors)
    rules = Rules(tz, keys, media, settings.lints, languages, minors)
    event_rules = EventRules(tz, keys, languages, media, settings.lints, minors)
    _stray_files(content, problems)
    broken: list[str] = []  # stories and pages whose header has errors
    headers, parsed_events = _read_files(content, rules, event_rules, stages, problems, broken)
    reasons = {h.rel: h.unpublished_reason(now) for h in headers}
    published = [h for h in headers if drafts or not reasons[h.rel]]
    check_translations(headers, published, reasons, languages[0], problems, minors)
    check_featured(published, problems)
    unpublished = {rel: why for rel, why in reasons.items() if why and not drafts} | refused
    unpublished |= dict.fromkeys(broken, "")  # no reason: its own errors say what is wrong
    tables = link_tables(published, unpublished, media, languages)
    base = settings.base_url
    bodies = [_body(h, base, tables) for h in published]
    texts = [t for e in parsed_events for t in _descriptions(e, base, tables, settings.lints)]
    links: list[SiteLink] = []
    withheld = {h.site_path: unpublished[h.rel] for h in headers if h.rel in unpublished}
    versions = versions_of_originals(published, languages)
    sides = Sides(languages, versions, {h.source: h.site_path for h in published})
    held = Held.of(headers, reasons, languages[0]) if drafts else None  # publicly withheld
    html = _converted(
        bodies + texts, stages, convert, problems, links, withheld, content, sides, held
    )
    prefix = base_path(base)
    items = [
        _finished(h, settings, _shown(html[body], h, pictures, prefix), reasons[h.rel], pictures)
        for h, body in zip(published, bodies, strict=True)
    ]
    valid = [e for e in parsed_events if e.event is not None]
    events = [_described(e, html, base, tables, settings.lints, pictures, prefix) for e in valid]
    _check_unique(headers, valid, languages[0], problems)
    failed = _failed_sources(problems, content)
    if failed:
        roots = tuple(language_root(language, languages[0]) for language in languages)
        links = [k for k in links if k.withheld or not made_from(k.path, failed, roots)]
    site = Site(
        settings=settings,
        now=now,
        communities=communities,
        stories=tuple(sorted(_only(items, Story), key=lambda s: (s.date, s.slug), reverse=True)),
        events=tuple(sorted(events, key=lambda e: (e.starts_at, e.slug))),
        pages=tuple(sorted(_only(items, Page), key=lambda p: p.slug)),
        media=tuple(sorted(media)),
        pictures=tuple(pictures.values()),
        links=tuple(sorted(links)),
    )
    if failed:
        raise Unfinished(problems, site)
    return site, sorted(problems)


class Unfinished(BuildFailed):
    """Content with errors, and the site made of the rest of it.

    The links to site paths are checked only once the pages are planned: that
    site lets a build that failed check them too, so the PIO sees those errors
    with the others, not after fixing them. Its links leave out those that may
    point at a page the files with errors would have made.
    """

    def __init__(self, problems: list[ContentError], site: Site):
        super().__init__(problems)
        self.site = site


def _failed_sources(problems: list[ContentError], content: Path) -> frozenset[str]:
    """The kinds of content (`urls.MADE_FROM`) of the files with errors; `?` for any
    other file, site.yaml among them, whose errors may change every page."""
    errors = {p.path for p in problems if not p.warning}
    if not errors:
        return frozenset()
    places = {display_path(content / name): name for name in KNOWN}
    return frozenset(
        next((name for place, name in places.items() if _within(path, place)), "?")
        for path in errors
    )


def _within(path: str, place: str) -> bool:
    return path == place or path.startswith(place + "/")


def _converted(
    texts: list[Conversion],
    stages: Stages,
    convert: Convert | None,
    problems: list[ContentError],
    links: list[SiteLink],
    withheld: Mapping[str, str],
    content: Path,
    sides: Sides,
    held: Held | None = None,
) -> dict[Conversion, str]:
    """Every Markdown text of the site converted, in one batch: each text's safe HTML.
    Its problems and writing lints join `problems`, with the lint of the PDFs it links;
    its links to site paths join `links`, to be checked once the site's pages are
    planned, each with the reason its page is not published if `withheld` has one.
    A text in one language linking a page of another's side that has a version in its
    own is warned (`Sides.own_side`). With `held` (a build showing drafts), a public text's
    link to a page the public build withholds is warned (`held.py`)."""
    if convert is None:  # the plain core's converter; a build's comes from `pipeline`
        from microsite.markdown.convert import Converter

        convert = Converter()
    done = stages.convert(convert, texts)
    default = sides.languages[0]
    for text, result in zip(texts, done, strict=True):
        problems.extend(result.problems + result.lints)
        if held:
            problems.extend(links_to_held(text, result, held))
        for path, line in result.site_paths:
            why = withheld.get(page_path(path.partition("?")[0]), "")
            links.append(SiteLink(text.source, line, path, why))
            own = sides.own_side(path, text.lang, text.source)
            if own:  # a Spanish text sending readers to the English events page
                message = f"link to '{path}': the page in '{default}', from a text in '{text.lang}'"
                hint = f"its page in '{text.lang}' is '{own}': write that, unless '{path}' is meant"
                problems.append(ContentError(text.source, line, message, hint, True))
    problems.extend(pdf_lints(texts, done, content / "media"))
    return dict(zip(texts, (result.html for result in done), strict=True))


KNOWN = ("site.yaml", "communities.yaml", "stories", "pages", "events", "media")
KNOWN_FOLDERS = tuple(name for name in KNOWN if "." not in name)


def _stray_files(content: Path, problems: list[ContentError]) -> None:
    """A warning for each file or folder directly in content/ that the build does not read:
    a story saved beside stories/, or a folder named `story`, would vanish unsaid."""
    try:
        with os.scandir(content) as listing:
            names = sorted(entry.name for entry in listing)
    except OSError:
        return  # reported where content/ is read
    for name in names:
        if name in KNOWN or left_by_the_system(name) or name.startswith("."):
            continue
        if name.endswith(".md"):
            hint = "move it into content/stories/ (a story) or content/pages/ (a page)"
        elif name.endswith((".yaml", ".yml")):
            hint = "move it into content/events/ if it lists events"
        else:
            hint = did_you_mean(name.lower(), KNOWN_FOLDERS, list_all=False)
            hint = f"{hint} " if hint else ""
            hint += "content/ holds site.yaml, communities.yaml, stories/, pages/, events/, media/"
        message = "ignored: the build reads nothing here"
        problems.append(ContentError(display_path(content / name), 1, message, hint, True))


def _files(folder: Path, suffixes: tuple[str, ...], problems: list[ContentError]) -> list[Path]:
    """The content files of one folder, warning about files that will be ignored."""
    if outside(folder, folder.parent, problems):
        return []
    try:
        with os.scandir(folder) as listing:  # says what each entry is without a stat each
            entries = sorted((e.name, _kind(e)) for e in listing)
    except (FileNotFoundError, NotADirectoryError):
        if folder.is_file():  # `stories` saved as a file: its stories would vanish unsaid
            hint = f"make {folder.name}/ a folder and put its files in it"
            problems.append(ContentError(display_path(folder), 1, "this should be a folder", hint))
        return []
    except OSError as error:  # a folder this user may not read
        problems.append(unreadable(folder, error))
        return []
    files = []
    for name, kind in entries:
        path = folder / name
        if left_by_the_system(name):
            continue
        if kind == "link":  # what it leads to counts, if it leads anywhere inside content/
            kind = link_kind(path, problems)
            if kind is None or outside(path, folder.parent, problems):
                continue
        if kind == "folder":
            hint = f"move its files into {display_path(folder)}/ itself"
            message = f"ignored: files in folders inside {folder.name}/ are not published"
            problems.append(ContentError(display_path(path), 1, message, hint, True))
        elif kind == "file" and path.suffix in suffixes:
            files.append(path)
        elif kind == "file":
            hint = f"rename it to end in {suffixes[0]} if it is content"
            problems.append(
                ContentError(display_path(path), 1, "ignored: not a content file", hint, True)
            )
        elif kind == "other":
            problems.append(not_plain(path))
    return files


def _kind(entry: os.DirEntry) -> str:
    """What an entry is: "file", "folder", "link" (to look at) or "other" (a pipe, a device)."""
    if entry.is_symlink():
        return "link"
    if entry.is_dir(follow_symlinks=False):
        return "folder"
    return "file" if entry.is_file(follow_symlinks=False) else "other"


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
    stamp: Stamp | None
    rules: Rules


def _read_files(
    content: Path,
    rules: Rules,
    event_rules: EventRules,
    stages: Stages,
    problems: list[ContentError],
    broken: list[str],
) -> tuple[list[Header], list[ParsedEvent]]:
    """Every story's and page's header, and every event, in file order: one batch, so
    that a stage may read the events files while it reads the stories. The stories and
    pages whose header has errors join `broken`, by their content-relative names."""
    # Events files first: each is a long read, best started early beside the stories.
    files: list[DocumentFile | EventsFile] = [
        EventsFile(str(path), display_path(path), stamp(path), event_rules)
        for path in _files(content / "events", (".yaml", ".yml"), problems)
    ]
    for kind in ("stories", "pages"):
        folder = display_path(content / kind)
        for path in _files(content / kind, (".md", ".markdown"), problems):
            shown = f"{folder}/{path.name}"
            files.append(DocumentFile(kind, str(path), shown, stamp(path), rules))
    headers: list[Header] = []
    events: list[ParsedEvent] = []
    for file, (read, found) in zip(files, stages.read(read_file, files), strict=True):
        problems.extend(found)
        if isinstance(read, tuple):  # an events file's events
            events.extend(read)
        elif read is not None:
            headers.append(read)
        elif isinstance(file, DocumentFile):  # links to it are not "to no such file"
            broken.append(f"{file.kind}/{Path(file.path).name}")
    return headers, events


def read_file(file: DocumentFile | EventsFile) -> Parsed | ReadEvents:
    """Read and check one content file: a story's or page's header, or an events file's
    events; and the problems found."""
    if isinstance(file, EventsFile):
        return read_events_file(file)
    return read_document(file)


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


Tables = dict[str, LinkTable]  # each language's: see `translations.link_tables`


def _table(tables: Tables, lang: str) -> LinkTable:
    """The language's table; a file in a language the site lacks (an error) gets the default's."""
    return tables.get(lang) or next(iter(tables.values()))


def _body(header: Header, base: str, tables: Tables) -> Conversion:
    table = _table(tables, header.lang)
    return Conversion(
        header.body,
        header.source,
        header.kind,
        header.body_line,
        base,
        table,
        header.lints,
        header.lang,
    )


def _descriptions(
    parsed: ParsedEvent, base: str, tables: Tables, lints: LintRules
) -> list[Conversion]:
    """The event's description in each language it is given in, the default's first;
    each linted in its own language."""
    source, lints_in = parsed.source, partial(for_document, lints, ())
    return [
        Conversion(
            text.text,
            source,
            "events",
            text.lines[0],
            base,
            _table(tables, text.lang),
            lints_in(text.lang),
            text.lang,
            lines_apart(text.lines),
        )
        for text in parsed.descriptions
    ]


def _described(
    parsed: ParsedEvent,
    html: dict[Conversion, str],
    base: str,
    tables: Tables,
    lints: LintRules,
    pictures: dict[str, Source],
    prefix: str,
) -> Event:
    """The event with its picture's facts and its description converted, the description's
    pictures sized like a story's (below the event's facts, so none loads first)."""
    event = parsed.event
    assert event is not None, "only an event without errors is described"
    if event.image in pictures:
        event = replace(event, picture=pictures[event.image])
    converted = [
        (c.lang, in_text(html[c], pictures, prefix, first=False))
        for c in _descriptions(parsed, base, tables, lints)
    ]
    if converted and converted[0][0] == next(iter(tables)):  # the default language's
        event = replace(event, description_html=converted.pop(0)[1])
    others = tuple((lang, "description_html", text) for lang, text in converted)
    return replace(event, translated=event.translated + others) if others else event


def _shown(html: str, header: Header, pictures: dict[str, Source], prefix: str) -> str:
    """The body's HTML with its pictures sized and offered in every size made; the first
    loads at once when nothing comes before it, as on a story without a lead picture."""
    return in_text(html, pictures, prefix, first=header.image is None)


def _only(items: Sequence[Story | Page], kind: type) -> list:
    return [item for item in items if isinstance(item, kind)]


def _finished(
    header: Header, settings: Settings, body: str, why: str, pictures: dict[str, Source]
) -> Story | Page:
    """The story or page a header and its converted body make."""
    if header.kind == "stories":
        return _story(header, settings, body, why, pictures)
    return _page(header, body, why)


def _story(
    header: Header, settings: Settings, body: str, reason: str, pictures: dict[str, Source]
) -> Story:
    return Story(
        slug=header.slug,
        title=header.title,
        date=header.date or datetime.min.replace(tzinfo=settings.timezone),
        summary=header.summary or summary_of(body),
        body_html=body,
        source=header.source,
        communities=header.communities,
        author=header.author or _department(settings, header.lang),
        image=header.image,
        image_alt=header.image_alt,
        image_caption=header.image_caption,
        image_credit=header.image_credit,
        picture=pictures.get(header.image or ""),
        updated=header.updated,
        draft=bool(reason),
        featured=header.featured,
        **_version(header),
    )


def _department(settings: Settings, lang: str) -> str:
    """The department's name in the story's language: the byline of a story with no author."""
    names = [
        text
        for language, name, text in settings.translated
        if (language, name) == (lang, "department")
    ]
    return names[0] if names else settings.department


def _version(header: Header) -> dict[str, Any]:
    """Which language version of which file a story or page is."""
    return {
        "lang": header.lang,
        "root": header.root,
        "document": header.document,
        "machine": header.machine,
    }


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
        **_version(header),
    )


@dataclass(frozen=True)
class EventsFile:
    """An events file as found on disk; as for `DocumentFile`, its stamp stands for its text."""

    path: str
    shown: str
    stamp: Stamp | None
    rules: EventRules


ReadEvents = tuple[tuple[ParsedEvent, ...], tuple[ContentError, ...]]


def read_events_file(file: EventsFile) -> ReadEvents:
    """Read and check one events file: its events and the problems found."""
    found: list[ContentError] = []
    text = read_text(Path(file.path), found)
    if text is None:
        return (), tuple(found)
    return tuple(parse_events(text, file.shown, file.rules, found)), tuple(found)


def _check_unique(
    headers: list[Header],
    events: list[ParsedEvent],
    default: str,
    problems: list[ContentError],
) -> None:
    """Two files claiming one URL would silently overwrite each other."""
    seen: dict[str, tuple[str, int]] = {}
    places = [(h.site_path, h.source, h.slug_line) for h in headers]
    places += [(e.event.path, e.event.source, e.line) for e in events if e.event is not None]
    for site_path, path, line in places:
        if site_path not in seen:
            seen[site_path] = (path, line)
            continue
        first, first_line = seen[site_path]
        message = f"the address {site_path} is already used by {first}:{first_line}"
        problems.append(ContentError(path, line, message, _clash_hint(path, first, default)))


def _clash_hint(path: str, other: str, default: str) -> str:
    """`about.md` and `about.es.md` clash when Spanish is the default language: say so,
    rather than ask for a new slug (a site whose languages were swapped has dozens)."""
    marked = f".{default}."
    if path != other and path.replace(marked, ".") == other.replace(marked, "."):
        return (
            f"both are in '{default}', the first of 'languages:' in site.yaml: a file without "
            "a language in its name is in that one; list the languages in the order you mean"
        )
    # Not "one of them": the PIO fixing "the file with the error" renamed the published
    # event, moving its page and every calendar entry of it (walkthrough find).
    return "give the newer one a different 'slug:' (a published one's page would move)"
