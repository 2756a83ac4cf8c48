"""What a page says about a picture: the files to choose from, and the box to keep for it.

Templates get a `Choice` for a picture and write the `<picture>` element
themselves (with their own `sizes`, which only the layout knows). Pictures
in the text of a story or page are written here, once the text is
sanitised and before any template sees it, with the sizes of the text
column (`in_text`); feeds take them back to one plain `<img>` (`for_feeds`).
The numbers are read when content loads, so no page decodes a picture.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape

from microsite.images.renditions import (
    MIME,
    Rendition,
    fallback_format,
    has_webp,
    height_at,
    largest,
    renditions,
    widths,
)
from microsite.images.source import Source
from microsite.urls import escaped

PLAIN_WIDTH = 800  # the `src` for browsers without srcset, and for feed readers


@dataclass(frozen=True)
class Choice:
    """A picture's candidates for `srcset`, as (site path, width) pairs, in WebP and in the
    format every browser shows, and the intrinsic size that reserves its box. `webp` is
    empty for a picture too long for WebP (`renditions.has_webp`)."""

    webp: tuple[tuple[str, int], ...]
    fallback: tuple[tuple[str, int], ...]
    fallback_type: str
    src: str
    width: int
    height: int


def choice(source: Source) -> Choice:
    made = renditions(source)
    fallback = fallback_format(source)
    webp = tuple(_candidate(made, w, "webp") for w in widths(source)) if has_webp(source) else ()
    plain = tuple(_candidate(made, w, fallback) for w in widths(source))
    src = max((c for c in plain if c[1] <= PLAIN_WIDTH), key=lambda c: c[1], default=plain[0])
    return Choice(webp, plain, MIME[fallback], src[0], source.width, source.height)


def _candidate(made: tuple[Rendition, ...], width: int, format: str) -> tuple[str, int]:
    return largest(made, width, format).path, width


def srcset(candidates: tuple[tuple[str, int], ...], url: Callable[[str], str]) -> str:
    """`a-400w.webp 400w, a-800w.webp 800w`, each path made into a link by `url`, which
    encodes a space or comma in a file name (`urls.href`): either would end it here."""
    return ", ".join(f"{url(path)} {width}w" for path, width in candidates)


def feed_picture(source: Source, absolute: Callable[[str], str], alt: str, caption: str) -> str:
    """The lead picture at the top of a feed entry's HTML, with its alt text and caption:
    feed readers show a plain `<img>`, so it is the 800-px file in the common format."""
    if source.vector:
        return _figure(absolute(source.path), alt, source.width, source.height, caption)
    made = choice(source)
    width = next(w for path, w in made.fallback if path == made.src)
    height = height_at(source.width, source.height, width)
    return _figure(absolute(made.src), alt, width, height, caption)


def _figure(src: str, alt: str, width: int, height: int, caption: str) -> str:
    image = f'<img src="{escape(src)}" alt="{escape(alt)}" width="{width}" height="{height}">'
    below = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return f"<figure>{image}{below}</figure>\n"


# How wide the text of a story or page is shown, as site.css lays it out (`.prose`: at
# most 65ch of 1.1rem type, 45.5rem in the widest fonts, inside `main`'s 1rem padding).
TEXT_SIZES = "(min-width: 47.5rem) 45.5rem, calc(100vw - 2rem)"
LAZY = ' loading="lazy" decoding="async"'
EAGER = ' loading="eager" fetchpriority="high"'  # the page's first picture
_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\ssrc="([^"]*)"')


def in_text(html: str, pictures: Mapping[str, Source], base_path: str, *, first: bool) -> str:
    """`html` (sanitised) with each picture of media/ shown as a lead picture is: a raster
    one as a `<picture>` of every size made, for the text's width (`TEXT_SIZES`), a
    drawing as its one file; each with its width and height, so the text does not jump
    when it loads. Pictures load lazily, except the first when it is the page's first
    (`first`: a story without a lead picture, a page). `base_path` is the site's path
    prefix, if any. Remote pictures, other files and pictures given a size in raw HTML
    are left as written."""
    if "<img" not in html:
        return html
    loading = [EAGER] if first else []

    def shown(tag: re.Match[str]) -> str:
        text = tag.group()
        src = _SRC.search(text)
        source = pictures.get(src.group(1).removeprefix(base_path)) if src else None
        if source is None or " width=" in text or " height=" in text:
            return text
        how = loading.pop() if loading else LAZY
        if source.vector:
            return f'{text[:-1].rstrip("/ ")} width="{source.width}" height="{source.height}"{how}>'
        return _picture(text, src, source, lambda path: base_path + escaped(path), how)

    return _IMG.sub(shown, html)


def _picture(
    tag: str, src: re.Match[str], source: Source, href: Callable[[str], str], loading: str
) -> str:
    """The `<picture>` an `<img>` of `source` becomes, its other attributes (alt, title) kept."""
    made = choice(source)
    sizes = f' sizes="{TEXT_SIZES}"'
    img = tag[: src.start(1)] + escape(href(made.src)) + tag[src.end(1) : -1].rstrip("/ ")
    img += f' srcset="{escape(srcset(made.fallback, href))}"{sizes}'
    img += f' width="{made.width}" height="{made.height}"{loading}>'
    if not made.webp:
        return f"<picture>{img}</picture>"
    webp = f'<source type="image/webp" srcset="{escape(srcset(made.webp, href))}"{sizes}>'
    return f"<picture>{webp}{img}</picture>"


_PICTURE = re.compile(r"<picture>(?:<source [^>]*>)?(<img [^>]*>)</picture>")
_SRCSET = re.compile(r'\ssrcset="([^"]*)"')
_SIZE = re.compile(r' (width|height)="([0-9]+)"')
_PAGE_ONLY = re.compile(r' (?:srcset|sizes|loading|decoding|fetchpriority)="[^"]*"')


def for_feeds(html: str) -> str:
    """Text made by `in_text` as feed readers take it, like the lead picture in feeds: a
    plain `<img>` of the one file a page falls back to (at most 800 px), of that file's
    size, with no page-loading hints."""
    if "<img" not in html:
        return html
    plain = _PICTURE.sub(lambda picture: _fallback(picture.group(1)), html)
    return _IMG.sub(_for_feed_readers, plain)


_ELSEWHERE = re.compile(r'\ssrc="(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)')
_ALT = re.compile(r'\salt="([^"]*)"')


def _for_feed_readers(tag: re.Match[str]) -> str:
    """An `<img>` without its page-only hints; one from another website becomes its alt
    text. The pages' CSP stops such a picture, but a feed reader would load it and tell
    that website who read the story (the build warns of it too)."""
    img = tag.group()
    if _ELSEWHERE.search(img):
        alt = _ALT.search(img)
        return alt.group(1) if alt else ""
    return _PAGE_ONLY.sub("", img)


def _fallback(img: str) -> str:
    """A `<picture>`'s `<img>` (as `_picture` writes it) sized as the file its `src` names,
    which its `srcset` gives the width of."""
    src, offered = _SRC.search(img), _SRCSET.search(img)
    if not (src and offered):
        return img
    candidates = dict(c.rsplit(" ", 1) for c in offered.group(1).split(", "))
    width = int(candidates[src.group(1)].removesuffix("w"))
    size = dict(_SIZE.findall(img))
    height = height_at(int(size["width"]), int(size["height"]), width)
    return _SIZE.sub(lambda m: f' {m[1]}="{width if m[1] == "width" else height}"', img)
