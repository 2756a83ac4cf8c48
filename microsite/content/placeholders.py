"""The words `new story` and `new event` write for the PIO to write over.

Written once here, for the commands that write them and for loading, which
warns when one is published: a new event has no `draft:` to hold it back,
and a resident read "Where it happens" on its page and in calendars (a
walkthrough find). A draft may keep them: it is still being written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from microsite.content.fields import Fields
from microsite.errors import ContentError, warning
from microsite.langcodes import base_language


class StoryWords(NamedTuple):
    summary: str
    opening: str
    heading: str
    link_tip: str


# A new story's words in its own language: a Spanish story started in English words.
STORY = {
    "en": StoryWords(
        "One sentence that says what happened and why it matters.",
        "Start with what happened, who was there and where. Keep sentences short.",
        "## A heading for the next part",
        "To link to another story, write its file name: `[the story](2026-01-31-its-name.md)`.",
    ),
    "es": StoryWords(
        "Una frase que diga qué pasó y por qué importa.",
        "Empiece por lo que pasó, quién estuvo y dónde. Use frases cortas.",
        "## Un subtítulo para la parte siguiente",
        "Para enlazar otra noticia, escriba el nombre de su archivo: "
        "`[la noticia](2026-01-31-su-nombre.md)`.",
    ),
}
EVENT_LOCATION = "Where it happens"
EVENT_DESCRIPTION = "What to expect, who it is for, and what to bring."
_IN_TEXT = (*(text for words in STORY.values() for text in words[1:]), EVENT_DESCRIPTION)
_FIELDS = {
    "summary": tuple(words.summary for words in STORY.values()),
    "location": (EVENT_LOCATION,),
}


def story_words(language: str) -> StoryWords:
    """The words a new story in `language` starts with: its own, or English."""
    return STORY.get(base_language(language), STORY["en"])


HINT = "write over it, or delete it"
# A field the file cannot do without: deleting it, as HINT offered, made an error.
REQUIRED_HINTS = {"location": "write over it with the place's name"}


def left_in_fields(fields: Fields) -> list[ContentError]:
    """A warning at each field that still holds its placeholder."""
    return [
        warning(
            fields.path,
            fields.line(name),
            f"{name}: still the words `new` wrote",
            REQUIRED_HINTS.get(name, HINT),
        )
        for name, placeholders in _FIELDS.items()
        if any(_holds(fields.data.get(name), placeholder) for placeholder in placeholders)
    ]


def left_in_text(
    text: str, path: str, first_line: int, file: Sequence[str] = ()
) -> list[ContentError]:
    """A warning at each line of a text (a story's body, an event's description) that still
    holds a sentence `new` wrote. `file` is the whole file's lines, for a text whose lines
    are not the file's (a folded YAML text joins several): the sentence is looked for
    there, from the text's first line on."""
    found = []
    for placeholder in _IN_TEXT:  # seven finds: faster than one pattern of seven
        at = text.find(placeholder)
        if at < 0:
            continue
        line = first_line + text.count("\n", 0, at)
        if file:
            probe = placeholder[:24]
            lines = range(first_line, len(file) + 1)
            line = next((n for n in lines if probe in file[n - 1]), first_line)
        words = placeholder.split()
        opening = " ".join(words[:6]) + (" ..." if len(words) > 6 else "")
        said = f'still the words `new` wrote: "{opening}"'
        found.append(warning(path, line, said, HINT))
    return sorted(found)


def _holds(value: object, placeholder: str) -> bool:
    if isinstance(value, dict):  # a text in several languages
        return any(_holds(text, placeholder) for text in value.values())
    return isinstance(value, str) and value.strip() == placeholder
