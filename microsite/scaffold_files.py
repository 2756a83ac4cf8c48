"""Where `new story` and `new event` read and write: the content folder, and nothing else.

They make one file in content/stories/, content/pages/ or content/events/
and read site.yaml, communities.yaml and a story to translate. Every path a
PIO can mistype is checked here, so that a slip gives a message with its fix:
a missing content folder is never created, a file outside content/ is never
read or written, a file already there is never written over.
"""

from __future__ import annotations

from pathlib import Path

from microsite.content import frontmatter
from microsite.content.config import load_communities, load_settings
from microsite.content.frontmatter import Document
from microsite.content.reading import display_path, read_text, where_content_is
from microsite.errors import ContentError
from microsite.model import Settings

KINDS = ("stories", "pages")  # the folders whose files `--translate` may translate
NO_CONTENT = "no content folder here: {} ({})"
ONLY_CONTENT = "only a story or page in {}/stories/ or {}/pages/ can be translated"
FIX_IT = "fix it first (python build.py check lists every problem)"


class ScaffoldError(Exception):
    """The file cannot be made as asked; the message says why."""


def content_settings(content: Path) -> Settings:
    """site.yaml's settings, from a folder that must be a content folder already.

    `new` makes stories/ or events/ in it, never the folder itself: a typo in
    `--content`, or running from the wrong folder, would otherwise start a
    second site nobody builds.
    """
    wrong = _not_content(content)
    if wrong:
        where = where_content_is(content)
        raise ScaffoldError(NO_CONTENT.format(f"{display_path(content)} {wrong}", where))
    problems: list[ContentError] = []
    settings = load_settings(content / "site.yaml", problems)  # unreadable: a problem
    refuse(problems)
    return settings


def _not_content(content: Path) -> str:
    """Why `content` is no content folder, or "" when it is one."""
    if not content.exists():
        return "does not exist"
    if not content.is_dir():
        return "is not a folder"
    if not (content / "site.yaml").is_file():
        return "has no site.yaml"
    return ""


def refuse(problems: list[ContentError]) -> None:
    """Stop at a settings file's first error: going on would mislead. A broken
    site.yaml reads as an English-only site, so `--lang es` was called unknown."""
    errors = [problem for problem in problems if not problem.warning]
    if errors:
        raise ScaffoldError(f"{errors[0]}; {FIX_IT}")


def community_keys(content: Path, languages: tuple[str, ...]) -> list[str]:
    """The keys in communities.yaml; a file with errors is named rather than read past."""
    path = content / "communities.yaml"
    problems: list[ContentError] = []
    keys = [c.key for c in load_communities(path, problems, languages)]
    refuse(problems)
    return keys


def find_original(content: Path, name: str) -> tuple[Path, str]:
    """The story or page `name` names, and its folder (`stories` or `pages`).

    The content folder is looked in first, so a bare file name finds the story
    even when a file of that name lies in the working directory too.
    """
    places = (content / "stories" / name, content / "pages" / name, content / name, Path(name))
    path = next((place for place in places if place.exists()), None)
    if path is None and not name.endswith(".md"):  # its name without `.md`, as a link has it
        named = next((p for p in places[:2] if p.with_name(p.name + ".md").exists()), None)
        if named is not None:
            hint = f"did you mean {name + '.md'!r}? a file's name ends in .md"
            raise ScaffoldError(f"--translate: no story or page named {name!r} ({hint})")
    if path is None:
        where = f"give a file in {display_path(content)}/stories/ or {display_path(content)}/pages/"
        raise ScaffoldError(f"--translate: no story or page named {name!r} ({where})")
    if path.is_dir():
        shown = display_path(path)
        raise ScaffoldError(f"--translate: {shown} is a folder (give one story or page file in it)")
    return path, _kind_of(content, path)


def _kind_of(content: Path, path: Path) -> str:
    """`stories` or `pages`: the folder the original is in, links followed.

    Anything else is refused: a translation is written beside its original, so
    a file outside content/ would put one there (`./notes.es.md`), and reading
    `/etc/passwd` would copy it into the site.
    """
    shown, top = display_path(path), display_path(content)
    only = ONLY_CONTENT.format(top, top)
    if not path.resolve().is_relative_to(content.resolve()):
        what = "is a link that leads" if path.is_symlink() else "is"
        raise ScaffoldError(f"--translate: {shown} {what} outside {top}/ ({only})")
    folder = path.absolute().parent.resolve()
    kind = next((kind for kind in KINDS if folder == (content / kind).resolve()), None)
    if kind is None or not path.is_file() or path.suffix not in (".md", ".markdown"):
        raise ScaffoldError(f"--translate: {shown} is not a story or page ({only})")
    return kind


def read_original(path: Path) -> Document:
    """The original's front matter and body, read as the build reads them: UTF-8 with or
    without a BOM, any line ends; a problem is named at its line, as the build names it."""
    problems: list[ContentError] = []
    text = read_text(path, problems)  # a file that cannot be read is a problem, as in a build
    doc = None if text is None else frontmatter.split(text, display_path(path), problems)
    if doc is None:
        raise ScaffoldError(str(problems[0]) if problems else f"{display_path(path)}: unreadable")
    return doc


def folder_in(content: Path, name: str) -> Path:
    """`content/<name>`, made when missing; never through a file or out of content/.

    Only the last folder is made: the content folder itself must exist (see `content_settings`).
    """
    folder = content / name
    shown = display_path(folder)
    try:
        folder.mkdir(exist_ok=True)
    except FileExistsError:  # a file, or a link that leads nowhere, holds the name
        message = f"{shown} is not a folder: it is a file, or a link that leads nowhere"
        raise ScaffoldError(f"{message} (rename it, then run this again)") from None
    except OSError as exc:
        raise ScaffoldError(f"{shown}: cannot make the folder ({exc.strerror})") from None
    if not folder.resolve().is_relative_to(content.resolve()):  # the build would not read it
        message = f"{shown} is a link that leads outside {display_path(content)}/"
        hint = f"make it a real folder inside {display_path(content)}/"
        raise ScaffoldError(f"{message}, and the build reads nothing there ({hint})")
    return folder


def create(path: Path, lines: list[str], other: str = "another title") -> Path:
    """Write a new file; one already there (a link too, even to nowhere) is left alone,
    and the message says to open it or to give the new one `other` (a title, a language;
    nothing when there is no other to give)."""
    try:
        file = path.open("x", encoding="utf-8")
    except FileExistsError:
        hint = "open it to go on writing it" + (f", or give the new one {other}" if other else "")
        raise ScaffoldError(f"{path} already exists; nothing was changed ({hint})") from None
    except OSError as exc:
        raise ScaffoldError(f"{path}: cannot be written ({exc.strerror})") from None
    try:
        with file:
            file.write("\n".join(lines))
    except OSError as exc:  # a full disk: no half-written file left behind
        path.unlink(missing_ok=True)
        raise ScaffoldError(f"{path}: cannot be written ({exc.strerror})") from None
    return path
