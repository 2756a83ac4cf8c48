"""Skipping pages whose inputs did not change, without guessing what a template uses.

A page's output depends on its template, its own values (the `View`) and on
whatever the template reads from `site`. Rather than a hand-kept list of what
each page shows (which would go stale the day someone edits a template), the
template gets a `SiteReads` stand-in that notes every attribute it reads. A
page is reused only when every value it read is equal to last time.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

from microsite.model import Site
from microsite.output import stamp
from microsite.speed.fingerprint import Fingerprints
from microsite.speed.memo import Memo
from microsite.stages import FileJob


class SiteReads:
    """`site` as templates see it, remembering which parts they looked at."""

    def __init__(self, site: Site):
        self._site = site
        self.names: dict[str, None] = {}  # in the order first read

    def __getattr__(self, name: str) -> Any:
        method = _METHODS.get(name)
        if method is not None:  # `site.community(key)`: run it on the stand-in, so what
            value = method.__get__(self)  # it reads (`communities`) is what is noted
        else:
            self.names[name] = None
            value = getattr(self._site, name)
        # Noted once is enough: later reads (a page reads `settings` fifty times) find
        # it here and skip this method and the failed lookup before it.
        self.__dict__[name] = value
        return value


# Site's methods (not its properties, whose values are noted as read).
_METHODS = {
    name: value
    for name, value in vars(Site).items()
    if callable(value) and not name.startswith("_") and not isinstance(value, type)
}


def cached_page(memo: Memo, job: FileJob, site: Site) -> bytes | None:
    """The bytes of the last render of this job, if nothing it read from `site` changed.

    Pages are remembered by output file and hold their job, which must be
    equal: comparing a job with the last one, whose model objects are the
    same objects, takes half the time of hashing it for a lookup (a preview
    rebuild looks up every page of the site: 2,019 at 1,000 stories).
    """
    entry = memo.get(("page", job.output), dict)
    previous = entry.get("reads")
    if (
        previous is not None
        and entry["job"] == job
        and all(_read(site, n) == v for n, v in previous.items())
    ):
        return entry["bytes"]
    return None


def store_page(memo: Memo, job: FileJob, site: Site, data: bytes, names: Iterable[str]) -> None:
    """Remember a render, its job and the values of the `site` attributes it read."""
    entry = memo.get(("page", job.output), dict)
    entry["job"] = job
    entry["bytes"] = data
    entry["reads"] = {name: _read(site, name) for name in names}


def render_tracked(render: Callable[[Any], bytes], site: Site) -> tuple[bytes, tuple[str, ...]]:
    """Render, and say which `site` attributes the templates read."""
    reads = SiteReads(site)
    return render(reads), tuple(reads.names)


def _read(site: Site, name: str) -> Any:
    """The value a page depends on when its template reads `site.<name>`.

    A method's result depends on data we cannot see from here: depend on it all.
    """
    value = getattr(site, name)
    return site if callable(value) else value


class Reuse:
    """Pages a build into a folder can leave alone, judged by the last build's record.

    The record (kept in the disk cache) holds, for each file, a digest of the
    page's own inputs, digests of what its templates read from `site`, and the
    size, time and inode the file had when written. All three must match for
    the file to be left as it is, so a page edited by hand is rewritten too.
    """

    def __init__(self, record: dict[str, Any], output: Path, site: Site, digests: Fingerprints):
        self.record = record
        self.output = output
        self._root = os.path.join(output, "")  # thousands of stats: a string join, not a Path
        self.site = site
        self.digests = digests
        self._reads: dict[str, str] = {}
        self._read_sets: dict[tuple[str, ...], dict[str, str]] = {}
        self.pending: dict[str, tuple[str, dict[str, str]]] = {}

    def still_good(self, rel: str, key: Hashable) -> bool:
        entry = self.record.get(rel)
        if not (isinstance(entry, tuple) and len(entry) == 3):
            return False
        digest, reads, written = entry
        return (
            digest == self.digests.of(key)
            and isinstance(reads, dict)
            and all(self._read(name) == value for name, value in reads.items())
            and written == stamp(self._root + rel)
        )

    def rendered(
        self, rel: str, key: Hashable, names: Iterable[str], digest: str | None = None
    ) -> None:
        """Note a file made anew; `digest` is `key`'s, when another process worked it out."""
        digest = digest or self.digests.of(key)
        self.pending[rel] = (digest, self._reads_of(tuple(names)))

    def finish(self, every: Iterable[str]) -> None:
        """After the files are live: record what was written, forget what is gone."""
        keep = set(every)
        for rel in [rel for rel in self.record if rel not in keep]:
            del self.record[rel]
        for rel, (digest, reads) in self.pending.items():
            self.record[rel] = (digest, reads, stamp(self._root + rel))

    def restamp(self, linked: Iterable[str]) -> None:
        """Files of the last site linked into the new one as they were (`swap.Spare`): the
        same bytes and inode, but a new link changes a file's change time, which a stamp
        holds; kept as it was, every such page looked edited and was made again next time
        (the first rebuild after a cold build links every file)."""
        for rel in linked:
            entry = self.record.get(rel)
            if isinstance(entry, tuple) and len(entry) == 3 and rel not in self.pending:
                self.record[rel] = (entry[0], entry[1], stamp(self._root + rel))

    def digest_site(self) -> None:
        """Digest every field of `site` now, not when the first page that read it is noted.

        Digesting `site.stories` means digesting every story; done here, it
        happens while helper processes render, not after.
        """
        for field in fields(self.site):
            self._read(field.name)

    def _reads_of(self, names: tuple[str, ...]) -> dict[str, str]:
        """The digests of what these names read, as one dict for every page that read the
        same names: a big site's pages read a handful of different sets, and the record
        (in memory and in `.cache/`) holds each set once."""
        found = self._read_sets.get(names)
        if found is None:
            found = self._read_sets[names] = {name: self._read(name) for name in names}
        return found

    def _read(self, name: str) -> str:
        if name not in self._reads:
            self._reads[name] = self.digests.of(_read(self.site, name))
        return self._reads[name]
