"""A page's fragments made once for all the pages that give them the same values.

`fragment("_footer.html", pages=site.pages)` renders a template from only the
values given and the page's `settings` (`render/environment.py`), so those values
*are* its inputs: two calls given equal values give the same text. Every
page of a site gives its footer the same settings and standing pages, and
the footer was a sixth of the time a story page took to render.

`made_once` keeps each fragment's text under the template's name and the
very objects it was given (the settings and each value), for one build: a
page's settings, its standing pages and its menu are the same objects on
every page, and telling them by identity costs nothing, where comparing
settings field by field cost as much as a third of the fragment. A value
that may change (a list, a dict) is rendered every time; the objects a text
was made from are kept with it, so no other object can take their ids. A
preview's next build starts afresh, so an edited fragment template is read
again. The memo is bounded: a site in many languages, or a fragment given a
page's own values, renders it anew rather than growing without end.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from operator import is_
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

KEPT = 256  # fragments' texts a process keeps in one build
Fragment = Callable[..., Markup]


def made_once(fragment: Fragment) -> Fragment:
    """`fragment`, remembering its texts by their inputs for as long as it is in use."""
    made: dict[Hashable, tuple[tuple[Any, ...], Markup]] = {}

    @pass_context
    def remembered(context: Context, name: str, **values: Any) -> Markup:
        given = (context["settings"], *values.values())
        key = (name, *values, *map(id, given))
        entry = made.get(key)
        if entry is not None and all(map(is_, entry[0], given)):
            return entry[1]
        text = fragment(context, name, **values)
        if _unchanging(given):
            if len(made) >= KEPT:
                made.clear()
            made[key] = (given, text)  # kept alive with it: no other object takes their ids
        return text

    return remembered


def _unchanging(values: tuple[Any, ...]) -> bool:
    """Whether these values can be told by identity: hashable ones (strings, numbers, tuples,
    the model's frozen dataclasses) cannot change; a list or a dict may."""
    try:
        hash(values)
    except TypeError:
        return False
    return True
