"""Media that could run script on the department's address is refused at the file.

The built site is checked too: a refused file must never reach /media/.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from browser import REPO
from sitefactory import make_site

from microsite.content.load import load_site
from microsite.content.media import scan_media
from microsite.errors import BuildFailed

NOW = datetime.fromisoformat("2026-11-25T09:00")
REFUSED = (
    "(media may hold pictures (.jpg .png .gif .webp .svg ...), documents (.pdf .docx .csv ...), "
    "audio and video (.mp3 .mp4 ...); see 'Media' in README.md)"
)
SVG_HINT = (
    "(export the picture again as plain SVG without scripts, links, external images "
    "or embedded HTML, or save it as PNG)"
)
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n{}\n</svg>\n'


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def errors_for(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    make_site(tmp_path, files)
    with pytest.raises(BuildFailed) as failed:
        load_site(Path("content"), now=NOW)
    return [str(e) for e in failed.value.errors]


REFUSED_FILES = {
    "html": ("media/evil.html", "<script>alert(document.cookie)</script>", "'.html' files"),
    "htm": ("media/x/evil.HTM", "<script>alert(1)</script>", "'.htm' files"),
    "xhtml": ("media/evil.xhtml", "<html/>", "'.xhtml' files"),
    "xml": ("media/evil.xml", "<x/>", "'.xml' files"),
    "js": ("media/app.js", "alert(1)", "'.js' files"),
    "mjs": ("media/app.mjs", "alert(1)", "'.mjs' files"),
    "no extension": ("media/README", "text", "files without an extension"),
}


@pytest.mark.parametrize("rel, text, kind", REFUSED_FILES.values(), ids=REFUSED_FILES.keys())
def test_files_that_browsers_run_are_refused(
    tmp_path: Path, rel: str, text: str, kind: str
) -> None:
    assert errors_for(tmp_path, {rel: text}) == [
        f"content/{rel}:1: {kind} are not published as media: a browser could run them "
        f"as the site {REFUSED}"
    ]


UNSAFE_SVG = {
    "script": ("<g>\n<script>alert(1)</script></g>", 3, "it contains <script>"),
    "onload": ('<rect onload="alert(1)"/>', 2, "<rect> has the event handler 'onload'"),
    "onload on the root": (None, 1, "<svg> has the event handler 'onload'"),
    "javascript link": (
        '<a xlink:href="javascript:alert(1)"><text>x</text></a>',
        2,
        "<a> refers to 'javascript:alert(1)' outside the picture",
    ),
    "foreignObject": (
        '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
        2,
        "it contains <foreignobject>",
    ),
    "external image": (
        '<image href="https://tracker.example/p.gif"/>',
        2,
        "<image> refers to 'https://tracker.example/p.gif' outside the picture",
    ),
    "external style": (
        "<style>\n@import url(https://x.example/a.css);</style>",
        3,
        "its <style> loads another file with '@import url(https://x.example/a.css)'",
    ),
    "animated link": (
        '<a href="#a"><set attributeName="href" to="javascript:alert(1)"/></a>',
        2,
        "<set> changes 'href'",
    ),
    "entity": (None, 2, "it declares the entity 'lol'"),
}


def unsafe_svg(name: str) -> str:
    inner = UNSAFE_SVG[name][0]
    if name == "onload on the root":
        return '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    if name == "entity":
        return '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY lol "lol">]>\n<svg>&lol;</svg>'
    return SVG.format(inner)


@pytest.mark.parametrize("name", UNSAFE_SVG)
def test_unsafe_svg_is_refused_at_its_line(tmp_path: Path, name: str) -> None:
    _, line, message = UNSAFE_SVG[name]
    assert errors_for(tmp_path, {"media/logo.svg": unsafe_svg(name)}) == [
        f"content/media/logo.svg:{line}: unsafe SVG: {message} {SVG_HINT}"
    ]


def test_broken_svg_is_an_error(tmp_path: Path) -> None:
    assert errors_for(tmp_path, {"media/logo.svg": "<svg>\n<g></svg>"}) == [
        "content/media/logo.svg:2: not a readable SVG: mismatched tag "
        "(save it again from the drawing program)"
    ]


def test_pictures_documents_and_safe_svg_pass(tmp_path: Path) -> None:
    safe = SVG.format(
        '<defs><linearGradient id="g"/></defs><rect fill="url(#g)" style="fill:url(#g)"/>'
        '<use xlink:href="#g"/><image href="data:image/png;base64,iVBORw0KGgo="/>'
        "<style>rect { fill: url(#g) }</style><text>Call url(911)</text>"
    )
    files = {f"media/{name}": b"x" for name in ("a.JPG", "b.png", "c.pdf", "d.mp4", "e.docx")}
    content = make_site(tmp_path, {**files, "media/f.svg": safe, "media/.hidden.html": "x"})
    problems: list = []
    found = scan_media(content / "media", problems)
    assert problems == []
    assert found == {
        f"/media/{name}" for name in ("a.JPG", "b.png", "c.pdf", "d.mp4", "e.docx", "f.svg")
    }


@pytest.mark.parametrize("folder", ["content/media", "tests/sites/basic/media"])
def test_the_repos_own_media_pass(folder: str) -> None:
    problems: list = []
    found = scan_media(REPO / folder, problems)
    assert found and problems == []


def test_a_refused_file_is_never_published(tmp_path: Path) -> None:
    make_site(tmp_path, {"media/evil.html": "<script>alert(1)</script>"})
    command = [sys.executable, str(REPO / "build.py"), "build", "--now", "2026-11-25T09:00"]
    command += ["--templates", str(REPO / "templates"), "--no-cache"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert (
        "content/media/evil.html:1: '.html' files are not published"
        in result.stderr + result.stdout
    )
    assert not (tmp_path / "site" / "media" / "evil.html").exists()
