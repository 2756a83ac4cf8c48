"""What a page says about a picture: the files to choose from, and the box to keep for it.

Templates get a `Choice` for a picture and write the `<picture>` element
themselves (with their own `sizes`, which only the layout knows). The
numbers here are read when content loads, so no page decodes a picture.
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
    largest,
    renditions,
    widths,
)
from microsite.images.source import Source

PLAIN_WIDTH = 800  # the `src` for browsers without srcset, and for feed readers


@dataclass(frozen=True)
class Choice:
    """A picture's candidates for `srcset`, as (site path, width) pairs, in WebP and in the
    format every browser shows, and the intrinsic size that reserves its box."""

    webp: tuple[tuple[str, int], ...]
    fallback: tuple[tuple[str, int], ...]
    fallback_type: str
    src: str
    width: int
    height: int


def choice(source: Source) -> Choice:
    made = renditions(source)
    fallback = fallback_format(source)
    webp = tuple(_candidate(made, w, "webp") for w in widths(source))
    plain = tuple(_candidate(made, w, fallback) for w in widths(source))
    src = max((c for c in plain if c[1] <= PLAIN_WIDTH), key=lambda c: c[1], default=plain[0])
    return Choice(webp, plain, MIME[fallback], src[0], source.width, source.height)


def _candidate(made: tuple[Rendition, ...], width: int, format: str) -> tuple[str, int]:
    return largest(made, width, format).path, width


def srcset(candidates: tuple[tuple[str, int], ...], url: Callable[[str], str]) -> str:
    """`a-400w.webp 400w, a-800w.webp 800w`, each path made into a link by `url`."""
    return ", ".join(f"{url(path)} {width}w" for path, width in candidates)


def feed_picture(source: Source, absolute: Callable[[str], str], alt: str, caption: str) -> str:
    """The lead picture at the top of a feed entry's HTML, with its alt text and caption:
    feed readers show a plain `<img>`, so it is the 800-px file in the common format."""
    if source.vector:
        return _figure(absolute(source.path), alt, source.width, source.height, caption)
    made = choice(source)
    width = next(w for path, w in made.fallback if path == made.src)
    height = max(1, round(source.height * width / source.width))
    return _figure(absolute(made.src), alt, width, height, caption)


def _figure(src: str, alt: str, width: int, height: int, caption: str) -> str:
    image = f'<img src="{escape(src)}" alt="{escape(alt)}" width="{width}" height="{height}">'
    below = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return f"<figure>{image}{below}</figure>\n"


_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\ssrc="([^"]*)"')


def sized(html: str, pictures: Mapping[str, Source], base_path: str) -> str:
    """`html` with each picture of media/ given its width and height (so the text does not
    jump when it loads) and loaded lazily; `base_path` is the site's path prefix, if any."""
    if "<img" not in html:
        return html

    def size(tag: re.Match[str]) -> str:
        text = tag.group()
        src = _SRC.search(text)
        source = pictures.get(src.group(1).removeprefix(base_path)) if src else None
        if source is None or " width=" in text or " height=" in text:
            return text
        extra = f' width="{source.width}" height="{source.height}" loading="lazy" decoding="async"'
        return text[:-1].rstrip("/ ") + extra + ">"

    return _IMG.sub(size, html)
