"""Every file a picture becomes, and how each is made: the costliest step of a build.

A `Rendition` is a frozen value (the source's digest and facts, the size and
format wanted), and `encode` is a pure function of it: the same value gives
the same bytes in any process, on any run (Pillow's encoders are
deterministic for the same input and settings). That is what lets a build
make them on every core and keep them between runs.

Every raster picture is re-encoded, never copied: the new file carries the
pixels and the colour profile, and nothing else (no EXIF with the GPS
position or the camera's serial number, no XMP, no IPTC, no thumbnail), with
the phone's rotation flag applied to the pixels.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from microsite.content.reading import display_path
from microsite.errors import ContentError, PageFailed
from microsite.images.decoding import Unusable, decoding, pillow
from microsite.images.source import ROTATED, Source

if TYPE_CHECKING:
    from PIL import Image

WIDTHS = (400, 800, 1200, 1600)  # a 358-px phone slot at 1x to a 768-px column at 2x
SHARE = (1200, 630)  # what social sites show
WEBP_SIDE = 16_383  # the longest side a WebP file can have
QUALITY = {"jpeg": 80, "webp": 78, "avif": 60, "heif": 75}
OWN_FORMAT = {
    ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".gif": "gif",
    ".webp": "webp", ".avif": "avif", ".heic": "heif", ".heif": "heif",
}  # fmt: skip
EXTENSION = {"jpeg": "jpg", "png": "png", "webp": "webp"}
MIME = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


@dataclass(frozen=True)
class Rendition:
    """One file made from a picture: `width` x `height` pixels in `format` at `path`.

    `crop` cuts the middle of the picture to that shape (for sharing);
    otherwise the whole picture is scaled down.
    """

    source: Source
    path: str  # its /media/ path
    width: int
    height: int
    format: str
    crop: bool = False


def fallback_format(source: Source) -> str:
    """The format every browser shows: PNG for graphics, JPEG for photos."""
    return "png" if source.graphic else "jpeg"


def height_at(width: int, height: int, new_width: int) -> int:
    """The height of a `width` x `height` picture scaled to `new_width` pixels wide."""
    return max(1, round(height * new_width / width))


def widths(source: Source) -> tuple[int, ...]:
    """The widths made for `srcset`: never wider than the picture itself."""
    smaller = tuple(w for w in WIDTHS if w < source.width)
    return smaller if source.width > WIDTHS[-1] else (*smaller, source.width)


def scaled(source: Source, width: int, format: str) -> Rendition:
    """`source` scaled to `width`, in `format`, at a path that says both."""
    height = height_at(source.width, source.height, width)
    return Rendition(source, f"{_stem(source)}-{width}w.{EXTENSION[format]}", width, height, format)


def own_address(source: Source) -> Rendition:
    """The picture at the address content links to, in its own format, no wider than the
    largest width: an 8,000-pixel original is never published."""
    width = widths(source)[-1]
    height = height_at(source.width, source.height, width)
    return Rendition(source, source.path, width, height, OWN_FORMAT[source.suffix])


def share(source: Source) -> Rendition:
    """The 1200 x 630 middle of the picture (smaller if the picture is), for `og:image`."""
    ratio = SHARE[0] / SHARE[1]
    width = min(SHARE[0], source.width, round(source.height * ratio))
    height = min(round(width / ratio), source.height)
    format = fallback_format(source)
    return Rendition(
        source, f"{_stem(source)}-share.{EXTENSION[format]}", width, height, format, True
    )


def _stem(source: Source) -> str:
    """What a made file's name starts with: the picture's name and its own extension, so
    `band.jpg` and `band.png` beside it never make the same `band-...-400w.webp`."""
    path = PurePosixPath(source.path)
    return f"{path.with_suffix('')}-{path.suffix.lstrip('.').lower()}"


def has_webp(source: Source) -> bool:
    """Whether the picture is made in WebP too: only if WebP can hold it at every width
    made, so that pages offer the same widths in both formats. A long screenshot of a
    flyer, 1,080 x 18,000, is made in JPEG or PNG alone."""
    largest = widths(source)[-1]
    return max(largest, height_at(source.width, source.height, largest)) <= WEBP_SIDE


def formats(source: Source) -> tuple[str, ...]:
    """The formats each width of `source` is made in: WebP where it fits, and the fallback."""
    return ("webp", fallback_format(source)) if has_webp(source) else (fallback_format(source),)


def renditions(source: Source) -> tuple[Rendition, ...]:
    """Every file `source` becomes: its own address, each width in WebP (`has_webp`) and
    the fallback, and the picture for sharing."""
    own = own_address(source)
    sizes = [scaled(source, w, f) for w in widths(source) for f in formats(source)]
    same = [r for r in sizes if (r.width, r.format) == (own.width, own.format)]
    return (own, *(r for r in sizes if r not in same), share(source))


# What every browser and search engine shows: a picture in one of these is named as it is.
WEB_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp"})


def web_path(source: Source) -> str:
    """The address of the picture where no page frames it (JSON-LD, the sitemap): its own,
    unless few browsers and no search engine can show its format (an iPhone's HEIC: named
    as it was, review find), then its largest JPEG or PNG."""
    if source.vector or source.suffix in WEB_SUFFIXES:
        return source.path
    return scaled(source, widths(source)[-1], fallback_format(source)).path


def largest(renditions: tuple[Rendition, ...], width: int, format: str) -> Rendition:
    """The file of `format` made at `width`: the picture's own address when that is one."""
    return next(r for r in renditions if (r.width, r.format) == (width, format))


def encode(rendition: Rendition) -> bytes:
    """The rendition's bytes: decoded, turned upright, resized, re-encoded without metadata.

    A picture that cannot be decoded or saved fails this file (`PageFailed`) with
    the picture's path, in whichever process makes it: loading found none such,
    but it cannot see everything (`source.py`), and the file may have changed since.
    """
    try:
        picture = _resized(_base(rendition.source), rendition)
        picture.info = {}  # nothing of the original's metadata may reach the new file
        return _saved(picture, rendition.format)
    except Unusable as problem:
        raise PageFailed(problem.at(display_path(Path(rendition.source.file)))) from None


@lru_cache(maxsize=1)
def _base(source: Source) -> Image.Image:
    """The picture upright at its largest published size, in sRGB.

    Every rendition is made from this one image, so a 12-megapixel photo is
    decoded and scaled down once per process, not once per file (a build makes
    a picture's files one after another). A JPEG far larger than needed is
    decoded at 1/2, 1/4 or 1/8 size to begin with. The result depends on the
    source alone, so every process makes the same bytes.
    """
    width = widths(source)[-1]
    size = (width, height_at(source.width, source.height, width))
    with decoding(source.file) as image:
        if image.format == "JPEG":
            turned = image.getexif().get(0x0112, 1) in ROTATED
            image.draft("RGB", size[::-1] if turned else size)
        image.load()
        profile = image.info.get("icc_profile")
        upright = _blendable(_eight_bit(image))
        # In place: a copy of a 100-megapixel picture is another 400 MB (fuzzing find).
        _ops().exif_transpose(upright, in_place=True)
    if upright.size != size:
        upright = upright.resize(size, pillow().Resampling.LANCZOS, reducing_gap=3.0)
    return _in_srgb(upright, profile)


def _blendable(image: Image.Image) -> Image.Image:
    """A palette or one-bit picture in colours that can be blended: resized as it was,
    Pillow took the nearest pixel, and a drawing's edges came out jagged (review find)."""
    if image.mode not in ("P", "PA", "1"):
        return image
    return image.convert("RGBA" if _has_alpha(image) else "RGB")


def _in_srgb(image: Image.Image, profile: bytes | None) -> Image.Image:
    """The picture's colours in sRGB, which every browser assumes of a picture without a
    profile: a phone's Display P3 or a print shop's CMYK converted by its own profile, so
    no profile is published. One that does not fit the picture (a CMYK profile on RGB
    pixels) is left out: copied byte for byte, it named the wrong colours, and carried
    whatever bytes were written into it to every published file (review find)."""
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    from PIL import ImageCms

    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        if image.mode != "CMYK" and "srgb" in ImageCms.getProfileDescription(source).lower():
            return image  # already sRGB (most phones but iPhones): 20 ms a photo saved
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, _srgb(), outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image


@lru_cache(maxsize=1)
def _srgb() -> Any:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


# Pillow's modes for greyscale of more than 8 bits: 16-bit PNGs and TIFFs (scans).
DEEP_GREY = ("I;16", "I;16B", "I;16L", "I;16N", "I")


def _eight_bit(image: Image.Image) -> Image.Image:
    """A 16-bit greyscale picture in 8 bits, its shades scaled: converted straight to RGB,
    every value above 255 clips, and the picture is published plain white. Its
    transparent shade is scaled with them (left as it was, another shade went clear)."""
    if image.mode not in DEEP_GREY:
        return image
    grey = image.convert("I").point(lambda value: value / 257).convert("L")
    clear = image.info.get("transparency")
    grey.info.pop("transparency", None)
    if isinstance(clear, int):
        grey.info["transparency"] = round(clear / 257)
    return grey


def _resized(image: Image.Image, rendition: Rendition) -> Image.Image:
    mode = "RGBA" if _has_alpha(image) and rendition.format != "jpeg" else "RGB"
    if mode == "RGB" and _has_alpha(image):
        image = _flattened(image)
    elif image.mode != mode:
        image = image.convert(mode)
    size = (rendition.width, rendition.height)
    if rendition.crop:
        return _ops().fit(image, size, pillow().Resampling.LANCZOS)
    if image.size == size:
        return image.copy()
    return image.resize(size, pillow().Resampling.LANCZOS)


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _flattened(image: Image.Image) -> Image.Image:
    """A transparent picture on white, for JPEG, which has no transparency."""
    rgba = image.convert("RGBA")
    white = pillow().new("RGBA", rgba.size, (255, 255, 255, 255))
    return pillow().alpha_composite(white, rgba).convert("RGB")


def _saved(picture: Image.Image, format: str) -> bytes:
    buffer = io.BytesIO()
    options: dict = {}
    if format == "jpeg":
        options |= {"quality": QUALITY["jpeg"], "optimize": True, "progressive": True}
    elif format == "png":
        # zlib's usual level, not Pillow's `optimize` (its strongest): that made the
        # sample's drawings 2% smaller (the link-preview crops 5%) at three times the
        # encoding time, for files only browsers without WebP and link previews fetch.
        options |= {"compress_level": 6}
    elif format == "gif" and picture.mode != "RGBA":  # Pillow keeps a clear colour clear
        picture = picture.convert("RGB").quantize(256)
    elif format != "gif":
        options |= {"quality": QUALITY[format]}
    try:
        picture.save(buffer, format=format.upper(), **options)
    except (OSError, ValueError, RuntimeError) as error:  # an encoder's limit, not a bug
        size = f"{picture.width:,} x {picture.height:,}"
        message = f"could not be saved as {format.upper()} at {size} pixels: {error}"
        raise Unusable(message, "save it again smaller, as JPEG or PNG") from None
    return buffer.getvalue()


def clashes(sources: Iterable[Source], media: frozenset[str]) -> list[ContentError]:
    """A made file that would replace another file of media/, or one made from another
    picture: the build stops rather than publish one over the other."""
    problems, made = [], dict.fromkeys(media, "")
    for source in sources:
        for rendition in () if source.vector else renditions(source):
            if rendition.path == source.path:
                continue
            other = made.setdefault(rendition.path, source.path)
            if other != source.path:
                message = f"{rendition.path} is made from {source.path}, and is also "
                message += f"made from {other}" if other else "a file"
                problems.append(ContentError("content" + rendition.path, 1, message, "rename one"))
    return problems


def _ops() -> Any:
    """Pillow's ImageOps, imported with Pillow itself: only when a picture is made."""
    pillow()
    from PIL import ImageOps

    return ImageOps
