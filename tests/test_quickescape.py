"""quick_escape gives what MarkupSafe's escape gives, and QuickTemplate uses it.

Each value below is escaped both ways; the results must be equal and of the
same class. The values are every kind a template prints: plain text with
each character HTML escapes, Markup, subclasses of both, objects with an
`__html__`, numbers, None, Jinja's undefined values, and generated text.
"""

from __future__ import annotations

import random

import jinja2
import markupsafe
import pytest
from markupsafe import Markup

from microsite.speed.quickescape import QuickTemplate, quick_escape


class Text(str):
    pass


class Trusted(Markup):
    pass


class Widget:
    def __html__(self) -> str:
        return "<b>widget & co</b>"

    def __str__(self) -> str:
        return "widget <str>"


class Plain:
    def __str__(self) -> str:
        return "plain \"<str>\" & 'more'"


SPECIAL = "<>&'\""


def _generated(count: int) -> list[str]:
    rng = random.Random(5)
    alphabet = SPECIAL + "ab é—\x00\n\t😀"
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(count)]


VALUES = [
    "",
    "Coffee with a Cop",
    "Pier <safety> & \"surf\" 'day'",
    SPECIAL * 3,
    Markup("<em>already safe</em> &amp;"),
    Markup(""),
    Text("<subclass of str>"),
    Trusted("<b>subclass of Markup</b>"),
    Widget(),
    Plain(),
    0,
    3.5,
    True,
    None,
    jinja2.Undefined(name="missing"),
]


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_same_as_markupsafe(value: object) -> None:
    ours, theirs = quick_escape(value), markupsafe.escape(value)
    assert ours == theirs
    assert type(ours) is type(theirs)


def test_generated_text_the_same() -> None:
    for text in _generated(2000):
        assert quick_escape(text) == markupsafe.escape(text)
        assert type(quick_escape(text)) is Markup


def test_strict_undefined_raises_the_same() -> None:
    missing = jinja2.StrictUndefined(name="missing")
    with pytest.raises(jinja2.UndefinedError):
        markupsafe.escape(missing)
    with pytest.raises(jinja2.UndefinedError):
        quick_escape(missing)


def test_templates_escape_with_it() -> None:
    """A QuickTemplate's code, macros included, escapes with quick_escape, and renders
    the same bytes as Jinja's own template."""
    source = (
        "{% macro card(title) %}<h2>{{ title }}</h2>{% endmacro %}"
        "{{ card(title) }}{{ trusted }}{{ number }}{% for w in words %}{{ w }}{% endfor %}"
    )
    values = {
        "title": "A & B <c>",
        "trusted": Markup("<i>ok</i>"),
        "number": 7,
        "words": VALUES + _generated(50),
    }
    plain = jinja2.Environment(autoescape=True)
    quick = jinja2.Environment(autoescape=True)
    quick.template_class = QuickTemplate
    template = quick.from_string(source)
    assert template.root_render_func.__globals__["escape"] is quick_escape
    assert template.render(values) == plain.from_string(source).render(values)
    assert plain.from_string(source).root_render_func.__globals__["escape"] is markupsafe.escape
