"""Seeded stand-ins for phone photos, for tests and benchmarks.

A real phone JPEG is large, noisy and full of metadata: the GPS position
where it was taken, the camera's make, model and serial number, and a
rotation flag (the pixels are stored sideways and the flag says "turn me").
These are made with Pillow so tests can check that none of it is published.
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw

ORIENTATION, MAKE, MODEL, SERIAL, GPS = 0x0112, 0x010F, 0x0110, 0xA431, 0x8825
LOCATION = {1: "N", 2: (33.0, 50.0, 31.2), 3: "W", 4: (118.0, 23.0, 18.4)}  # a school


def phone_photo(seed: int, size: tuple[int, int] = (4032, 3024), quality: int = 85) -> bytes:
    """A JPEG as a phone saves it: stored landscape with orientation 6 (shown portrait),
    GPS, make, model and serial in EXIF. The stored top half is warm, the bottom cool,
    so a test can tell which way up it was published."""
    image = _scene(random.Random(seed), size)
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[MAKE], exif[MODEL] = "Apple", "iPhone 15 Pro"
    exif.get_ifd(0x8769)[SERIAL] = "F2LXK0QNPF"
    exif.get_ifd(GPS).update(LOCATION)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, exif=exif, xmp=_XMP)
    return out.getvalue()


def _scene(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """Sky over sand, with grain: noisy enough to weigh what a photo weighs."""
    width, height = size
    image = Image.new("RGB", size, (222, 150, 90))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height // 2, width, height), fill=(60, 110, 190))
    for _ in range(40):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(20, width // 8)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    grain = Image.effect_noise(size, 48).convert("RGB")
    return Image.blend(image, grain, 0.18)


_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    b'syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude='
    b'"33,50.52N"/></rdf:RDF></x:xmpmeta>'
)
