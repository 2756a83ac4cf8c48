"""One output file made by whichever process is given it, and written there if it may be.

`make` is what each process of a render batch runs on each job: it notes what
the page read from `site`, digests its job for the record, and keeps costly
files (pictures) in the picture store between runs.
"""

from __future__ import annotations

from typing import Any

from microsite.errors import ContentError, PageFailed
from microsite.speed.fingerprint import Fingerprints
from microsite.speed.pagecache import render_tracked
from microsite.speed.picturestore import PictureStore
from microsite.stages import FileJob, Write


def in_any_process(write: Write) -> bool:
    """Whether `write` may be called from a helper process: it writes to disk, not memory."""
    return bool(getattr(getattr(write, "__self__", write), "in_any_process", False))


def make(
    shared: tuple[Any, Write | None, Any, bool, PictureStore | None], job: FileJob
) -> tuple[bool | None, tuple[str, ...], str | None, bytes | None] | ContentError:
    """One file made, and written by whichever process made it when `write` allows: whether
    it changed (None: not written yet), what it read from `site`, its job's digest for the
    record, and its bytes when the parent needs them."""
    site, write, digests, keep, pictures = shared
    digest: str | None = digests.of(job) if digests else None
    try:
        if pictures and getattr(job, "costly", False):
            data, names = _kept(pictures, digest or Fingerprints().of(job), job, site)
        else:
            data, names = render_tracked(job.make, site)
    except PageFailed as exc:
        return exc.problem
    made = write(job.output, data) if write else None
    return made, names, digest, data if keep else None


def _kept(
    pictures: PictureStore, digest: str, job: FileJob, site: Any
) -> tuple[bytes, tuple[str, ...]]:
    """A costly file from the store, else made and stored. Such a job reads nothing from
    `site` besides its own inputs (a picture is made from its rendition alone)."""
    data = pictures.get(digest)
    if data is None:
        data, names = render_tracked(job.make, site)
        if names:  # it read the site after all: its bytes depend on more than its digest
            return data, names
        pictures.put(digest, data)
    return data, ()
