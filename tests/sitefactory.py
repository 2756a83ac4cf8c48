"""Throwaway content folders for tests: a valid small site plus the files a test names."""

from __future__ import annotations

import base64
from datetime import datetime
from pathlib import Path


def png(size: tuple[int, int], colour: tuple[int, int, int] = (230, 120, 40)) -> bytes:
    """A flat-colour PNG of `size`, for a site whose pictures must be real and of a size."""
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def jpeg(size: tuple[int, int], seed: int = 1) -> bytes:
    """A JPEG of `size` made of seeded noise: the same bytes every run, and a scan long
    enough to cut short or damage."""
    import random
    from io import BytesIO

    from PIL import Image

    width, height = size
    noise = random.Random(seed).randbytes(width * height * 3)
    out = BytesIO()
    Image.frombytes("RGB", size, noise).save(out, "JPEG")
    return out.getvalue()


def header_only_png(width: int, height: int) -> bytes:
    """A PNG that declares `width` x `height` pixels and holds almost none of them: a huge
    picture's header, for a test that must not allocate it."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    pixels = zlib.compress(b"\0" * 16)
    signature = b"\x89PNG\r\n\x1a\n"
    return signature + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


# A real 2 x 2 PNG: pictures are opened and re-encoded when a site is built.
TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGM8ESDCwMDAxMDAwMDAAAAO7gEwyp3NFQAAAABJRU5ErkJggg=="
)

SITE_YAML = """\
title: Harbor Police Community
department: Harbor Police Department
base_url: https://community.harbor.example
timezone: America/Los_Angeles
description: Stories and events from the harbor.
contact:
  emergency: "911"
  non_emergency: (555) 010-2000
  email: community@harbor.example
  address: 1 Harbor Way, Harbor City, CA 90000
"""

COMMUNITIES_YAML = """\
surf:
  name: Surf
  description: Surfers.
music:
  name: Music
  description: Bands.
"""

STORY = """\
---
title: A good story
date: 2026-08-02
communities: [surf]
---

Officers met surfers at the pier.
"""


def make_site(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """A content folder at `root/content`; `files` adds or replaces files by relative path."""
    content = root / "content"
    defaults: dict[str, str | bytes] = {
        "site.yaml": SITE_YAML,
        "communities.yaml": COMMUNITIES_YAML,
        "stories/2026-08-02-good.md": STORY,
    }
    for rel, text in {**defaults, **(files or {})}.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return content


def problems_for(root: Path, files: dict[str, str | bytes]) -> list[str]:
    """Every problem `load_site` reports for a throwaway site made of `files`, as printed.

    Run from `root` (tests chdir there), so paths read `content/...` as a PIO sees them.
    """
    import pytest

    from microsite.content.load import load_site
    from microsite.errors import BuildFailed

    make_site(root, files)
    with pytest.raises(BuildFailed) as failed:
        load_site(Path("content"), now=datetime.fromisoformat("2026-11-25T09:00"))
    return [str(e) for e in failed.value.errors]
