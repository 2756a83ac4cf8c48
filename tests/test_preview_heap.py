"""The preview keeps the last build out of the cycle collector's way between saves,
without keeping dead cycles forever (`microsite/preview/heap.py`)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from microsite.pipeline import QUIET_COLLECTOR
from microsite.preview import heap as heap_module
from microsite.preview.heap import Heap


class Node:
    other: Node


@pytest.fixture
def heap() -> Iterator[Heap]:
    thresholds = gc.get_threshold()
    made = Heap()
    yield made
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def a_cycle() -> tuple[Node, weakref.ref[Node]]:
    """Two objects that refer to each other: only the cycle collector can free them."""
    first, second = Node(), Node()
    first.other, second.other = second, first
    return first, weakref.ref(first)


def test_the_preview_collects_as_seldom_as_a_build(heap: Heap) -> None:
    assert gc.get_threshold() == QUIET_COLLECTOR


def test_the_first_builds_garbage_is_collected_not_frozen(heap: Heap) -> None:
    node, alive = a_cycle()
    del node
    heap.rebuilt()
    assert alive() is None
    assert gc.get_freeze_count() > 0


def test_what_survives_a_save_is_frozen_until_a_quiet_moment_after_enough_saves(
    heap: Heap,
) -> None:
    heap.rebuilt()  # the first build
    node, alive = a_cycle()
    heap.rebuilt()  # a save: the cycle outlives it, so it is frozen...
    del node  # ...and dies later, as a replaced template's objects do
    gc.collect()
    assert alive() is not None, "a frozen cycle is left to the full sweep"

    for _ in range(heap_module.FULL_AFTER - 2):  # with the save above, one short
        heap.rebuilt()
    heap.last -= heap_module.IDLE_SECONDS
    heap.idle()
    assert alive() is not None, "no sweep before enough saves"

    heap.rebuilt()
    heap.idle()
    assert alive() is not None, "no sweep right after a save: a browser may be reloading"

    heap.last -= heap_module.IDLE_SECONDS
    heap.idle()
    assert alive() is None
    assert gc.get_freeze_count() > 0, "what lives is frozen again"
    assert heap.unswept == 0
