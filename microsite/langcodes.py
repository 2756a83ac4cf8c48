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
    """`es-MX` -> `MX`: what follows the language, in capitals; "" when nothing does."""
    return code.replace("_", "-").partition("-")[2].upper()
