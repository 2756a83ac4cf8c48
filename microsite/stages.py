"""The three seams where a faster way of doing the work can be plugged in.

The core's costly work comes in three kinds, each a pure function applied to
many frozen input values: reading a story or page file, converting a
Markdown text, and making an output file. The core hands each batch to a
`Stages` object and never asks how it was done. `Stages` itself does the
work in a plain loop, in this process, every time: that is the reference
behaviour. `pipeline.py` may pass something faster (`microsite.speed`) that
reuses earlier results or spreads the work over every core; whatever it does,
it must give the same results, and the tests hold it to that byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from microsite.errors import BuildFailed, PageFailed

I = TypeVar("I")  # noqa: E741 - a step's input value
R = TypeVar("R")  # its result


class Write(Protocol):
    """Puts one output file in place; says whether its bytes changed."""

    def __call__(self, rel: str, data: bytes) -> bool: ...


class FileJob(Protocol):
    """One output file: `make(site)` gives its bytes from `site` and the job's own inputs."""

    output: str

    def make(self, site: Any) -> bytes: ...


class Stages:
    """Each step done in a plain loop: the reference that every faster way must match."""

    def read(self, step: Callable[[I], R], files: Sequence[I]) -> list[R]:
        """Read and check each content file (`step` is `content.load.read_file`)."""
        return [step(file) for file in files]

    def convert(self, step: Callable[[I], R], texts: Sequence[I]) -> list[R]:
        """Convert each Markdown text (`step` is a `markdown.convert.Converter`)."""
        return [step(text) for text in texts]

    def render(self, site: Any, jobs: Sequence[FileJob], write: Write) -> dict[str, bool]:
        """Make every output file and hand it to `write`: output path -> whether it changed.

        A page whose template fails does not stop the others: every failure is
        reported at once (BuildFailed).
        """
        changed, failed = {}, []
        for job in jobs:
            try:
                changed[job.output] = write(job.output, job.make(site))
            except PageFailed as exc:
                failed.append(exc.problem)
        if failed:
            raise BuildFailed(failed)
        return changed


SERIAL = Stages()
