"""Files computers leave in folders, which nobody means to publish or to read as content.

Hidden files (a leading dot: `.DS_Store`, `.git`, an editor's `.#story.md`)
and what Windows and Office leave beside documents (`Thumbs.db` in a folder
of pictures, `desktop.ini`, the `~$story.md` file Word keeps while a document
is open), and the backup Emacs and other editors keep of each file they save
(`story.md~`), are passed over without a word: the PIO did not put them there,
and a warning about them on every build would teach them to skip warnings (a
backup's warning even advised renaming it to `.md`, a second story at the
same address: review find). The preview's watcher skips the same names.
"""

from __future__ import annotations

WINDOWS = frozenset({"thumbs.db", "ehthumbs.db", "desktop.ini"})


def left_by_the_system(name: str) -> bool:
    return name.startswith((".", "~$")) or name.endswith("~") or name.lower() in WINDOWS
