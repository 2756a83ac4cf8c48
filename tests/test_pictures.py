"""Pictures as published: re-encoded without metadata, upright, in several sizes, cached.

A phone photo is made with Pillow the way a phone saves one (GPS position,
camera make, model and serial, XMP, rotation flag 6), a site that uses it is
built, and every published picture is opened again with Pillow.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pillow_heif
import pytest
from PIL import Image
from sitefactory import make_site, png

from microsite import pipeline
from microsite.images.renditions import WIDTHS, encode, renditions, widths
from microsite.images.source import RASTER, Source, svg_size

REPO = Path(__file__).parent.parent
sys.path.insert(0, str(REPO))
from tools.photos import phone_photo  # noqa: E402

NOW = datetime.fromisoformat("2026-11-25T09:00")
PHOTO_STORY = """\
---
title: Officers at the skate clinic
date: 2026-08-02
communities: [surf]
image: /media/clinic.jpg
image_alt: Two officers and a skater on the half-pipe.
image_caption: Officer Diaz shows a drop-in.
image_credit: Officer J. Diaz
---

The clinic ran all afternoon. ![The cones of the beginners' lane](/media/cones.png)

The [schedule](/media/schedule.pdf) is online.
"""
PDF = b"%PDF-1.4\n% a schedule\n"
# What Pillow may report for a clean file: format facts and the colour profile, no metadata.
HARMLESS_INFO = {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "icc_profile"}
HARMLESS_INFO |= {"progressive", "progression", "adobe", "adobe_transform", "loop", "background"}
HARMLESS_INFO |= {"gamma", "srgb", "aspect", "duration", "transparency", "version"}


def _build(content: Path, output: Path, *, jobs: int | None = 1, cache: Path | None = None) -> None:
    folders = pipeline.Folders(content, REPO / "templates")
    pipeline.build_into(folders, output, now=NOW, jobs=jobs, cache=cache)


@pytest.fixture(scope="module")
def photo() -> bytes:
    return phone_photo(7, (1000, 750))  # stored landscape, shown portrait (750 x 1000)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, photo: bytes) -> Path:
    root = tmp_path_factory.mktemp("pictures")
    files: dict[str, str | bytes] = {
        "stories/2026-08-02-good.md": PHOTO_STORY,
        "media/clinic.jpg": photo,
        "media/cones.png": png((300, 200), (230, 120, 40)),
        "media/schedule.pdf": PDF,
    }
    _build(make_site(root, files), root / "site")
    return root / "site"


def _published_pictures(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*")) if p.suffix.lower() in RASTER]


def test_no_published_picture_carries_metadata(built: Path) -> None:
    pictures = _published_pictures(built)
    assert len(pictures) > 8
    for path in pictures:
        with Image.open(path) as image:
            assert not image.getexif(), path
            assert set(image.info) <= HARMLESS_INFO, (path, set(image.info) - HARMLESS_INFO)


def test_no_published_byte_says_where_or_with_what_a_photo_was_taken(built: Path) -> None:
    for path in (p for p in built.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for secret in (b"iPhone 15 Pro", b"F2LXK0QNPF", b"GPSLatitude", b"33,50.52N", b"Exif\0\0"):
            assert secret not in data, (path, secret)


def test_the_original_is_never_published_as_it_is(built: Path, photo: bytes) -> None:
    assert (built / "media/clinic.jpg").read_bytes() != photo
    assert all(path.read_bytes() != photo for path in _published_pictures(built))


def test_the_rotation_flag_is_applied_to_the_pixels(built: Path) -> None:
    """The phone stored the photo sideways, warm half on top; shown upright, warm is right."""
    for path in built.glob("media/clinic*"):
        with Image.open(path) as image:
            rgb = image.convert("RGB")
            width, height = rgb.size
            if "share" not in path.name:
                assert height > width, path
            right = rgb.getpixel((width * 7 // 8, height // 2))
            left = rgb.getpixel((width // 8, height // 2))
            assert right[0] > right[2] and left[2] > left[0], (path, left, right)


def test_two_pictures_with_one_name_never_overwrite_each_other(tmp_path: Path) -> None:
    files = {
        "media/band.jpg": phone_photo(5, (500, 400)),
        "media/band.png": png((500, 400), (9, 9, 9)),
    }
    _build(make_site(tmp_path, files), tmp_path / "site")
    for name, kind in (("band-jpg-400w.webp", "photo"), ("band-png-400w.webp", "drawing")):
        with Image.open(tmp_path / "site/media" / name) as image:
            flat = len(image.convert("RGB").getcolors(maxcolors=1000) or ()) in range(1, 50)
            assert flat == (kind == "drawing"), name


def test_documents_are_published_as_they_are(built: Path) -> None:
    assert (built / "media/schedule.pdf").read_bytes() == PDF


def test_sizes_are_never_upscaled_and_never_larger_than_the_largest_width(built: Path) -> None:
    with Image.open(built / "media/cones.png") as image:
        assert image.size == (300, 200)
    assert not list(built.glob("media/cones-png-400w.*"))
    assert widths(Source("/media/x.jpg", "d", 8000, 6000, False)) == WIDTHS
    assert widths(Source("/media/x.jpg", "d", 1600, 900, False)) == WIDTHS  # the largest too
    assert widths(Source("/media/x.jpg", "d", 1599, 900, False)) == (*WIDTHS[:-1], 1599)
    largest = max(r.width for r in renditions(Source("/media/x.jpg", "d", 8000, 6000, False)))
    assert largest == WIDTHS[-1]


def test_the_share_picture_is_a_1200_by_630_crop(tmp_path: Path) -> None:
    content = make_site(
        tmp_path,
        {
            "stories/2026-08-02-good.md": PHOTO_STORY.replace("clinic.jpg", "wide.jpg"),
            "media/wide.jpg": phone_photo(3, (1800, 2600)),  # shown 2600 x 1800
            "media/cones.png": png((300, 200), (1, 2, 3)),
            "media/schedule.pdf": PDF,
        },
    )
    _build(content, tmp_path / "site")
    with Image.open(tmp_path / "site/media/wide-jpg-share.jpg") as image:
        assert image.size == (1200, 630)
    page = (tmp_path / "site/stories/good/index.html").read_text()
    assert (
        'property="og:image" content="https://community.harbor.example/media/wide-jpg-share.jpg"'
        in page
    )


class Tags(HTMLParser):
    """Every start tag of a page, with its attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def all(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.tags if tag == name]


def test_the_story_page_offers_every_size_and_reserves_the_box(built: Path) -> None:
    tags = Tags((built / "stories/good/index.html").read_text())
    lead = tags.all("img")[1]  # after the brand mark
    assert (lead["width"], lead["height"]) == ("750", "1000")
    assert lead["alt"] == "Two officers and a skater on the half-pipe."
    assert (lead["loading"], lead["fetchpriority"]) == ("eager", "high")
    assert lead["srcset"] == "/media/clinic-jpg-400w.jpg 400w, /media/clinic.jpg 750w"
    assert lead["sizes"] and "48rem" in lead["sizes"]
    webp = tags.all("source")[0]
    assert webp["type"] == "image/webp"
    assert webp["srcset"] == "/media/clinic-jpg-400w.webp 400w, /media/clinic-jpg-750w.webp 750w"
    widths_made = {"clinic-jpg-400w.webp": 400, "clinic-jpg-750w.webp": 750}
    widths_made |= {"clinic-jpg-400w.jpg": 400, "clinic.jpg": 750}
    for path, width in widths_made.items():
        with Image.open(built / "media" / path) as image:
            assert image.width == width, path


def test_the_caption_and_credit_are_shown_under_the_lead_picture(built: Path) -> None:
    page = (built / "stories/good/index.html").read_text()
    figure = page.split('<figure class="story__figure">', 1)[1].split("</figure>", 1)[0]
    assert "Officer Diaz shows a drop-in." in figure
    assert "Credit: Officer J. Diaz" in figure


def test_cards_leave_the_picture_unnamed_and_only_the_first_loads_at_once(tmp_path: Path) -> None:
    second = PHOTO_STORY.replace("skate clinic", "pier").replace("2026-08-02", "2026-08-01")
    content = make_site(
        tmp_path,
        {
            "stories/2026-08-02-good.md": PHOTO_STORY,
            "stories/2026-08-01-pier.md": second,
            "media/clinic.jpg": phone_photo(1, (640, 480)),
            "media/cones.png": png((300, 200), (1, 2, 3)),
            "media/schedule.pdf": PDF,
        },
    )
    _build(content, tmp_path / "site")
    for page in ("stories/index.html", "communities/surf/index.html"):
        cards = _framed((tmp_path / "site" / page).read_text(), "card__media")
        assert [card["alt"] for card in cards] == ["", ""], page
        assert [card["loading"] for card in cards] == ["eager", "lazy"], page
        assert cards[0]["fetchpriority"] == "high" and "fetchpriority" not in cards[1]
        assert all(card["width"] and card["height"] and card["sizes"] for card in cards)
    home = (tmp_path / "site/index.html").read_text()
    (lead,) = _framed(home, "lead__media")  # the newest story leads, described in full
    assert (lead["alt"], lead["loading"], lead["fetchpriority"]) == (
        "Two officers and a skater on the half-pipe.",
        "eager",
        "high",
    )
    assert [(card["alt"], card["loading"]) for card in _framed(home, "card__media")] == [
        ("", "lazy")
    ]


def _framed(html: str, frame: str) -> list[dict[str, str | None]]:
    """The pictures inside each `media` frame of the kind `frame` on a page."""
    inside = html.split(f'class="media {frame} ')[1:]
    return [Tags(part.split("</div>", 1)[0]).all("img")[0] for part in inside]


def test_every_picture_on_every_page_has_width_and_height(built: Path) -> None:
    for page in built.rglob("*.html"):
        for img in Tags(page.read_text()).all("img"):
            assert img.get("width") and img.get("height"), (page, img)


def test_a_picture_in_the_text_gets_its_size_and_loads_lazily(built: Path) -> None:
    """After a lead picture, which loads first; more in tests/test_text_pictures.py."""
    page = (built / "stories/good/index.html").read_text()
    assert (
        '<img alt="The cones of the beginners\' lane" src="/media/cones.png" '
        'srcset="/media/cones.png 300w" sizes="(min-width: 47.5rem) 45.5rem, calc(100vw - 2rem)" '
        'width="300" height="200" loading="lazy" decoding="async"></picture>'
    ) in page


def test_each_feed_entry_leads_with_its_picture(built: Path) -> None:
    feed = (built / "feed.xml").read_text()
    content = feed.split('<content type="html">', 1)[1]
    assert content.startswith(
        '&lt;figure&gt;&lt;img src="https://community.harbor.example/media/clinic.jpg" '
        'alt="Two officers and a skater on the half-pipe." width="750" height="1000"&gt;'
    )
    assert "Officer Diaz shows a drop-in. Credit: Officer J. Diaz" in content


def test_a_heic_photo_from_an_iphone_is_accepted(tmp_path: Path) -> None:
    heic = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (900, 600), (20, 90, 200))).save(heic, quality=60)
    story = PHOTO_STORY.replace("clinic.jpg", "clinic.heic")
    files = {"stories/2026-08-02-good.md": story, "media/clinic.heic": heic.getvalue()}
    files |= {"media/cones.png": png((30, 20), (1, 2, 3)), "media/schedule.pdf": PDF}
    _build(make_site(tmp_path, files), tmp_path / "site")
    with Image.open(tmp_path / "site/media/clinic-heic-800w.webp") as image:
        assert image.size == (800, 533)
    with Image.open(tmp_path / "site/media/clinic.heic") as image:
        assert image.size == (900, 600) and not image.getexif()
    # Search engines and most browsers cannot show HEIC: where no page frames the picture
    # (JSON-LD, the sitemap), its largest JPEG is named (review find).
    page = (tmp_path / "site/stories/good/index.html").read_text()
    assert '"image": "https://community.harbor.example/media/clinic-heic-900w.jpg"' in page
    sitemap = (tmp_path / "site/sitemap.xml").read_text()
    assert "/media/clinic-heic-900w.jpg</image:loc>" in sitemap and ".heic</" not in sitemap


def test_a_drawing_that_gives_no_size_is_reserved_the_browser_s_box(tmp_path: Path) -> None:
    """Without width and height an <img> shifts the page as it loads, and lost its
    loading order too; a browser shows such a drawing at 300 by 150 (fuzzing find)."""
    story = PHOTO_STORY.replace("/media/clinic.jpg", "/media/plain.svg")
    files = {
        "stories/2026-08-02-good.md": story,
        "media/plain.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" height="9"/></svg>',
        "media/cones.png": png((30, 20), (1, 2, 3)),
        "media/schedule.pdf": PDF,
    }
    content = make_site(tmp_path, files)
    folders = pipeline.Folders(content, REPO / "templates")
    built = pipeline.build_into(folders, tmp_path / "site", now=NOW, jobs=1)
    assert [w.message for w in built.warnings if w.path.endswith("plain.svg")] == [
        "gives no size: it is shown at 300 by 150"
    ]
    page = (tmp_path / "site/stories/good/index.html").read_text()
    assert '<img src="/media/plain.svg" width="300" height="150"' in page


def test_a_16_bit_greyscale_picture_keeps_its_shades(tmp_path: Path) -> None:
    """Converted straight to RGB, 16-bit values above 255 clipped: the scan of a gradient
    was published plain white (fuzzing find)."""
    ramp = Image.linear_gradient("L").resize((600, 400)).rotate(90, expand=True)
    deep = ramp.convert("I").point(lambda value: value * 257).convert("I;16")
    file = io.BytesIO()
    deep.save(file, "PNG")
    story = PHOTO_STORY.replace("clinic.jpg", "scan.png")
    files = {"stories/2026-08-02-good.md": story, "media/scan.png": file.getvalue()}
    files |= {"media/cones.png": png((30, 20), (1, 2, 3)), "media/schedule.pdf": PDF}
    _build(make_site(tmp_path, files), tmp_path / "site")
    for published in sorted((tmp_path / "site/media").glob("scan*")):
        with Image.open(published) as image:
            grey = image.convert("L")
            shades = [grey.getpixel((grey.width * k // 10, 5)) for k in (1, 5, 9)]
        assert shades[0] < 60 < shades[1] < 200 < shades[2], (published.name, shades)


def _published_from(tmp_path: Path, name: str, data: bytes) -> list[Path]:
    """Every file the build publishes from the picture `name` (a story's lead picture)."""
    story = PHOTO_STORY.replace("clinic.jpg", name)
    files = {"stories/2026-08-02-good.md": story, f"media/{name}": data}
    files |= {"media/cones.png": png((30, 20), (1, 2, 3)), "media/schedule.pdf": PDF}
    _build(make_site(tmp_path, files), tmp_path / "site")
    stem = name.rsplit(".", 1)[0]
    return sorted((tmp_path / "site/media").glob(f"{stem}*"))


def test_colours_are_published_in_srgb_and_no_profile_is_copied(tmp_path: Path) -> None:
    """A profile was copied byte for byte: one saying CMYK on RGB pixels named the wrong
    colours, and bytes written into a profile reached every published file (review find)."""
    from PIL import ImageCms

    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[16:20] = b"CMYK"  # the colour space it claims
    file = io.BytesIO()
    Image.new("RGB", (640, 480), (20, 120, 220)).save(
        file, "JPEG", icc_profile=bytes(profile) + b"SECRET-ICC"
    )
    published = _published_from(tmp_path, "print.jpg", file.getvalue())
    assert published
    for path in published:
        assert b"SECRET-ICC" not in path.read_bytes()
        with Image.open(path) as image:
            assert "icc_profile" not in image.info, path.name
            red, green, blue = image.convert("RGB").getpixel((320, 240))
            assert abs(red - 20) < 8 and abs(green - 120) < 8 and abs(blue - 220) < 8


def test_a_picture_with_another_rgb_profile_is_converted_by_it(tmp_path: Path) -> None:
    """An iPhone's Display P3 photo is converted to sRGB by its own profile. Stood in for
    by an sRGB profile under another name: converted, its colours stay as they were."""
    from PIL import ImageCms

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    other = srgb.replace("sRGB".encode("utf-16-be"), "Wide".encode("utf-16-be"))
    file = io.BytesIO()
    Image.new("RGB", (640, 480), (20, 120, 220)).save(file, "JPEG", icc_profile=other)
    for path in _published_from(tmp_path, "wide.jpg", file.getvalue()):
        with Image.open(path) as image:
            assert "icc_profile" not in image.info, path.name
            red, green, blue = image.convert("RGB").getpixel((320, 240))
            assert abs(red - 20) < 8 and abs(green - 120) < 8 and abs(blue - 220) < 8


def test_a_palette_drawing_is_resized_smoothly_and_keeps_its_transparency(
    tmp_path: Path,
) -> None:
    """Resized in palette colours, Pillow took the nearest pixel: a drawing's edges came
    out jagged, two levels of alpha; its GIF kept no clear colour (review find)."""
    from PIL import ImageDraw

    drawing = Image.new("P", (3200, 2000), 0)
    drawing.putpalette([255, 255, 255, 0, 0, 200] + [0] * 762)
    ImageDraw.Draw(drawing).ellipse([200, 200, 3000, 1800], fill=1)
    file = io.BytesIO()
    drawing.save(file, "GIF", transparency=0)
    published = _published_from(tmp_path, "logo.gif", file.getvalue())
    png_copy = next(path for path in published if path.suffix == ".png")
    with Image.open(png_copy) as image:
        alpha = image.convert("RGBA").getchannel("A")
        assert len(alpha.getcolors(256) or ()) > 10  # soft edges, not two levels of alpha
    with Image.open(tmp_path / "site/media/logo.gif") as image:
        assert image.convert("RGBA").getpixel((5, 5))[3] == 0  # the clear corner stays clear


def test_encoding_is_deterministic(built: Path) -> None:
    for rendition in renditions(
        Source("/media/c.png", "x", 300, 200, True, str(built / "media/cones.png"))
    ):
        assert encode(rendition) == encode(rendition)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 stories, 3 with photos: enough jobs for the work to go to a helper process."""
    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate

    root = tmp_path_factory.mktemp("photo-corpus")
    generate(root, 60, photos=3, photo_size=(900, 700))
    return root


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_plain_core_and_every_core_with_a_cache_give_the_same_bytes(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, cache = corpus / "content", corpus / ".cache"
    _build(content, corpus / "plain", jobs=1)
    _build(content, corpus / "fast", jobs=2, cache=cache)
    assert _tree(corpus / "fast") == _tree(corpus / "plain")
    assert len(list(cache.glob("pictures-*/*"))) == 3 * len(renditions(_source(corpus)))

    def no_encoding(*args: object) -> bytes:
        raise AssertionError("a cached picture was encoded again")

    monkeypatch.setattr("microsite.render.site.encode", no_encoding)
    shutil.rmtree(corpus / "fast")  # the output is gone, the cache is not
    _build(content, corpus / "fast", jobs=1, cache=cache)
    assert _tree(corpus / "fast") == _tree(corpus / "plain")


def _source(corpus: Path) -> Source:
    return Source("/media/photos/photo-0.jpg", "d", 700, 900, False)


def test_the_sitemap_names_each_story_picture(built: Path) -> None:
    sitemap = (built / "sitemap.xml").read_text()
    assert 'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"' in sitemap
    url = sitemap.split("<loc>https://community.harbor.example/stories/good/</loc>", 1)[1]
    url = url.split("</url>", 1)[0]
    assert "<image:loc>https://community.harbor.example/media/clinic.jpg</image:loc>" in url


@pytest.mark.parametrize(
    "svg, size",
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"/>', (120, 60)),
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="12px" height="6.4px"/>', (12, 6)),
        (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 630"/>', (1200, 630)),
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0,0,40,30"/>', (40, 30)),
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="50%"/>', None),
        (b'<svg xmlns="http://www.w3.org/2000/svg" width=".5e2" height="1E1px"/>', (50, 10)),
        # Absolute units, as browsers size them: 96 pixels an inch.
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="100mm" height="50mm"/>', (378, 189)),
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="1in" height="72pt"/>', (96, 96)),
        # Sizes no page can reserve are no size (the drawing is then reserved the browser's
        # default box, with a warning: see below).
        (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1e999 10"/>', None),
        (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 nan 10"/>', None),
        (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 -40 30"/>', None),
        (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 0 30"/>', None),
        (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 0.2 0.1"/>', None),
        (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 70000 10"/>', None),
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="1e999" height="10"/>', None),
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="' + b"9" * 309 + b'" height="1"/>', None),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" width="' + b"9" * 400 + b'" height="1" '
            b'viewBox="0 0 40 30"/>',
            (40, 30),
        ),
    ],
)
def test_a_drawing_s_size_comes_from_its_root_element(
    svg: bytes, size: tuple[int, int] | None
) -> None:
    assert svg_size(svg) == size


def test_a_picture_named_with_spaces_commas_and_accents_is_linked_percent_encoded(
    tmp_path: Path,
) -> None:
    """README allows spaces in media names. A raw space in `src`, `og:image`, JSON-LD,
    the sitemap or a feed is an invalid URL (the Nu checker's "Illegal character in
    path segment"); each must be encoded and still lead to the file (fuzzing find)."""
    story = PHOTO_STORY.replace("clinic.jpg", "pier beach, né.png")
    files = {"stories/2026-08-02-good.md": story, "media/pier beach, né.png": png((900, 600))}
    files |= {"media/cones.png": png((30, 20), (1, 2, 3)), "media/schedule.pdf": PDF}
    _build(make_site(tmp_path, files), tmp_path / "site")
    site = tmp_path / "site"
    texts = [p for p in site.rglob("*") if p.suffix in {".html", ".xml", ".json", ".ics"}]
    assert not [p for p in texts if "pier beach" in p.read_text()]
    encoded = re.compile(r"(?:https://[^/\"]+)?(/media/pier%20beach%2C%20n%C3%A9[^\"\s<&]*)")
    links = {m for p in texts for m in encoded.findall(p.read_text())}
    assert len(links) >= 5  # the sizes, and the share picture
    for link in links:
        assert (site / unquote(link).lstrip("/")).is_file(), link
    for page in ("index.html", "stories/index.html", "sitemap.xml", "feed.xml"):
        assert "pier%20beach" in (site / page).read_text(), page
