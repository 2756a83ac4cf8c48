"""Links written as site paths (`[this week's events](/events/)`), checked against the
files the build is about to make.

A link to another story's `.md` file is checked while its text converts, but
a site path may name any page the site makes (a community, a listing page,
a feed), and which pages there are is known only once they are planned. A
mistyped or stale path would otherwise publish a link to a "not found"
page, which is what a PIO least expects from a build that said nothing.

Only paths the build could have made are checked: pages (no extension, or
`.html`) and the feeds, calendars and text files it writes. A link to some
other kind of file outside /media/ (`/forms/permit.pdf`) may be to a file the
web server holds beside the site, so it is left alone; so is anything under
/static/, the templates' own files, which the theme may add to.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from microsite.errors import SUGGESTED, ContentError, closest
from microsite.model import SiteLink
from microsite.urls import base_path, served

MADE_HERE = ("", ".html", ".xml", ".ics", ".txt")  # kinds of file a build makes


def dead_links(
    links: Iterable[SiteLink],
    outputs: Iterable[str],
    base_url: str,
    roots: tuple[str, ...] = ("",),
) -> list[ContentError]:
    """An error at each link to a site path the build makes no file for. `roots` are the
    site's languages' (`` and `/es`): a page that exists on another side is named."""
    made = set(outputs)
    dead = [link for link in links if _dead(link.path.partition("?")[0], made)]
    siblings = _siblings(made) if dead else {}
    return [
        _problem(link, made, roots, base_url, siblings if n < SUGGESTED else {})
        for n, link in enumerate(dead)
    ]


def _problem(
    link: SiteLink, made: set[str], roots: tuple[str, ...], base_url: str, siblings: Siblings
) -> ContentError:
    if link.withheld:  # a draft's or a scheduled story's address: said as for a .md link
        message = f"link to '{_shown(link.path)}': {link.withheld}, so its page will not exist"
        return ContentError(link.source, link.line, message, "publish it first, or remove the link")
    path = link.path.partition("?")[0]
    hint = _on_another_side(path, made, roots) or _hint(path, siblings, base_url)
    message = f"link to '{_shown(link.path)}': this site has no such page"
    return ContentError(link.source, link.line, message, hint)


SHOWN = 100  # characters of a path a message quotes: a pasted one may be megabytes


def _shown(path: str) -> str:
    return path if len(path) <= SHOWN else path[: SHOWN - 1] + "…"


def _dead(path: str, made: set[str]) -> bool:
    path = served(path)
    return _checked(path) and _output(path) not in made and _output(path + "/") not in made


def _on_another_side(path: str, made: set[str], roots: tuple[str, ...]) -> str:
    """Where the page is when it is on another language's side: `/es/stories/x/` for
    `/stories/x/`, a story only in Spanish (and the other way round)."""
    asked = served(path)
    own = next((root for root in roots if root and asked.startswith(root + "/")), "")
    bare = asked[len(own) :]
    for root in roots:
        there = root + bare
        if root != own and not _dead(there, made):
            return f"that page is in another language: '{there}'"
    return ""


def _checked(path: str) -> bool:
    if path.startswith("/static/"):
        return False
    last = path.rsplit("/", 1)[-1]
    return posixpath.splitext(last)[1].lower() in MADE_HERE


def _output(path: str) -> str:
    """The file a path is served from: `/stories/x/` and `/stories/x/index.html` alike."""
    rel = path.lstrip("/")
    return rel + "index.html" if not rel or rel.endswith("/") else rel


Siblings = dict[str, dict[str, str]]  # a folder's path -> each name in it -> its page's path


def _siblings(made: set[str]) -> Siblings:
    found: Siblings = {}
    for page in ("/" + rel.removesuffix("index.html") for rel in made):
        parent, _, name = page.rstrip("/").rpartition("/")
        if name:
            found.setdefault(parent, {})[name] = page
    return found


def _hint(path: str, siblings: Siblings, base_url: str) -> str:
    base = base_path(base_url)
    if base and (path + "/").startswith(base + "/"):
        return f"write site paths without the site's own '{base}': '{path[len(base) :] or '/'}'"
    return _nearest(path, siblings) or (
        "check the address; or link to the story or page by its file, as in "
        "[the contest](../stories/2026-08-02-surf-contest.md), and the build keeps the link right"
    )


def _nearest(path: str, siblings: Siblings) -> str:
    """A hint naming the page beside it with the closest name (`/storeis/` -> `/stories/`):
    compared whole, every story's address would look alike to a mistyped one."""
    parent, _, name = path.rstrip("/").rpartition("/")
    beside = {last.lower(): page for last, page in siblings.get(parent, {}).items()}
    close = closest(name.lower(), beside)
    return f"did you mean '{beside[close]}'?" if close is not None else ""
