"""Writing a built site to disk without ever leaving half a site behind.

A build writes into a staging tree beside the output folder, never into the
live site, so a build that fails, even for a full disk, leaves the last good
site exactly as it was. The staging tree then becomes the site in one step
(`swap.swap_in`): a reader, or a build killed at any instant, sees all of
the old site or all of the new one. One build at a time publishes into a
folder (`lock.OutputLock`). Only files whose bytes changed are written; the
rest are the live files themselves, hard-linked, so their dates stay.
"""

from __future__ import annotations

import contextlib
import filecmp
import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import TypeVar

from microsite.errors import UnsafeOutput
from microsite.lock import OutputLock
from microsite.output import checked, differs, safe_target, write_file
from microsite.swap import Spare, Survey, claim_spare, recover, set_aside, survey, swap_in

T = TypeVar("T")
# How a staging tree's survey is run: given the work, a call that gives its result.
Start = Callable[[Callable[[], Survey]], Callable[[], Survey]]


def at_once(work: Callable[[], T]) -> Callable[[], T]:
    """The work done here and now: the plain core's way to survey the spare, before the
    build reads anything."""
    found = work()
    return lambda: found


class Staging:
    """The tree beside the site where a build writes before anything is replaced.

    Creating one waits for the output folder's lock and repairs what a killed
    build left; `discard` (always called, success or not) lets the lock go.
    `write` may be called from forked helper processes: each call only adds a
    file to the staging tree, and says whether it differs from the live site.
    `commit` (in the parent, with every path the build made) completes the
    tree and swaps it in.

    What the spare tree holds is surveyed (`swap.survey`) by `start`: at once
    by default, or begun on another core by the speed layer while the build
    loads (`speed.background`). Either way `ready` has it in hand, and must be
    called before helpers are forked to write here.
    """

    in_any_process = True  # `write` may run in forked helpers: it only adds files

    def __init__(self, output: Path, start: Start = at_once):
        self.output = Path(os.path.realpath(output))  # a link to the site: publish where it points
        self.lock = _lock(self.output)
        try:
            recover(self.output)
            self.fresh = not self.output.exists()
            self.root = claim_spare(self.output)
            self._survey = start(partial(survey, str(self.root), str(self.output)))
        except BaseException:
            self.lock.release()
            raise
        self._spare: Spare | None = None
        self._made: set[str] = set()  # folders made in the staging tree, by this process
        self.linked: list[str] = []  # unchanged files linked into the new site by `commit`

    @property
    def spare(self) -> Spare:
        """The spare tree, surveyed: waited for here the first time it is needed."""
        if self._spare is None:
            self._spare = Spare(self.root, self._survey())
        return self._spare

    def ready(self) -> None:
        """Have the survey in hand, so that helpers forked to write here share it."""
        _ = self.spare

    def write(self, rel: str, data: bytes) -> bool:
        # Called for every page of a big site: plain strings and os calls, not Paths.
        rel = checked(rel)
        if not self.fresh and not differs(os.path.join(self.output, rel), data):
            return False
        write_file(self.spare.fresh_path(rel, self._made), data)
        return True

    def copy(self, rel: str, source: Path) -> bool:
        if not self.fresh and _same_file(source, safe_target(self.output, rel)):
            return False
        shutil.copyfile(source, self.spare.fresh_path(checked(rel), self._made))
        return True

    def commit(self, changed: Iterable[str], every: set[str]) -> None:
        """Complete the staging tree (`every` path, `changed` ones written) and swap it in;
        unless the live site already is that tree, to the file, and stays as it is."""
        changed = list(changed)
        if not self.fresh and not changed and self.spare.live == every:
            return
        self.spare.prune(every)
        self.linked = self.spare.link_unchanged(self.output, every.difference(changed))
        swap_in(self.root, self.output, fresh=self.fresh)

    def discard(self) -> None:
        """After a failure, keep the staging tree as the spare; then let the next build in."""
        try:
            if self._spare is None:  # a survey still under way finishes before the tree moves
                with contextlib.suppress(Exception):  # (an error there: the next build's to say)
                    self.ready()
            if self.root.exists():
                set_aside(self.root, self.output)
        finally:
            self.lock.release()


def _lock(output: Path) -> OutputLock:
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        return OutputLock(output)
    except PermissionError:
        raise UnsafeOutput(
            f"cannot write in {output.parent}: a build needs it for its staging folder and lock"
        ) from None
    except OSError as exc:  # a file where a folder should be, a name too long, /proc
        why = "a part of its path is a file" if isinstance(exc, FileExistsError) else exc.strerror
        raise UnsafeOutput(
            f"cannot use {output} as the output folder: {why} "
            "(choose a folder of your own, such as site/)"
        ) from None


def write_site(files: Mapping[str, bytes], copies: Mapping[str, Path], output: Path) -> None:
    """Make `output` hold exactly `files` (bytes) plus `copies` (files to copy).

    A build that fails while staging leaves the site exactly as it was, and an
    unchanged file is never rewritten, so its date on the server stays.
    """
    staging = Staging(output)
    try:
        changed = [rel for rel, data in files.items() if staging.write(rel, data)]
        publish(staging, changed, files.keys(), copies)
    finally:
        staging.discard()


def publish(
    staging: Staging, changed: list[str], made: Iterable[str], copies: Mapping[str, Path]
) -> int:
    """Copy media and static files into `staging`, then put everything live.

    Returns how many files were added or replaced.
    """
    every = set(made)
    clash = every & copies.keys()
    if clash:
        raise UnsafeOutput(f"two files want the same output path: {sorted(clash)[0]}")
    changed = changed + [rel for rel, source in copies.items() if staging.copy(rel, source)]
    staging.commit(changed, every | copies.keys())
    return len(changed)


def _same_file(source: Path, target: Path) -> bool:
    try:
        return filecmp.cmp(source, target, shallow=False)
    except OSError:
        return False
