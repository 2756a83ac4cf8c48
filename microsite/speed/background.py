"""Work begun on another core, to be picked up later in the build.

A rebuild that changed nothing keeps one core busy loading `.cache/` and the
content while the other idles. Surveying the spare tree and the live site
(`swap.survey`: reading every folder of both, two for each page) needs
neither, so a forked helper does it meanwhile: it took 130 ms of a 1.4 s
no-change rebuild at 4,000 stories, done on the one core.

The helper sends its result back through a pipe. If anything goes wrong
there (an exception, the helper killed), the work is simply done again in
this process, where it succeeds or raises just as it would have without the
helper; the work must therefore be safe to run twice.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Callable
from typing import Generic, TypeVar

from microsite.publish import at_once
from microsite.speed import parallel

T = TypeVar("T")


def in_background(work: Callable[[], T], processes: int | None = None) -> Callable[[], T]:
    """Start `work` in a forked helper; the call returned waits for it and gives its result.
    A build of one process (`--jobs 1`) does the work at once instead."""
    if not parallel.more_than_one(processes):
        return at_once(work)
    # Room for the survey of most sites (1,000 stories: 107 KB, past a pipe's usual
    # 64 KiB; 10,000: 1.1 MB, nearly all of it), so the helper ends as soon as it is done
    # rather than live on, blocked, until the parent reads, holding its copy of each page
    # of memory the parent changes meanwhile.
    receive, send = os.pipe()
    parallel.widen(send)
    parent = os.getpid()
    try:
        helper = os.fork()
    except OSError:  # no process to spare (a limit on processes, or on memory)
        os.close(receive)
        os.close(send)
        return at_once(work)
    if helper == 0:  # the helper: do the work, send it, and leave without cleaning up
        os.close(receive)  # the parent's things (open files, `atexit`) are the parent's
        code = 1
        try:
            parallel.die_with(parent)
            data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(send, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(send)
    return _Waiting(helper, receive, work)


class _Waiting(Generic[T]):
    """A helper's result, read when first asked for."""

    def __init__(self, helper: int, receive: int, work: Callable[[], T]):
        self._helper = helper
        self._receive = receive
        self._work = work
        self._found: list[T] = []

    def __call__(self) -> T:
        if not self._found:
            self._found.append(self._wait())
        return self._found[0]

    def _wait(self) -> T:
        with os.fdopen(self._receive, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self._helper, 0)
        if status == 0:
            with contextlib.suppress(Exception):  # a damaged result: the work is done here
                return pickle.loads(data)
        return self._work()
