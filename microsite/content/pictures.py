"""The pictures of `content/media/`, known when content loads: what pages need of them.

Each picture's header gives its size (turned as the phone meant it), and its
bytes a digest that everything made from it is known by; no pixel is decoded
here. Reading goes through the `read` seam, keyed by each file's size, time
and inode, so a rebuild reads only pictures that changed.
"""

from __future__ import annotations

from pathlib import Path

from microsite.errors import ContentError
from microsite.images.renditions import clashes
from microsite.images.source import MediaFile, Source, is_picture, read_source
from microsite.output import stamp
from microsite.stages import Stages


def read_pictures(
    folder: Path, media: frozenset[str], stages: Stages, problems: list[ContentError]
) -> dict[str, Source]:
    """Each picture's size (and a raster picture's digest), by /media/ path; problems for
    pictures that cannot be read or whose made files would clash."""
    files = [_media_file(folder, path) for path in sorted(media) if is_picture(path)]
    found = {}
    for source, errors in stages.read(read_source, files):
        problems.extend(errors)
        if source is not None:
            found[source.path] = source
    problems.extend(clashes(found.values(), media))
    return found


def _media_file(folder: Path, path: str) -> MediaFile:
    file = folder / path.removeprefix("/media/")
    return MediaFile(path, str(file), stamp(file))
