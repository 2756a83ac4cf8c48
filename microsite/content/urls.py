"""Checking `base_url`, the prefix of every address the site publishes.

It is pasted into robots.txt, the sitemap, feeds and calendars, so anything
beyond a plain https address ends up somewhere it does harm: a newline adds
lines to robots.txt (`Disallow: /`), a user name leaks a password into every
page, a query or fragment breaks every path appended after it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Anything but the RFC 3986 characters of a host and path: `?`, `#`, spaces, quotes, controls.
_NOT_URL = re.compile(r"[^A-Za-z0-9\-._~:/%!$&'()*+,;=@\[\]]")
_HOST = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")


def base_url_problem(url: str) -> str:
    """What is wrong with `url` as the site's base address, or "" when nothing is."""
    bad = _NOT_URL.search(url)
    if bad:
        return _character_problem(bad.group())
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        return "like https://community.example.org"
    if "@" in parts.netloc:
        return "it must not contain a user name or password"
    try:
        parts.port  # noqa: B018 - reading it is what checks it
    except ValueError:
        return "its port is not a number"
    if not _HOST.fullmatch(parts.hostname or ""):
        return f"'{parts.hostname}' is not a host name"
    return ""


def _character_problem(char: str) -> str:
    if char in "?#":
        return "it must not have a query or fragment: nothing from '?' or '#' on"
    if char.isspace() or not char.isprintable():
        return "it must not contain spaces, line breaks or control characters"
    return f"it must not contain {char!r}"
