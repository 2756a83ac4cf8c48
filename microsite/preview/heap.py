"""The preview's memory between saves, kept out of the cycle collector's way.

The preview holds the last build in memory (at 1,000 stories, the site, its
converted Markdown and every page's bytes) and a save changes a few of
those objects. With Python's default settings the cycle collector scanned
the rest again during each rebuild: about 15 ms of a 150 ms save at 1,000
stories, and once every ten saves a full pass over everything, 60 ms more.

So after each rebuild what survived it is frozen (`gc.freeze`: kept where
the collector does not look), and the collector runs as seldom as in the
build command: a save's rebuild, which makes a few thousand objects that
outlive it, then runs no collection at all. Frozen objects are still freed
when nothing refers to them; only a cycle among them would wait. So once a
PIO has paused for a moment after some saves, everything is collected once
and frozen again: no cycle waits forever, and the full pass happens while
nobody is waiting for a page.
"""

from __future__ import annotations

import gc
import time

from microsite.pipeline import QUIET_COLLECTOR

# Rebuilds between full collections, and how long the preview must have been idle first.
FULL_AFTER = 20
IDLE_SECONDS = 5.0


class Heap:
    """When the preview's collector runs: see the module's docstring."""

    def __init__(self) -> None:
        gc.set_threshold(*QUIET_COLLECTOR)
        self.unswept = 0  # rebuilds since the last full collection
        self.serving = False  # whether the first build is done
        self.last = time.monotonic()

    def rebuilt(self) -> None:
        """After a rebuild: what survived it is kept out of the collector's way. The first
        build's garbage (a page's template context holds cycles) is collected before the
        preview starts serving, so none of it is frozen."""
        if not self.serving:
            gc.collect()
            self.serving = True
        else:
            self.unswept += 1
        self.last = time.monotonic()
        gc.freeze()

    def idle(self) -> None:
        """Between polls with nothing changed: after enough saves and a quiet moment, find the
        cycles that died among frozen objects (a template replaced, a page forgotten)."""
        quiet = time.monotonic() - self.last >= IDLE_SECONDS
        if self.unswept >= FULL_AFTER and quiet:
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self.unswept = 0
