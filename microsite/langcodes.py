"""Language codes as people write them: `es`, `es-MX`, `es_MX`, `ES`.

A site's languages are plain codes (`content/config.py` refuses a region or
script and goes on with the language alone), but a catalog folder made by
`pybabel init -l vi_VN`, a locale asked of Babel, or Open Graph's `es_US`
carry a region (and `pa-Arab` a script). This is the one place that tells the
language from the rest: dates, quotes, `og:locale`, text direction, the catalog
check and `new story`'s words all ask here.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=64)
def base_language(code: str) -> str:
    """`es-MX`, `es_MX`, `ES` -> `es`: the language, whatever the region or script.
    Remembered: a page of dates asks a few hundred times."""
    return code.replace("_", "-").split("-", 1)[0].lower()


def script(code: str) -> str:
    """`pa-Arab` -> `Arab`, `zh-hant-TW` -> `Hant`: the script the code names, in title
    case; "" when it names none."""
    for subtag in _subtags(code):
        if len(subtag) == 4 and subtag.isalpha():
            return subtag.title()
    return ""


def region(code: str) -> str:
    """`es-MX` -> `MX`, `zh-Hant-TW` -> `TW`, `es-419` -> `419`: the region the code
    names, in capitals; "" when it names none (`es`, `zh-Hant`)."""
    for subtag in _subtags(code):
        if (len(subtag) == 2 and subtag.isalpha()) or (len(subtag) == 3 and subtag.isdigit()):
            return subtag.upper()
    return ""


def _subtags(code: str) -> list[str]:
    """What follows the language, up to the extensions (`-u-`, `-x-`: a one-letter subtag)."""
    rest = code.replace("_", "-").split("-")[1:]
    single = next((index for index, subtag in enumerate(rest) if len(subtag) == 1), len(rest))
    return rest[:single]
