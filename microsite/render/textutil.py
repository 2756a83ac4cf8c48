"""Sanitised HTML, reshaped for the places that leave the website.

Feeds, calendars and JSON-LD are read far from the site: a calendar app shows
plain text, and a feed reader resolves `/stories/x/` against its own host
unless the link is absolute. These two helpers are shared by every such format.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

from microsite import urls
from microsite.characters import AS_SPACES
from microsite.model import Settings

# Tags after which a reader expects a new line of text.
BLOCKS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "blockquote", "pre", "table", "tr", "hr", "figure"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "figcaption"}
)
# Inside a tag only: text shown as code (`&lt;a href="/x/"&gt;`) holds no `<`.
ROOT_RELATIVE = re.compile(r"""(<[a-zA-Z][^<>]*?\s(?:href|src)=(["']))/(?!/)""")


class _TextCollector(HTMLParser):
    """Keeps the text and marks block boundaries, so paragraphs don't run together.

    A line break inside a paragraph is a space, as a browser shows it: the line
    breaks a PIO typed to keep a description's lines short came out mid-sentence in
    calendars (review find). Only preformatted text keeps its lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.preformatted = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self.parts.append("\n")
        self.preformatted += tag == "pre"

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self.parts.append("\n")
        self.preformatted -= tag == "pre" and self.preformatted > 0

    def handle_data(self, data: str) -> None:
        self.parts.append(data if self.preformatted else data.translate(AS_SPACES))


@lru_cache(maxsize=1024)
def plain_text(html: str) -> str:
    """The readable text of sanitised HTML: one line per block, spaces collapsed.

    Remembered: an event's description is wanted by its page's JSON-LD once per
    listed date, by its Google Calendar link and by every calendar it is in."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).splitlines())
    return "\n".join(line for line in lines if line)


def absolute_links(html: str, settings: Settings) -> str:
    """Root-relative `href="/..."` and `src="/..."` made absolute; other URLs untouched.

    Converted Markdown already writes links under the base URL's own path
    (`/police/stories/x/`), so they are completed with the origin alone.
    Protocol-relative `//host` URLs are left alone: they are not site paths.
    """
    start = urls.origin(settings.base_url) + "/"
    return ROOT_RELATIVE.sub(lambda m: m.group(1) + start, html)
