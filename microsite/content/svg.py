"""Whether an SVG may be published as it is: nothing in it may run script or load another file.

An SVG under /media/ opens on the department's own address, where the pages'
Content-Security-Policy does not reach, so a script in it runs as the site and
a `url(...)` to another host tells that host who looked. The check is written
against an attacker, not against what drawing programs happen to export:

- names are read with namespaces resolved, so `x:href` with `x` bound to
  XLink is an `href` like any other; every `href` or `src`, in whatever
  namespace, must point inside the picture (`#id`), and only `<image>` and
  `<feImage>` may also hold an embedded PNG, JPEG, GIF or WebP;
- anything that runs script or embeds a document is refused, as is any
  element in the HTML namespace, `on*` handlers and `xml:base`;
- an animation may not change a link, a handler, or any attribute named with
  a prefix (whose namespace only the browser would resolve), and its values
  may not name a script, `data:` or another host;
- CSS is checked wherever a browser parses it: a `<style>` sheet, gathered
  whole first (expat hands text over in pieces), `style=` and every other
  attribute without a namespace (`fill`, `filter`, `mask`... are CSS too).
  There, `url(...)` may only point inside the picture, and `@import`,
  `image-set()` and CSS escapes (which could spell `url(` unseen) are refused.

Refusing is safer than repairing: a file is published byte for byte or not at all.
"""

from __future__ import annotations

import re
from xml.parsers import expat

from microsite.errors import ContentError

SVG_HINT = (
    "export the picture again as plain SVG without scripts, links, external images "
    "or embedded HTML, or save it as PNG"
)
XHTML = "http://www.w3.org/1999/xhtml"
XML = "http://www.w3.org/XML/1998/namespace"

# Elements that run script or embed a document, in any namespace; compared in lower case.
_UNSAFE_ELEMENTS = frozenset(
    {"script", "foreignobject", "handler", "listener", "iframe", "frame", "embed", "object"}
    | {"applet", "link", "meta", "base"}
)
_LINK_ATTRIBUTES = frozenset({"href", "src", "ping"})
_PICTURE_ELEMENTS = frozenset({"image", "feimage"})  # where an embedded raster picture may go
_PICTURE_DATA = re.compile(r"data:image/(?:png|jpeg|gif|webp);", re.I)
_ANIMATION_VALUES = frozenset({"to", "from", "by", "values"})
# A script, embedded document or another host in an animation's values, once spaces are gone.
_LINK_VALUE = re.compile(r"javascript:|vbscript:|data:|//|(?:^|;)[a-z][a-z0-9+.-]*:")
# CSS that could load another file, or hide that it does; the first hit is reported.
# Possessive quantifiers, so that a long run of spaces after `url(` is read once.
_CSS_DANGER = re.compile(
    r"(?P<escape>\\)|(?P<load>@import|(?:image-set|image|src)\(|url\((?!\s*+['\"]?+\s*+#))",
    re.I,
)


def svg_problem(data: bytes, shown: str) -> ContentError | None:
    """The first thing in this SVG that could run script or load another file, if any."""
    reader = _SvgReader()
    try:
        reader.parser.Parse(data, True)
    except _Unsafe as unsafe:
        return ContentError(shown, unsafe.line, f"unsafe SVG: {unsafe}", SVG_HINT)
    except expat.ExpatError as error:
        message = f"not a readable SVG: {expat.ErrorString(error.code)}"
        return ContentError(shown, error.lineno, message, "save it again from the drawing program")
    return None


def css_danger(css: str) -> tuple[int, str] | None:
    """Where in this CSS something could load another file, and what, if anywhere.

    Only `url(#id)` is safe: any other target is a request, to this host or
    another. Escapes are refused outright rather than decoded, because
    `\\75 rl(` is `url(` to a browser and decoding CSS exactly is its job.
    """
    found = _CSS_DANGER.search(css)
    if found is None:
        return None
    start = found.start()
    if found["escape"]:
        return start, f"uses the CSS escape '{_excerpt(css, start, 8)}', which could hide a link"
    return start, f"loads another file with '{_excerpt(css, start, 80)}'"


def _excerpt(text: str, start: int, longest: int) -> str:
    """The words at `start`, up to the closing bracket, on one line, for a message."""
    end = text.find(")", start, start + longest)
    piece = text[start : end + 1 if end >= 0 else start + longest]
    return " ".join(piece.split())


class _Unsafe(Exception):
    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


class _StyleSheet:
    """A `<style>` element's text, kept in pieces with their lines, to be checked at its end.

    The pieces are joined once, at the end: a sheet made of a million
    character references must not cost a million copies of itself.
    """

    def __init__(self) -> None:
        self.pieces: list[tuple[str, int]] = []  # (text, line it starts on)

    def add(self, data: str, line: int) -> None:
        self.pieces.append((data, line))

    def text(self) -> str:
        return "".join(data for data, _ in self.pieces)

    def line_of(self, offset: int) -> int:
        """The source line of the character at `offset` in `text()`."""
        for data, line in self.pieces:
            if offset < len(data):
                return line + data.count("\n", 0, offset)
            offset -= len(data)
        return self.pieces[-1][1]


class _SvgReader:
    """Expat handlers that stop at the first unsafe construct, with its line."""

    def __init__(self) -> None:
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.text
        self.parser.EntityDeclHandler = self.entity
        self.parser.AttlistDeclHandler = self.defaults
        self.parser.ProcessingInstructionHandler = self.instruction
        self.style: _StyleSheet | None = None  # the <style> element the parser is inside

    def refuse(self, message: str, line: int = 0) -> None:
        raise _Unsafe(message, line or self.parser.CurrentLineNumber)

    def entity(self, name: str, *_: object) -> None:
        self.refuse(f"it declares the entity '{name}'")

    def defaults(self, element: str, attribute: str, *_: object) -> None:
        """A DTD default value would add the attribute to every such element, unwritten there."""
        self.refuse(f"its DOCTYPE declares the attribute '{attribute}' for <{element}>")

    def instruction(self, target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            self.refuse("it loads a style sheet")

    def text(self, data: str) -> None:
        if self.style is not None:
            self.style.add(data, self.parser.CurrentLineNumber)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        tag = local.lower()
        if self.style is not None:
            self.refuse(f"its <style> holds the element <{local}>, where only CSS text belongs")
        if tag in _UNSAFE_ELEMENTS:
            self.refuse(f"it contains <{tag}>")
        if namespace == XHTML:
            self.refuse(f"it contains the HTML element <{local}>")
        if tag == "style":
            self.style = _StyleSheet()
        for qualified, value in attributes.items():
            self.attribute(tag, qualified, value)

    def end(self, name: str) -> None:
        """The end of a `<style>` is the first moment its whole text is known."""
        style, self.style = self.style, None
        danger = style and css_danger(style.text())
        if danger:
            offset, what = danger
            self.refuse(f"its <style> {what}", style.line_of(offset))

    def attribute(self, tag: str, qualified: str, value: str) -> None:
        """Refuse what this attribute could run or load; its name has its namespace resolved."""
        namespace, _, local = qualified.rpartition(" ")
        name = local.lower()
        if name.startswith("on"):
            self.refuse(f"<{tag}> has the event handler '{local}'")
        if name in _LINK_ATTRIBUTES and not _is_local(tag, value):
            self.refuse(f"<{tag}> refers to '{_shown(value)}' outside the picture")
        if namespace == XML and name == "base":
            self.refuse(f"<{tag}> has xml:base, which would move its links to '{_shown(value)}'")
        if name == "attributename":
            self.animated(tag, value)
        if name in _ANIMATION_VALUES and _LINK_VALUE.search(_squeezed(value)):
            self.refuse(f"<{tag}> {local}='{_shown(value)}' names a script or another file")
        danger = not namespace and css_danger(value)
        if danger:
            self.refuse(f"<{tag}> attribute '{local}' {danger[1]}")

    def animated(self, tag: str, target: str) -> None:
        """An animation may not change a link or a handler, whatever it names them.

        A prefix would need the browser's namespace bindings to resolve (`x:href`
        is a link when `x` is XLink), and no safe drawing animates a namespaced
        attribute, so any prefix is refused.
        """
        name = _squeezed(target)
        if ":" in name or name in _LINK_ATTRIBUTES | {"attributename"} or name.startswith("on"):
            self.refuse(f"<{tag}> changes '{_shown(target)}'")


def _is_local(tag: str, link: str) -> bool:
    """Whether a link stays inside the picture: `#id`, or an embedded raster picture."""
    link = link.strip()
    return link.startswith("#") or (tag in _PICTURE_ELEMENTS and bool(_PICTURE_DATA.match(link)))


def _shown(value: str) -> str:
    """A value on one short line, for a message that must stay one line."""
    return " ".join(value.split())[:80]


def _squeezed(value: str) -> str:
    """The value in lower case without spaces or controls, as a URL parser or SMIL would read it."""
    return "".join(char for char in value.lower() if char > " ")
