"""Pictures in the text of a story or page, as published: the lead picture's treatment.

A phone photo (4,000 pixels, GPS and camera serial in its EXIF) is placed in
a story's Markdown, by a /media/ path and by a relative one. The built page
must offer it as a `<picture>` of the sizes the build made, WebP first, for
the width of the text column; the feed must show one plain, absolute
`<img>`, as it does for a lead picture; and a rebuild that reuses the last
build's work must notice when the picture's file is replaced.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import tree
from PIL import Image
from sitefactory import make_site, png
from test_pictures import HARMLESS_INFO, Tags

from microsite import output, pipeline
from microsite.images.markup import TEXT_SIZES, in_text
from microsite.images.source import Source

REPO = Path(__file__).parent.parent
sys.path.insert(0, str(REPO))
from tools.photos import phone_photo  # noqa: E402

NOW = datetime.fromisoformat("2026-11-25T09:00")
ORIGIN = "https://community.harbor.example"
SHOWN = (3000, 4000)  # the phone stored it 4000 x 3000 with the flag "turn me"
TEXT_STORY = """\
---
title: The skate clinic
date: 2026-08-02
communities: [surf]
---

The clinic ran all afternoon.

![Officer Diaz shows a drop-in on the half-pipe](/media/stories/clinic.jpg "At the clinic")

Later the cones went out. ![Orange cones in a row](../media/stories/cones.png)

![A wave](/media/wave.svg) ![A tracker](https://tracker.example/p.jpg)
![The schedule](/media/schedule.pdf)
"""
LEAD_STORY = """\
---
title: Pier day
date: 2026-08-01
image: /media/stories/cones.png
image_alt: Orange cones on the pier.
---

Officers taught casting. ![Officer Diaz shows a drop-in](/media/stories/clinic.jpg)
"""
PAGE = """\
---
title: About us
---

We are the community team.

![Officer Diaz shows a drop-in](/media/stories/clinic.jpg)
"""
WAVE = b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"/>'
PDF = b"%PDF-1.4\n% a schedule\n"


def _files() -> dict[str, str | bytes]:
    return {
        "stories/2026-08-02-clinic.md": TEXT_STORY,
        "stories/2026-08-01-pier.md": LEAD_STORY,
        "pages/about.md": PAGE,
        "media/stories/clinic.jpg": phone_photo(11, SHOWN[::-1]),
        "media/stories/cones.png": png((600, 400)),
        "media/wave.svg": WAVE,
        "media/schedule.pdf": PDF,
    }


def _build(content: Path, target: Path, **speed: Any) -> Path:
    folders = pipeline.Folders(content, REPO / "templates")
    pipeline.build_into(folders, target, now=NOW, **speed)
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("text-pictures")
    return _build(make_site(root, _files()), root / "site", jobs=1)


def _pictures(html: str) -> list[tuple[dict[str, str | None], dict[str, str | None]]]:
    """Each `<picture>` of a page's text: its WebP `<source>` and its `<img>`."""
    text = html.split('<div class="prose">', 1)[1]
    parts = text.split("<picture>")[1:]
    return [(Tags(p).all("source")[0], Tags(p).all("img")[0]) for p in parts]


def _candidates(srcset: str | None) -> list[tuple[str, int]]:
    assert srcset
    pairs = (candidate.split(" ") for candidate in srcset.split(", "))
    return [(path, int(width.removesuffix("w"))) for path, width in pairs]


def test_a_photo_in_the_text_is_offered_in_every_size_made(built: Path) -> None:
    page = (built / "stories/clinic/index.html").read_text()
    (webp, img), (cones_webp, cones) = _pictures(page)
    assert webp["type"] == "image/webp" and webp["sizes"] == img["sizes"] == TEXT_SIZES
    assert (img["width"], img["height"]) == ("3000", "4000")
    assert img["alt"] == "Officer Diaz shows a drop-in on the half-pipe"
    assert img["title"] == "At the clinic"
    assert img["src"] == "/media/stories/clinic-jpg-800w.jpg"
    assert [w for _, w in _candidates(webp["srcset"])] == [400, 800, 1200, 1600]
    assert [w for _, w in _candidates(img["srcset"])] == [400, 800, 1200, 1600]
    assert cones["src"] == "/media/stories/cones.png"  # written relative to the story
    assert [w for _, w in _candidates(cones_webp["srcset"])] == [400, 600]


def test_every_size_offered_exists_at_its_width_and_none_is_upscaled(built: Path) -> None:
    page = (built / "stories/clinic/index.html").read_text()
    for webp, img in _pictures(page):
        largest = int(img["width"] or 0)
        for format, srcset in (("WEBP", webp["srcset"]), (None, img["srcset"])):
            for path, width in _candidates(srcset):
                assert width <= largest, path
                with Image.open(built / path.lstrip("/")) as image:
                    assert image.width == width, path
                    assert format is None or image.format == format, path
                    assert not image.getexif(), path
                    assert set(image.info) <= HARMLESS_INFO, (path, image.info.keys())


def test_no_published_byte_says_where_the_photo_was_taken(built: Path) -> None:
    for path in (p for p in built.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for secret in (b"iPhone 15 Pro", b"F2LXK0QNPF", b"GPSLatitude", b"Exif\0\0"):
            assert secret not in data, (path, secret)


def test_the_first_picture_of_a_page_loads_at_once_and_the_rest_lazily(built: Path) -> None:
    story = Tags((built / "stories/clinic/index.html").read_text().split('"prose"')[1])
    loading = [(img.get("loading"), img.get("fetchpriority")) for img in story.all("img")]
    assert loading[:3] == [("eager", "high"), ("lazy", None), ("lazy", None)]  # photo, cones, wave
    page = Tags((built / "about/index.html").read_text().split('"prose"')[1])
    assert page.all("img")[0]["fetchpriority"] == "high"
    lead = Tags((built / "stories/pier/index.html").read_text())
    pictures = [(img["alt"], img["loading"]) for img in lead.all("img")[1:]]
    assert pictures == [
        ("Orange cones on the pier.", "eager"),
        ("Officer Diaz shows a drop-in", "lazy"),
    ]


def test_remote_pictures_drawings_and_documents_are_left_alone(built: Path) -> None:
    page = (built / "stories/clinic/index.html").read_text()
    assert '<img alt="A tracker" src="https://tracker.example/p.jpg">' in page
    assert '<img alt="The schedule" src="/media/schedule.pdf">' in page
    assert (
        '<img alt="A wave" src="/media/wave.svg" width="120" height="60" '
        'loading="lazy" decoding="async">'
    ) in page
    assert page.count("<picture>") == 2


def test_the_feed_shows_each_picture_as_one_absolute_file_like_the_lead(built: Path) -> None:
    feed = (built / "feed.xml").read_text()
    entry = feed.split("<title>The skate clinic</title>", 1)[1].split("</entry>", 1)[0]
    assert (
        f'&lt;img alt="Officer Diaz shows a drop-in on the half-pipe" '
        f'src="{ORIGIN}/media/stories/clinic-jpg-800w.jpg" title="At the clinic" '
        f'width="800" height="1067"&gt;'
    ) in entry
    assert f'src="{ORIGIN}/media/stories/cones.png" width="600" height="400"&gt;' in entry
    assert f'src="{ORIGIN}/media/wave.svg" width="120" height="60"&gt;' in entry
    for page_only in ("picture", "srcset", "sizes", "loading", "fetchpriority", 'src="/'):
        assert page_only not in entry, page_only


def test_pictures_under_a_base_path_and_with_spaces_in_their_names() -> None:
    photo = Source("/media/skate clinic.jpg", "d", 1000, 750, False)
    html = '<p><img alt="A" src="/police/media/skate clinic.jpg"></p>'
    made = in_text(html, {photo.path: photo}, "/police", first=False)
    assert (
        '<source type="image/webp" srcset="/police/media/skate%20clinic-jpg-400w.webp 400w, '
        "/police/media/skate%20clinic-jpg-800w.webp 800w, "
        '/police/media/skate%20clinic-jpg-1000w.webp 1000w"'
    ) in made
    assert ' src="/police/media/skate%20clinic-jpg-800w.jpg" ' in made
    sized = '<img alt="A" src="/police/media/skate clinic.jpg" width="10">'  # the PIO's choice
    assert in_text(sized, {photo.path: photo}, "/police", first=True) == sized


# --- A picture's file replaced: the caches must see it --------------------------------


def _replace_photo(content: Path) -> None:
    (content / "media/stories/clinic.jpg").write_bytes(phone_photo(12, (900, 1200)))


def _story_picture(site: Path) -> dict[str, str | None]:
    return _pictures((site / "stories/clinic/index.html").read_text())[0][1]


def test_a_replaced_picture_reaches_the_page_through_the_cache(tmp_path: Path) -> None:
    content = make_site(tmp_path, _files())
    cache = tmp_path / ".cache"
    _build(content, tmp_path / "site", jobs=2, cache=cache)
    assert _story_picture(tmp_path / "site")["width"] == "3000"
    _replace_photo(content)
    site = _build(content, tmp_path / "site", jobs=2, cache=cache)
    img = _story_picture(site)
    assert (img["width"], img["height"]) == ("1200", "900")
    assert [w for _, w in _candidates(img["srcset"])] == [400, 800, 1200]
    assert tree(site) == tree(_build(content, tmp_path / "cold", jobs=1))


def test_a_replaced_picture_reaches_the_page_in_the_preview(tmp_path: Path) -> None:
    content = make_site(tmp_path, _files())
    folders = pipeline.Folders(content, REPO / "templates")
    speed, mirror = pipeline.preview_speed(1), output.Mirror(tmp_path / "preview")
    (tmp_path / "preview").mkdir()
    pipeline.preview(folders, mirror, now=NOW, speed=speed)
    assert _story_picture(tmp_path / "preview")["width"] == "3000"
    _replace_photo(content)
    pipeline.preview(folders, mirror, now=NOW, speed=speed)
    img = _story_picture(tmp_path / "preview")
    assert (img["width"], img["height"]) == ("1200", "900")
    with Image.open(tmp_path / "preview/media/stories/clinic-jpg-1200w.webp") as image:
        assert image.size == (1200, 900)
    cold = _build(content, tmp_path / "cold", jobs=1, drafts=True)
    assert tree(tmp_path / "preview") == tree(cold)


# --- In a browser: a phone takes a small WebP ----------------------------------------


@pytest.mark.parametrize(("viewport", "said", "most"), [(390, 358, 400), (1280, 728, 800)])
def test_a_phone_takes_a_small_webp_and_a_desktop_a_sharp_one(
    built: Path, browser: Any, viewport: int, said: int, most: int
) -> None:
    """`said`: the width `TEXT_SIZES` gives at this viewport, in CSS pixels."""
    from browser import SCROLL_TO_END, serve_folder

    with serve_folder(built) as base:
        context = browser.new_context(viewport={"width": viewport, "height": 844})
        page = context.new_page()
        page.goto(base + "stories/clinic/")
        page.evaluate(SCROLL_TO_END, 5000)
        shown = page.evaluate(
            """() => Array.from(document.querySelectorAll('.prose picture img'), (img) =>
                [new URL(img.currentSrc).pathname, img.getBoundingClientRect().width,
                 document.querySelector('.prose').getBoundingClientRect().width])"""
        )
        context.close()
    path, width, column = shown[0]
    assert path.endswith(".webp"), path
    assert width == column  # the photo fills the text column...
    assert column - 1 <= said <= column * 1.2  # ...which `sizes` tells the browser
    with Image.open(built / path.lstrip("/")) as image:
        assert image.format == "WEBP"
        assert width <= image.width <= most and image.width <= 2 * width, (path, width)
