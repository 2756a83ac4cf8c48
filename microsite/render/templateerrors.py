"""Template errors, pointed at the template file and line that caused them.

Jinja rewrites tracebacks so that template frames carry the template's own
file and line; the build reports that place, the way it reports content
errors, instead of a Python traceback.
"""

from __future__ import annotations

import traceback
from pathlib import Path

import jinja2

from microsite.errors import ContentError

MISSING_HINT = (
    "every site needs it: copy it from microsite's own templates/ folder, "
    "or point --templates at a complete folder"
)
UNDEFINED_HINT = "check the spelling; templates/README.md lists what each template receives"


def template_error(exc: Exception, env: jinja2.Environment) -> ContentError:
    """Point at the template file and line that failed; re-raise what is not a template's fault."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        name = shown(exc.filename or exc.name or "templates")
        return ContentError(name, exc.lineno, exc.message or "syntax error")
    frame = last_template_frame(exc, template_roots(env))
    if frame is None and isinstance(exc, jinja2.TemplateNotFound):
        return missing_template(exc.name, env)
    if frame is None:
        raise exc
    hint = UNDEFINED_HINT if isinstance(exc, jinja2.UndefinedError) else ""
    return ContentError(shown(frame.filename), frame.lineno or 1, describe(exc), hint)


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
