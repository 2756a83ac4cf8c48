"""Spreading independent work over the machine's cores.

Converting Markdown and rendering pages are most of a cold build, and each
item is independent of the others. Helper processes are forked, so they
start with the parent's objects (the site, the templates, the Markdown set-up)
already in memory: only each item's result travels back.

The parent works too, as one of the processes: on two cores that means one
helper, not two beside an idle parent. Every process a build adds holds its
own copy of whatever it touches, so one fewer keeps a large build's memory
down as well as sparing a fork. Rendering is the exception
(`retire_after`): every page touches the site, so the parent stays out of
it and helpers are replaced as they go, each touching only its share.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import itertools
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

PIPE_BYTES = 1 << 20  # Linux's most for a user's pipe, by default
MINIMUM = 48  # below this many items, starting helpers costs more than it saves
_TASK: tuple[Callable[[Any, Any], Any], Any, list[Sequence[Any]]] | None = None  # for helpers


def cores() -> int:
    """How many processes a build uses unless told: every core, where fork is safe."""
    if sys.platform != "linux":
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), 8))


def forks(items: Sequence[Any], processes: int | None = None) -> bool:
    """Whether `map_shared` would start helpers for these items."""
    return more_than_one(processes) and len(items) >= MINIMUM


def more_than_one(processes: int | None = None) -> bool:
    """Whether a build of `processes` (default: every core) may fork helpers at all."""
    return sys.platform == "linux" and (processes or cores()) > 1


def map_shared(
    fn: Callable[[Any, Any], Any],
    shared: Any,
    items: Sequence[Any],
    meanwhile: Callable[[], T] = lambda: None,
    processes: int | None = None,
    before_fork: Callable[[], None] = lambda: None,
    *,
    retire_after: int = 0,
) -> tuple[list[Any], T]:
    """`[fn(shared, item) for item in items]`, in order, on `processes` (default: every core).

    `meanwhile()` runs in this process first, while the helpers start on the
    items; its result is returned beside theirs. `before_fork()` runs only if
    helpers are started, just before: what it loads, they share.

    With `retire_after`, this process only hands out the work: `processes`
    helpers do it, each stopping after about that many items, and a fresh
    one is forked in its place while work remains (`meanwhile` then runs
    before the first fork, so that nothing this process does after it
    touches memory the helpers share). A helper's memory grows by every page
    of the parent's memory it touches: one that renders every page of a site
    ends up with a copy of the whole site, one that renders a tenth of them
    with a copy of about a tenth.
    """
    count = processes or cores()
    if not forks(items, count):
        return [fn(shared, item) for item in items], meanwhile()
    import multiprocessing  # only big builds need it: a small rebuild skips the import

    context = multiprocessing.get_context("fork")
    # Small chunks even out uneven items and leave little for one process to
    # finish alone at the end: at most 50 items (about 40 ms of Markdown).
    size = max(1, min(len(items) // (count * 8), 50))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    claimed = context.Value("i", 0)  # the next chunk nobody has taken
    before_fork()
    global _TASK
    _TASK = (fn, shared, chunks)
    try:
        if retire_after:
            also = meanwhile()
            results = _by_fresh_helpers(context, claimed, count, max(1, retire_after // size))
        else:
            results, also = _beside_helpers(context, claimed, count - 1, meanwhile)
    finally:
        _TASK = None
    return _in_order(results, chunks), also


def _beside_helpers(
    context: Any, claimed: Any, count: int, meanwhile: Callable[[], T]
) -> tuple[dict[int, list[Any]], T]:
    """Every chunk, done by this process and `count` helpers; and what `meanwhile()` gave,
    which this process runs first."""
    assert _TASK is not None
    results: dict[int, list[Any]] = {}
    helpers: list[Any] = []
    with _forking(lambda: helpers):
        readers = _start_helpers(context, claimed, count, helpers, results)
        also = meanwhile()
        results.update(_work(claimed, *_TASK))
        for waited in [*readers, *helpers]:
            waited.join()
    return results, also


@contextlib.contextmanager
def _forking(live: Callable[[], Iterable[Any]]) -> Iterator[None]:
    """Around the life of some helpers; `live()` gives those that may still run.

    Helpers share the parent's memory until they write to it. The garbage
    collector writes to every object it visits, so objects that exist before
    the fork are set aside where it never looks, and the memory freed so far
    is handed back first. Afterwards, even after an error, no helper is left
    behind.
    """
    _give_back_free_memory()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        for process in live():
            if process.is_alive():  # only after an error
                process.kill()
            process.join()


class HelperStopped(RuntimeError):
    """A helper ended without sending back its share: killed (out of memory), or crashed
    inside a library's own code (a picture decoder on a damaged file). `items` are those
    no process finished, so the caller can say which files were left undone."""

    def __init__(self, items: list[Any]):
        super().__init__("a helper process stopped before finishing its share of the build")
        self.items = items


def _in_order(results: dict[int, list[Any]], chunks: list[Sequence[Any]]) -> list[Any]:
    if len(results) != len(chunks):
        lost = [
            item for index, chunk in enumerate(chunks) if index not in results for item in chunk
        ]
        raise HelperStopped(lost)
    return [result for index in range(len(chunks)) for result in results[index]]


def _by_fresh_helpers(context: Any, claimed: Any, count: int, limit: int) -> dict[int, list[Any]]:
    """Every chunk, done by `count` helpers at a time, each retiring after `limit` chunks.

    This process only forks helpers and reads their results, from whichever
    pipe is ready: with no reader thread of its own, forking a replacement
    mid-way is as safe as forking the first.
    """
    from multiprocessing.connection import wait

    assert _TASK is not None
    chunks = len(_TASK[2])
    results: dict[int, list[Any]] = {}
    running: dict[Any, Any] = {}  # the pipe a helper sends on -> the helper
    with _forking(running.values):
        while True:
            while len(running) < count and claimed.value < chunks:
                receive, send = _pipe(context)
                process = context.Process(
                    target=_help, args=(claimed, send, os.getpid(), limit), daemon=True
                )
                process.start()
                send.close()
                running[receive] = process
            if not running:
                return results
            for ready in wait(list(running)):
                try:
                    index, done = pickle.loads(ready.recv_bytes())  # type: ignore[union-attr]
                    results[index] = done
                except EOFError:  # the helper has retired (or died: `_in_order` notices)
                    ready.close()  # type: ignore[union-attr]
                    running.pop(ready).join()


def _start_helpers(
    context: Any, claimed: Any, count: int, helpers: list[Any], results: dict[int, list[Any]]
) -> list[threading.Thread]:
    """Fork `count` helpers (every fork before any thread starts), then a reader thread each."""
    readers = []
    for _ in range(count):
        receive, send = _pipe(context)
        process = context.Process(target=_help, args=(claimed, send, os.getpid()), daemon=True)
        process.start()
        send.close()
        helpers.append(process)
        readers.append(threading.Thread(target=_collect, args=(receive, results), daemon=True))
    for reader in readers:
        reader.start()
    return readers


def _pipe(context: Any) -> tuple[Any, Any]:
    """A one-way pipe from a helper, with room for a few chunks' results.

    A reader thread of the parent empties it, and must take the interpreter
    lock from the parent's own work to do so, which it gets only every few
    milliseconds. With the kernel's usual 64 KiB, a helper sending a chunk of
    headers (about 250 KiB) waited for every quarter of it: at 10,000
    stories, reading front matter spent a third of its time blocked.
    """
    receive, send = context.Pipe(duplex=False)
    widen(send.fileno())
    return receive, send


def widen(pipe: int) -> None:
    """Give a pipe room for `PIPE_BYTES`, where the system allows."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux, or over the user's limit
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, PIPE_BYTES)


def _work(
    claimed: Any, fn: Callable[[Any, Any], Any], shared: Any, chunks: list[Sequence[Any]]
) -> Iterator[tuple[int, list[Any]]]:
    """Each chunk nobody has claimed yet, done, in whichever process this is."""
    while True:
        with claimed.get_lock():
            index = claimed.value
            claimed.value += 1
        if index >= len(chunks):
            return
        yield index, [fn(shared, item) for item in chunks[index]]


def _help(claimed: Any, send: Any, parent: int, limit: int | None = None) -> None:
    """A helper's whole life: take chunks until none are left (or it has done `limit`),
    sending each result back."""
    assert _TASK is not None
    die_with(parent)
    for done in itertools.islice(_work(claimed, *_TASK), limit):
        send.send_bytes(pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL))
    send.close()


def _give_back_free_memory() -> None:
    """Hand the memory freed so far (Markdown's parse trees, read files) back to the system
    before forking: a helper's pages count towards the build's memory as long as either
    process holds them. 12 MiB off a 4,000-story build's peak, for a fraction of a
    millisecond."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: no way to give it back
        ctypes.CDLL(None).malloc_trim(0)


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with(parent: int) -> None:
    """Have the kernel kill this helper if the build's process dies (SIGKILL, out of memory).

    Otherwise a helper whose parent was killed waits on its pipe forever,
    holding memory and the folder's lock files open.
    """
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: helpers are not forked there anyway
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _collect(receive: Any, results: dict[int, list[Any]]) -> None:
    """In a thread of the parent: store a helper's results as they arrive, so it never waits."""
    try:
        while True:
            index, done = pickle.loads(receive.recv_bytes())
            results[index] = done
    except EOFError:
        pass  # the helper has finished (or died: the caller counts the results)
    finally:
        receive.close()
