"""Language codes as people write them: `es`, `es-MX`, `es_MX`, `ES`.

A site's languages are plain codes (`content/config.py` refuses a region or
script and goes on with the language alone), but a catalog folder made by
`pybabel init -l vi_VN`, a locale asked of Babel, or Open Graph's `es_US`
carry a region. This is the one place that tells the language from the rest.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=64)
def base_language(code: str) -> str:
    """`es-MX`, `es_MX`, `ES` -> `es`: the language, whatever the region or script.
    Remembered: a page of dates asks a few hundred times."""
    return code.replace("_", "-").split("-", 1)[0].lower()


def region(code: str) -> str:
    """`es-MX` -> `MX`, `zh-Hant-TW` -> `TW`, `es-419` -> `419`: the region the code
    names, in capitals; "" when it names none (`es`, `zh-Hant`)."""
    for subtag in code.replace("_", "-").split("-")[1:]:
        if len(subtag) == 1:  # `-u-`, `-x-`: extensions follow, not a region
            break
        if (len(subtag) == 2 and subtag.isalpha()) or (len(subtag) == 3 and subtag.isdigit()):
            return subtag.upper()
    return ""
