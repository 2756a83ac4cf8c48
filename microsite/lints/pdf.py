"""PDFs under media/ that a screen reader cannot use: untagged, no language, or a scan.

A scanned flyer is the classic accessibility failure of government sites.
Unlike the other lints this one reads a file besides the story, so it runs
after conversion, on the links each conversion found, and remembers each
PDF's verdict by the file's `stamp`: a rebuild opens only new PDFs.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from microsite.errors import ContentError
from microsite.output import stamp

if TYPE_CHECKING:  # the converter runs the other lints, so it is imported only for types
    from microsite.lints.markup import Finder
    from microsite.lints.run import Warn
    from microsite.markdown.conversion import Conversion, Converted

PAGES_READ = 10  # a text layer shows on the first pages; a 300-page report need not be read whole
HINT = (
    "put the text in the story itself, and ask whoever made the PDF for a tagged one "
    "with its language set"
)
_TEXT_OPERATORS = "Tj TJ ' \""
_VERDICTS: dict[tuple[str | int, ...], str] = {}


def pdf_lints(
    requests: Sequence[Conversion], results: Sequence[Converted], media: Path
) -> list[ContentError]:
    """Warnings for each link to an unreadable PDF in media/, at the link's line."""
    found = []
    for request, result in zip(requests, results, strict=True):
        links = [target for target, _ in result.lookups]
        pdfs = [link for link in links if link.partition("#")[0].lower().endswith(".pdf")]
        if not pdfs or not request.lints.runs("pdf"):
            continue
        # The lints' text modules load with the converter, which a rebuild that converts
        # nothing never makes: here only for a text that links a PDF.
        from microsite.lints.markup import Finder
        from microsite.lints.run import Warn

        finder, warn = Finder(request.text, request.first_line), Warn(request.source)
        for link in pdfs:
            found.extend(request.placed(_check_link(link, request.folder, media, finder, warn)))
    return found


def _check_link(link: str, folder: str, media: Path, finder: Finder, warn: Warn) -> list:
    path = link.partition("#")[0]
    resolved = path if path.startswith("/") else "/" + posixpath.normpath(f"{folder}/{path}")
    if not resolved.startswith("/media/"):
        return []
    file = media / resolved.removeprefix("/media/")
    problem = verdict(file)
    if not problem:
        return []
    line, column = finder.find(link)
    return [warn("pdf", line, f"{resolved} {problem}", HINT, column)]


def verdict(file: Path) -> str:
    """What stops a screen reader using this PDF, or "" (remembered per version of the file)."""
    found = stamp(file)
    if found is None:
        return ""  # a missing file is reported as an error elsewhere
    key = (str(file), *found)
    if key not in _VERDICTS:
        _VERDICTS[key] = _read(file)
    return _VERDICTS[key]


def _read(file: Path) -> str:
    import pikepdf  # imported on first use: most builds link no PDF

    try:
        with pikepdf.open(file) as pdf:
            missing = _missing(pdf)
    except (pikepdf.PdfError, pikepdf.PasswordError, OSError, ValueError):
        return "cannot be opened as a PDF, so screen readers cannot read it either"
    if not missing:
        return ""
    return "cannot be read by screen readers: " + _listed(missing)


def _missing(pdf: Any) -> list[str]:
    root = pdf.Root
    mark_info = root.get("/MarkInfo")
    marked = bool(mark_info is not None and mark_info.get("/Marked", False))
    missing = []
    if not marked and "/StructTreeRoot" not in root:
        missing.append("it is untagged")
    if not str(root.get("/Lang", "")).strip():
        missing.append("it has no document language")
    if not any(_has_text(page.obj, 0) for page in list(pdf.pages)[:PAGES_READ]):
        missing.append("it has no text layer (a scan)")
    return missing


def _has_text(holder: Any, depth: int) -> bool:
    """Whether a page (or a form inside it, one level down) draws any text."""
    import pikepdf

    try:
        if pikepdf.parse_content_stream(holder, _TEXT_OPERATORS):
            return True
    except pikepdf.PdfError:
        return False
    resources = holder.get("/Resources") or {}
    objects = resources.get("/XObject") or {}
    return depth < 2 and any(
        _has_text(form, depth + 1) for form in objects.values() if form.get("/Subtype") == "/Form"
    )


def _listed(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]
