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
    """One problem, printed as `path:line: message (hint)`.

    `code` names the lint that found it (a name `lint_ignore` accepts), empty
    for everything else; `column` is 1-based, 0 where unknown. Editors and CI
    read both from `check --format json`.
    """

    path: str
    line: int
    message: str
    hint: str = ""
    warning: bool = False
    code: str = ""
    column: int = 0

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.where}: {kind}{self.message}{hint}"

    @property
    def where(self) -> str:
        """`path:line`, or just the path for a problem with the whole file (line 0). A line
        break or other invisible character in a file's name is written as an escape
        (`\\n`): printed as it is, it split one problem into two lines, the second looking
        like a problem of another file (review find)."""
        path = self.path if self.path.isprintable() else shown_name(self.path)
        return f"{path}:{self.line}" if self.line else path


def shown_name(name: str) -> str:
    """`name` with each character that is not printable written as its escape."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


def warning(path: str, line: int, message: str, hint: str = "") -> ContentError:
    return ContentError(path, line, message, hint, warning=True)


class UnsafeOutput(Exception):
    """The output folder, or a path inside it, would put other files at risk (a usage error)."""


def as_json(problem: ContentError) -> dict[str, object]:
    """One problem as `check --format json` gives it to editors and CI."""
    return {
        "path": problem.path,
        "line": problem.line,
        "column": problem.column or None,
        "level": "warning" if problem.warning else "error",
        "code": problem.code or None,
        "message": problem.message,
        "hint": problem.hint,
    }


class BuildFailed(Exception):
    """Raised once, after everything that could be checked has been checked."""

    def __init__(self, errors: Iterable[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


# How many mistakes of one kind (in one text, or in one build) get a "did you mean": each
# search compares the mistake with every name it could have meant, so thousands of broken
# links in a pasted page would take minutes; past this, they get the plain hint.
SUGGESTED = 100


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice nearest `word` if one is near enough to be what was meant."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str], list_all: bool = True) -> str:
    """A hint naming the closest valid choice, or listing a few when none is close."""
    choices = sorted(choices)
    close = closest(word, choices)
    if close is not None:
        return f"did you mean '{close}'?"
    if list_all and 0 < len(choices) <= 12:
        return "expected one of: " + ", ".join(choices)
    return ""


class PageFailed(Exception):
    """One output file could not be made (a template error): reported with the others."""

    def __init__(self, problem: ContentError, *more: ContentError):
        super().__init__(str(problem))
        self.problem = problem
        self.problems = [problem, *more]  # a catalog's every mistake, said at once
