"""Whether a picture file holds all of its picture: a cut-short file, found without decoding.

An upload or copy that did not finish leaves a file whose header is fine
and whose picture stops part-way: Pillow reads its size and only fails when
it decodes the pixels. Decoding every picture whenever content loads (and so
on every `check`) would cost far more than reading headers: 30 ms for a
12-megapixel phone JPEG even at an eighth of its size, 270 ms for the same
photo as WebP, 690 ms as HEIC (a `check` of 200 generated stories with 40
phone JPEGs takes about 1 s; decoding them would add 1.2 s). Each format
says where it ends, though, and that can be read for the cost of reading
the file, which loading does anyway for its digest. The rule for each
format is the one its decoder applies, so a file found whole here is never
refused for being cut short when it is decoded, and one found cut short
here would be refused there. PNG and GIF are not tested here: loading
decodes them whole (Pillow decodes a PNG to find its rotation flag, which
may follow the pixels), which finds far more. Nor is WebP: Pillow refuses a
cut-short WebP as it opens it.
"""

from __future__ import annotations

import struct

# The boxes of a HEIC or AVIF file that hold the picture: its index and its data.
PICTURE_BOXES = frozenset({b"meta", b"mdat", b"moov", b"idat"})
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # JPEG markers without a length


def cut_short(data: bytes, format: str) -> bool:
    """Whether `data`, a picture Pillow opened as `format`, ends before its picture does."""
    if format in ("JPEG", "MPO"):
        return _jpeg_cut_short(data)
    if format in ("HEIF", "AVIF"):
        return _boxes_cut_short(data)
    return False


def _jpeg_cut_short(data: bytes) -> bool:
    """A JPEG ends with an end-of-image marker after its scans (the decoder needs it, and
    reports the file as truncated without it). The segments before the first scan are
    stepped over by their lengths, so the marker of a preview picture inside the EXIF
    is not taken for it; inside the scans, no FF D9 is anything but that marker."""
    offset = 2  # after the start-of-image marker
    while offset + 4 <= len(data) and data[offset] == 0xFF:
        marker = data[offset + 1]
        if marker == 0xDA:  # the first scan: the picture itself
            return data.find(b"\xff\xd9", offset) == -1
        if marker == 0xFF:  # fill byte
            offset += 1
        elif marker in _STANDALONE:
            offset += 2
        else:
            offset += 2 + struct.unpack_from(">H", data, offset + 2)[0]
    return False  # not a layout to judge: the decoder will, when files are made


def _boxes_cut_short(data: bytes) -> bool:
    """A HEIC or AVIF file is a row of boxes, each starting with its length: one that holds
    the picture and runs past the end of the file was cut short. Bytes after the last box
    that do not read as a box are left alone, as the decoder leaves them."""
    offset = 0
    while offset + 8 <= len(data):
        size, kind = struct.unpack_from(">I4s", data, offset)
        if size == 1 and offset + 16 <= len(data):  # a 64-bit length follows
            size = struct.unpack_from(">Q", data, offset + 8)[0]
        elif size == 0:  # the box runs to the end of the file
            return False
        if offset + size > len(data):
            return kind in PICTURE_BOXES
        if size < 8:
            return False
        offset += size
    return False
