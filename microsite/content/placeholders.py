"""The words `new story` and `new event` write for the PIO to write over.

Written once here, for the commands that write them and for loading, which
warns when one is published: a new event has no `draft:` to hold it back,
and a resident read "Where it happens" on its page and in calendars (a
walkthrough find). A draft may keep them: it is still being written.
"""

from __future__ import annotations

from microsite.content.fields import Fields
from microsite.errors import ContentError, warning

STORY_SUMMARY = "One sentence that says what happened and why it matters."
STORY_OPENING = "Start with what happened, who was there and where. Keep sentences short."
STORY_HEADING = "## A heading for the next part"
STORY_LINK_TIP = (
    "To link to another story, write its file name: `[the story](2026-01-31-its-name.md)`."
)
EVENT_LOCATION = "Where it happens"
EVENT_DESCRIPTION = "What to expect, who it is for, and what to bring."
_IN_TEXT = (STORY_OPENING, STORY_HEADING, STORY_LINK_TIP, EVENT_DESCRIPTION)
_FIELDS = {"summary": STORY_SUMMARY, "location": EVENT_LOCATION}
HINT = "write over it, or delete it"


def left_in_fields(fields: Fields) -> list[ContentError]:
    """A warning at each field that still holds its placeholder."""
    return [
        warning(fields.path, fields.line(name), f"{name}: still the words `new` wrote", HINT)
        for name, placeholder in _FIELDS.items()
        if _holds(fields.data.get(name), placeholder)
    ]


def left_in_text(text: str, path: str, first_line: int) -> list[ContentError]:
    """A warning at each line of a text (a story's body, an event's description) that still
    holds a sentence `new` wrote."""
    found = []
    for placeholder in _IN_TEXT:
        at = text.find(placeholder)
        if at >= 0:
            line = first_line + text.count("\n", 0, at)
            words = placeholder.split()
            opening = " ".join(words[:6]) + (" ..." if len(words) > 6 else "")
            said = f'still the words `new` wrote: "{opening}"'
            found.append(warning(path, line, said, HINT))
    return sorted(found)


def _holds(value: object, placeholder: str) -> bool:
    if isinstance(value, dict):  # a text in several languages
        return any(_holds(text, placeholder) for text in value.values())
    return isinstance(value, str) and value.strip() == placeholder
