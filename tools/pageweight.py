"""What a page costs a phone: bytes of HTML, CSS and images Chromium actually loaded.

    python tools/pageweight.py site/ / /stories/skate-park-meetup/ --width 390

The page is loaded at the given width (device pixel ratio 1) and scrolled to
the bottom, so lazy pictures that a reader would reach are counted too. Each
response's body is counted as served (this local server does not compress).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser import launch_chromium, serve_folder


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("paths", nargs="+", help="site paths such as / or /stories/x/")
    parser.add_argument("--width", type=int, default=390)
    return parser.parse_args(argv)


def weigh(page: Any, url: str) -> dict[str, int]:
    """Bytes per resource type for one page load, scrolled to the end."""
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(500)
    page.wait_for_load_state("networkidle")
    sizes: dict[str, int] = defaultdict(int)
    for response in responses:
        if response.status == 200:
            sizes[response.request.resource_type] += len(response.body())
    return dict(sizes)


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    args = parse_args(argv)
    with serve_folder(args.site.resolve()) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for path in args.paths:
            context = browser.new_context(viewport={"width": args.width, "height": 844})
            sizes = weigh(context.new_page(), base + path.lstrip("/"))
            context.close()
            parts = ", ".join(
                f"{kind} {size / 1024:.1f} KB" for kind, size in sorted(sizes.items())
            )
            print(f"{path} at {args.width} px: {sum(sizes.values()) / 1024:.1f} KB ({parts})")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
