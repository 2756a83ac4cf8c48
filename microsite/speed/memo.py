"""Remembering results between builds in one process, so a rebuild redoes only what changed.

The preview server rebuilds the whole site on every save, through the same
functions as a cold build: that is what keeps a preview byte-identical to the
published site. What makes it fast is that each costly step (parsing a file,
converting Markdown, rendering a page) is looked up here by *everything it
depends on*; only steps whose inputs changed run again.

Keys must hold every input of the step. Model values are frozen dataclasses,
so they hash and compare by value and serve directly as keys.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
_MISSING: Any = object()


class _Key:
    """A key that hashes once: keys hold whole stories, and dicts hash a key per lookup."""

    __slots__ = ("hash", "key")

    def __init__(self, key: Hashable):
        self.key = key
        self.hash = hash(key)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and self.hash == other.hash and self.key == other.key


class Memo:
    """A cache that keeps what the latest build used and forgets the rest."""

    keeps = True  # whether anything put here can come back

    def __init__(self) -> None:
        self._previous: dict[Hashable, Any] = {}
        self._current: dict[Hashable, Any] = {}
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """`make()`'s result for `key`, computed once while `key` keeps being asked for."""
        key = _Key(key)
        value = self._kept(key)
        if value is _MISSING:
            self.misses += 1
            value = self._current[key] = make()
        return value

    def recall(self, key: Hashable) -> Any:
        """What is stored under `key` (kept for this build too), or None, in one lookup."""
        value = self._kept(_Key(key))
        return None if value is _MISSING else value

    def _kept(self, key: _Key) -> Any:
        """The value under `key` from this build or the last, now kept for this one."""
        value = self._current.get(key, _MISSING)
        if value is _MISSING:
            value = self._previous.pop(key, _MISSING)
            if value is _MISSING:
                return _MISSING
            self._current[key] = value
        self.hits += 1
        return value

    def put(self, key: Hashable, value: Any) -> None:
        """Store a result computed elsewhere (in a helper process, say)."""
        self._current[_Key(key)] = value
        self.misses += 1

    def next_build(self) -> None:
        """Drop whatever the build that just finished did not use."""
        self._previous, self._current = self._current, {}
        self.hits = self.misses = 0

    def abandon_build(self) -> None:
        """Keep everything after a failed build: the next one may need any of it."""
        self._previous.update(self._current)
        self._current = {}
        self.hits = self.misses = 0


class NoMemo(Memo):
    """Computes everything every time: what a one-off build wants."""

    keeps = False

    def recall(self, key: Hashable) -> Any:
        return None

    def put(self, key: Hashable, value: Any) -> None:
        pass

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        return make()


NO_MEMO = NoMemo()
