"""One build at a time into an output folder.

Two builds publishing into the same folder at once would each swap in a
tree the other is still changing. A build therefore holds an exclusive lock
on a small file beside the output folder (`.site.lock` for `site/`), never
inside it, so it is never published. It is a POSIX record lock (`lockf`),
which belongs to the process that took it: forked helpers do not share it,
and it goes when that process ends, however it ends, so a killed build
never leaves a stale lock behind, even if helpers outlive it. The file
itself stays, since deleting a lock file lets two builds lock two different
files.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from pathlib import Path

from microsite.errors import UnsafeOutput

WAIT = 10.0  # seconds a build waits for another build of the same folder to finish
POLL = 0.1


class OutputBusy(UnsafeOutput):
    """Another build is publishing into the same output folder."""


def lock_path(output: Path) -> Path:
    return output.parent / f".{output.name}.lock"


class OutputLock:
    """Held from staging to publishing; `release` (or the process ending) lets the next build in."""

    def __init__(self, output: Path, wait: float | None = None):
        wait = WAIT if wait is None else wait
        self.fd = os.open(lock_path(output), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        if not _acquire(self.fd, wait):
            os.close(self.fd)
            raise OutputBusy(
                f"another build into {output}/ is running (waited {wait:g} s); "
                "try again once it has finished"
            )

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)  # drops the lock
            self.fd = -1


def _acquire(fd: int, wait: float) -> bool:
    """Try until `wait` seconds have passed; polling, so a stuck build cannot hang us."""
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EAGAIN):
                raise
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL)
