"""A picture under `content/media/`, known before anything is decoded.

Loading a site reads each picture's header only (Pillow does not decode the
pixels to say how big a picture is) and a digest of its bytes. The digest is
what every processed file is made from: the same bytes and settings always
give the same files, so they can be kept between builds and made anywhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from xml.parsers import expat

from microsite.content.reading import display_path
from microsite.errors import ContentError


@cache
def pillow() -> Any:
    """Pillow's `Image`, able to read HEIC too (phones save it), imported at first use:
    importing it cost every build 40 ms, and a rebuild whose pictures are unchanged
    never opens one."""
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    return Image


RASTER = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".heic", ".heif"})
GRAPHICS = frozenset({".png", ".gif"})  # sharp edges and flat colour: kept lossless
ROTATED = frozenset({5, 6, 7, 8})  # EXIF orientations that swap width and height
MAX_PIXELS = 100_000_000  # a 10,000 x 10,000 picture; anything larger is refused
UNREADABLE_HINT = "save it again from the phone or photo editor as JPEG or PNG"


def is_raster(path: str) -> bool:
    """Whether a media path is a picture that is re-encoded rather than copied."""
    return Path(path).suffix.lower() in RASTER


def is_picture(path: str) -> bool:
    """Whether pages need a media file's size: raster pictures and SVG drawings."""
    return is_raster(path) or path.lower().endswith(".svg")


@dataclass(frozen=True)
class MediaFile:
    """A picture file as found on disk; its size, time and inode stand for its bytes."""

    path: str  # the /media/ path
    file: str
    stamp: tuple[int, int, int] | None


@dataclass(frozen=True)
class Source:
    """What pages and processing need to know about one picture.

    `width` and `height` are as shown, with the rotation flag applied. The
    file's place on disk is left out of comparisons: equal bytes at another
    checkout give the same processed files.
    """

    path: str  # the /media/ path, e.g. /media/stories/skate.jpg
    digest: str  # sha256 of the file's bytes
    width: int
    height: int
    graphic: bool  # PNG or GIF: kept lossless
    file: str = field(default="", compare=False)
    vector: bool = False  # an SVG: published as it is, in one file that fits any size

    @property
    def suffix(self) -> str:
        return Path(self.path).suffix.lower()


def read_source(media: MediaFile) -> tuple[Source | None, tuple[ContentError, ...]]:
    """The facts of one picture, or the problem that makes it unusable."""
    shown = display_path(Path(media.file))
    if not is_raster(media.path):
        size = svg_size(Path(media.file).read_bytes())
        return (Source(media.path, "", *size, True, media.file, True) if size else None), ()
    image_module = pillow()
    try:
        data = Path(media.file).read_bytes()
        with image_module.open(media.file) as image:
            width, height = image.size
            orientation = image.getexif().get(0x0112, 1)
    except (OSError, image_module.UnidentifiedImageError, ValueError, SyntaxError) as error:
        return None, (ContentError(shown, 1, f"not a readable picture: {error}", UNREADABLE_HINT),)
    if width * height > MAX_PIXELS:
        message = f"{width}x{height} pixels is too large to publish"
        return None, (ContentError(shown, 1, message, "resize it below 10,000 pixels a side"),)
    if orientation in ROTATED:
        width, height = height, width
    digest = hashlib.sha256(data).hexdigest()
    graphic = Path(media.path).suffix.lower() in GRAPHICS
    return Source(media.path, digest, width, height, graphic, media.file), ()


_LENGTH = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(?:px)?\s*\Z")


def svg_size(data: bytes) -> tuple[int, int] | None:
    """An SVG's size from its root's `width` and `height` (in pixels), else its `viewBox`:
    what the page needs to reserve its box. None when neither says."""
    root: dict[str, str] = {}

    def start(name: str, attributes: dict[str, str]) -> None:
        if not root:
            root.update(attributes, seen="1")

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    with contextlib.suppress(expat.ExpatError):
        parser.Parse(data, True)
    width, height = (_LENGTH.match(root.get(key, "")) for key in ("width", "height"))
    if width and height:
        return round(float(width[1])), round(float(height[1]))
    box = root.get("viewBox", "").replace(",", " ").split()
    with contextlib.suppress(ValueError):
        if len(box) == 4 and float(box[2]) > 0 and float(box[3]) > 0:
            return round(float(box[2])), round(float(box[3]))
    return None
