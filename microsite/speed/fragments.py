"""A page's fragments made once for all the pages that give them the same values.

`fragment("_footer.html", pages=site.pages)` renders a template from only the
values given and the page's `settings` (`render/site.py`), so those values
*are* its inputs: two calls given equal values give the same text. Every
page of a site gives its footer the same settings and standing pages, and
the footer was a sixth of the time a story page took to render.

`made_once` keeps each fragment's text under the template's name, its
class-tagged values and the settings, for one build (a preview's next build
starts afresh, so an edited fragment template is read again). A value that
cannot be a key (a list) is rendered every time. The memo is bounded: a site
in many languages, or a fragment given a page's own values, renders it anew
rather than growing without end.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

KEPT = 256  # fragments' texts a process keeps in one build
Fragment = Callable[..., Markup]


def made_once(fragment: Fragment) -> Fragment:
    """`fragment`, remembering its texts by their inputs for as long as it is in use."""
    made: dict[Hashable, Markup] = {}

    @pass_context
    def remembered(context: Context, name: str, **values: Any) -> Markup:
        key = _key(name, context["settings"], values)
        if key is None:
            return fragment(context, name, **values)
        text = made.get(key)
        if text is None:
            if len(made) >= KEPT:
                made.clear()
            text = made[key] = fragment(context, name, **values)
        return text

    return remembered


def _key(name: str, settings: Any, values: dict[str, Any]) -> Hashable | None:
    """The inputs as one key, each value with its class: `Markup("<b>")` equals
    `"<b>"` but prints differently. None when a value cannot be a key."""
    key = (name, settings, *((n, type(v), v) for n, v in sorted(values.items())))
    try:
        hash(key)
    except TypeError:
        return None
    return key
