"""Where everything is published: the one place that turns content into public paths.

A *site path* (`/stories/surf-contest/`) names a page inside the site; an
*href* is what a page links to, the site path under the base URL's own path
(`/police/stories/surf-contest/` for `https://www.city.gov/police`); a
*public URL* is the full address shared off-site. The model, the Markdown
links, the templates, feeds and calendars all ask here, so a site hosted
under a sub-path works everywhere or nowhere.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import quote, unquote

# The folders a content kind is published under; pages sit at the top.
SECTIONS = {"stories": "/stories/", "events": "/events/", "communities": "/communities/"}


def story(slug: str) -> str:
    return f"/stories/{slug}/"


def event(slug: str) -> str:
    return f"/events/{slug}/"


FOLLOW = "/follow/"  # how to follow the site: feeds and calendar subscriptions explained


def community(key: str) -> str:
    return f"/communities/{key}/"


def page(slug: str) -> str:
    return f"/{slug}/"


def document(kind: str, slug: str) -> str:
    """A story's or standing page's site path, from the folder its file is in."""
    return story(slug) if kind == "stories" else page(slug)


def stories_list(number: int) -> str:
    """The n-th page of the story list: `/stories/`, then `/stories/page/2/`..."""
    return "/stories/" if number == 1 else f"/stories/page/{number}/"


# The pages a content file can make, or change the number of: its own, and the lists and
# community pages that count it. `*` is every page one folder deep (standing pages).
MADE_FROM = {
    "stories": ("stories", "communities"),
    "events": ("events", "communities"),
    "pages": ("*",),
    "communities.yaml": ("communities", "stories", "events"),
    "media": (),
}


def made_from(path: str, sources: frozenset[str], roots: tuple[str, ...]) -> bool:
    """Whether the page at site path `path` could be made from content of these kinds
    (`MADE_FROM`'s keys; any other name stands for every page). A build that stopped on
    an error in such a file cannot tell whether that page would have been made."""
    asked = served(path)
    own = next((root for root in roots if root and asked.startswith(root + "/")), "")
    folders = asked[len(own) :].strip("/").split("/")
    for source in sources:
        areas = MADE_FROM.get(source, ("**",))
        if "**" in areas or folders[0] in areas or ("*" in areas and len(folders) == 1):
            return True
    return False


def language_root(language: str, default: str) -> str:
    """Where a language's side of the site lives: `` for the default, `/es` for Spanish.

    The default language keeps today's addresses, so adding a language moves nothing.
    """
    return "" if language == default else f"/{language}"


def in_language(root: str, path: str) -> str:
    """`/stories/` on the side of the site at `root`: `/es/stories/` for `/es`."""
    return root + path


def neutral(root: str, path: str) -> str:
    """The site path without its language root: what the versions of one page share."""
    return path[len(root) :] if root and path.startswith(root + "/") else path


def output_file(path: str) -> str:
    """`/stories/x/` -> `stories/x/index.html`: the file a static host serves for that path."""
    path = path.lstrip("/")
    return path if path.endswith(".html") else path + "index.html"


def without_base(path: str, base: str) -> str:
    """A site path without the base URL's path (`base`) that converted links are written
    under: `/police/stories/x/` -> `/stories/x/` when the site lives at `/police`."""
    return path[len(base) :] if base and path.startswith(base + "/") else path


@lru_cache(maxsize=16)
def base_path(base_url: str) -> str:
    """The path part of the base URL: `https://x.org/community` -> `/community`, else ``.

    Remembered: every page asks for it a few dozen times.
    """
    rest = base_url.split("://", 1)[-1]
    return "/" + rest.split("/", 1)[1].strip("/") if "/" in rest else ""


def href(base_url: str, path: str) -> str:
    """A root-relative link to a site path that survives hosting under a sub-path.

    A bare fragment (`#contact`) stays as it is: it points into the page itself.
    """
    if path.startswith("#"):
        return path
    return base_path(base_url) + escaped(path)


def public(base_url: str, path: str) -> str:
    """The full public URL of a site path, for canonical links, feeds and calendars."""
    return base_url + escaped(path)


# What a /media/ path keeps as it is in a link: its folders' slashes and the characters
# a URL path may hold. `%` stays too: a file name may not hold one (`content/media.py`),
# so a `%` is an escape already made.
_KEPT = "/%!$&'()*+;=:@~-._"


def escaped(path: str) -> str:
    """The path as a link writes it. A /media/ path is made of file names, which may
    hold a space, a comma or a letter outside ASCII; each is percent-encoded, as the
    `srcset` list must have it and the sitemap's rules ask. Every other site path is
    made of slugs, already safe."""
    return quote(path, safe=_KEPT) if path.startswith("/media/") else path


def origin(base_url: str) -> str:
    """`https://www.city.gov/police` -> `https://www.city.gov`: what an href is relative to."""
    scheme, rest = base_url.split("://", 1)
    return f"{scheme}://{rest.split('/', 1)[0]}"


def served(path: str) -> str:
    """The path as a browser asks for it: `%2D` decoded, `/a/../b/` as `/b/`."""
    normal = posixpath.normpath(unquote(path))
    return normal + "/" if path.endswith("/") and normal != "/" else normal


def page_path(path: str) -> str:
    """A site path as the page a browser is served for it: `/stories/x`,
    `/stories/x/index.html` and `/stories/x/` are all `/stories/x/`; a file
    (`/media/map.pdf`) is itself."""
    address = served(path)
    if address.endswith("/index.html"):
        return address[: -len("index.html")]
    last = address.rsplit("/", 1)[-1]
    return address if not last or "." in last else address + "/"
