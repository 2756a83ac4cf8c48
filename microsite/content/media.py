"""What `content/media/` may publish: pictures, documents, audio and video, and safe SVG.

Media is published as it is, on the department's own address, where the
pages' Content-Security-Policy does not reach: an `.html` file or an SVG
with a script would run that script as the site. So media is an allow-list
by extension, and every SVG must pass `svg.svg_problem`, which refuses
scripts, event handlers, embedded HTML and references to anything outside
the picture; every PDF, `pdfcheck.pdf_problem`, which refuses scripts and
actions that run when it is opened.
"""

from __future__ import annotations

from pathlib import Path

from microsite.clutter import left_by_the_system
from microsite.content.pdfcheck import pdf_problem
from microsite.content.reading import dead_link, display_path, not_plain, outside
from microsite.content.svg import svg_problem
from microsite.errors import ContentError

PICTURES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".heic", ".heif", ".svg"})
DOCUMENTS = frozenset(
    {".pdf", ".txt", ".csv", ".ics", ".rtf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx"}
    | {".odt", ".ods", ".odp", ".zip"}
)
SOUND_AND_VIDEO = frozenset(
    {".mp3", ".m4a", ".ogg", ".oga", ".opus", ".wav", ".mp4", ".m4v", ".webm", ".ogv", ".mov"}
    | {".vtt"}
)
ALLOWED = PICTURES | DOCUMENTS | SOUND_AND_VIDEO
REFUSED_HINT = (
    "media may hold pictures (.jpg .png .gif .webp .svg ...), documents (.pdf .docx .csv ...), "
    "audio and video (.mp3 .mp4 ...); see 'Media' in README.md"
)
URL_SIGNS = frozenset("#?%\\")  # where an address ends, is decoded, or (a backslash) turns to /


def scan_media(
    folder: Path, problems: list[ContentError], refused: dict[str, str] | None = None
) -> frozenset[str]:
    """Every publishable file under media/, as its /media/ path; errors for the rest, and in
    `refused` why each of those is not published, for the links to them to say."""
    if not folder.is_dir() or outside(folder, folder.parent, problems):
        return frozenset()  # media/ itself a link out of content/: refused, as stories/ is
    found = set()
    root = folder.resolve()
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(left_by_the_system(part) for part in rel.parts):
            continue  # nor are they published (output.collect_files)
        if path.is_dir():
            if path.is_symlink():  # not followed, here or when copying: say so
                message = "ignored: a link to a folder; the files in it are not published"
                hint = "copy the folder itself into content/media/"
                problems.append(ContentError(display_path(path), 1, message, hint, True))
            continue
        problem = _refusal(path, root)
        if problem:
            problems.append(problem)
            if refused is not None:
                refused["/media/" + rel.as_posix()] = f"cannot be published (see {problem.where})"
        else:
            found.add("/media/" + rel.as_posix())
    return frozenset(found)


def _refusal(path: Path, root: Path) -> ContentError | None:
    """Why this file must not be published, if it must not."""
    shown = display_path(path)
    if not path.is_file():  # a link to nothing or a pipe: nothing to publish, or a long wait
        return not_plain(path) if path.exists() else dead_link(path)
    if not path.resolve().is_relative_to(root):
        return ContentError(shown, 1, "this link points outside content/media/")
    if not path.name.isprintable():
        message = "an invisible character (a line break, a tab) in a file name would break "
        message += "its web address"
        hint = "rename the file, using letters, digits, '-' and '_', and what refers to it"
        return ContentError(shown, 1, message, hint)
    odd = sorted(set(URL_SIGNS.intersection(path.name)))
    if odd:
        signs = " and ".join(f"'{sign}'" for sign in odd)
        message = f"{signs} in a file name would break its web address"
        hint = "rename the file, using letters, digits, '-' and '_', and what refers to it"
        return ContentError(shown, 1, message, hint)
    suffix = path.suffix.lower()
    if suffix not in ALLOWED:
        kind = f"'{suffix}' files" if suffix else "files without an extension"
        message = f"{kind} are not published as media: a browser could run them as the site"
        return ContentError(shown, 1, message, REFUSED_HINT)
    if suffix == ".svg":
        return svg_problem(path.read_bytes(), shown)
    if suffix == ".pdf":
        return pdf_problem(path, shown)
    return None
