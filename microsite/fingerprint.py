"""Digests of model values that are the same in every process.

Python's `hash()` of a string changes from one run to the next, so it cannot
say whether a page's inputs are the same as in the last build. These digests
can: they are made from each value's content, and each model object is
digested once per build however many pages it appears on.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields, is_dataclass
from typing import Any


class Fingerprints:
    """Digests for one build; model objects are remembered (and kept alive) by identity."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[Any, str]] = {}

    def of(self, value: Any) -> str:
        if isinstance(value, str):
            # Short text stands for itself (length-prefixed, so parts cannot run together).
            if len(value) <= 48:
                return f"s{len(value)}:{value}"
            return _digest(b"s", value.encode())
        if isinstance(value, bytes):
            return _digest(b"b", value)
        if isinstance(value, tuple | list | dict):
            return self._compound(value)  # containers are mostly made afresh for one page
        if is_dataclass(value):
            seen = self._known.get(id(value))
            if seen is not None and seen[0] is value:
                return seen[1]
            digest = self._compound(value)
            self._known[id(value)] = (value, digest)
            return digest
        text = repr(value)  # numbers, dates, zones, None: short, and stable between runs
        return f"r{len(text)}:{text}"

    def _compound(self, value: Any) -> str:
        if isinstance(value, dict):
            parts = sorted(self.of(k) + self.of(v) for k, v in value.items())
            return _digest(b"d", "".join(parts).encode())
        if isinstance(value, tuple | list):
            return _digest(b"t", "".join(self.of(item) for item in value).encode())
        names = [f.name for f in fields(value) if f.compare]
        parts = [type(value).__qualname__] + [self.of(getattr(value, n)) for n in names]
        return _digest(b"c", "|".join(parts).encode())


def _digest(kind: bytes, data: bytes) -> str:
    return hashlib.sha1(kind + data).hexdigest()
