"""Links the public build will stop on, said in a build that shows drafts (the preview).

The preview shows drafts and scheduled stories, so a published story's link to one
leads somewhere there; the public build withholds that page and stops on the link,
and a daily build by cron fails until the story is out (walkthrough find). A build
with drafts warns at each such link instead, so the PIO sees it while writing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from microsite.content.documents import Header
from microsite.errors import ContentError
from microsite.markdown.conversion import Conversion, Converted
from microsite.urls import base_path, page_path, without_base

if TYPE_CHECKING:
    from microsite.markdown.sanitize import Locator

HINT = "the public build stops on this link until then: publish that first, or remove the link"


class Held(NamedTuple):
    """The pages the public build withholds, by site path, and the files they are made of."""

    paths: dict[str, str]  # site path -> why it has no public page ("it is a draft")
    sources: frozenset[str]  # their files, as messages name them
    # Held versions whose original is public: a link to the file leads to the original
    # in the public build (a link table falls back to it), so it does not stop there.
    falls_back: frozenset[str] = frozenset()

    @classmethod
    def of(cls, headers: Sequence[Header], reasons: dict[str, str], default: str) -> Held:
        kept = [h for h in headers if reasons.get(h.rel)]
        public = {h.document for h in headers if h.lang == default and not reasons.get(h.rel)}
        return cls(
            {h.site_path: reasons[h.rel] for h in kept},
            frozenset(h.source for h in kept),
            frozenset(h.site_path for h in kept if h.lang != default and h.document in public),
        )


def links_to_held(text: Conversion, result: Converted, held: Held) -> list[ContentError]:
    """A warning at each link of a public text to a page the public build withholds. A
    held text's own links are left alone: it goes out with, or after, what it links to."""
    if text.source in held.sources or not held.paths:
        return []
    return list(text.placed(_found(text, result, held)))


def _found(text: Conversion, result: Converted, held: Held) -> Iterator[ContentError]:
    """Links to files (`2026-12-13-x.md`) and links written as site paths
    (`/stories/x/`), each at its line in the text."""
    base, where, said = base_path(text.base_url), None, set()
    for target, (resolved, _, _) in result.lookups:
        if resolved in held.falls_back:
            continue
        path = resolved or _site_path(target, base, text)
        why = held.paths.get(path) if path else None
        if why:
            where = where or _locator(text)
            line = where.line_of(target)
            if (path, line) not in said:  # `/x/#a` and `/x/` are one link
                said.add((path, line))
                yield _warning(text, line, target, why)


def _locator(text: Conversion) -> Locator:
    """What finds a link's line in the text: it lives with the sanitiser, which is loaded
    only for a text that links a held page (`Locator`)."""
    from microsite.markdown.sanitize import Locator

    return Locator(text.text, text.source, text.first_line)


def _site_path(target: str, base: str, text: Conversion) -> str | None:
    """The page a link written as a site path leads to; None for any other target, and
    for one the text does not hold as written: the lookups also hold each file link's
    address as the HTML has it (`/es/stories/x/`, under the base URL's path), which no
    one wrote."""
    written = target.partition("#")[0].partition("?")[0]
    if written not in text.text:
        return None
    address = without_base(written, base)
    return page_path(address) if address.startswith("/") and not address.startswith("//") else None


def _warning(text: Conversion, line: int, target: str, why: str) -> ContentError:
    message = f"link to '{target}': {why}, so the public site has no such page yet"
    return ContentError(text.source, line, message, HINT, True)
