"""Full-page screenshots of a built site at phone and desktop widths, for people to look at.

Automated gates miss what a glance catches (a cramped header, an image that
swamps a phone), so this makes the pictures a reviewer needs in one command:

    python tools/screenshot.py site/ / /stories/ /events/ --out /tmp/shots
    python tools/screenshot.py site/ --all --dark --out /tmp/shots
    python tools/screenshot.py http://127.0.0.1:8000/ /about/ --out /tmp/shots

A folder is served on 127.0.0.1 for the run; a URL is used as it is.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser import html_pages, launch_chromium, serve_folder, url_path

WIDTHS = (390, 1280)
HEIGHT = 844


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line: a site (folder or URL), the paths to shoot, where to put the PNGs."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", help="a built site folder (served locally) or a base URL")
    parser.add_argument("paths", nargs="*", help="site paths such as / or /stories/ (default: /)")
    parser.add_argument("--out", required=True, type=Path, help="folder for the PNG files")
    parser.add_argument("--all", action="store_true", help="every HTML page of a site folder")
    parser.add_argument("--dark", action="store_true", help="also shoot in dark mode")
    return parser.parse_args(argv)


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


def shoot(browser: Any, base: str, paths: list[str], out: Path, scheme: str) -> list[Path]:
    """Screenshot each path at each width in one colour scheme; return the files written."""
    written = []
    for width in WIDTHS:
        context = browser.new_context(
            viewport={"width": width, "height": HEIGHT}, color_scheme=scheme
        )
        tab = context.new_page()
        for path in paths:
            tab.goto(urljoin(base, path.lstrip("/")), wait_until="load")
            target = out / file_name(path, width, scheme)
            tab.screenshot(path=str(target), full_page=True)
            written.append(target)
        context.close()
    return written


def main(argv: list[str]) -> int:
    """Serve or reach the site, take the screenshots, and print where each one went."""
    from playwright.sync_api import sync_playwright

    args = parse_args(argv)
    paths = chosen_paths(args)
    args.out.mkdir(parents=True, exist_ok=True)
    schemes = ["light", "dark"] if args.dark else ["light"]
    with site_base(args.site) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for scheme in schemes:
                for file in shoot(browser, base, paths, args.out, scheme):
                    print(file)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
