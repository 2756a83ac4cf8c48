"""QuickContext gives every kind of call in a template exactly what Jinja's own Context gives.

Each template below is rendered twice, with Jinja's context and with ours,
and the two results (or the two errors) must be the same. The kinds: plain
functions, methods and builtins, functions that want the context, the
evaluation context or the environment, a callable object that wants the
context, macros with and without `caller`, calls inside loops and blocks
that set their own variables, keyword arguments, and a function that raises
StopIteration.
"""

from __future__ import annotations

from typing import Any

import jinja2
import pytest
from jinja2 import pass_context, pass_environment, pass_eval_context

from microsite.speed.jinjacall import QuickContext


@pass_context
def seen(context: Any, name: str) -> str:
    return f"{name}={context.get(name, '-')}"


@pass_eval_context
def escaping(eval_ctx: Any, text: str) -> str:
    return f"{text}:{eval_ctx.autoescape}"


@pass_environment
def delimiters(env: jinja2.Environment, text: str) -> str:
    return env.variable_start_string + text


class Counter:
    @pass_context
    def __call__(self, context: Any, step: int = 1) -> str:
        return f"{context.get('who', '?')}+{step}"


def stops() -> None:
    raise StopIteration


class Story:
    title = "Pier <safety>"

    def shout(self, end: str = "!") -> str:
        return self.title.upper() + end


TEMPLATES = {
    "plain": "{{ plain(1, 2) }} {{ story.shout() }} {{ story.shout(end='?') }} {{ range(3)|list }}",
    "context": "{% set who = 'chief' %}{{ seen('who') }} {{ seen('nobody') }}",
    "loop": "{% for who in ['a', 'b'] %}{% set mine = who * 2 %}{{ seen('mine') }} "
    "{{ seen('who') }} {{ plain(who) }};{% endfor %}",
    "block": "{% extends 'base' %}{% block body %}{% set inner = 'x' %}{{ seen('inner') }}"
    "{{ seen('outer') }}{% endblock %}",
    "eval": "{{ escaping('<b>') }}",
    "environment": "{{ delimiters('x') }}",
    "object": "{% set who = 'pio' %}{{ counter() }} {{ counter(step=3) }}",
    "macro": "{% macro card(title, heading='h3') %}<{{ heading }}>{{ title }}{{ caller() if "
    "caller }}</{{ heading }}>{% endmacro %}{{ card(story.title) }}"
    "{% call card('with caller', heading='h2') %}!{% endcall %}",
    "macro kinds": "{% macro two(a, b) %}[{{ a }}|{{ b }}]{% endmacro %}"
    "{% macro rest(a) %}{{ a }}{{ varargs|join(',') }}{{ kwargs|dictsort }}{% endmacro %}"
    "{% macro empty() %}-{% endmacro %}{% macro named(caller=none) %}{{ caller }}{% endmacro %}"
    "{{ two('<x>', 2) }}{{ two('y') }}{{ two(b=1, a=0) }}{{ rest(1, 2, 3) }}{{ rest(1, k=2) }}"
    "{{ empty() }}{{ named('c') }}{% for i in [1, 2] %}{{ two(i, loop.index) }}{% endfor %}"
    "{% set pair = two %}{{ pair(story.title, story.shout()) }}",
    "stop": "[{{ stops() }}]",
    "missing": "{{ nowhere(1) }}",
}


def render(context_class: type[jinja2.runtime.Context], name: str, **options: Any) -> str:
    env = jinja2.Environment(
        loader=jinja2.DictLoader(
            {"base": "{% set outer = 'o' %}{% block body %}{% endblock %}", **TEMPLATES}
        ),
        autoescape=True,
        **options,
    )
    env.context_class = context_class
    env.globals.update(
        plain=lambda *values: "-".join(map(str, values)),
        seen=seen,
        escaping=escaping,
        delimiters=delimiters,
        counter=Counter(),
        stops=stops,
        story=Story(),
    )
    try:
        return env.get_template(name).render()
    except jinja2.UndefinedError as error:
        return f"error: {error}"


@pytest.mark.parametrize("name", TEMPLATES)
@pytest.mark.parametrize("undefined", [jinja2.Undefined, jinja2.StrictUndefined])
def test_same_as_jinja(name: str, undefined: type[jinja2.Undefined]) -> None:
    ours = render(QuickContext, name, undefined=undefined)
    assert ours == render(jinja2.runtime.Context, name, undefined=undefined)
    assert ours.strip()


def test_the_quick_way_is_taken() -> None:
    """Calls of functions, methods and macros do not reach Jinja's own `call`; a class
    (`range`), which might have a `__call__` of its own, does."""
    taken = []

    class Watched(QuickContext):
        pass

    original = jinja2.runtime.Context.call

    def noted(self: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        taken.append(obj)
        return original(self, obj, *args, **kwargs)

    jinja2.runtime.Context.call = noted  # type: ignore[method-assign]
    try:
        render(Watched, "macro")
        render(Watched, "plain")
        render(Watched, "context")
    finally:
        jinja2.runtime.Context.call = original  # type: ignore[method-assign]
    assert taken == [range]


def test_simple_macro_calls_skip_sorting_their_arguments() -> None:
    """A macro given one value for each parameter runs without `Macro.__call__`; any other
    call (a default left out, keywords, varargs, a `caller`) goes through it."""
    sorted_calls = []
    original = jinja2.runtime.Macro.__call__

    def noted(self: Any, *args: Any, **kwargs: Any) -> Any:
        sorted_calls.append((self.name, args, kwargs))
        return original(self, *args, **kwargs)

    jinja2.runtime.Macro.__call__ = noted  # type: ignore[method-assign]
    try:
        text = render(QuickContext, "macro kinds")
    finally:
        jinja2.runtime.Macro.__call__ = original  # type: ignore[method-assign]
    assert "[&lt;x&gt;|2]" in text and "[1|1][2|2]" in text
    assert [name for name, _, _ in sorted_calls] == ["two", "two", "rest", "rest", "named"]
