"""Reading content files as text, and naming them the way the PIO sees them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from microsite.errors import ContentError


def display_path(path: Path) -> str:
    """The path relative to the working directory when inside it: what an editor opens."""
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def where_content_is(content: Path) -> str:
    """What to do when `content` is no content folder, judged from where the command ran:
    from inside the content folder (it holds site.yaml), or from the folder above the
    site's, a PIO is one `cd` away (a walkthrough find: the message named an option)."""
    here = Path.cwd()
    if (here / "site.yaml").is_file() and not content.is_absolute():
        return "this folder holds site.yaml, so it is the content folder: go up one (cd ..)"
    below = sorted(p.parent.parent for p in here.glob(f"*/{content}/site.yaml"))
    if below and not content.is_absolute():
        return f"the site's folder is {display_path(below[0])}: go there (cd {below[0].name})"
    return "run this from your site's folder, the one that holds content/, or give --content"


def outside(path: Path, content: Path, problems: list[ContentError]) -> bool:
    """True, with a problem, when `path` is a link that leads out of `content`.

    A link such as `pages/notes.md -> /home/pio/private.md` would publish a
    file nobody meant to put on the web. Links inside content/ are fine.
    Only links pay for resolving the path; anything else costs one lstat.
    """
    if not path.is_symlink():
        return False
    if path.resolve().is_relative_to(content.resolve()):
        return False
    problems.append(ContentError(display_path(path), 1, "this link points outside content/"))
    return True


def link_kind(path: Path, problems: list[ContentError]) -> str | None:
    """What a link leads to: "file", "folder" or "other" (a pipe or a device); None, with
    a problem, when it leads nowhere: what it named was moved, or it leads to itself."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        problems.append(dead_link(path))
        return None
    if stat.S_ISDIR(mode):
        return "folder"
    return "file" if stat.S_ISREG(mode) else "other"


def unreadable(path: Path, error: OSError) -> ContentError:
    """The problem for a file or folder the build may not read, or that went away."""
    if isinstance(error, FileNotFoundError):
        message, hint = "this file was removed while the site was being built", "build again"
    elif isinstance(error, PermissionError):
        message = "this file may not be read (permission denied)"
        hint = "let your user read it: chmod u+r, or the file's Properties on Windows"
    else:
        message, hint = f"this file cannot be read ({error.strerror or error})", ""
    return ContentError(display_path(path), 1, message, hint)


def dead_link(path: Path) -> ContentError:
    """The problem for a link that leads nowhere: what it named was moved, or it leads
    to itself."""
    message = "this link leads nowhere: what it pointed to is gone, or it points to itself"
    return ContentError(
        display_path(path), 1, message, "remove the link, or point it at a file in content/"
    )


def not_plain(path: Path) -> ContentError:
    """The warning for a named pipe or a device among content: reading one could wait for
    ever, so it is left alone."""
    message = "ignored: not a plain file (a named pipe or a device), so it cannot be content"
    return ContentError(display_path(path), 1, message, "remove it from content/", True)


def read_text(path: Path, problems: list[ContentError]) -> str | None:
    """The file's text, or None with a problem when it cannot be read or is not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as error:  # taken away mid-build, or not ours to read
        problems.append(unreadable(path, error))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            ContentError(
                display_path(path),
                line,
                "this file is not UTF-8 text",
                "save it as UTF-8 in your editor (File > Save with encoding > UTF-8)",
            )
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")
