"""How the preview stops: Ctrl-C, SIGTERM or SIGHUP, at once, whatever it is doing.

Signals are delivered to the main thread only, between two steps of Python
code, and it is the main thread that rebuilds. Their handlers raise there,
so a rebuild stuck in a template loop is cut short as readily as the wait
between two polls, and `serve`'s clean-up (the preview folder holds drafts)
always runs.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator
from types import FrameType

# SIGHUP: the terminal the preview ran in was closed. Windows has no such signal.
STOP_SIGNALS = tuple(
    getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)
)


class Stop(KeyboardInterrupt):
    """Ctrl-C, SIGTERM or SIGHUP, raised in the main thread wherever it is, a rebuild
    included. Not an Exception, so that no `except Exception` on the way swallows it;
    a KeyboardInterrupt, so that the command line ends quietly should one get past `serve`."""


@contextlib.contextmanager
def by_signals() -> Iterator[None]:
    """Within: Ctrl-C, SIGTERM and SIGHUP (the terminal closed) raise Stop at once.

    A rebuild's helpers are forked with these handlers: a helper that gets
    the signal (Ctrl-C reaches the whole process group) ends quietly, and
    the rebuild, interrupted by its own Stop, kills any that are left. The
    first signal is the last one heeded, so that a second Ctrl-C cannot cut
    the clean-up short and leave drafts in the temporary folder.
    """
    owner = os.getpid()

    def stop(number: int, _frame: FrameType | None) -> None:
        if os.getpid() != owner:
            os._exit(128 + number)  # a forked helper: its parent cleans up
        for each in STOP_SIGNALS:  # a Python handler, not SIG_IGN: a signal already on its
            signal.signal(each, _heed_none)  # way would then print "ignored due to race"
        raise Stop(number)

    previous = {number: signal.signal(number, stop) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _heed_none(_number: int, _frame: FrameType | None) -> None:
    """A stop signal after the first: the clean-up goes on."""
