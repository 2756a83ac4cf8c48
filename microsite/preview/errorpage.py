"""The page the preview shows in place of any page while the content has errors, and
the one it shows while a long rebuild rewrites the page asked for.

They are built here rather than from the site's templates because a broken
template may be the very error to show. An error no check foresaw becomes a
problem like any other here (`unexpected`), so it is shown the same way.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

from microsite.content.reading import display_path
from microsite.errors import ContentError

RELOAD_SCRIPT = '<script src="/livereload.js"></script>'
RETRY = "the preview rebuilds at the next save"

STYLE = """
body { font: 1.05rem/1.5 system-ui, sans-serif; margin: 0; background: #fdf3f2; color: #1b1b1b; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.25rem; }
h1 { color: #8a1c12; font-size: 1.6rem; margin: 0 0 .5rem; }
ol { padding: 0; list-style: none; }
li { background: #fff; border-left: .35rem solid #b3261e; margin: 0 0 .75rem;
     padding: .75rem 1rem; }
code { font: .95rem/1.4 ui-monospace, monospace; overflow-wrap: anywhere; }
.where { display: block; font-weight: 700; }
.hint { display: block; color: #3d3d3d; margin-top: .25rem; }
@media (prefers-color-scheme: dark) {
  body { background: #1e1212; color: #f3eceb; } h1 { color: #ffb4ab; }
  li { background: #2b1c1b; border-color: #ffb4ab; } .hint { color: #d8c2bf; }
}
"""


def error_page(problems: list[ContentError], script: str) -> bytes:
    """A readable list of every problem, with the live-reload script so it clears itself.

    Only errors stop the preview, so only they are counted in the title; the
    build's warnings are listed after them, marked as warnings.
    """
    errors = [p for p in problems if not p.warning]
    items = "\n".join(_item(p) for p in errors + [p for p in problems if p.warning])
    count = len(errors)
    title = "1 problem stops the preview" if count == 1 else f"{count} problems stop the preview"
    page = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{STYLE}</style>
{script}
</head>
<body>
<main>
<h1>{title}</h1>
<p>Fix these in your editor and save: this page updates by itself.
The published site is not affected.</p>
<ol>
{items}
</ol>
</main>
</body>
</html>
"""
    return page.encode("utf-8")


def _item(problem: ContentError) -> str:
    kind = "warning: " if problem.warning else ""
    hint = f'<span class="hint">{escape(problem.hint)}</span>' if problem.hint else ""
    return (
        f'<li><code class="where">{escape(problem.where)}</code>'
        f"{escape(kind + problem.message)}{hint}</li>"
    )


def rebuilding_page() -> bytes:
    """What a request gets when the file it asks for is still being rebuilt after a while
    (a template that loops for minutes, say): a page that reloads once the rebuild is done,
    and by itself every few seconds should the live-reload connection not come up."""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="5">
<title>The preview is rebuilding</title>
<style>{STYLE}</style>
{RELOAD_SCRIPT}
</head>
<body>
<main>
<h1>The preview is rebuilding</h1>
<p>This page shows up by itself once the rebuild is done. If this takes long, look at the
terminal that runs the preview, or at what you last saved.</p>
</main>
</body>
</html>
""".encode()


def unexpected(exc: Exception) -> ContentError:
    """An error no check foresaw, as one problem line for the terminal and the error page.

    Most often a file moved or deleted while the rebuild read it (thousands
    of stories removed at once, say); the PIO needs to know the preview is
    behind, not Python's stack.
    """
    name = getattr(exc, "filename", None)
    if isinstance(exc, OSError) and isinstance(name, str | bytes):
        gone = isinstance(exc, FileNotFoundError)
        reason = "moved or deleted" if gone else (exc.strerror or str(exc)).lower()
        message = f"{reason} while the preview rebuilt"
        return ContentError(display_path(Path(os.fsdecode(name))), 0, message, RETRY)
    text = " ".join(str(exc).split())
    text = text if len(text) <= 300 else text[:299] + "…"
    message = f"the rebuild stopped on an unexpected error: {type(exc).__name__}: {text}"
    return ContentError("preview", 0, message.rstrip(": "), RETRY)
