"""Where the interface's translations live: read when rendering, looked for when checking.

`site.yaml` may name any language, but its pages can only speak it if
microsite has a catalog of interface strings for it (English, the language
the strings are written in, needs none). Both sides ask here, so the rule
of where a catalog lives is written once.
"""

from __future__ import annotations

from pathlib import Path

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "messages"


def catalog_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def has_interface(language: str) -> bool:
    """Whether pages in `language` have their menus, buttons and status words in it."""
    return language == "en" or catalog_path(language).is_file()


def languages_with_catalogs() -> tuple[str, ...]:
    """Every language microsite has interface strings for, besides English."""
    return tuple(sorted(p.parent.parent.name for p in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")))
