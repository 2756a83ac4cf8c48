"""Slugs: the last part of a web address, for stories, pages and events alike.

A slug becomes a folder name when the site is written, so it is checked for
everything a folder name can trip on: the characters a web address keeps, a
length every file system accepts (most stop at 255 bytes a name; 100
characters is also as long as anyone will read or type), and the names the
site already uses for its own pages. A slug the build makes itself, from a
title or a file name, is cut between words to fit, so that a long title never
stops a build: only a slug the PIO wrote can be wrong.
"""

from __future__ import annotations

from collections.abc import Mapping

from microsite.content.fields import SLUG_RE, Fields, slugify

SLUG_MAX = 100  # characters; README.md says so where slugs are described
EMPTY_EXAMPLE = "coffee-with-a-cop"
# What the site publishes at a slug a PIO might pick: a page at /events/ would
# silently replace the events list, an event at /events/past/ the past events.
BUILT_IN = {
    "pages": {
        "stories": "the list of stories",
        "events": "the list of events",
        "communities": "the list of communities",
        "media": "where pictures and files are published",
        "static": "where the site's style sheet and icons are published",
        "404": "the page-not-found page",
        "follow": "the page on following the site",
    },
    "events": {"past": "the list of past events"},
    "stories": {},
}
NOUNS = {"pages": "page", "events": "event", "stories": "story"}


def shortened(slug: str, limit: int = SLUG_MAX) -> str:
    """At most `limit` characters, cut between words (at a hyphen) when there is one."""
    if len(slug) <= limit:
        return slug
    return slug[: limit + 1].rpartition("-")[0] or slug[:limit]


def derived(text: str, fallback: str, limit: int = SLUG_MAX) -> str:
    """A valid slug made from any text (a title, a file name), `fallback` when the text has
    no letter or digit to make one of: never empty, never a leading or trailing hyphen."""
    return shortened(slugify(text), limit) or fallback


def taken(kind: str, languages: tuple[str, ...]) -> dict[str, str]:
    """The slugs a story, page or event may not have, each with the reason why.

    Every language but the default lives under `/<lang>/`: a page `es` would be
    written over the Spanish home page, and a story or event called `es` would
    read as a Spanish address, so the codes are kept off every kind of slug.
    """
    reasons = {slug: f"{_path(kind, slug)} is {what}" for slug, what in BUILT_IN[kind].items()}
    for lang in languages[1:]:
        where = f"/{lang}/ is the site's home page in '{lang}'"
        reasons[lang] = where if kind == "pages" else f"'{lang}' is one of the site's languages"
    return reasons


def _path(kind: str, slug: str) -> str:
    return f"/events/{slug}/" if kind == "events" else f"/{slug}/"


def read_slug(fields: Fields, kind: str, default: str, reserved: Mapping[str, str]) -> str:
    """The `slug:` of a story, page or event when given and valid, else `default`.

    `default` is the slug the build would make itself; an empty `slug:` is an
    error rather than a quiet fall back to it, because for an event it would
    also silence the warning that the event has no pinned address.
    """
    if "slug" in fields.data and _blank(fields.data["slug"]):
        hint = f"write one like '{default or EMPTY_EXAMPLE}', or remove the line"
        fields.error("slug", "slug: is empty", hint)
        return default
    value = fields.text("slug")
    if value is None:
        return default
    if not SLUG_RE.fullmatch(value):
        good = derived(value, default or EMPTY_EXAMPLE)
        hint = f"use lowercase letters, digits and single hyphens, like '{good}'"
        fields.error("slug", f"slug: '{value}' is not a valid slug", hint)
    elif len(value) > SLUG_MAX:
        message = f"slug: too long ({len(value)} characters; at most {SLUG_MAX})"
        fields.error("slug", message, f"shorten it, like '{shortened(value)}'")
    else:
        check_free(fields, kind, value, reserved, "pick another slug")
    return value


def check_free(
    fields: Fields, kind: str, slug: str, reserved: Mapping[str, str], hint: str
) -> None:
    """An error at the slug's line (the item's when the slug was made from its file name)
    when the site itself already publishes at `slug`."""
    if slug in reserved:
        message = f"the {NOUNS[kind]} slug '{slug}' is taken by the site itself: {reserved[slug]}"
        fields.error("slug", message, hint)


def _blank(value: object) -> bool:
    """`slug:` with nothing after it, or `slug: ""`."""
    return value is None or (isinstance(value, str) and not value.strip())
