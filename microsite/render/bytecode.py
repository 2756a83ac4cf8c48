"""Compiled templates kept in `.cache/microsite/jinja/` between runs, while the disk allows.

Jinja's own file cache fails the build when a file in it is truncated (a
build killed while writing, a full disk) and when a write fails. A cache
must only ever cost time: a file that cannot be read is compiled afresh, a
file that cannot be written is simply not kept.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket


class ForgivingBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, except that a damaged file or a failed write is not an error."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # truncated or damaged: `pickle` and `marshal` raise all sorts
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)  # removes its temporary file when a write fails


def bytecode_cache(cache: Path | None) -> jinja2.BytecodeCache | None:
    """A bytecode cache under `cache`, or none if there is no cache or its folder cannot be made."""
    if cache is None:
        return None
    try:
        (cache / "jinja").mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return ForgivingBytecodeCache(str(cache / "jinja"))
