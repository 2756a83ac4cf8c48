"""The speed layer's seam in converting Markdown: the converter, with the shortcuts.

Imported when a build first converts a text (`pipeline`): it loads
Python-Markdown, which a rebuild that finds every text's HTML in `.cache/`
never needs.
"""

from __future__ import annotations

from microsite.markdown.convert import Converter
from microsite.speed import wholedoc
from microsite.speed.blocks import PlainParagraphsExtension
from microsite.speed.inline import PlainTextFirstExtension


def quick_converter() -> Converter:
    """A converter whose shortcuts change how a text is converted, never the result
    (`tests/test_shortcuts.py`, `tests/test_wholedoc.py`)."""
    return Converter([PlainTextFirstExtension(), PlainParagraphsExtension()], wholedoc.convert)
