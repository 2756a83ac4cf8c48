"""Pictures that cannot be published as they are: each is a problem at its path, never a traceback.

A fuzzer found pictures that ended builds with Pillow's tracebacks: a JPEG
cut short by an unfinished upload, a long screenshot that WebP cannot hold,
a panorama declaring more pixels than Pillow will open (and an SVG whose
size overflows: `test_pictures.py`). Huge pictures are made as a PNG header
alone, so no test allocates what it declares.
"""

from __future__ import annotations

import io
import os
import warnings
from datetime import datetime
from pathlib import Path

import pillow_heif
import pytest
from conftest import REPO, tree
from PIL import Image
from sitefactory import header_only_png, jpeg, make_site, png, problems_for

from microsite import pipeline
from microsite.cli import main
from microsite.errors import BuildFailed, PageFailed
from microsite.images.decoding import pillow
from microsite.images.markup import choice, for_feeds, in_text
from microsite.images.renditions import Rendition, encode, has_webp, renditions
from microsite.images.source import Source
from microsite.images.whole import cut_short

NOW = datetime.fromisoformat("2026-11-25T09:00")
DAMAGED = (
    "the picture file is damaged or incomplete: it stops part-way (copy or export it again "
    "from the phone or photo editor: an upload or copy that did not finish leaves a file "
    "like this)"
)
TOO_LARGE = (
    "pixels, over the limit of 100,000,000 pixels (resize it to at most 10,000 x 10,000 "
    "pixels: pages show at most 1,600 across)"
)
TOO_LONG = "(cut it into parts, or resize it so no side is over 65,500 pixels)"
STORY = """\
---
title: The flyer for the toy drive
date: 2026-08-02
communities: [surf]
image: /media/{name}
image_alt: The toy drive's flyer.
---

The whole flyer: ![Toy drive, December 5, at the station](/media/{name})
"""


# Run from a throwaway folder: messages name `content/...`, as a PIO sees them.
pytestmark = pytest.mark.usefixtures("in_tmp")


def cut(data: bytes) -> bytes:
    """The first half of a file: an upload that stopped half-way."""
    return data[: len(data) // 2]


def heic(size: tuple[int, int]) -> bytes:
    """An iPhone's format, of noise: its picture, not its index, is most of the file."""
    with Image.open(io.BytesIO(jpeg(size))) as noise:
        out = io.BytesIO()
        pillow_heif.from_pillow(noise).save(out, quality=60)
    return out.getvalue()


def damaged_inside(data: bytes) -> bytes:
    """A JPEG whole to its last byte, with a marker no decoder knows in the middle of its
    picture: only decoding it finds that."""
    middle = len(data) // 2
    return data[:middle] + b"\xff\x02" + data[middle + 2 :]


UNUSABLE = {
    "a JPEG cut short": ("t.jpg", cut(jpeg((160, 120))), DAMAGED),
    "a HEIC cut short": ("t.heic", cut(heic((160, 120))), DAMAGED),
    "an empty file": (
        "e.jpg",
        b"",
        "the picture file is empty (copy it again: a copy or upload that did not finish "
        "leaves an empty file)",
    ),
    "a text file named .jpg": (
        "notes.jpg",
        b"Call the front desk about the flyer.\n",
        "not a readable picture: its contents are not JPEG, PNG, GIF, WebP, AVIF or HEIC "
        "(save it again from the phone or photo editor as JPEG or PNG)",
    ),
    "more pixels than Pillow opens": (
        "pano.png",
        header_only_png(30_000, 30_000),
        f"too large to publish: 900,000,000 {TOO_LARGE}",
    ),
    "more pixels than the limit": (
        "pano.png",
        header_only_png(12_000, 12_000),
        f"too large to publish: 144,000,000 {TOO_LARGE}",
    ),
    "a side longer than any format holds": (
        "line.png",
        header_only_png(100_000_000, 1),
        f"too long to publish: 100,000,000 x 1 pixels {TOO_LONG}",
    ),
    "a side just over the limit": (
        "strip.png",
        header_only_png(12, 65_501),
        f"too long to publish: 12 x 65,501 pixels {TOO_LONG}",
    ),
}


@pytest.mark.parametrize("name, data, message", UNUSABLE.values(), ids=UNUSABLE.keys())
def test_an_unusable_picture_is_a_problem_at_its_path(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Pillow's own warnings must not reach the terminal
        assert problems_for(tmp_path, {f"media/{name}": data}) == [
            f"content/media/{name}:1: {message}"
        ]


def test_a_png_cut_short_is_found_when_it_loads(tmp_path: Path) -> None:
    (problem,) = problems_for(tmp_path, {"media/t.png": cut(png((300, 200)))})
    assert problem.startswith("content/media/t.png:1: the picture file is damaged or incomplete: ")


def test_every_unusable_picture_is_reported_at_once(tmp_path: Path) -> None:
    files = {f"media/{key}-{name}": data for key, (name, data, _) in enumerate(UNUSABLE.values())}
    assert len(problems_for(tmp_path, files)) == len(UNUSABLE)


def test_a_picture_within_the_limits_opens_without_pillow_s_warning(tmp_path: Path) -> None:
    """Pillow warns from 89,478,485 pixels; the project's limit is 100,000,000."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (problem,) = problems_for(tmp_path, {"media/big.png": header_only_png(9_500, 9_500)})
    assert "too large" not in problem and "damaged or incomplete" in problem  # no pixels in it


def _encoded(format: str, **options: object) -> bytes:
    with Image.open(io.BytesIO(jpeg((160, 120)))) as noise:
        out = io.BytesIO()
        noise.save(out, format, **options)
    return out.getvalue()


def _with_preview(data: bytes) -> bytes:
    """A JPEG carrying a small JPEG in a segment before its own, as EXIF carries a preview:
    its end-of-image marker must not be taken for the picture's."""
    preview = jpeg((16, 12))
    segment = b"\xff\xe1" + (len(preview) + 2).to_bytes(2, "big") + preview
    return data[:2] + segment + data[2:]


WHOLE = {
    "JPEG": _encoded("JPEG"),
    "progressive JPEG": _encoded("JPEG", progressive=True),
    "JPEG with a preview": _with_preview(_encoded("JPEG")),
    "HEIC": heic((160, 120)),
    "AVIF": _encoded("AVIF"),
}


@pytest.mark.parametrize("data", WHOLE.values(), ids=WHOLE.keys())
def test_a_file_is_cut_short_exactly_when_its_decoder_finds_it_so(data: bytes) -> None:
    """`check` does not decode these formats: what it says of a file must be what
    decoding it would, never stricter (a picture the build publishes refused)."""
    pillow()  # Pillow as the build sets it up, HEIC and all
    for end in [*range(len(data) // 10, len(data), len(data) // 10), len(data) - 1]:
        part = data[:end]
        try:
            with Image.open(io.BytesIO(part)) as image:
                format = image.format
                decodes = _decodes(image)
        except (OSError, SyntaxError, ValueError):
            continue  # refused on opening: reading its header finds it
        assert cut_short(part, format) == (not decodes), end
    for whole in (data, data + b"trailing bytes an editor left after the picture"):
        with Image.open(io.BytesIO(whole)) as image:
            assert not cut_short(whole, image.format) and _decodes(image)


def _decodes(image: Image.Image) -> bool:
    try:
        image.load()
    except (OSError, SyntaxError, ValueError):
        return False
    return True


def test_a_cut_short_picture_fails_the_build_and_check_and_leaves_the_site(
    work: Path, capsys: pytest.CaptureFixture
) -> None:
    now = ["--now", "2026-11-25T09:00"]
    assert main(now) == 0
    before = tree(work / "site")
    (work / "content/media/t.jpg").write_bytes(cut(jpeg((160, 120))))
    for command in (now, ["check", *now]):
        assert main(command) == 1
        err = capsys.readouterr().err
        assert f"content/media/t.jpg:1: {DAMAGED}" in err
        assert "Traceback" not in err
    assert tree(work / "site") == before


def _build(content: Path, output: Path, jobs: int = 1) -> pipeline.Built:
    folders = pipeline.Folders(content, REPO / "templates")
    return pipeline.build_into(folders, output, now=NOW, jobs=jobs)


def test_a_picture_damaged_inside_fails_in_a_helper_as_a_problem(tmp_path: Path) -> None:
    """Loading cannot see damage inside a whole JPEG (it decodes no JPEG); making its files
    does, in a helper process, and the build reports it like a template's error."""
    photos = {f"media/p{n}.jpg": jpeg((500, 400), n) for n in range(12)}  # work enough to fork
    content = make_site(tmp_path, photos)
    _build(content, tmp_path / "site", jobs=2)
    before = tree(tmp_path / "site")
    (content / "media/p3.jpg").write_bytes(damaged_inside(jpeg((500, 400), 3)))
    with pytest.raises(BuildFailed) as failed:
        _build(content, tmp_path / "site", jobs=2)
    assert [str(e) for e in failed.value.errors] == [
        "content/media/p3.jpg:1: the picture file is damaged or incomplete: broken data stream "
        "when reading image file (copy or export it again from the phone or photo editor: an "
        "upload or copy that did not finish leaves a file like this)"
    ]
    assert tree(tmp_path / "site") == before


def test_a_helper_that_dies_on_a_picture_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A decoder's own code may crash on a damaged file, or the system kill a helper out of
    memory: the build fails naming the picture whose files were left unmade."""
    photos = {f"media/p{n}.jpg": jpeg((500, 400), n) for n in range(12)}
    content = make_site(tmp_path, photos)
    parent = os.getpid()

    def crash_on_p3(rendition: Rendition) -> bytes:
        if os.getpid() != parent and rendition.source.path == "/media/p3.jpg":
            os._exit(11)  # as a segmentation fault in a decoder ends a process
        return encode(rendition)

    monkeypatch.setattr("microsite.render.site.encode", crash_on_p3)
    with pytest.raises(BuildFailed) as failed:
        _build(content, tmp_path / "site", jobs=2)
    problems = [str(e) for e in failed.value.errors]
    assert any(p.startswith("content/media/p3.jpg: not finished: ") for p in problems)
    assert all(": not finished: a helper process stopped while making" in p for p in problems)
    assert not (tmp_path / "site").exists()


def test_a_picture_replaced_by_a_huge_one_is_refused_when_its_files_are_made(
    tmp_path: Path,
) -> None:
    (tmp_path / "pano.png").write_bytes(header_only_png(30_000, 30_000))
    source = Source("/media/pano.png", "d", 300, 200, True, "pano.png")
    with pytest.raises(PageFailed) as failed:
        encode(renditions(source)[0])
    assert str(failed.value.problem) == f"pano.png:1: too large to publish: 900,000,000 {TOO_LARGE}"


def test_an_encoder_s_refusal_is_a_problem_at_the_picture(tmp_path: Path) -> None:
    (tmp_path / "f.png").write_bytes(png((100, 16_400)))
    source = Source("/media/f.png", "d", 100, 16_400, True, "f.png")
    with pytest.raises(PageFailed) as failed:  # a file the build never plans: WebP this long
        encode(Rendition(source, "/media/f-png-100w.webp", 100, 16_400, "webp"))
    assert str(failed.value.problem).startswith(
        "f.png:1: could not be saved as WEBP at 100 x 16,400 pixels: "
    )


@pytest.mark.parametrize(
    "width, height, webp",
    [(1600, 16_383, True), (1600, 16_384, False), (3200, 32_766, True), (1080, 18_000, False)],
)
def test_webp_is_made_only_when_it_holds_the_picture_at_every_width(
    width: int, height: int, webp: bool
) -> None:
    source = Source("/media/f.png", "d", width, height, True)
    assert has_webp(source) == webp
    assert any(r.format == "webp" for r in renditions(source)) == webp
    assert bool(choice(source).webp) == webp


def test_a_long_screenshot_is_published_in_its_own_format_alone(tmp_path: Path) -> None:
    files = {"stories/2026-08-02-good.md": STORY.format(name="flyer.png")}
    files["media/flyer.png"] = png((100, 16_400))  # WebP holds at most 16,383 pixels a side
    _build(make_site(tmp_path, files), tmp_path / "site")
    site = tmp_path / "site"
    assert not list(site.glob("media/flyer*.webp"))
    page = (site / "stories/good/index.html").read_text()
    assert page.count('<img src="/media/flyer.png" srcset="/media/flyer.png 100w"') == 1
    assert page.count('src="/media/flyer.png" srcset="/media/flyer.png 100w"') == 2  # and text
    assert "image/webp" not in page
    with Image.open(site / "media/flyer.png") as image:
        assert image.size == (100, 16_400)


def test_text_pictures_without_webp_are_plain_in_feeds() -> None:
    source = Source("/media/f.png", "d", 100, 16_400, True)
    html = in_text(
        '<p><img alt="x" src="/media/f.png"></p>', {source.path: source}, "", first=False
    )
    assert html.startswith('<p><picture><img alt="x" src="/media/f.png" srcset=')
    assert for_feeds(html) == '<p><img alt="x" src="/media/f.png" width="100" height="16400"></p>'


def _frames(*colours: tuple[int, int, int], format: str) -> bytes:
    out = io.BytesIO()
    first, *rest = (Image.new("RGB", (120, 80), colour) for colour in colours)
    first.save(out, format, save_all=True, append_images=rest, duration=100, loop=0)
    return out.getvalue()


def test_moving_pictures_and_misnamed_ones_are_published(tmp_path: Path) -> None:
    """A GIF or WebP that moves is published as its first frame, with a warning (a
    camera's JPEG with a second frame does not move); a JPEG named .png is read by its
    contents and published as PNG."""
    files: dict[str, str | bytes] = {
        "media/moving.gif": _frames((255, 0, 0), (0, 0, 255), format="GIF"),
        "media/moving.webp": _frames((255, 0, 0), (0, 0, 255), format="WEBP"),
        "media/misnamed.png": jpeg((160, 120)),
        "media/camera.jpg": _frames((255, 0, 0), (0, 0, 255), format="MPO"),  # not moving
        "media/still.gif": _frames((0, 255, 0), format="GIF"),
    }
    built = _build(make_site(tmp_path, files), tmp_path / "site")
    assert sorted(str(w) for w in built.warnings if "media" in w.path) == [
        f"content/media/moving.{kind}:1: warning: a moving picture: only its first frame is "
        "published (to show it moving, publish it as a video (.mp4) and link to that)"
        for kind in ("gif", "webp")
    ]
    media = tmp_path / "site/media"
    for name, format in (("moving.gif", "GIF"), ("moving.webp", "WEBP"), ("misnamed.png", "PNG")):
        with Image.open(media / name) as image:
            assert (image.format, getattr(image, "n_frames", 1)) == (format, 1), name
            assert image.convert("RGB").getpixel((5, 5))[2] < 50 or name == "misnamed.png"


def test_pillow_s_guard_is_the_project_s_limit() -> None:
    assert pillow().MAX_IMAGE_PIXELS == 100_000_000
