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
from sitefactory import TINY_PNG, make_site, problems_for

from microsite.content.load import load_site
from microsite.content.media import scan_media
from microsite.content.svg import svg_problem
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


# Run from a throwaway folder: messages name `content/...`, as a PIO sees them.
pytestmark = pytest.mark.usefixtures("in_tmp")


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
    "animated xlink:href": (
        '<a xlink:href="#a"><animate attributeName="xlink:href" values="#a;#b"/></a>',
        2,
        "<animate> changes 'xlink:href'",
    ),
    "animated href in capitals, with spaces": (
        '<a href="#a"><set attributeName=" HREF " to="#b"/></a>',
        2,
        "<set> changes 'HREF'",
    ),
    "animated handler": (
        '<set attributeName="onclick" to="alert(1)"/>',
        2,
        "<set> changes 'onclick'",
    ),
    "javascript in animation values, split by a tab": (
        '<set attributeName="class" to="java&#9;script:alert(1)"/>',
        2,
        "<set> to='java script:alert(1)' names a script or another file",
    ),
    "data: in animation values": (
        '<animate attributeName="class" values="a;data:text/html,x"/>',
        2,
        "<animate> values='a;data:text/html,x' names a script or another file",
    ),
    "another host in animation values": (
        '<animate attributeName="fill" values="red;url(https://evil.example/p.svg#g)"/>',
        2,
        "<animate> values='red;url(https://evil.example/p.svg#g)' names a script or another file",
    ),
    "href under another prefix bound to XLink": (
        '<use xmlns:y="http://www.w3.org/1999/xlink" y:href="https://evil.example/s.svg#a"/>',
        2,
        "<use> refers to 'https://evil.example/s.svg#a' outside the picture",
    ),
    "href under a made-up namespace": (
        '<a xmlns:y="urn:y" y:href="javascript:alert(1)"><text>x</text></a>',
        2,
        "<a> refers to 'javascript:alert(1)' outside the picture",
    ),
    "plain https link on <a>": (
        '<a href="https://example.org/"><text>x</text></a>',
        2,
        "<a> refers to 'https://example.org/' outside the picture",
    ),
    "embedded picture where no picture is drawn": (
        '<use href="data:image/png;base64,iVBORw0KGgo="/>',
        2,
        "<use> refers to 'data:image/png;base64,iVBORw0KGgo=' outside the picture",
    ),
    "embedded SVG picture": (
        '<image href="data:image/svg+xml,&lt;svg/&gt;"/>',
        2,
        "<image> refers to 'data:image/svg+xml,<svg/>' outside the picture",
    ),
    "picture from the same site": (
        '<image href="/media/other.svg"/>',
        2,
        "<image> refers to '/media/other.svg' outside the picture",
    ),
    "xml:base": (
        '<g xml:base="https://evil.example/"><use href="#a"/></g>',
        2,
        "<g> has xml:base, which would move its links to 'https://evil.example/'",
    ),
    "handler under a prefix": (
        '<rect xmlns:e="http://www.w3.org/2001/xml-events" e:onclick="alert(1)"/>',
        2,
        "<rect> has the event handler 'onclick'",
    ),
    "HTML element outside foreignObject": (
        '<h:img xmlns:h="http://www.w3.org/1999/xhtml" src="#a"/>',
        2,
        "it contains the HTML element <img>",
    ),
    "HTML script under a prefix": (
        '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>',
        2,
        "it contains <script>",
    ),
    "style attribute": (
        '<rect style="fill: URL( https://evil.example/p.svg#g )"/>',
        2,
        "<rect> attribute 'style' loads another file with 'URL( https://evil.example/p.svg#g )'",
    ),
    "presentation attribute with a CSS escape": (
        '<rect fill="\\75 rl(https://evil.example/p.svg#g)"/>',
        2,
        "<rect> attribute 'fill' uses the CSS escape '\\75 rl(h', which could hide a link",
    ),
    "style sheet with a CSS escape": (
        "<style>rect { fill: \\75 rl(https://evil.example/p.svg#g) }</style>",
        2,
        "its <style> uses the CSS escape '\\75 rl(h', which could hide a link",
    ),
    "style sheet importing by string": (
        '<style><![CDATA[\n@import "https://evil.example/a.css";]]></style>',
        3,
        "its <style> loads another file with '@import \"https://evil.example/a.css\";'",
    ),
    "style sheet with image-set": (
        '<style>svg { background: image-set("https://evil.example/a.png" 1x) }</style>',
        2,
        "its <style> loads another file with 'image-set(\"https://evil.example/a.png\" 1x)'",
    ),
    "style sheet with a relative url": (
        "<style>rect { fill: url(other.svg#g) }</style>",
        2,
        "its <style> loads another file with 'url(other.svg#g)'",
    ),
    "comment inside url(": (
        "<style>svg { background: url(/**/https://evil.example/a.png) }</style>",
        2,
        "its <style> loads another file with 'url(/**/https://evil.example/a.png)'",
    ),
    "style sheet at the line of its url": (
        "<style>\nrect { fill: red }\n\ncircle { fill: u&#114;l(https://evil.example/p.svg#g) }\n</style>",
        5,
        "its <style> loads another file with 'url(https://evil.example/p.svg#g)'",
    ),
    "element inside a style sheet": (
        "<style>rect { fill: u<g/>rl(https://evil.example/p.svg#g) }</style>",
        2,
        "its <style> holds the element <g>, where only CSS text belongs",
    ),
    "default attribute from the DTD": (
        None,
        2,
        "its DOCTYPE declares the attribute 'onload' for <svg>",
    ),
}


def unsafe_svg(name: str) -> str:
    inner = UNSAFE_SVG[name][0]
    if name == "onload on the root":
        return '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    if name == "entity":
        return '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY lol "lol">]>\n<svg>&lol;</svg>'
    if name == "default attribute from the DTD":
        return '<!DOCTYPE svg [\n<!ATTLIST svg onload CDATA "alert(1)">]>\n<svg/>'
    return SVG.format(inner)


@pytest.mark.parametrize("name", UNSAFE_SVG)
def test_unsafe_svg_is_refused_at_its_line(tmp_path: Path, name: str) -> None:
    _, line, message = UNSAFE_SVG[name]
    assert errors_for(tmp_path, {"media/logo.svg": unsafe_svg(name)}) == [
        f"content/media/logo.svg:{line}: unsafe SVG: {message} {SVG_HINT}"
    ]


# The two files a fuzzer found published as they were, each a whole file on one line.
FUZZED_SVG = {
    "x.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink" '
        'width="100" height="100"><a x:href="#"><set attributeName="x:href" '
        'to="javascript:alert(document.domain)"/><text y="50">click</text></a></svg>',
        "<set> changes 'x:href'",
    ),
    "y.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><style>'
        "rect{fill:u&#114;l(https://evil.example/t.svg#p)}</style>"
        '<rect width="9" height="9" filter="url(https://evil.example/f.svg#f)" '
        'fill="url(https://evil.example/p.svg#g)"/></svg>',
        "its <style> loads another file with 'url(https://evil.example/t.svg#p)'",
    ),
}


@pytest.mark.parametrize("name", FUZZED_SVG)
def test_what_the_fuzzer_found_is_refused(tmp_path: Path, name: str) -> None:
    text, message = FUZZED_SVG[name]
    assert errors_for(tmp_path, {f"media/{name}": text}) == [
        f"content/media/{name}:1: unsafe SVG: {message} {SVG_HINT}"
    ]


PRESENTATION = ["fill", "stroke", "filter", "mask", "clip-path", "cursor"]
PRESENTATION += ["marker-start", "marker-mid", "marker-end"]


@pytest.mark.parametrize("attribute", PRESENTATION)
def test_presentation_attributes_may_not_load_another_file(tmp_path: Path, attribute: str) -> None:
    svg = SVG.format(f'<rect {attribute}="url(https://evil.example/x.svg#a)"/>')
    assert errors_for(tmp_path, {"media/logo.svg": svg}) == [
        f"content/media/logo.svg:2: unsafe SVG: <rect> attribute '{attribute}' loads another "
        f"file with 'url(https://evil.example/x.svg#a)' {SVG_HINT}"
    ]


ANIMATIONS = ["set", "animate", "animateMotion", "animateTransform", "animateColor"]


@pytest.mark.parametrize("animation", ANIMATIONS)
@pytest.mark.parametrize("target", ["x:href", "href", "xlink:href", "onmouseover", "x:onclick"])
def test_no_animation_changes_a_link_or_handler(
    tmp_path: Path, animation: str, target: str
) -> None:
    svg = SVG.format(
        f'<a xmlns:x="http://www.w3.org/1999/xlink" x:href="#a"><{animation} '
        f'attributeName="{target}" to="#b"/></a>'
    )
    assert errors_for(tmp_path, {"media/logo.svg": svg}) == [
        f"content/media/logo.svg:2: unsafe SVG: <{animation.lower()}> changes '{target}' {SVG_HINT}"
    ]


@pytest.mark.parametrize("attribute", ["to", "from", "by", "values"])
@pytest.mark.parametrize(
    "value", ["javascript:alert(1)", "data:text/html,x", "//evil.example/", "https:evil.example"]
)
def test_no_animation_value_names_a_script_or_another_file(
    tmp_path: Path, attribute: str, value: str
) -> None:
    svg = SVG.format(f'<animate attributeName="class" {attribute}="{value}"/>')
    assert errors_for(tmp_path, {"media/logo.svg": svg}) == [
        f"content/media/logo.svg:2: unsafe SVG: <animate> {attribute}='{value}' names a script "
        f"or another file {SVG_HINT}"
    ]


LINKED = ["a", "use", "image", "feImage", "pattern", "linearGradient", "radialGradient"]
LINKED += ["filter", "textPath", "mpath", "tref", "cursor", "animate", "feFlood"]


@pytest.mark.parametrize("element", LINKED)
@pytest.mark.parametrize("attribute", ["href", "xlink:href", "x:href", "src"])
@pytest.mark.parametrize(
    "link", ["https://evil.example/a.svg#a", "javascript:alert(1)", "data:text/html,x"]
)
def test_links_must_stay_inside_the_picture(element: str, attribute: str, link: str) -> None:
    svg = SVG.format(f'<{element} xmlns:x="http://www.w3.org/1999/xlink" {attribute}="{link}"/>')
    assert str(svg_problem(svg.encode(), "logo.svg")) == (
        f"logo.svg:2: unsafe SVG: <{element.lower()}> refers to '{link}' outside the picture "
        f"{SVG_HINT}"
    )


@pytest.mark.parametrize("element", ["iframe", "embed", "object", "handler", "listener"])
def test_elements_that_run_or_embed_are_refused(tmp_path: Path, element: str) -> None:
    svg = SVG.format(f"<{element}/>")
    assert errors_for(tmp_path, {"media/logo.svg": svg}) == [
        f"content/media/logo.svg:2: unsafe SVG: it contains <{element}> {SVG_HINT}"
    ]


def test_a_comment_inside_a_word_is_no_url() -> None:
    """CSS reads `u/**/rl(` as the word `u` then a function `rl(`, which loads nothing.

    Only `url(` written out, or spelt with escapes (refused), makes a browser
    fetch, so a comment cannot hide one from the check.
    """
    svg = SVG.format("<style>rect { fill: u/**/rl(https://evil.example/p.svg#g) }</style>")
    assert svg_problem(svg.encode(), "logo.svg") is None


def test_a_long_gap_after_url_is_read_once() -> None:
    """300,000 spaces after `url(` took a backtracking search minutes; now it is linear."""
    svg = SVG.format("<style>rect { fill: url(" + " " * 300_000 + "x) }</style>")
    assert "its <style> loads another file" in str(svg_problem(svg.encode(), "logo.svg"))


def test_broken_svg_is_an_error(tmp_path: Path) -> None:
    assert errors_for(tmp_path, {"media/logo.svg": "<svg>\n<g></svg>"}) == [
        "content/media/logo.svg:2: not a readable SVG: mismatched tag "
        "(save it again from the drawing program)"
    ]


# What drawing programs export, and what the rules must keep allowing.
SAFE_SVG = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
    '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"\n'
    '  xmlns:k="http://www.w3.org/1999/xlink"\n'
    '  xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"\n'
    '  inkscape:export-filename="C:\\Users\\pio\\badge.png" width="90" height="90">\n'
    "<defs>\n"
    '  <linearGradient id="grad"><stop offset="0" stop-color="#0b3d91"/></linearGradient>\n'
    '  <clipPath id="clip"><rect width="9" height="9"/></clipPath>\n'
    '  <marker id="dot"><circle r="1"/></marker>\n'
    "</defs>\n"
    "<style><![CDATA[/* exported */ .badge { fill: url(#grad); stroke: url( '#grad' ) }]]>"
    "  rect { fill: u&#114;l(#grad) }</style>\n"
    '<rect id="x" class="badge" fill="url(#grad)" clip-path="url(#clip)" '
    'style="fill:url(#grad)"/>\n'
    '<path d="M0 0 L9 9" marker-end="url(#dot)" filter="none"/>\n'
    '<a href="#x"><use href="#x"/><use xlink:href="#x"/><use k:href="#x"/></a>\n'
    '<animate href="#x" attributeName="fill" values="red;url(#grad);blue" dur="2s"/>\n'
    '<animateTransform attributeName="transform" type="rotate" from="0 45 45" to="360 45 45"/>\n'
    '<image href="data:image/png;base64,iVBORw0KGgo=" width="9" height="9"/>\n'
    "<text>Call url(911) or javascript: nothing</text>\n"
    "</svg>\n"
)


def test_a_drawing_with_local_references_passes() -> None:
    assert svg_problem(SAFE_SVG.encode(), "badge.svg") is None


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


@pytest.mark.parametrize("pattern", ["templates/static/*.svg", "tools/art/*.svg"])
def test_the_repos_own_drawings_pass(pattern: str) -> None:
    drawings = sorted(REPO.glob(pattern))
    assert drawings
    assert [svg_problem(path.read_bytes(), path.name) for path in drawings] == [None] * len(
        drawings
    )


def build(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(REPO / "build.py"), "build", "--now", "2026-11-25T09:00"]
    command += ["--templates", str(REPO / "templates"), "--no-cache"]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_what_the_fuzzer_found_is_never_published(tmp_path: Path) -> None:
    make_site(tmp_path, {f"media/{name}": text for name, (text, _) in FUZZED_SVG.items()})
    result = build(tmp_path)
    assert result.returncode == 1
    for name, (_, message) in FUZZED_SVG.items():
        assert f"content/media/{name}:1: unsafe SVG: {message}" in result.stderr + result.stdout
        assert not (tmp_path / "site" / "media" / name).exists()


def test_a_safe_drawing_is_published_as_it_is(tmp_path: Path) -> None:
    make_site(tmp_path, {"media/badge.svg": SAFE_SVG})
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "media" / "badge.svg").read_text() == SAFE_SVG


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


def test_a_link_to_a_folder_in_media_is_named_not_silently_skipped(tmp_path: Path) -> None:
    """Its files are not published (links to folders are not followed): say so (fuzzing
    find: it was skipped without a word)."""
    outside = tmp_path / "photos"
    outside.mkdir()
    (outside / "pier.png").write_bytes(b"")
    media = make_site(tmp_path) / "media"
    media.mkdir(exist_ok=True)
    (media / "photos").symlink_to(outside)
    problems: list = []
    found = scan_media(media, problems)
    assert not any("pier" in path for path in found)
    assert [(Path(p.path).name, p.message, p.warning) for p in problems] == [
        ("photos", "ignored: a link to a folder; the files in it are not published", True)
    ]


def test_an_image_field_written_relative_to_the_story_says_to_write_a_site_path(
    tmp_path: Path,
) -> None:
    """`image: ../media/x.png` names a file that exists, as a link in the text would: the
    message said it did not exist (walkthrough find)."""
    story = (
        "---\ntitle: A\ndate: 2026-01-01\nimage: ../media/x.png\nimage_alt: A wave.\n---\n\nHi.\n"
    )
    found = problems_for(tmp_path, {"stories/2026-01-01-a.md": story, "media/x.png": TINY_PNG})
    assert found == [
        "content/stories/2026-01-01-a.md:4: image: write the picture as a site path, "
        "'/media/x.png' (in front matter a picture is named from the site's root, not from "
        "the story)"
    ]
