"""Fragments: a template made from only what it is given, and made once per set of inputs.

`fragment()` (the core) renders a template with the values given and the
page's `settings`; `made_once` (the speed layer) must give the same text while
rendering it once for every set of inputs in a build. Whole sites are built
both ways by `tests/test_speed_layer.py`; here each rule is held on its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest
from markupsafe import Markup

from microsite.render.environment import fragment
from microsite.speed import fragments
from microsite.speed.fragments import made_once

PAGE = "{{ fragment('_piece.html', **given) }}|{{ fragment('_piece.html', **given) }}"


def environment(tmp_path: Path, piece: str) -> jinja2.Environment:
    (tmp_path / "_piece.html").write_text(piece, encoding="utf-8")
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(tmp_path),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.globals["fragment"] = fragment
    return env


def render(env: jinja2.Environment, **context: Any) -> str:
    context.setdefault("settings", "the settings")
    return env.get_template("page.html").render(**context)


def test_a_fragment_sees_what_it_is_given_and_the_settings(tmp_path: Path) -> None:
    env = environment(tmp_path, "{{ settings }}: {{ title }}\n")
    assert render(env, given={"title": "<Pier>"}) == (
        "the settings: &lt;Pier&gt;|the settings: &lt;Pier&gt;"
    )


def test_a_fragment_sees_nothing_else_of_the_page(tmp_path: Path) -> None:
    env = environment(tmp_path, "{{ meta }}")
    with pytest.raises(jinja2.UndefinedError, match="'meta' is undefined"):
        render(env, given={}, meta="the page's own")


def test_only_the_final_newline_is_dropped(tmp_path: Path) -> None:
    env = environment(tmp_path, "a\n\n")
    assert render(env, given={}) == "a\n|a\n"


def test_a_fragment_that_is_not_html_is_escaped_not_trusted(tmp_path: Path) -> None:
    """Only a template Jinja escaped (by its name: .html, .xml) may print as HTML."""
    (tmp_path / "_plain.txt").write_text("<b>{{ title }}</b>\n", encoding="utf-8")
    (tmp_path / "page.html").write_text(
        "{{ fragment('_plain.txt', title='<i>') }}|{{ fragment('_piece.html', title='<i>') }}",
        encoding="utf-8",
    )
    (tmp_path / "_piece.html").write_text("<b>{{ title }}</b>\n", encoding="utf-8")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(tmp_path),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
    )
    env.globals["fragment"] = fragment
    assert env.get_template("page.html").render(settings=None) == (
        "&lt;b&gt;&lt;i&gt;&lt;/b&gt;|<b>&lt;i&gt;</b>"
    )


class Counting:
    """`fragment`, counting the renders that reach it."""

    def __init__(self) -> None:
        self.calls = 0

    @jinja2.pass_context
    def __call__(self, context: Any, name: str, **values: Any) -> Markup:
        self.calls += 1
        return fragment(context, name, **values)


def quick(tmp_path: Path, piece: str) -> tuple[jinja2.Environment, jinja2.Environment, Counting]:
    plain = environment(tmp_path, piece)
    counting = Counting()
    remembering = environment(tmp_path, piece)
    remembering.globals["fragment"] = made_once(counting)  # type: ignore[arg-type]
    return plain, remembering, counting


@pytest.mark.parametrize(
    "given",
    [
        {"title": "Pier"},
        {"title": "<b>Pier</b>"},
        {"title": Markup("<b>Pier</b>")},
        {"title": ("a", "b"), "count": 2},
        {"title": ["a", "list"]},  # cannot be a key: made every time, still right
        {},
    ],
)
def test_made_once_gives_the_same_text(tmp_path: Path, given: dict[str, Any]) -> None:
    plain, remembering, _ = quick(tmp_path, "{{ settings }}{{ title|default('none') }}")
    assert render(remembering, given=given) == render(plain, given=given)


def test_the_same_inputs_are_made_once_and_others_again(tmp_path: Path) -> None:
    _, remembering, counting = quick(tmp_path, "{{ title }}")
    pier, surf = "Pier", "Surf"
    render(remembering, given={"title": pier})  # the page calls it twice
    assert counting.calls == 1
    render(remembering, given={"title": pier})
    assert counting.calls == 1
    render(remembering, given={"title": surf})
    render(remembering, given={"title": pier}, settings="other settings")
    assert counting.calls == 3


def test_equal_inputs_that_are_other_objects_are_made_again_the_same(tmp_path: Path) -> None:
    """Inputs are told by identity (cheap, and enough: a page's settings, standing pages
    and menu are the same objects on every page); an equal copy is simply made again."""
    _, remembering, counting = quick(tmp_path, "{{ title|join(',') }}")
    first = render(remembering, given={"title": ("a", "b")})
    again = render(remembering, given={"title": tuple("ab")})
    assert first == again == "a,b|a,b"
    assert counting.calls == 2


def test_text_and_markup_that_are_equal_are_not_confused(tmp_path: Path) -> None:
    _, remembering, _ = quick(tmp_path, "{{ title }}")
    assert render(remembering, given={"title": "<b>"}) == "&lt;b&gt;|&lt;b&gt;"
    assert render(remembering, given={"title": Markup("<b>")}) == "<b>|<b>"


def test_unhashable_values_are_made_every_time(tmp_path: Path) -> None:
    _, remembering, counting = quick(tmp_path, "{{ title }}")
    render(remembering, given={"title": ["a"]})
    assert counting.calls == 2


def test_the_memo_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fragments, "KEPT", 3)
    _, remembering, counting = quick(tmp_path, "{{ title }}")
    titles = [f"title {number}" for number in range(10)]
    for title in titles:
        render(remembering, given={"title": title})
    render(remembering, given={"title": titles[9]})
    assert counting.calls == 10  # the last was still kept
    render(remembering, given={"title": titles[0]})
    assert counting.calls == 11  # the first had been let go
