"""`Fast`: the core's three stages, done with memory, a disk cache and every core.

Each stage gets a batch of frozen input values and a pure function of one
value. The value *is* the key: a header is remembered under its
`DocumentFile` (which holds the file's size, time and inode), a conversion
under its `Conversion` (text, file, folder, line, base URL), an output file
under its `FileJob` (function and inputs). Nothing here lists what a step
depends on, so a field added to any of those values can never leave a stale
result. Two kinds of input are too large to key on and are checked instead:
the site's link table (a conversion records the links it looked up, and is
reused while each still leads where it did) and `site` itself (a page
records the attributes its view and templates read, `pagecache.SiteReads`).

Whatever `Fast` does, its results equal the plain `Stages`' byte for byte:
`tests/test_speed_layer.py` holds it to that.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from microsite.content.documents import Header
from microsite.content.events import ParsedEvent
from microsite.errors import BuildFailed, ContentError
from microsite.images.source import Source
from microsite.markdown.conversion import Conversion, Converted
from microsite.speed import parallel
from microsite.speed.diskcache import DiskCache
from microsite.speed.fingerprint import Fingerprints
from microsite.speed.making import in_any_process, make
from microsite.speed.memo import NO_MEMO, Memo
from microsite.speed.pagecache import Reuse, cached_page, store_page
from microsite.speed.picturestore import PictureStore
from microsite.speed.unfinished import on_every_core
from microsite.stages import FileJob, Stages, Write

# Pages a render helper makes before a fresh one takes its place: a tenth of the build's,
# never fewer than this. A helper's memory grows with what its pages show, so a fresh one
# keeps a big build's peak (every process) down: 214 MiB at 10,000 stories, 132 at 4,000
# (`bench/run.py`). Each fork costs page faults, though: at 750 a 4,000-story build forked
# nine helpers and took 4.75 s on a RAM disk; at 2,000, four and 4.48 s.
RENDERS_PER_HELPER = 2000
I = TypeVar("I")  # noqa: E741
R = TypeVar("R")


class Fast(Stages):
    """Stages that reuse what they can and spread the rest over `processes`.

    `memo` keeps results between builds in one process (the preview);
    `disk` keeps headers, conversions and a record of written files between
    runs (`.cache/`); `output` is the folder whose record `disk` keeps.
    """

    def __init__(
        self,
        processes: int | None = None,
        *,
        memo: Memo | None = None,
        disk: DiskCache | None = None,
        output: Path | None = None,
        pictures: PictureStore | None = None,
    ):
        self.processes = processes or parallel.cores()
        self.memo = memo if memo is not None else NO_MEMO
        self.disk = disk
        self.output = output
        self.reuses: list[Reuse] = []  # one per batch of files: one per language's edition
        self.pictures = pictures  # processed pictures kept between runs
        self._costly: set[str] = set()  # this build's outputs kept in `pictures`
        # One build's digests: each model object (the rules every file is checked
        # against, a story on a hundred pages) is digested once.
        self.digests = Fingerprints()
        self._alongside: Callable[[], None] = _nothing

    def while_converting(self, work: Callable[[], None]) -> None:
        """Have the next conversion batch do `work` in this process while helpers convert,
        if it starts any: set-up the build needs later (compiling templates) costs no
        time of its own there. Without helpers, the work is left for when it is needed."""
        self._alongside = work

    def read(self, step: Callable[[I], R], files: Sequence[I]) -> list[R]:
        """Headers of unchanged files come from memory or disk; the rest are read on every core."""
        keys = self._disk_keys(self.digests, files)
        known: list[Any] = list(map(self._stored_header, files, keys))
        missing = [index for index, entry in enumerate(known) if entry is None]
        results, _ = on_every_core(_apply, step, [files[i] for i in missing], **self._cores)
        for index, result in zip(missing, results, strict=True):
            known[index] = result
            self.memo.put(files[index], result)
            header, found = result
            if self.disk and header is not None and all(p.warning for p in found):
                self.disk.put(keys[index], result)  # errors stop the build
        return known

    def _stored_header(self, file: Any, key: str | None) -> Any:
        remembered = self.memo.recall(file)
        if remembered is not None:
            return remembered
        stored = self.disk.get(key) if self.disk and key else None
        if not (isinstance(stored, tuple) and len(stored) == 2 and _read_shape(stored[0])):
            return None  # nothing stored, or not in a shape this code wrote
        self.memo.put(file, stored)
        return stored

    def convert(self, step: Callable[[I], R], texts: Sequence[I]) -> list[R]:
        """Conversions whose links all still lead where they did are reused; the rest are
        converted on every core. Only clean ones are kept: a problem's hint may name
        any file of the site.

        Conversions are digested apart from the build's other values: each holds
        its whole Markdown text, which `self.digests` would keep alive to the end
        of the build (16 MiB at 4,000 stories) although nothing needs it after this.
        """
        keys = self._disk_keys(Fingerprints(), texts)
        known: list[Any] = list(map(self._stored_conversion, texts, keys))
        missing = [index for index, entry in enumerate(known) if entry is None]
        todo = [texts[i] for i in missing]
        forking = parallel.forks(todo, self.processes)
        prepare = getattr(step, "prepare", None)
        if prepare and forking:  # set-up done once here, before the helpers fork, not in each
            prepare(todo)  # (converting in this process, the converter sets up as it goes)
        alongside, self._alongside = self._alongside, _nothing
        meanwhile = alongside if forking else _nothing
        results, _ = on_every_core(_apply, step, todo, meanwhile, self.processes)
        for index, result in zip(missing, results, strict=True):
            known[index] = result
            if not result.problems:
                self.memo.put(texts[index], result)
                if self.disk:
                    self.disk.put(keys[index], result)
        if self.disk:
            self.disk.save_content()  # everything loading needed is known now
        return known

    def _disk_keys(self, digests: Fingerprints, values: Sequence[Any]) -> list[str | None]:
        """Each value's key in `.cache/`, its digest: worked out once, for both looking the
        value up and storing what it gave."""
        return [digests.of(value) for value in values] if self.disk else [None] * len(values)

    def _stored_conversion(self, text: Conversion, key: str | None) -> Converted | None:
        entry = self.memo.recall(text)
        if entry is None and self.disk and key:
            entry = self.disk.get(key)
            if entry is not None:
                self.memo.put(text, entry)
        if not isinstance(entry, Converted):
            return None  # nothing stored, or not in a shape this code wrote
        try:
            still = all(
                text.table.resolution(target, text.folder) == was for target, was in entry.lookups
            )
        except (TypeError, ValueError, AttributeError):
            return None  # a damaged entry: convert afresh
        return entry if still else None

    def render(self, site: Any, jobs: Sequence[FileJob], write: Write) -> dict[str, bool]:
        """Files the last run's record or this process's memory still holds are not made
        again; the rest are made on every core, each written by whoever made it.

        A build may render several batches, each with its own `site` (a site in
        several languages renders each language's edition); each batch's files
        are judged against the site it was made from.
        """
        reuse = (
            Reuse(self.disk.record_for(self.output), self.output, site, self.digests)
            if (self.disk and self.output)
            else None
        )
        if reuse:
            self.reuses.append(reuse)
        changed: dict[str, bool] = {}
        missing = []
        for index, job in enumerate(jobs):
            if reuse and reuse.still_good(job.output, job):
                changed[job.output] = False  # the live file is already this one
                continue
            data = cached_page(self.memo, job, site)
            if data is None:
                missing.append(jobs[index])
            else:
                changed[job.output] = write(job.output, data)
        digests = reuse.digests if reuse else None
        anywhere = in_any_process(write)
        keep = self.memo.keeps or not anywhere
        shared = (site, write if anywhere else None, digests, keep, self.pictures)
        self._costly |= {job.output for job in jobs if getattr(job, "costly", False)}
        meanwhile = reuse.digest_site if reuse else _nothing
        results, _ = on_every_core(
            make,
            shared,
            missing,
            meanwhile,
            self.processes,
            lambda: _prepare(site, missing),
            retire_after=_retire_after(missing, self.processes),
        )
        failed = self._note(site, reuse, missing, results, changed, write)
        if failed:
            raise BuildFailed(failed)
        return changed

    def _note(
        self,
        site: Any,
        reuse: Reuse | None,
        jobs: list[FileJob],
        results: list[Any],
        changed: dict[str, bool],
        write: Write,
    ) -> list[ContentError]:
        failed = []
        for job, result in zip(jobs, results, strict=True):
            if isinstance(result, ContentError):
                failed.append(result)
                continue
            made, names, digest, data = result
            changed[job.output] = write(job.output, data) if made is None else made
            if reuse:
                reuse.rendered(job.output, job, names, digest)
            if data is not None and self.memo.keeps:
                store_page(self.memo, job, site, data, names)
        return failed

    def published(self, every: Sequence[str], linked: Sequence[str] = ()) -> None:
        """After the files are live: keep the record of what was written, and of the
        unchanged files `linked` into the new site anew, for the next run."""
        if self.reuses and self.disk:
            for reuse in self.reuses:
                reuse.finish(every)
            first = self.reuses[0]  # one record per output folder, for every batch
            first.restamp(linked)
            if self.pictures:
                record = first.record
                self.pictures.keep_only({record[rel][0] for rel in self._costly if rel in record})
            self.reuses, self._costly = [], set()
            self.disk.save_records()

    def next_build(self, succeeded: bool) -> None:
        """Between builds in one process: forget what the last build did not use."""
        self.digests = Fingerprints()  # it keeps what it digested alive: one build's worth
        self.reuses, self._costly = [], set()
        self._alongside = _nothing  # a build that failed before converting left it unused
        if succeeded:
            self.memo.next_build()
        else:
            self.memo.abandon_build()

    @property
    def _cores(self) -> dict[str, Any]:
        return {"processes": self.processes}


def _read_shape(value: Any) -> bool:
    """Whether a stored read result is one this code writes: a header, a picture's facts,
    or an events file's events."""
    if isinstance(value, Header | Source):
        return True
    return isinstance(value, tuple) and all(isinstance(item, ParsedEvent) for item in value)


def _retire_after(jobs: Sequence[FileJob], processes: int) -> int:
    """How many files a render helper makes before a fresh one takes its place, or 0 for
    this process to render beside the helpers, as the other stages are done.

    Helpers alone, this process only handing out the work, when some helper would
    retire (a big site: `RENDERS_PER_HELPER`), or when a picture is among the jobs: a
    decoder that crashes on a damaged file then ends a helper, and the build names the
    picture (`unfinished.py`), rather than ending the build itself. Otherwise an idle
    parent beside helpers that never retire is only one more copy of the site: all
    processes of a 1,000-story cold build took 80 MiB that way, 70 the other.
    """
    retire_after = max(RENDERS_PER_HELPER, len(jobs) // 10)
    retiring = len(jobs) > processes * retire_after
    pictures = any(getattr(job, "costly", False) for job in jobs)
    return retire_after if retiring or pictures else 0


def _prepare(site: Any, jobs: Sequence[FileJob]) -> None:
    """Before helpers fork: what one job of each kind needs loaded, loaded once for all."""
    kinds: dict[Any, FileJob] = {}
    for job in jobs:
        kinds.setdefault(getattr(job, "make_with", None), job)
    for job in kinds.values():
        prepare = getattr(job, "prepare", None)
        if prepare is not None:
            prepare(site)


def _apply(step: Callable[[Any], Any], item: Any) -> Any:
    return step(item)


def _nothing() -> None:
    return None
