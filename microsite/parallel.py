"""Spreading independent work over the machine's cores.

Converting Markdown and rendering pages are most of a cold build, and each
item is independent of the others. Worker processes are forked, so they
start with the parent's objects (the site, the templates, the Markdown set-up)
already in memory: only each item's result travels back.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

MINIMUM = 48  # below this many items, starting workers costs more than it saves
_TASK: tuple[Callable[[Any, Any], Any], Any] | None = None  # inherited by forked workers


def workers() -> int:
    """How many processes to use: every core, where fork is available and safe."""
    if sys.platform != "linux":
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), 8))


def map_shared(
    fn: Callable[[Any, Any], Any],
    shared: Any,
    items: Sequence[Any],
    meanwhile: Callable[[], T] = lambda: None,
) -> tuple[list[Any], T]:
    """`[fn(shared, item) for item in items]`, in order, on every core when worth it.

    `meanwhile()` runs in this process while the workers are busy; its result
    is returned beside theirs.
    """
    count = workers()
    if len(items) < MINIMUM or count < 2:
        return [fn(shared, item) for item in items], meanwhile()
    global _TASK
    _TASK = (fn, shared)
    size = max(1, len(items) // (count * 4))  # small chunks even out uneven items
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    # Workers share the parent's memory until they write to it. The garbage
    # collector writes to every object it visits, so objects that exist before
    # the fork are set aside where it never looks.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            pending = pool.map_async(_run_chunk, chunks)
            also = meanwhile()
            results = pending.get()
    finally:
        _TASK = None
        gc.unfreeze()
    return [result for chunk in results for result in chunk], also


def _run_chunk(chunk: Sequence[Any]) -> list[Any]:
    assert _TASK is not None
    fn, shared = _TASK
    return [fn(shared, item) for item in chunk]
