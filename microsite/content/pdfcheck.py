"""Whether a PDF may be published: nothing in it may run when it is opened.

A PDF under /media/ is published byte for byte on the department's own
address, and a PDF can carry JavaScript (Chromium's viewer and Acrobat run
it), start a program (`/Launch`), or send what a reader types to another
host (`/SubmitForm`). A flyer from a print shop needs none of these, so a
PDF holding any is refused, as an SVG with a script is.

Every object is looked at with pikepdf, which reads names however they are
spelt (`/J#53` is `/JS`) and objects packed in compressed object streams.
That costs a few milliseconds a file, so a file whose bytes hold none of the
telltale names in plain view, no escaped name and no object stream is
passed without opening it; and each file's answer is remembered by its
`stamp`, for the preview's rebuilds.
"""

from __future__ import annotations

import re
from pathlib import Path

from microsite.errors import ContentError
from microsite.output import stamp

ACTIONS = frozenset({"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/RichMediaExecute"})
KEYS = ("/JS", "/JavaScript", "/XFA")  # a script, the document's scripts, a scripted form
# What makes opening the file worth it: a telltale name as it is, a name spelt with a
# `#xx` escape, or an object stream (which hides the objects inside it from a search).
_WORTH_A_LOOK = re.compile(
    rb"/(?:JavaScript|JS|Launch|SubmitForm|ImportData|RichMediaExecute|XFA|ObjStm)"
    rb"|/[A-Za-z]*#[0-9A-Fa-f]{2}"
)
MESSAGE = (
    "this PDF runs something when it is opened (a script, a program, or a form that sends "
    "what is typed to another website), so it is not published"
)
HINT = "save it again without scripts, by printing it to a new PDF, and replace this file"
UNREADABLE = (
    "this PDF names scripts or actions, and cannot be read to check that none of them runs "
    "when it is opened, so it is not published"
)
_ANSWERS: dict[tuple[str | int, ...], str | None] = {}


def pdf_problem(path: Path, shown: str) -> ContentError | None:
    """The error for a PDF that runs something when opened, or that names what could and
    cannot be read to tell (a viewer may read what pikepdf refuses: review find); None for
    one that does not, or that cannot be read but names nothing that runs (the PDF lint
    says so where it is linked)."""
    key = (str(path), *(stamp(path) or ()))
    if key not in _ANSWERS:
        _ANSWERS[key] = _refusal(path)
    message = _ANSWERS[key]
    return ContentError(shown, 1, message, HINT) if message else None


def _refusal(path: Path) -> str | None:
    if not _WORTH_A_LOOK.search(path.read_bytes()):
        return None
    import pikepdf  # imported on first use: most builds have no PDF worth opening

    try:
        with pikepdf.open(path) as pdf:
            return MESSAGE if any(_acts(each) for each in pdf.objects) else None
    except (pikepdf.PdfError, pikepdf.PasswordError, OSError, ValueError):
        return UNREADABLE


def _acts(top: object) -> bool:
    """Whether this object, or a dictionary written inside it (an action inside a link,
    a script inside a list of names), runs something. Objects it refers to are looked
    at in their own turn: `pdf.objects` lists each."""
    import pikepdf

    waiting = [top]
    while waiting:
        each = waiting.pop()
        if isinstance(each, pikepdf.Dictionary | pikepdf.Stream):
            if any(key in each for key in KEYS):
                return True
            kind = each.get("/S")
            if isinstance(kind, pikepdf.Name) and str(kind) in ACTIONS:
                return True
            inside = list(each.values())
        elif isinstance(each, pikepdf.Array):
            inside = list(each)
        else:
            continue
        # pikepdf gives numbers and booleans as Python's own, which hold nothing inside.
        waiting.extend(item for item in inside if not getattr(item, "is_indirect", True))
    return False
