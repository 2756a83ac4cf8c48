"""Turn a microsite content folder into the same stories for Pelican and for Hugo.

The peers build only the stories (microsite's events, standing pages and calendars
have no counterpart in them), with each story's title, date, summary, communities as
tags, slug and body unchanged. Links to other stories' files are kept as links to
those files in each tool's own syntax, so every generator resolves the same links.
Conversion happens before timing starts: only the builds are measured.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
# A Markdown link to another story's file, as bench/generate.py writes them.
STORY_LINK = re.compile(r"\]\(((?:\d{4}-\d{2}-\d{2}-)[a-z0-9-]+\.md)\)")
DATED = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def split(text: str) -> tuple[dict[str, object], str]:
    """Front matter as plain strings (no YAML date guessing) and the Markdown body."""
    _, header, body = text.split("---\n", 2)
    return yaml.load(header, Loader=yaml.BaseLoader), body


def slug_of(path: Path, meta: dict[str, object]) -> str:
    """microsite's slug: the `slug` field, else the file name without its date."""
    return str(meta.get("slug") or DATED.sub("", path.stem))


def hugo_date(value: str) -> str:
    """`2026-08-02 10:00` as `2026-08-02T10:00:00`, a form Hugo reads in the site's zone."""
    day, _, time = value.partition(" ")
    return f"{day}T{time}:00" if time else day


def stories(content: Path) -> list[Path]:
    """Published stories only; the generated corpus has no drafts, but a real one might."""
    return sorted(content.glob("stories/*.md"))


def to_pelican(content: Path, site: Path) -> Path:
    """Write Pelican's content folder under `site`; returns it (pass it to `pelican`)."""
    out = site / "content"
    shutil.rmtree(site, ignore_errors=True)
    out.mkdir(parents=True)
    for path in stories(content):
        meta, body = split(path.read_text())
        if str(meta.get("draft", "false")).lower() == "true":
            continue
        header = [
            f"Title: {meta['title']}",
            f"Date: {meta['date']}",
            f"Slug: {slug_of(path, meta)}",
            f"Tags: {', '.join(meta.get('communities', []))}",
        ]
        if meta.get("summary"):
            header.append(f"Summary: {meta['summary']}")
        body = STORY_LINK.sub(r"]({filename}\1)", body)
        (out / path.name).write_text("\n".join(header) + "\n\n" + body)
    return out


def to_hugo(content: Path, site: Path) -> Path:
    """Write a Hugo site (config, layouts, content/stories) at `site`; returns `site`."""
    shutil.rmtree(site, ignore_errors=True)
    out = site / "content" / "stories"
    out.mkdir(parents=True)
    shutil.copy(HERE / "hugo" / "hugo.toml", site / "hugo.toml")
    shutil.copytree(HERE / "hugo" / "layouts", site / "layouts")
    for path in stories(content):
        meta, body = split(path.read_text())
        if str(meta.get("draft", "false")).lower() == "true":
            continue
        fields = {
            "title": meta["title"],
            "date": hugo_date(str(meta["date"])),
            "slug": slug_of(path, meta),
            "tags": list(meta.get("communities", [])),
        }
        if meta.get("summary"):
            fields["summary"] = meta["summary"]
        # JSON values are valid YAML, and quoting them keeps Hugo from reinterpreting any.
        header = "".join(f"{key}: {json.dumps(value)}\n" for key, value in fields.items())
        (out / path.name).write_text(f"---\n{header}---\n{body}")
    return site
