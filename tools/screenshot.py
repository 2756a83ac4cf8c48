"""Full-page screenshots of a built site at phone and desktop widths, for people to look at.

Automated gates miss what a glance catches (a cramped header, an image that
swamps a phone), so this makes the pictures a reviewer needs in one command:

    python tools/screenshot.py site/ / /stories/ /events/ --out /tmp/shots
    python tools/screenshot.py site/ --all --dark --out /tmp/shots
    python tools/screenshot.py http://127.0.0.1:8000/ /about/ --out /tmp/shots
    python tools/screenshot.py site/ --widths 320 390 --out /tmp/shots
    python tools/screenshot.py site/ --readme

A folder is served on 127.0.0.1 for the run; a URL is used as it is. Lazy
pictures are scrolled into loading before each shot. `--readme` remakes the
pictures the READMEs show (docs/screenshots/), small enough to commit: run it
on the sample site, built with `--now 2026-11-25T09:00`, whenever the design
changes.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser import REPO, SCROLL_TO_END, html_pages, launch_chromium, serve_folder, url_path

WIDTHS = (390, 1280)
HEIGHT = 844
LAZY_WAIT_MS = 5000
README_DIR = REPO / "docs" / "screenshots"
COLOURS = 96  # a palette keeps flat pictures and text crisp at a fraction of the bytes


@dataclass(frozen=True)
class Shot:
    """One README picture: a page's first screen at a width, scaled to `scale` of it."""

    name: str
    find: str  # a site path, or a CSS selector on the home page whose link leads to the page
    width: int
    height: int
    scale: float = 1.0


# The home page on a phone and a desktop for the README; each page type, phone-sized,
# for templates/README.md. Pages are found from the home page so new content keeps working.
README_SHOTS = (
    Shot("home-phone", "/", 390, HEIGHT, 0.75),
    Shot("home-desktop", "/", 1280, 900, 0.625),
    Shot("home-dark", "/", 390, HEIGHT, 0.5),
    Shot("stories", "/stories/", 390, HEIGHT, 0.5),
    Shot("story", ".lead__title a", 390, HEIGHT, 0.5),
    Shot("events", "/events/", 390, HEIGHT, 0.5),
    Shot("event", ".next-event a", 390, HEIGHT, 0.5),
    Shot("communities", "/communities/", 390, HEIGHT, 0.5),
    Shot("community", ".community-grid a", 390, HEIGHT, 0.5),
    Shot("page", "/about/", 390, HEIGHT, 0.5),
    Shot("not-found", "/404.html", 390, HEIGHT, 0.5),
)


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line: a site (folder or URL), the paths to shoot, where to put the PNGs."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", help="a built site folder (served locally) or a base URL")
    parser.add_argument("paths", nargs="*", help="site paths such as / or /stories/ (default: /)")
    parser.add_argument("--out", type=Path, help="folder for the PNG files")
    parser.add_argument("--all", action="store_true", help="every HTML page of a site folder")
    parser.add_argument("--dark", action="store_true", help="also shoot in dark mode")
    parser.add_argument(
        "--widths", nargs="+", type=int, default=list(WIDTHS), help="viewport widths in px"
    )
    parser.add_argument(
        "--readme", action="store_true", help=f"remake the README pictures in {README_DIR}"
    )
    args = parser.parse_args(argv)
    if args.out is None and not args.readme:
        parser.error("--out is required (or --readme)")
    return args


@contextmanager
def site_base(site: str) -> Iterator[str]:
    """A base URL for `site`: a folder is served for the duration, a URL passes through."""
    folder = Path(site)
    if folder.is_dir():
        with serve_folder(folder.resolve()) as base:
            yield base
    else:
        with nullcontext(site if site.endswith("/") else site + "/") as base:
            yield base


def chosen_paths(args: argparse.Namespace) -> list[str]:
    """The paths to shoot: every page with --all (folders only), else those named, else `/`."""
    if args.all:
        if not Path(args.site).is_dir():
            sys.exit("--all needs a site folder, not a URL")
        return [url_path(page) for page in html_pages(Path(args.site))]
    return args.paths or ["/"]


def file_name(path: str, width: int, scheme: str) -> str:
    """`/stories/x/` at 390 px -> `stories-x-390.png` (`index` for the home page)."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", path.removesuffix("index.html")).strip("-") or "index"
    suffix = "-dark" if scheme == "dark" else ""
    return f"{stem}-{width}{suffix}.png"


def visit(tab: Any, url: str) -> None:
    """Load a page with its lazy pictures, and scroll back to the top."""
    tab.goto(url, wait_until="load")
    tab.evaluate(SCROLL_TO_END, LAZY_WAIT_MS)
    tab.evaluate("window.scrollTo(0, 0)")


def shoot(
    browser: Any, base: str, paths: list[str], out: Path, scheme: str, widths: list[int]
) -> list[Path]:
    """Screenshot each path at each width in one colour scheme; return the files written."""
    written = []
    for width in widths:
        context = browser.new_context(
            viewport={"width": width, "height": HEIGHT}, color_scheme=scheme
        )
        tab = context.new_page()
        for path in paths:
            visit(tab, urljoin(base, path.lstrip("/")))
            target = out / file_name(path, width, scheme)
            tab.screenshot(path=str(target), full_page=True)
            written.append(target)
        context.close()
    return written


def readme_shot(browser: Any, base: str, shot: Shot) -> Path:
    """One README picture: the first screen only, scaled and reduced to a small palette."""
    from PIL import Image

    scheme = "dark" if shot.name.endswith("-dark") else "light"
    viewport = {"width": shot.width, "height": shot.height}
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    tab = context.new_page()
    path = shot.find
    if not path.startswith("/"):
        visit(tab, base)
        path = urlsplit(tab.eval_on_selector(shot.find, "link => link.href")).path
    visit(tab, urljoin(base, path.lstrip("/")))
    target = README_DIR / f"{shot.name}.png"
    tab.screenshot(path=str(target))
    context.close()
    with Image.open(target) as picture:
        size = (round(shot.width * shot.scale), round(shot.height * shot.scale))
        small = picture.convert("RGB").resize(size, Image.Resampling.LANCZOS)
    small.quantize(COLOURS, dither=Image.Dither.NONE).save(target, optimize=True)
    return target


def main(argv: list[str]) -> int:
    """Serve or reach the site, take the screenshots, and print where each one went."""
    from playwright.sync_api import sync_playwright

    args = parse_args(argv)
    with site_base(args.site) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for file in take(browser, base, args):
                print(file)
        finally:
            browser.close()
    return 0


def take(browser: Any, base: str, args: argparse.Namespace) -> Iterator[Path]:
    """The pictures asked for: the README set, or the paths in each scheme and width."""
    if args.readme:
        README_DIR.mkdir(parents=True, exist_ok=True)
        yield from (readme_shot(browser, base, shot) for shot in README_SHOTS)
        return
    paths = chosen_paths(args)
    args.out.mkdir(parents=True, exist_ok=True)
    for scheme in ["light", "dark"] if args.dark else ["light"]:
        yield from shoot(browser, base, paths, args.out, scheme, args.widths)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
