"""Template errors, pointed at the template file and line that caused them.

Jinja rewrites tracebacks so that template frames carry the template's own
file and line; the build reports that place, the way it reports content
errors, instead of a Python traceback.
"""

from __future__ import annotations

import linecache
import traceback
from collections import Counter
from pathlib import Path

import jinja2

from microsite.errors import ContentError, PageFailed

MISSING_HINT = (
    "every site needs it: copy it from microsite's own templates/ folder, "
    "or point --templates at a complete folder"
)
UNDEFINED_HINT = "check the spelling; templates/README.md lists what each template receives"


def template_error(exc: Exception, env: jinja2.Environment) -> ContentError:
    """Point at the template file and line that failed; re-raise what is not a template's fault."""
    if isinstance(exc, PageFailed):  # already named where it is (a catalog's line)
        return exc.problem
    if isinstance(exc, jinja2.TemplateSyntaxError):
        name = shown(exc.filename or exc.name or "templates")
        return ContentError(name, exc.lineno, exc.message or "syntax error")
    if isinstance(exc, RecursionError):
        return _endless(exc, template_roots(env)) or _endless_unknown()
    frame = last_template_frame(exc, template_roots(env))
    if frame is None and isinstance(exc, jinja2.TemplateNotFound):
        return missing_template(exc.name, env)
    compiling = frame is None and compile_failure(exc)
    if compiling:
        filename, line = compiling
        return ContentError(shown(filename), line, f"cannot be compiled: {describe(exc)}")
    if frame is None:
        raise exc
    hint = UNDEFINED_HINT if isinstance(exc, jinja2.UndefinedError) else ""
    return ContentError(shown(frame.filename), frame.lineno or 1, describe(exc), hint)


ENDLESS = "includes itself, directly or through other templates, without end"
ENDLESS_HINT = "remove the include, or give it a condition that stops it"
ENDLESS_CALL = "a macro here calls itself, directly or through other macros, without end"
ENDLESS_CALL_HINT = "give the call a condition that stops it"


def _endless(exc: RecursionError, roots: tuple[Path, ...]) -> ContentError | None:
    """Where an include (or a macro) calls itself: of the template lines that recur in
    the traceback, an include if one is, not whichever the recursion limit stopped at."""
    frames = traceback.extract_tb(exc.__traceback__)
    places = Counter(
        (f.filename, f.lineno or 1)
        for f in frames
        if any(Path(f.filename).resolve().is_relative_to(r) for r in roots)
    )
    if not places:
        return None
    most = max(places.values())
    recurring = [place for place, count in places.items() if count >= most - 1]
    filename, line = max(recurring, key=lambda place: "include" in linecache.getline(*place))
    if "include" in linecache.getline(filename, line):
        return ContentError(shown(filename), line, ENDLESS, ENDLESS_HINT)
    # No include recurs: a macro does (told "remove the include" for none: review find).
    return ContentError(shown(filename), line, ENDLESS_CALL, ENDLESS_CALL_HINT)


def _endless_unknown() -> ContentError:
    return ContentError("templates", 0, ENDLESS, ENDLESS_HINT)


def compile_failure(exc: Exception) -> tuple[str, int] | None:
    """The template and line Jinja was compiling when something outside its own checks
    failed (`{{ 10**5000 }}` is a number too long to write out): Jinja's `compile` holds
    the file's name, and the innermost node being written its line."""
    filename, line = None, 0
    tb = exc.__traceback__
    while tb is not None:
        local = tb.tb_frame.f_locals
        if tb.tb_frame.f_code.co_name == "compile" and isinstance(local.get("filename"), str):
            filename = local["filename"]
        line = getattr(local.get("node"), "lineno", None) or line
        tb = tb.tb_next
    return (filename, line) if filename else None


def missing_template(name: str, env: jinja2.Environment) -> ContentError:
    """A template the build asked for by name (a page kind's own) is not in the folder.

    Line 0: the problem is the whole file, so it prints as `path: message`.
    """
    roots = template_roots(env)
    where = shown(str(roots[0] / name)) if roots else name
    return ContentError(where, 0, "missing", MISSING_HINT)


def describe(exc: Exception) -> str:
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"template not found: {exc.name}"
    if isinstance(exc, jinja2.TemplateError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def template_roots(env: jinja2.Environment) -> tuple[Path, ...]:
    loader = env.loader
    paths = loader.searchpath if isinstance(loader, jinja2.FileSystemLoader) else []
    return tuple(Path(p).resolve() for p in paths)


def last_template_frame(exc: Exception, roots: tuple[Path, ...]) -> traceback.FrameSummary | None:
    """Jinja rewrites tracebacks so template frames carry the template's file and line."""
    frames = traceback.extract_tb(exc.__traceback__)
    inside = [f for f in frames if any(Path(f.filename).resolve().is_relative_to(r) for r in roots)]
    return inside[-1] if inside else None


def shown(filename: str) -> str:
    """A template path as the PIO typed it: relative to the current folder when inside it."""
    path = Path(filename).resolve()
    cwd = Path.cwd()
    return path.relative_to(cwd).as_posix() if path.is_relative_to(cwd) else filename
