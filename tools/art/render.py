"""Render the hand-drawn SVG illustrations in tools/art/ to PNG.

Usage (from the repository root):

    python tools/art/render.py

Each `tools/art/NAME.svg` becomes `content/media/stories/NAME.png` at
1200 x 630 pixels, the size social sites use for link previews. Uses
headless Chromium through Playwright; nothing is fetched from the network.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ART = Path(__file__).resolve().parent
OUT = ART.parent.parent / "content" / "media" / "stories"
WIDTH, HEIGHT = 1200, 630
sys.path.insert(0, str(ART.parent.parent / "tests"))
from browser import launch_chromium  # noqa: E402  (the one way this project starts Chromium)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        for svg in sorted(ART.glob("*.svg")):
            html = (
                "<!doctype html><html><head><style>"
                "html,body{margin:0;padding:0;overflow:hidden}"
                "svg{display:block}</style></head><body>"
                + svg.read_text(encoding="utf-8")
                + "</body></html>"
            )
            page.set_content(html)
            target = OUT / (svg.stem + ".png")
            page.screenshot(
                path=str(target), clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT}
            )
            print(f"{target.relative_to(ART.parent.parent)}  {target.stat().st_size // 1024} KB")
        browser.close()


if __name__ == "__main__":
    main()
