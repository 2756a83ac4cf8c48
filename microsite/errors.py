"""Problems found in content or templates, shaped for the person who must fix them.

A problem is a value, not an exception: loaders collect every problem from
every file and the build fails once, at the end, with all of them. That is
what lets a PIO fix five typos in one pass instead of five builds.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem, printed as `path:line: message (hint)`; line 0 means the whole file."""

    path: str
    line: int
    message: str
    hint: str = ""
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.where}: {kind}{self.message}{hint}"

    @property
    def where(self) -> str:
        """`path:line`, or just the path for a problem with the whole file (line 0)."""
        return f"{self.path}:{self.line}" if self.line else self.path


def warning(path: str, line: int, message: str, hint: str = "") -> ContentError:
    return ContentError(path, line, message, hint, warning=True)


class UnsafeOutput(Exception):
    """The output folder, or a path inside it, would put other files at risk (a usage error)."""


class BuildFailed(Exception):
    """Raised once, after everything that could be checked has been checked."""

    def __init__(self, errors: Iterable[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


def did_you_mean(word: str, choices: Iterable[str], list_all: bool = True) -> str:
    """A hint naming the closest valid choice, or listing a few when none is close."""
    choices = sorted(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if list_all and 0 < len(choices) <= 12:
        return "expected one of: " + ", ".join(choices)
    return ""


class PageFailed(Exception):
    """One output file could not be made (a template error): reported with the others."""

    def __init__(self, problem: ContentError):
        super().__init__(str(problem))
        self.problem = problem
