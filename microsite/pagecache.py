"""Skipping pages whose inputs did not change, without guessing what a template uses.

A page's output depends on its template, its own values (the `View`) and on
whatever the template reads from `site`. Rather than a hand-kept list of what
each page shows (which would go stale the day someone edits a template), the
template gets a `SiteReads` stand-in that notes every attribute it reads. A
page is reused only when every value it read is equal to last time.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any

from .memo import Memo
from .model import Site


class SiteReads:
    """`site` as templates see it, remembering which parts they looked at."""

    def __init__(self, site: Site):
        self._site = site
        self.reads: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._site, name)
        # A method's result depends on data we cannot see from here: depend on it all.
        self.reads[name] = self._site if callable(value) else value
        return value


def freeze(value: Any) -> Hashable:
    """A hashable, comparable copy of template variables (lists become tuples)."""
    if isinstance(value, dict):
        return tuple(sorted((k, freeze(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    return value


def cached_page(memo: Memo, key: Hashable, site: Site) -> bytes | None:
    """The bytes of the last render with this key, if nothing it read from `site` changed."""
    entry = memo.get(("page", key), dict)
    previous = entry.get("reads")
    if previous is not None and all(_read(site, n) == v for n, v in previous.items()):
        return entry["bytes"]
    return None


def store_page(memo: Memo, key: Hashable, site: Site, data: bytes, names: Iterable[str]) -> None:
    """Remember a render and the values of the `site` attributes it read."""
    entry = memo.get(("page", key), dict)
    entry["bytes"] = data
    entry["reads"] = {name: _read(site, name) for name in names}


def render_tracked(
    render: Callable[[SiteReads], bytes], site: Site
) -> tuple[bytes, tuple[str, ...]]:
    """Render, and say which `site` attributes the templates read."""
    reads = SiteReads(site)
    return render(reads), tuple(reads.reads)


def _read(site: Site, name: str) -> Any:
    value = getattr(site, name)
    return site if callable(value) else value
