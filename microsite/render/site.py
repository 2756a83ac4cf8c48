"""Templates in, files out: the Jinja environment and `render_site`.

`render_site` takes the validated `Site` and returns every generated file as
bytes, keyed by its relative output path, or hands each file to a sink (a
staging folder beside the site) as it is made. Putting files live, and
copying media and static files, is `output.py`'s job, which is what lets a
failed build leave the previous site untouched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from datetime import UTC
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Protocol

import jinja2
from jinja2 import pass_context
from jinja2.runtime import Context

from microsite.errors import BuildFailed, ContentError
from microsite.model import Event, Site, Story
from microsite.render.calendar import ics_calendar
from microsite.render.dates import ap_date, ap_time, ap_when, iso
from microsite.render.feeds import atom_feed, robots_txt, sitemap
from microsite.render.pages import (
    NavItem,
    Planned,
    View,
    all_pages,
    main_links,
    navigation,
    published,
)
from microsite.render.templateerrors import template_error, template_roots
from microsite.speed.diskcache import digest_of
from microsite.speed.fingerprint import Fingerprints
from microsite.speed.memo import NO_MEMO, Memo
from microsite.speed.pagecache import Reuse, cached_page, render_tracked, store_page
from microsite.speed.parallel import map_shared


def make_environment(
    templates: Path, cache: Path | None = None, *, watch: bool = True
) -> jinja2.Environment:
    """A strict environment: a misspelt variable fails the build instead of rendering blank.

    With a `cache` folder, compiled templates are kept there between runs
    (Jinja checks each against its source before using it). Without `watch`,
    a template is not checked for edits each time a page uses it: a one-off
    build ends long before anyone could edit one, and a big site has thousands
    of pages.
    """
    bytecode = None
    if cache is not None:
        (cache / "jinja").mkdir(parents=True, exist_ok=True)
        bytecode = jinja2.FileSystemBytecodeCache(str(cache / "jinja"))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        bytecode_cache=bytecode,
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=watch,
    )
    env.filters.update(ap_date=ap_date, ap_time=ap_time, ap_when=ap_when, iso=iso, tel=tel)
    env.globals.update(url=url, absolute=absolute)
    return env


@lru_cache(maxsize=16)
def base_path(base_url: str) -> str:
    """The path part of the base URL: `https://x.org/community` -> `/community`.

    Remembered: every page asks for it a few dozen times.
    """
    rest = base_url.split("://", 1)[-1]
    return "/" + rest.split("/", 1)[1].strip("/") if "/" in rest else ""


@pass_context
def url(context: Context, path: str) -> str:
    """A root-relative link that survives hosting under a sub-path and works at any depth."""
    return base_path(context["site"].settings.base_url) + path


@pass_context
def absolute(context: Context, path: str) -> str:
    """The full public URL, for canonical links, Open Graph and anything shared off-site."""
    return context["site"].settings.absolute(path)


_NOT_DIALLED = re.compile(r"[^0-9+]")


def tel(number: str) -> str:
    """`(310) 379-2477` -> `tel:3103792477`: phones dial digits, not punctuation."""
    return "tel:" + _NOT_DIALLED.sub("", number)


class Sink(Protocol):
    """Where rendered files go instead of memory: says whether a file changed."""

    def write(self, rel: str, data: bytes) -> bool: ...


def render_site(
    site: Site,
    env: jinja2.Environment,
    memo: Memo = NO_MEMO,
    sink: Sink | None = None,
    reuse: Reuse | None = None,
) -> dict[str, Any]:
    """Every generated file of the site except /media and /static, sorted by path.

    Without a `sink`, each path maps to the file's bytes. With one, files are
    written to it as they are made (on every core, for pages), so a
    large site is never held in memory whole, and each path maps to whether
    its file changed; with `reuse` too, pages whose inputs match the last
    build's record are not even rendered. With a `Memo` kept between calls,
    pages and files whose inputs are unchanged are reused rather than rendered
    again.
    """
    pages = all_pages(site, memo)
    reuse = reuse if sink else None

    def meanwhile() -> dict[str, bytes | None]:
        """Work for this process while helper processes start rendering pages."""
        if reuse:
            reuse.digest_site()
        return data_files(site, pages, memo, reuse)

    files, extra = render_pages(site, env, pages, memo, also=meanwhile, sink=sink, reuse=reuse)
    for rel, body in extra.items():
        files[rel] = body if sink is None else body is not None and sink.write(rel, body)
    return dict(sorted(files.items()))


def render_pages(
    site: Site,
    env: jinja2.Environment,
    pages: Sequence[Planned],
    memo: Memo = NO_MEMO,
    also: Callable[[], dict[str, bytes | None]] = dict,
    sink: Sink | None = None,
    reuse: Reuse | None = None,
) -> tuple[dict[str, Any], dict[str, bytes | None]]:
    """Every page, and what `also()` gives (run meanwhile); template errors fail once, all listed.

    Pages the memo still holds are reused; the rest are rendered on every core.
    """
    files: dict[str, Any] = {}
    errors: list[ContentError] = []
    jobs = page_jobs(site, env, pages, errors)
    missing = []
    for index, (planned, _nav, key) in enumerate(jobs):
        if sink and reuse and reuse.still_good(planned.output, key):
            files[planned.output] = False  # the live file is already this page
            continue
        page = cached_page(memo, key, site)
        if page is None:
            missing.append(index)
        else:
            files[planned.output] = sink.write(planned.output, page) if sink else page
    digests = reuse.digests if reuse else None
    results, extra = map_shared(render_job, (site, env, jobs, sink, digests), missing, also)
    for index, result in zip(missing, results, strict=True):
        planned, _nav, key = jobs[index]
        if isinstance(result, ContentError):
            errors.append(result)
            continue
        made, names, digest = result
        files[planned.output] = made
        if reuse:
            reuse.rendered(planned.output, key, names, digest)
        if sink is None:  # a sink's caller keeps no bytes, so there is nothing to remember
            store_page(memo, key, site, made, names)
    if errors:
        raise BuildFailed(errors)
    return files, extra


Job = tuple[Planned, tuple[NavItem, ...], Hashable]


def page_jobs(
    site: Site, env: jinja2.Environment, pages: Iterable[Planned], errors: list[ContentError]
) -> list[Job]:
    """Each page with its navigation and everything but `site` that its bytes depend on."""
    templates = digest_of(templates_version(env))  # one short string in every page's key
    jobs: list[Job] = []
    outputs: set[str] = set()
    links = main_links(site)
    for planned in pages:
        if planned.output in outputs:
            errors.append(collision(planned))
            continue
        outputs.add(planned.output)
        nav = navigation(links, planned.path)
        jobs.append((planned, nav, (templates, planned.inputs, site.settings, nav)))
    return jobs


RenderShared = tuple[Site, jinja2.Environment, list[Job], Sink | None, Fingerprints | None]


def render_job(
    shared: RenderShared, index: int
) -> tuple[Any, tuple[str, ...], str | None] | ContentError:
    """One page's bytes (or, with a sink, whether it changed), what it read from `site`,
    and, given `Fingerprints`, its key's digest for the record (worked out here, in
    whichever process rendered the page, rather than one by one in the parent)."""
    site, env, jobs, sink, digests = shared
    planned, nav, key = jobs[index]
    try:
        view = planned.make()
        data, names = render_tracked(partial(render_view, site, env, view, nav), site)
    except Exception as exc:
        return template_error(exc, env)
    made = sink.write(planned.output, data) if sink else data
    return made, names, digests.of(key) if digests else None


def render_view(
    site: Site, env: jinja2.Environment, view: View, nav: tuple[NavItem, ...], reads: Any = None
) -> bytes:
    """One page; `reads` stands in for `site` where the caller tracks what templates read."""
    template = env.get_template(view.template)
    text = template.render(
        site=reads or site, settings=site.settings, meta=view.meta, nav=nav, **view.context
    )
    return text.encode("utf-8")


def templates_version(env: jinja2.Environment) -> Hashable:
    """Changes whenever any template file does, so a template edit re-renders every page."""
    stamps = []
    for root in template_roots(env):
        for path in sorted(root.rglob("*")):
            if path.is_file() and "static" not in path.relative_to(root).parts[:1]:
                stat = path.stat()
                stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


def collision(planned: Planned) -> ContentError:
    """Two pages may never share a file: a page slug `events` would silently replace /events/."""
    message = f"{planned.output} would be written twice ({planned.path} is already a page)"
    return ContentError(planned.source or "content", 1, message, "choose another slug")


Recipe = tuple[Hashable, Callable[[], bytes]]  # everything a file depends on, and how to make it


def data_files(
    site: Site, pages: Iterable[Planned], memo: Memo = NO_MEMO, reuse: Reuse | None = None
) -> dict[str, bytes | None]:
    """Feeds, calendars, sitemap and robots.txt: the site's machine-readable side.

    A file `reuse` finds unchanged since the last build maps to None.
    """
    made: dict[str, bytes | None] = {}
    for rel, (key, make) in data_recipes(site, pages).items():
        if reuse and reuse.still_good(rel, key):
            made[rel] = None
            continue
        made[rel] = memo.get(key, make)
        if reuse:
            reuse.rendered(rel, key, ())
    return made


def data_recipes(site: Site, pages: Iterable[Planned]) -> dict[str, Recipe]:
    title = site.settings.title
    entries = tuple((p.path, p.lastmod) for p in pages if p.listed)
    recipes = {
        "feed.xml": feed(site, site.stories, title, "/feed.xml", "/stories/"),
        "events.ics": calendar(site, site.events, title),
        "sitemap.xml": (("sitemap", site.settings, entries), lambda: sitemap(site, entries)),
        "robots.txt": (("robots", site.settings), lambda: robots_txt(site)),
    }
    for event in site.events:
        recipes[f"events/{event.slug}/event.ics"] = calendar(site, (event,), event.title)
    for community in site.communities:
        recipes.update(community_recipes(site, community.key))
    return recipes


def community_recipes(site: Site, key: str) -> dict[str, Recipe]:
    """A community's own feed and calendar, for residents who follow only what they care about."""
    community = site.community(key)
    name = f"{community.name} \u2014 {site.settings.title}"
    path = community.path
    return {
        f"communities/{key}/feed.xml": feed(
            site, site.stories_in(key), name, f"{path}feed.xml", path
        ),
        f"communities/{key}/events.ics": calendar(site, site.events_in(key), name),
    }


def feed(site: Site, stories: Iterable[Story], title: str, path: str, alternate: str) -> Recipe:
    """An Atom feed of the published ones among `stories`."""
    entries = published(tuple(stories))
    clock = None if entries else site.now  # an empty feed is "updated" at build time
    key = ("atom", site.settings, site.communities, entries, title, path, alternate, clock)
    return key, lambda: atom_feed(site, entries, title=title, path=path, alternate=alternate)


def calendar(site: Site, events: Iterable[Event], name: str) -> Recipe:
    """An iCalendar file of `events`; its DTSTAMP is the build day, so that is an input too."""
    events = tuple(events)
    day = site.now.astimezone(UTC).date()
    key = ("ics", site.settings, site.communities, events, name, day, site.now.year)
    return key, lambda: ics_calendar(site, events, name=name)
