"""Templates' escaping with less asking: the same escape, the same result.

With autoescaping on, Jinja passes every `{{ value }}` of a template through
MarkupSafe's `escape`, about a hundred and twenty times a page. For the two
kinds nearly every value is, `escape` does more than it needs: a plain string
is escaped in C and then wrapped by `Markup`'s constructor, written in Python,
which asks the escaped string whether it has an `__html__` (it cannot); a
`Markup` is asked for its `__html__`, which is itself, and copied. Rendering
the bench corpus's pages, that asking was an eighth of the time.

`quick_escape` wraps a plain string's escaped text without the question and
returns a `Markup` as it is (it cannot change: a copy equals it); anything
else, a subclass included, goes to MarkupSafe's own `escape`.
`QuickTemplate` gives its compiled code `quick_escape` in place of `escape`,
for one environment's templates only: Jinja itself is not changed.
`tests/test_quickescape.py` holds the two to the same results, and
`tests/test_speed_layer.py` builds whole sites both ways.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import jinja2
from markupsafe import Markup, escape

try:  # MarkupSafe 3's escaping of a plain string, in C (requirements.txt pins it)
    from markupsafe import _escape_inner
except ImportError:  # pragma: no cover - another MarkupSafe: its own escape, unchanged
    _escape_inner = None

_new_text = str.__new__


def quick_escape(value: Any) -> Markup:
    """`markupsafe.escape(value)`, sooner for a `str` or a `Markup`."""
    kind = type(value)
    if kind is str:
        return _new_text(Markup, _escape_inner(value))
    if kind is Markup:
        return value
    return escape(value)


class QuickTemplate(jinja2.Template):
    """A template whose compiled code escapes with `quick_escape`."""

    @classmethod
    def _from_namespace(
        cls,
        environment: jinja2.Environment,
        namespace: MutableMapping[str, Any],
        globals: MutableMapping[str, Any],
    ) -> jinja2.Template:
        # The code's functions (root, blocks, macros) look `escape` up in this
        # namespace, their module's globals, each time they run.
        if _escape_inner is not None:
            namespace["escape"] = quick_escape
        return super()._from_namespace(environment, namespace, globals)
