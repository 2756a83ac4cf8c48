"""Templates in, files out: the Jinja environment and `render_site`.

`render_site` is pure: it takes the validated `Site` and returns every
generated file as bytes, keyed by its relative output path. Writing them (and
copying media and static files) is `output.py`'s job, which is what lets a
failed build leave the previous site untouched.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterable
from pathlib import Path

import jinja2
from jinja2 import pass_context
from jinja2.runtime import Context

from microsite.calendar import ics_calendar
from microsite.dates import ap_date, ap_time, ap_when, iso
from microsite.errors import BuildFailed, ContentError
from microsite.feeds import atom_feed, robots_txt, sitemap
from microsite.model import Site
from microsite.pages import View, all_views, navigation, published

UNDEFINED_HINT = "check the spelling; templates/README.md lists what each template receives"


def make_environment(templates: Path) -> jinja2.Environment:
    """A strict environment: a misspelt variable fails the build instead of rendering blank."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(ap_date=ap_date, ap_time=ap_time, ap_when=ap_when, iso=iso, tel=tel)
    env.globals.update(url=url, absolute=absolute)
    return env


def base_path(base_url: str) -> str:
    """The path part of the base URL: `https://x.org/community` -> `/community`."""
    rest = base_url.split("://", 1)[-1]
    return "/" + rest.split("/", 1)[1].strip("/") if "/" in rest else ""


@pass_context
def url(context: Context, path: str) -> str:
    """A root-relative link that survives hosting under a sub-path and works at any depth."""
    return base_path(context["site"].settings.base_url).rstrip("/") + path


@pass_context
def absolute(context: Context, path: str) -> str:
    """The full public URL, for canonical links, Open Graph and anything shared off-site."""
    return context["site"].settings.absolute(path)


def tel(number: str) -> str:
    """`(310) 379-2477` -> `tel:3103792477`: phones dial digits, not punctuation."""
    return "tel:" + re.sub(r"[^0-9+]", "", number)


def render_site(site: Site, env: jinja2.Environment) -> dict[str, bytes]:
    """Every generated file of the site except /media and /static, sorted by path."""
    views = all_views(site)
    files = render_views(site, env, views)
    files.update(data_files(site, views))
    return dict(sorted(files.items()))


def render_views(site: Site, env: jinja2.Environment, views: Iterable[View]) -> dict[str, bytes]:
    """Render every page, collecting every template problem before failing once."""
    files: dict[str, bytes] = {}
    errors: list[ContentError] = []
    for view in views:
        if view.output in files:
            errors.append(collision(view))
            continue
        try:
            files[view.output] = render_view(site, env, view)
        except Exception as exc:
            errors.append(template_error(exc, env))
    if errors:
        raise BuildFailed(errors)
    return files


def render_view(site: Site, env: jinja2.Environment, view: View) -> bytes:
    template = env.get_template(view.template)
    nav = navigation(site, view.meta.path)
    text = template.render(
        site=site, settings=site.settings, meta=view.meta, nav=nav, **view.context
    )
    return text.encode("utf-8")


def collision(view: View) -> ContentError:
    """Two pages may never share a file: a page slug `events` would silently replace /events/."""
    message = f"{view.output} would be written twice ({view.meta.path} is already a page)"
    return ContentError(view.source or "content", 1, message, "choose another slug")


def data_files(site: Site, views: Iterable[View]) -> dict[str, bytes]:
    """Feeds, calendars, sitemap and robots.txt: the site's machine-readable side."""
    title = site.settings.title
    files = {
        "feed.xml": atom_feed(
            site, published(site.stories), title=title, path="/feed.xml", alternate="/stories/"
        ),
        "events.ics": ics_calendar(site, site.events, name=title),
        "sitemap.xml": sitemap(site, [(v.meta.path, v.lastmod) for v in views if v.listed]),
        "robots.txt": robots_txt(site),
    }
    for event in site.events:
        files[f"events/{event.slug}/event.ics"] = ics_calendar(site, (event,), name=event.title)
    for community in site.communities:
        files.update(community_files(site, community.key))
    return files


def community_files(site: Site, key: str) -> dict[str, bytes]:
    """A community's own feed and calendar, for residents who follow only what they care about."""
    community = site.community(key)
    name = f"{community.name} \u2014 {site.settings.title}"
    feed = atom_feed(
        site,
        published(site.stories_in(key)),
        title=name,
        path=f"{community.path}feed.xml",
        alternate=community.path,
    )
    calendar = ics_calendar(site, site.events_in(key), name=name)
    return {f"communities/{key}/feed.xml": feed, f"communities/{key}/events.ics": calendar}


def template_error(exc: Exception, env: jinja2.Environment) -> ContentError:
    """Point at the template file and line that failed; re-raise what is not a template's fault."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        name = shown(exc.filename or exc.name or "templates")
        return ContentError(name, exc.lineno, exc.message or "syntax error")
    frame = last_template_frame(exc, template_roots(env))
    if frame is None:
        raise exc
    hint = UNDEFINED_HINT if isinstance(exc, jinja2.UndefinedError) else ""
    return ContentError(shown(frame.filename), frame.lineno or 1, describe(exc), hint)


def describe(exc: Exception) -> str:
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"template not found: {exc.name}"
    if isinstance(exc, jinja2.TemplateError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def template_roots(env: jinja2.Environment) -> tuple[Path, ...]:
    loader = env.loader
    paths = loader.searchpath if isinstance(loader, jinja2.FileSystemLoader) else []
    return tuple(Path(p).resolve() for p in paths)


def last_template_frame(exc: Exception, roots: tuple[Path, ...]) -> traceback.FrameSummary | None:
    """Jinja rewrites tracebacks so template frames carry the template's file and line."""
    frames = traceback.extract_tb(exc.__traceback__)
    inside = [f for f in frames if any(Path(f.filename).resolve().is_relative_to(r) for r in roots)]
    return inside[-1] if inside else None


def shown(filename: str) -> str:
    """A template path as the PIO typed it: relative to the current folder when inside it."""
    path = Path(filename).resolve()
    cwd = Path.cwd()
    return path.relative_to(cwd).as_posix() if path.is_relative_to(cwd) else filename
