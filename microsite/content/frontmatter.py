"""Splitting a Markdown file into its YAML front matter and its body."""

from __future__ import annotations

from dataclasses import dataclass

from microsite.content import yamlsrc
from microsite.content.fields import describe
from microsite.content.yamlsrc import Located
from microsite.errors import ContentError


@dataclass(frozen=True)
class Document:
    """A Markdown file's parts, with the file line its body starts on."""

    meta: Located
    body: str
    body_line: int


def split(text: str, path: str, problems: list[ContentError]) -> Document | None:
    """The parts of a `---` fenced file, or None with a problem saying how to fix it."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        problems.append(
            ContentError(
                path,
                1,
                "the file must start with front matter: a line '---'",
                "put 'title:' and 'date:' between two '---' lines at the top",
            )
        )
        return None
    close = next((i for i, line in enumerate(lines[1:], 1) if line.rstrip() == "---"), None)
    if close is None:
        problems.append(
            ContentError(
                path, 1, "the front matter is not closed", "did you forget the closing '---'?"
            )
        )
        return None
    return _parse(lines, close, path, problems)


def _parse(
    lines: list[str], close: int, path: str, problems: list[ContentError]
) -> Document | None:
    try:
        meta = yamlsrc.load("\n".join(lines[1:close]), offset=1)
    except yamlsrc.YamlProblem as exc:
        problems.append(ContentError(path, exc.line, exc.message))
        return None
    if meta is None:
        meta = Located()
    if not isinstance(meta, Located):
        problems.append(
            ContentError(path, 2, f"front matter must be 'key: value' lines, got {describe(meta)}")
        )
        return None
    return Document(meta, "\n".join(lines[close + 1 :]), close + 2)
