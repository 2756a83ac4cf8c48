"""A helper process that stopped, reported as problems at the files it left undone.

A helper can die without sending back its share: killed (for want of memory),
or crashed inside a picture decoder's own code on a damaged file. The build
then says which files were left unfinished, at each one's path, as it
reports any other problem, rather than showing a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from microsite.content.reading import display_path
from microsite.errors import BuildFailed, ContentError
from microsite.images.renditions import Rendition
from microsite.speed import parallel


def on_every_core(*args: Any, **options: Any) -> tuple[list[Any], Any]:
    """`parallel.map_shared`, with a helper that stopped (killed, or crashed inside a
    picture decoder's own code on a damaged file) reported as a problem at each file it
    left unfinished, as the build reports any other, rather than as a traceback."""
    try:
        return parallel.map_shared(*args, **options)
    except parallel.HelperStopped as stopped:
        raise BuildFailed(_unfinished(item) for item in stopped.items) from None


STOPPED = (
    "not finished: a helper process stopped while making this file's output or another's "
    "beside it (killed, perhaps for want of memory, or crashed reading a damaged picture)"
)
STOPPED_HINT = (
    "build again, with --jobs 1 to use less memory; if it stops again, copy or export the "
    "pictures named here again"
)


def _unfinished(item: Any) -> ContentError:
    """A problem at the file an unfinished item was made from: a picture's file for each
    of its renditions, else the content file (or output file) the item names."""
    rendition = next((i for i in getattr(item, "inputs", ()) if isinstance(i, Rendition)), None)
    names = (getattr(item, attribute, None) for attribute in ("shown", "source", "file", "output"))
    named = next((name for name in names if isinstance(name, str)), "content")
    path = rendition.source.file if rendition else named
    return ContentError(display_path(Path(path)), 0, STOPPED, STOPPED_HINT)
