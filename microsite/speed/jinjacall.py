"""Templates' calls made with less asking: the same call, the same result.

Jinja compiles every call in a template, `url(story.path)` or
`ui.media(story, ...)`, to `context.call(function, ...)`, which asks the
function, through several attribute lookups, whether it wants the template's
context, its evaluation context or its environment passed first, and whether
it is an object whose `__call__` wants one of them. A page makes about a
hundred such calls; on the bench corpus the asking cost a sixth of the time
spent rendering pages.

For the kinds that cannot have a `__call__` of their own (functions, methods,
builtins and macros), `QuickContext.call` reads the one attribute that
answers, and calls: directly when nothing is wanted, with the context when
the context is wanted and the call is not inside a loop or block that set
variables of its own. A macro given one value for each of its parameters
(most calls: `ui.when(item)`) has its function run straight away, without
`Macro.__call__`'s sorting of defaults, keywords and `caller`. Everything
else goes through Jinja's own `call`, so the result is Jinja's:
`tests/test_jinjacall.py` renders every kind of call both ways, and
`tests/test_speed_layer.py` builds whole sites both ways.
"""

from __future__ import annotations

from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any

from jinja2.nodes import EvalContext
from jinja2.runtime import Context, Macro
from jinja2.utils import _PassArg, internalcode
from markupsafe import Markup

_PLAIN_KINDS = frozenset({FunctionType, BuiltinFunctionType, MethodType, Macro})


class QuickContext(Context):
    """A template context whose calls of functions and macros skip Jinja's general checks."""

    @internalcode
    def call(self, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        kind = type(obj)
        if kind in _PLAIN_KINDS:
            wants = getattr(obj, "jinja_pass_arg", None)
            if wants is None or (
                wants is _PassArg.context
                and not kwargs.get("_loop_vars")
                and not kwargs.get("_block_vars")
            ):
                if kwargs:
                    kwargs.pop("_block_vars", None)
                    kwargs.pop("_loop_vars", None)
                if wants is not None:
                    args = (self, *args)
                try:
                    if kind is Macro and not kwargs and _simple(obj, args):
                        return _run_macro(obj, args)
                    return obj(*args, **kwargs)
                except StopIteration:
                    return self.environment.undefined(
                        "value was undefined because a callable raised a StopIteration exception"
                    )
        return Context.call(self, obj, *args, **kwargs)


def _simple(macro: Macro, args: tuple[Any, ...]) -> bool:
    """Whether `macro(*args)` only hands its arguments on: one for each of its parameters,
    no `caller`, no `varargs` or `kwargs` to collect, no evaluation context first."""
    return (
        len(args) == macro._argument_count
        and not (macro.caller or macro.catch_kwargs or macro.catch_varargs)
        and not (args and isinstance(args[0], EvalContext))
        and not macro._environment.is_async
    )


def _run_macro(macro: Macro, args: tuple[Any, ...]) -> Any:
    """What `Macro.__call__` gives for a simple call (`_simple`), without its sorting of
    arguments: the macro's function run, its text trusted when the macro autoescapes."""
    text = macro._func(*args)
    if not macro._default_autoescape:
        return text
    # `Markup(text)`: for the plain `str` a macro's output is joined into, without the
    # constructor's questions (as `quickescape.quick_escape` does for a value)
    return _new_text(Markup, text) if type(text) is str else Markup(text)


_new_text = str.__new__
