"""Templates in, files out: every output file as a job, and the templates it is made with.

`render_site` plans every generated file (pages, feeds, calendars, sitemap)
as a `FileJob`: a module-level function and the frozen values it is applied
to, besides `site`. The jobs go to `Stages.render`, which makes each one
and hands its bytes to a writer. Nothing here touches the disk: putting
files live, and copying media and static files, is `output.py`'s job.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from microsite import urls
from microsite.errors import BuildFailed, ContentError, PageFailed
from microsite.images.renditions import Rendition, encode, renditions, web_path
from microsite.model import Event, Site, Story
from microsite.output import stamp
from microsite.render.calendar import build_day, ics_calendar
from microsite.render.editions import edition, languages
from microsite.render.fallbacks import settled
from microsite.render.feeds import atom_feed, robots_txt, sitemap
from microsite.render.language import translator, words
from microsite.render.pages import NavItem, Planned, View, all_pages, main_links, navigation
from microsite.render.pages import published as published_stories
from microsite.render.sitelinks import dead_links
from microsite.stages import SERIAL, Stages, Write

if TYPE_CHECKING:
    import jinja2


@dataclass(frozen=True)
class Templates:
    """A templates folder, known by a digest of every template file, and its environment.

    Equal versions render equally, so a page's job holds the version; the
    environment rides along uncompared, and is made when a page first needs
    it (`make` is called once): a rebuild whose every page is still good never
    loads Jinja (`render/environment.py`).
    """

    version: str
    make: Callable[[], jinja2.Environment] = field(compare=False, repr=False)

    @property
    def env(self) -> jinja2.Environment:
        return self.make()

    @classmethod
    def of(cls, folder: Path, make: Callable[[], jinja2.Environment]) -> Templates:
        root = folder.resolve()
        stamps = []
        for path in sorted(root.rglob("*")):
            if path.is_file() and "static" not in path.relative_to(root).parts[:1]:
                stamps.append(f"{path}\0{stamp(path)}")
        return cls(hashlib.sha1("\n".join(stamps).encode()).hexdigest(), cache(make))


@dataclass(frozen=True, slots=True)
class FileJob:
    """One output file: `make_with(site, *inputs)` gives its bytes.

    `make_with` is a module-level function and `inputs` are frozen values, so
    the job is everything its bytes depend on besides what it reads from
    `site`; a stage that remembers files keys them on the job itself.
    """

    output: str
    make_with: Callable[..., bytes]
    inputs: tuple[Hashable, ...]
    costly: bool = False  # worth keeping between runs by the speed layer (pictures)

    def make(self, site: Any) -> bytes:
        return settled(self.output, self.make_with(site, *self.inputs))

    def prepare(self, site: Any) -> None:
        """Load what every file of this kind needs (compiled templates, a library) in a
        process about to fork helpers, which then share it instead of each loading its
        own. A stage calls it for one job of each kind; it changes no output."""
        ready = _READY.get(self.make_with)
        if ready is not None:
            ready(site, *self.inputs)


def render_site(
    site: Site,
    templates: Templates,
    write: Write,
    stages: Stages = SERIAL,
    *,
    pictures: bool = True,
) -> dict[str, bool]:
    """Every generated file, the pictures of /media among them (unless `pictures` is false:
    `check` need not encode them), written: output path -> whether it changed. Other
    media and /static are copied by `output.py`.

    Each language's side of the site is made from its own edition of `site`
    (`editions.py`), one batch per language. Raises BuildFailed listing every
    page whose template failed, or before any is made, every link in content to a
    site path the build makes no file for.
    """
    editions, plans = _planned(site)
    collisions = _collisions(page for plan in plans for page in plan)
    if collisions:
        raise BuildFailed(collisions)
    versions = page_versions(editions, plans)
    entries = tuple(
        (p.path, p.lastmod, versions[p.output]) for plan in plans for p in plan if p.listed
    )
    # Files made from the whole site (the sitemap, feeds, calendars) come before the
    # pages: made last, the largest of them kept one core busy after the other had
    # finished (0.2 s of a 10,000-story build).
    batches = [
        data_jobs(each) + page_jobs(each, templates, plan, versions)
        for each, plan in zip(editions, plans, strict=True)
    ]
    batches[0][:0] = site_files(entries, _lead_pictures(editions))
    outputs = (job.output for jobs in batches for job in jobs)
    dead = dead_links(site.links, outputs, site.settings.base_url, _roots(editions))
    if dead:
        raise BuildFailed(dead)
    if pictures:
        batches[0][:0] = picture_jobs(site)
    written: dict[str, bool] = {}
    for each, jobs in zip(editions, batches, strict=True):
        written |= stages.render(each, jobs, write)
    return written


def unreachable(site: Site) -> list[ContentError]:
    """An error at each link in content to a site path the site makes no file for: the
    check `render_site` makes first, for a build that stopped before rendering
    (`content.load.Unfinished`). It plans the pages but makes none."""
    if not site.links:
        return []
    try:
        editions, plans = _planned(site)
    except BuildFailed as failed:  # a catalog's error: said instead
        return failed.errors
    pages = [page.output for plan in plans for page in plan]
    files = [job.output for each in editions for job in data_jobs(each)]
    files += [job.output for job in site_files((), ())]
    return dead_links(site.links, pages + files, site.settings.base_url, _roots(editions))


def _planned(site: Site) -> tuple[list[Site], list[list[Planned]]]:
    """Each language's edition of the site and the pages planned for it. Raises
    BuildFailed if a language's catalog cannot be used (`render.language.words`)."""
    try:
        editions = [edition(site, language) for language in languages(site)]
        return editions, [all_pages(each) for each in editions]
    except PageFailed as failed:
        raise BuildFailed(failed.problems) from None


def _roots(editions: list[Site]) -> tuple[str, ...]:
    return tuple(each.settings.root for each in editions)


LANGUAGE_STYLESHEET = "static/languages.css"  # the language switcher's rules


def static_files(site: Site, found: dict[str, Path]) -> dict[str, Path]:
    """The files of the templates' static/ folder that `site` publishes: every one, but
    the language switcher's stylesheet only when the site has more than one language
    (`base.html` links it only then), so a one-language site carries no trace of them."""
    if len(languages(site)) > 1:
        return found
    return {rel: path for rel, path in found.items() if rel != LANGUAGE_STYLESHEET}


def site_files(entries: tuple[Any, ...], pictures: tuple[tuple[str, str], ...]) -> list[FileJob]:
    """The files the whole site has once, whatever its languages."""
    return [
        FileJob("sitemap.xml", sitemap, (entries, pictures)),
        FileJob("robots.txt", robots_txt, ()),
    ]


def picture_jobs(site: Site) -> list[FileJob]:
    """Every file made from a picture of media/: the costliest jobs, so they go first and
    the cores share them out evenly."""
    return [
        FileJob(rendition.path.lstrip("/"), picture_file, (rendition,), costly=True)
        for source in site.pictures
        if not source.vector
        for rendition in renditions(source)
    ]


def picture_file(site: Site, rendition: Rendition) -> bytes:
    return encode(rendition)


Versions = tuple[tuple[str, str], ...]  # (language, site path) of each version of a page


def page_versions(editions: list[Site], plans: list[list[Planned]]) -> dict[str, Versions]:
    """For each page's file, the page in every language it exists in, the default's first."""
    groups: dict[str, list[tuple[str, str]]] = {}
    keys: dict[str, str] = {}
    for each, plan in zip(editions, plans, strict=True):
        settings = each.settings
        for p in plan:
            key = p.version_of or urls.neutral(settings.root, p.path)
            groups.setdefault(key, []).append((settings.language, p.path))
            keys[p.output] = key
    return {output: tuple(groups[key]) for output, key in keys.items()}


def page_jobs(
    site: Site, templates: Templates, pages: list[Planned], versions: dict[str, Versions]
) -> list[FileJob]:
    """Every HTML page of one language, each as a job."""
    links = main_links(site)
    return [
        FileJob(
            p.output,
            render_page,
            (templates, p.view, p.inputs, navigation(links, p.path), versions[p.output]),
        )
        for p in pages
    ]


def render_page(
    site: Site,
    templates: Templates,
    view: Callable[..., View],
    inputs: tuple[Hashable, ...],
    nav: tuple[NavItem, ...],
    versions: Versions = (),
) -> bytes:
    """One page: its view made from `site`, then its template rendered."""
    env = templates.env  # made by the first page, outside the errors a page may have
    try:
        made = view(site, *inputs)
        template = env.get_template(made.template)
        text = template.render(
            site=site,
            settings=site.settings,
            meta=made.meta,
            nav=nav,
            versions=versions,
            _=translator(site.settings.language),
            **made.variables,
        )
    except Exception as exc:
        from microsite.render.templateerrors import template_error  # Jinja's errors, read

        raise PageFailed(template_error(exc, env)) from exc
    return text.encode("utf-8")


def _collisions(pages: Iterable[Planned]) -> list[ContentError]:
    """Two pages may never share a file: a page slug `events` would silently replace /events/.

    The loader refuses the slugs it knows the site uses (`content/slugs.py`);
    this is the last guard, and it blames the content file that claimed the
    address, not whichever of the two was planned second.
    """
    seen: dict[str, Planned] = {}
    problems = []
    for planned in pages:
        earlier = seen.setdefault(planned.output, planned)
        if earlier is planned:
            continue
        blame, other = (planned, earlier) if planned.source else (earlier, planned)
        what = f"the page of {other.source}" if other.source else "a page the site makes itself"
        message = f"{planned.output} would be written twice: {planned.path} is also {what}"
        problems.append(ContentError(blame.source or "content", 1, message, "choose another slug"))
    return problems


def data_jobs(site: Site) -> list[FileJob]:
    """Feeds and calendars in one language: the site's machine-readable side."""
    title, root = site.settings.title, site.settings.root
    day = build_day(site.now)
    calendar = urls.in_language(root, "/events.ics").lstrip("/")
    feed = partial(_feed_job, site, quiet_since=_newest(site))
    jobs = [
        feed(urls.in_language(root, "/feed.xml"), site.stories, title, root + "/stories/"),
        FileJob(calendar, calendar_file, (site.events, title, day)),
    ]
    for event in site.events:
        jobs.append(
            FileJob(f"{event.path.lstrip('/')}event.ics", calendar_file, ((event,), None, day))
        )
    for community in site.communities:
        name = f"{community.name} \u2014 {title}"
        path = community.path
        jobs.append(feed(f"{path}feed.xml", site.stories_in(community.key), name, path))
        events = site.events_in(community.key)
        jobs.append(FileJob(f"{path.lstrip('/')}events.ics", calendar_file, (events, name, day)))
    return jobs


def _lead_pictures(editions: list[Site]) -> tuple[tuple[str, str], ...]:
    """Each published story's page and the picture at its top, in every language, for the
    sitemap."""
    stories = (s for each in editions for s in published_stories(each.stories))
    return tuple(
        (s.path, web_path(s.picture)) for s in stories if s.picture and not s.picture.vector
    )


def _feed_job(
    site: Site,
    path: str,
    stories: tuple[Story, ...],
    title: str,
    alternate: str,
    *,
    quiet_since: datetime,
) -> FileJob:
    """An Atom feed of the published ones among `stories`; one with none is "updated"
    `quiet_since`."""
    entries = published_stories(stories)
    clock = None if entries else quiet_since
    return FileJob(path.lstrip("/"), feed_file, (entries, title, path, alternate, clock))


def _newest(site: Site) -> datetime:
    """When an empty feed was last "updated": when the newest story of its side of the site
    was, so that it stays the same from build to build (the build time, which it was,
    changed it on every build, and a rebuild that changed nothing rewrote it); the build
    time only on a side with no story at all."""
    return max((story.modified for story in published_stories(site.stories)), default=site.now)


def feed_file(
    site: Site,
    entries: tuple[Story, ...],
    title: str,
    path: str,
    alternate: str,
    clock: datetime | None,
) -> bytes:
    return atom_feed(site, entries, title=title, path=path, alternate=alternate, clock=clock)


def calendar_file(site: Site, events: tuple[Event, ...], name: str | None, day: date) -> bytes:
    """A subscription calendar when named; one event's own file to import when not."""
    return ics_calendar(site, events, name=name, day=day)


def compile_templates(templates: Templates) -> None:
    """Every page template compiled (100 ms from source), so that processes forked later
    share them. A template that fails to compile is left alone here: if a page uses
    it, rendering that page reports it, with its line."""
    env = templates.env
    for name in env.list_templates(filter_func=lambda name: name.endswith(".html")):
        try:
            env.get_template(name)
        except Exception:  # reported where a page uses it, or never needed
            continue


def ready_to_render(templates: Templates) -> None:
    """Set-up every cold build's rendering needs, done ahead: the page templates compiled
    and the calendar library imported (25 ms). A stage may do it while helpers convert
    Markdown (`Fast.while_converting`), instead of alone just before rendering."""
    compile_templates(templates)
    _ready_calendars()


def _ready_pages(site: Site, templates: Templates, *_: Any) -> None:
    """Every page template compiled, and the site language's interface strings read."""
    compile_templates(templates)
    words(site.settings.language)


def _ready_calendars(*_: Any) -> None:
    import icalendar  # noqa: F401 - a calendar's first job imports it: 25 ms


def _ready_pictures(*_: Any) -> None:
    from PIL import Image  # noqa: F401 - a picture's first job imports it


_READY: dict[Callable[..., bytes], Callable[..., None]] = {
    render_page: _ready_pages,
    calendar_file: _ready_calendars,
    picture_file: _ready_pictures,
}
