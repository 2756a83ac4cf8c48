"""A picture under `content/media/`, known before its files are made.

Loading a site reads each picture's header (its size and rotation flag) and
a digest of its bytes, and makes sure the picture is there to publish: not
too large to decode, not cut short (`whole.py`), and for PNG and GIF (which
are cheap to decode, or decoded anyway) not damaged inside. The digest is
what every processed file is made from: the same bytes and settings always
give the same files, so they can be kept between builds and made anywhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from xml.parsers import expat

from microsite.content.reading import display_path
from microsite.errors import ContentError, warning
from microsite.images.decoding import (
    DAMAGED,
    DAMAGED_HINT,
    MAX_SIDE,
    READ_HINT,
    Unusable,
    decoding,
)
from microsite.images.whole import cut_short

if TYPE_CHECKING:
    from microsite.output import Stamp

RASTER = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".heic", ".heif"})
GRAPHICS = frozenset({".png", ".gif"})  # sharp edges and flat colour: kept lossless
ROTATED = frozenset({5, 6, 7, 8})  # EXIF orientations that swap width and height
DECODED_WHEN_READ = frozenset({"PNG", "GIF"})  # see `_facts`
# Formats whose frames are an animation. A JPEG from a camera may carry a second, larger
# frame (MPO), and a HEIC a burst: neither moves, and the first frame is the photo.
MOVING = frozenset({"GIF", "PNG", "WEBP", "AVIF"})
EMPTY_HINT = "copy it again: a copy or upload that did not finish leaves an empty file"
ANIMATED_HINT = "to show it moving, publish it as a video (.mp4) and link to that"


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
    stamp: Stamp | None


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
    """The facts of one picture, or the problem that makes it unusable; a warning beside
    them for a moving picture, of which only the first frame is published."""
    shown = display_path(Path(media.file))
    if not is_raster(media.path):
        size = svg_size(Path(media.file).read_bytes())
        if size is None:  # shown at the browser's default size: reserve that box
            message = "gives no size: it is shown at {} by {}".format(*DEFAULT_SVG_SIZE)
            hint = 'give its <svg> a width and height in pixels, or a viewBox="0 0 W H"'
            problem = warning(shown, 1, message, hint)
            return Source(media.path, "", *DEFAULT_SVG_SIZE, True, media.file, True), (problem,)
        return Source(media.path, "", *size, True, media.file, True), ()
    try:
        data = _contents(media.file)
        width, height, animated = _facts(media.file, data)
    except Unusable as problem:
        return None, (problem.at(shown),)
    digest = hashlib.sha256(data).hexdigest()
    graphic = Path(media.path).suffix.lower() in GRAPHICS
    source = Source(media.path, digest, width, height, graphic, media.file)
    return source, (_moving(shown),) if animated else ()


def _moving(shown: str) -> ContentError:
    """Pages show a still picture: a GIF, PNG, WebP or AVIF that moves is published as its
    first frame."""
    return warning(shown, 1, "a moving picture: only its first frame is published", ANIMATED_HINT)


def _contents(file: str) -> bytes:
    """The picture's bytes, which its digest is made of; an empty file is no picture."""
    try:
        data = Path(file).read_bytes()
    except OSError as error:
        raise Unusable(f"could not be read: {error.strerror}", READ_HINT) from None
    if not data:
        raise Unusable("the picture file is empty", EMPTY_HINT)
    return data


def _facts(file: str, data: bytes) -> tuple[int, int, bool]:
    """The picture's size as shown (its rotation flag applied) and whether it moves.

    Its header is read, and its size checked, before anything is decoded. A
    PNG or GIF is decoded whole (Pillow decodes a PNG anyway to find a
    rotation flag that may follow the pixels); other formats are only
    checked to hold all of their picture (`whole.py`), which costs no
    decoding: what else may be wrong inside them is found when their files
    are made.
    """
    with decoding(file) as image:
        width, height = image.size
        animated = image.format in MOVING and bool(getattr(image, "is_animated", False))
        if image.format in DECODED_WHEN_READ:
            image.load()
        orientation = image.getexif().get(0x0112, 1)
        if cut_short(data, image.format):
            raise Unusable(f"{DAMAGED}: it stops part-way", DAMAGED_HINT)
    return (height, width, animated) if orientation in ROTATED else (width, height, animated)


# An SVG length: a number ("12", "6.4", ".5", "1e3"), in pixels or without a unit.
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(px|in|cm|mm|pt|pc)?\s*\Z")
# CSS pixels per absolute unit, as browsers size an SVG written in them.
_PIXELS = {"": 1.0, "px": 1.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4}
_PIXELS |= {"pt": 96 / 72, "pc": 16.0}
# What a browser shows a drawing that gives no size at: CSS's default object size.
DEFAULT_SVG_SIZE = (300, 150)


def svg_size(data: bytes) -> tuple[int, int] | None:
    """An SVG's size from its root's `width` and `height` (in pixels), else its `viewBox`:
    what the page needs to reserve its box. None when neither says, or neither says a
    size a page can reserve (under a pixel, negative, infinite, over `MAX_SIDE`): the
    drawing is then published without a reserved box, as one whose size is not given."""
    root: dict[str, str] = {}

    def start(name: str, attributes: dict[str, str]) -> None:
        if not root:
            root.update(attributes, seen="1")

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    with contextlib.suppress(expat.ExpatError):
        parser.Parse(data, True)
    width, height = (_LENGTH.match(root.get(key, "")) for key in ("width", "height"))
    sized = _box(_pixels(width), _pixels(height)) if width and height else None
    box = root.get("viewBox", "").replace(",", " ").split()
    return sized or (_box(box[2], box[3]) if len(box) == 4 else None)


def _pixels(length: re.Match) -> str:
    """A length in CSS pixels, written as a number: `10mm` is about 37.8."""
    return repr(float(length[1]) * _PIXELS[length[2] or ""])


def _box(width: str, height: str) -> tuple[int, int] | None:
    """Two lengths in whole pixels, if both are a size a page can reserve."""
    with contextlib.suppress(ValueError, OverflowError):
        sides = float(width), float(height)
        if all(math.isfinite(side) and 0.5 <= side <= MAX_SIDE for side in sides):
            return round(sides[0]), round(sides[1])
    return None
