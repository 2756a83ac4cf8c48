"""A page as plain data: its template, head metadata and frozen template variables.

Everything a page shows is decided before a template sees it, so tests can
inspect a `View` without rendering, and a stage that remembers pages can
compare and hash one whole.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from microsite import urls
from microsite.render.meta import Meta


@dataclass(frozen=True, slots=True)
class View:
    """One HTML page: its template, its head metadata and what its template gets besides."""

    template: str
    meta: Meta
    context: tuple[tuple[str, Hashable], ...] = ()  # the template's own variables, frozen
    lastmod: datetime | date | None = None  # for the sitemap: when its content last changed
    listed: bool = True  # in the sitemap
    source: str = ""  # the content file behind the page, for error messages

    @property
    def output(self) -> str:
        return urls.output_file(self.meta.path)

    @property
    def variables(self) -> dict[str, Any]:
        return dict(self.context)


def freeze(value: Any) -> Hashable:
    """A hashable, comparable copy of a template variable (lists become tuples)."""
    if isinstance(value, dict):
        return tuple(sorted((k, freeze(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    return value


def variables(**values: Any) -> tuple[tuple[str, Hashable], ...]:
    """A template's variables as a frozen value: a view is compared and hashed whole."""
    return tuple(sorted((name, freeze(value)) for name, value in values.items()))


@dataclass(frozen=True)
class Pagination:
    """One page of a long list, with the paths of its neighbours (None at either end)."""

    number: int
    count: int
    items: tuple[Any, ...]
    previous: str | None
    next: str | None


def paginate(items: Sequence[Any], size: int, path_of: Callable[[int], str]) -> list[Pagination]:
    """Split a list into pages; an empty list still gets its first page.

    `path_of(n)` is the site path of page n, for the links to its neighbours.
    """
    count = max(1, -(-len(items) // size))
    return [
        Pagination(
            number=n,
            count=count,
            items=tuple(items[(n - 1) * size : n * size]),
            previous=path_of(n - 1) if n > 1 else None,
            next=path_of(n + 1) if n < count else None,
        )
        for n in range(1, count + 1)
    ]


def paged_path(first: str, number: int) -> str:
    """`/events/past/`, then `/events/past/page/2/`...: page n of the list at `first`."""
    return first if number == 1 else f"{first}page/{number}/"
