"""Opening a picture with Pillow, and every way that fails, as a problem a person can fix.

Pictures come from phones, cameras, screenshots and half-finished uploads: a
file may be empty, cut short, not a picture at all, or declare more pixels
than any machine should decode. `decoding` is how the build opens one, when
content loads and when its files are made: the size its header declares is
checked before a pixel is decoded, and whatever Pillow raises for the file's
contents becomes `Unusable`, which says in words what is wrong and what to
do. Loading reports it at the picture's path like any content error; making
a file turns it into `PageFailed`, which travels back from a helper process
like a template's error. No picture ends a build with a traceback.
"""

from __future__ import annotations

import contextlib
import re
import struct
import warnings
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from microsite.errors import ContentError

if TYPE_CHECKING:
    from PIL import Image

MAX_PIXELS = 100_000_000  # a 10,000 x 10,000 picture; anything larger is refused
MAX_SIDE = 65_500  # the most a JPEG (every photo's fallback) can hold on one side
KINDS = "JPEG, PNG, GIF, WebP, AVIF or HEIC"
DAMAGED = "the picture file is damaged or incomplete"
READ_HINT = "check that the file is there and can be opened"
UNREADABLE_HINT = "save it again from the phone or photo editor as JPEG or PNG"
DAMAGED_HINT = (
    "copy or export it again from the phone or photo editor: "
    "an upload or copy that did not finish leaves a file like this"
)
SMALLER_HINT = "resize it to at most 10,000 x 10,000 pixels: pages show at most 1,600 across"


@cache
def pillow() -> Any:
    """Pillow's `Image`, able to read HEIC too (phones save it), imported at first use:
    importing it cost every build 40 ms, and a rebuild whose pictures are unchanged
    never opens one.

    Pillow's own guard against decompression bombs is set to the project's
    limit, so that it refuses what the project would (it warns above it, and
    `decoding` makes the warning an error): the guard stays, because Pillow also
    applies it inside a file (a GIF frame larger than its screen) where only
    Pillow can, before allocating the memory.
    """
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    return Image


class Unusable(Exception):
    """Why a picture cannot be published, and how to fix it: a content error without
    its path, which the caller knows."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def at(self, path: str) -> ContentError:
        return ContentError(path, 1, self.message, self.hint)


@contextlib.contextmanager
def decoding(file: str) -> Iterator[Image.Image]:
    """The picture at `file`, opened for the `with` block to decode, its declared size
    checked first (`check_size`).

    Whatever Pillow raises for the file's contents, on opening or in the
    block, leaves as `Unusable`, so the block should hold Pillow's work on
    the picture and nothing else. Pillow's warning that a picture is very
    large is raised as an error, so nothing is printed raw.
    """
    image_module = pillow()
    bomb = (image_module.DecompressionBombError, image_module.DecompressionBombWarning)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", image_module.DecompressionBombWarning)
            with image_module.open(file) as image:
                check_size(*image.size)
                yield image
    except bomb as error:
        raise too_large(_declared(str(error))) from None
    except image_module.UnidentifiedImageError:
        raise Unusable(
            f"not a readable picture: its contents are not {KINDS}", UNREADABLE_HINT
        ) from None
    except MemoryError:
        raise Unusable("not enough memory to decode this picture", SMALLER_HINT) from None
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as error:
        raise _damaged(error) from None


def check_size(width: int, height: int) -> None:
    """Refuse a picture too large to decode safely, by the size its header declares:
    over `MAX_PIXELS`, or with a side over `MAX_SIDE` (a 100,000,000 x 1 picture is
    within the first, yet Pillow runs out of memory decoding its one row)."""
    if width * height > MAX_PIXELS:
        raise too_large(f"{width:,} x {height:,} pixels")
    if max(width, height) > MAX_SIDE:
        message = f"too long to publish: {width:,} x {height:,} pixels"
        hint = f"cut it into parts, or resize it so no side is over {MAX_SIDE:,} pixels"
        raise Unusable(message, hint)


def too_large(size: str) -> Unusable:
    """`size` as the picture's header declares it, when known ('' when not)."""
    told = f"{size}, " if size else ""
    message = f"too large to publish: {told}over the limit of {MAX_PIXELS:,} pixels"
    return Unusable(message, SMALLER_HINT)


_PIXELS = re.compile(r"\((\d+) pixels\)")


def _declared(said: str) -> str:
    """The pixel count in Pillow's refusal ('Image size (900000000 pixels) exceeds ...'),
    which is all it says of the picture's size."""
    found = _PIXELS.search(said)
    return f"{int(found[1]):,} pixels" if found else ""


def _damaged(error: Exception) -> Unusable:
    """What Pillow's error about a file's contents means to the person who gave us it."""
    if isinstance(error, OSError) and error.errno is not None:  # the disk, not the picture
        return Unusable(f"could not be read: {error.strerror}", READ_HINT)
    said = " ".join(str(error).split()) or type(error).__name__
    return Unusable(f"{DAMAGED}: {said}", DAMAGED_HINT)
