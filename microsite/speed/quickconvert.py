"""The speed layer's seam in converting Markdown: the converter, with the shortcuts.

Imported when a build first converts a text (`pipeline`). The whole-document
shortcut needs no Python-Markdown; the two extensions, for the texts it
declines, are made (and Python-Markdown loaded) with the converter's
Python-Markdown, when the first such text comes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from microsite.markdown.convert import Converter
from microsite.speed import wholedoc

if TYPE_CHECKING:
    from markdown.extensions import Extension


def quick_converter() -> Converter:
    """A converter whose shortcuts change how a text is converted, never the result
    (`tests/test_shortcuts.py`, `tests/test_wholedoc.py`)."""
    return Converter(_extensions, wholedoc.convert)


def _extensions() -> list[Extension]:
    from microsite.speed.blocks import PlainParagraphsExtension
    from microsite.speed.inline import PlainTextFirstExtension

    return [PlainTextFirstExtension(), PlainParagraphsExtension()]
