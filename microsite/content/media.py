"""What `content/media/` may publish: pictures, documents, audio and video, and safe SVG.

Media is published as it is, on the department's own address, where the
pages' Content-Security-Policy does not reach: an `.html` file or an SVG
with a script would run that script as the department's site. So media is
an allow-list by extension, and every SVG is read with an XML parser that
refuses scripts, event handlers, embedded HTML and references to anything
outside the picture. Entity declarations are refused before they can be
expanded, so a hostile SVG cannot blow up memory either.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.parsers import expat

from microsite.content.reading import display_path, link_kind, not_plain
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
SVG_HINT = "export the picture again as plain SVG or PNG, without scripts, links or embedded HTML"

# Elements that run script or embed a document; names compared in lower case.
_UNSAFE_ELEMENTS = frozenset({"script", "foreignobject", "handler", "iframe", "embed", "object"})
_LINK_ATTRIBUTES = frozenset({"href", "src"})
_INTERNAL = re.compile(r"#|data:image/(?:png|jpeg|gif|webp);", re.I)
_CSS_EXTERNAL = re.compile(r"@import|url\(\s*['\"]?\s*(?!#)", re.I)
URL_SIGNS = frozenset("#?%")  # where a file name's part of an address would end or be decoded
_ANIMATED_LINK = re.compile(r"(?:xlink:)?href|on\w+", re.I)  # what <set>/<animate> must not target


def scan_media(folder: Path, problems: list[ContentError]) -> frozenset[str]:
    """Every publishable file under media/, as its /media/ path; errors for the rest."""
    if not folder.is_dir():
        return frozenset()
    found = set()
    root = folder.resolve()
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or path.is_dir():
            continue  # hidden files are not published (output.collect_files)
        problem = _refusal(path, root)
        if problem:
            problems.append(problem)
        else:
            found.add("/media/" + rel.as_posix())
    return frozenset(found)


def _refusal(path: Path, root: Path) -> ContentError | None:
    """Why this file must not be published, if it must not."""
    shown = display_path(path)
    if not path.is_file():  # a link to nothing or a pipe: nothing to publish, or a long wait
        broken: list[ContentError] = []
        return broken[0] if link_kind(path, broken) is None else not_plain(path)
    if not path.resolve().is_relative_to(root):
        return ContentError(shown, 1, "this link points outside content/media/")
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
        return _unsafe_svg(path, shown)
    return None


def _unsafe_svg(path: Path, shown: str) -> ContentError | None:
    """The first thing in this SVG that could run script or load another file, if any."""
    reader = _SvgReader()
    try:
        reader.parser.Parse(path.read_bytes(), True)
    except _Unsafe as unsafe:
        return ContentError(shown, unsafe.line, f"unsafe SVG: {unsafe}", SVG_HINT)
    except expat.ExpatError as error:
        message = f"not a readable SVG: {expat.ErrorString(error.code)}"
        return ContentError(shown, error.lineno, message, "save it again from the drawing program")
    return None


class _Unsafe(Exception):
    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


class _SvgReader:
    """Expat handlers that stop at the first unsafe construct, with its line."""

    def __init__(self) -> None:
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.StartElementHandler = self.start
        self.parser.EntityDeclHandler = self.entity
        self.parser.ProcessingInstructionHandler = self.instruction
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.text
        self.styles = 0  # how many <style> elements the parser is inside

    def refuse(self, message: str) -> None:
        raise _Unsafe(message, self.parser.CurrentLineNumber)

    def entity(self, name: str, *_: object) -> None:
        self.refuse(f"it declares the entity '{name}'")

    def instruction(self, target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            self.refuse("it loads a style sheet")

    def text(self, data: str) -> None:
        if self.styles and _CSS_EXTERNAL.search(data):
            self.refuse("its style loads another file")

    def start(self, name: str, attributes: dict[str, str]) -> None:
        tag = name.rpartition(" ")[2].lower()
        if tag in _UNSAFE_ELEMENTS:
            self.refuse(f"it contains <{tag}>")
        self.styles += tag == "style"
        for qualified, value in attributes.items():
            self.attribute(tag, qualified.rpartition(" ")[2].lower(), value)

    def end(self, name: str) -> None:
        self.styles -= name.rpartition(" ")[2].lower() == "style"

    def attribute(self, tag: str, attribute: str, value: str) -> None:
        if attribute.startswith("on"):
            self.refuse(f"<{tag}> has the event handler '{attribute}'")
        if attribute in _LINK_ATTRIBUTES and not _INTERNAL.match(value.strip()):
            self.refuse(f"<{tag}> refers to '{value}' outside the picture")
        if attribute == "style" and _CSS_EXTERNAL.search(value):
            self.refuse(f"<{tag}> has a style that loads another file")
        animated = tag in ("set", "animate") and attribute == "attributename"
        if animated and _ANIMATED_LINK.fullmatch(value.strip()):
            self.refuse(f"<{tag}> changes '{value}'")
