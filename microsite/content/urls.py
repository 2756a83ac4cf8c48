"""Checking web addresses: `base_url`, the prefix of every address the site publishes,
and the links to other sites an event gives (`url`, `registration`).

It is pasted into robots.txt, the sitemap, feeds and calendars, so anything
beyond a plain https address ends up somewhere it does harm: a newline adds
lines to robots.txt (`Disallow: /`), a user name leaks a password into every
page, a query or fragment breaks every path appended after it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple
from urllib.parse import SplitResult, urlsplit

from microsite import urls

# Anything but letters, digits, `-._~`, `%` escapes, and the `:` `/` `[` `]` of a host and
# port: `?`, `#`, spaces, quotes and controls, and the characters a page writes escaped
# (`&` as `&amp;`) or that end a `srcset` item (`,`), which would break every link made
# from it. `@` passes, for the plainer message about a user name.
_NOT_URL = re.compile(r"[^A-Za-z0-9\-._~:/%@\[\]]")
_HOST = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")


def base_url_problem(url: str) -> str:
    """What is wrong with `url` as the site's base address, or "" when nothing is."""
    bad = _NOT_URL.search(url)
    if bad:
        return _character_problem(bad.group())
    parts = _split(url)
    if parts is None:
        return _BRACKETS
    if parts.scheme != "https" or not parts.netloc:
        return "like https://community.example.org"
    return _authority_problem(parts, parts.hostname or "")


# An address whose `[` or `]` is not a whole IPv6 host (`https://[pier`): Python's parser
# refuses it outright.
_BRACKETS = "a site's name holds no '[' or ']': copy the address from the browser's address bar"


def _split(url: str) -> SplitResult | None:
    try:
        return urlsplit(url)
    except ValueError:  # "Invalid IPv6 URL": a bracket not closed, or not a host
        return None


# What no link may hold as it is: a browser copies a space as %20, never as a space.
_NOT_IN_LINK = re.compile(r"[\s<>\"{}|\\^`\x00-\x1f\x7f]")


def link_problem(url: str) -> str:
    """What is wrong with `url` as a link to another site, or "" when nothing is: it
    goes into an href and into JSON-LD as written, where a space or a missing host
    makes a link that leads nowhere."""
    if not url.startswith(("https://", "http://")):
        return "like https://www.redondo.org/"
    bad = _NOT_IN_LINK.search(url)
    if bad:
        return _character_problem(bad.group()) + "; copy it from the browser's address bar"
    parts = _split(url)
    if parts is None:
        return _BRACKETS
    if not parts.hostname:
        return "it names no site after '//'"
    try:
        spelled = parts.hostname.encode("idna").decode("ascii")  # `münchen.de` is one too
    except UnicodeError:
        spelled = ""
    return _authority_problem(parts, spelled)


def _authority_problem(parts: SplitResult, host: str) -> str:
    """What is wrong with the address's site part; `host` is its name in ASCII."""
    if "@" in parts.netloc:
        return "it must not contain a user name or password"
    try:
        parts.port  # noqa: B018 - reading it is what checks it
    except ValueError:
        return "its port is not a number"
    if not _HOST.fullmatch(host):
        return f"'{parts.hostname}' is not a host name"
    return ""


def _character_problem(char: str) -> str:
    if char in "?#":
        return "it must not have a query or fragment: nothing from '?' or '#' on"
    if char.isspace() or not char.isprintable():
        return "it must not contain spaces, line breaks or control characters"
    return f"it must not contain {char!r}"


# Site paths every language's side has, whatever its content: the lists, and every
# event's and community's page (each side shows them all, in its words where given).
ON_EVERY_SIDE = (
    "/",
    urls.stories_list(1),
    "/events/",
    "/events/past/",
    "/communities/",
    urls.FOLLOW,
    "/feed.xml",  # the feeds and calendars to follow: a Spanish reader wants the Spanish
    "/events.ics",  # ones (a community's are in its section)
)
EVERY_SIDE_SECTIONS = ("/events/", "/communities/")


class Sides(NamedTuple):
    """What is known of the site's languages when its texts' links are checked."""

    languages: tuple[str, ...]  # the default first
    versions: Mapping[str, Mapping[str, str]]  # language -> original's path -> version's
    pages: Mapping[str, str]  # a story's or page's file -> its own page's path

    def own_side(self, path: str, language: str, source: str) -> str | None:
        """The same page on `language`'s side, when `path` (written in `source`, a text in
        `language`) names a page of the default language's side that every side has, or
        a story or page that has a version in `language`: `/events/` in a Spanish story
        means `/es/events/` far more often than the English list. A story or a page with
        no version in the language is left alone, and so is a link from a version to
        its own original ("the English story"), which only a version makes on purpose."""
        default = self.languages[0]
        if not language or language == default:
            return None
        address, mark, query = path.partition("?")
        address = urls.page_path(address)  # links reach here without their #fragment
        if address in ON_EVERY_SIDE or address.startswith(EVERY_SIDE_SECTIONS):
            return urls.in_language(urls.language_root(language, default), address) + mark + query
        version = self.versions.get(language, {}).get(address)
        if version is None or version == self.pages.get(source):
            return None
        return version + mark + query
