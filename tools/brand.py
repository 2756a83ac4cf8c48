"""The department's badge as a favicon, a phone home-screen icon and a share picture.

Social sites and phones want PNG files, and a share picture should name the
site rather than show a blank card. This draws them from the badge
(`templates/static/icon.svg`) and the site's name in `content/site.yaml`, in
headless Chromium, so the same fonts and colours as the site are used:

    python tools/brand.py                       # content/ and templates/static/
    python tools/brand.py --content my/content --static my/templates/static

Run it again when the site's title or the badge changes, and commit the PNGs.
"""

from __future__ import annotations

import argparse
import base64
import html
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from browser import REPO, launch_chromium

from microsite.content.config import load_settings

NAVY = "#0b2a4a"
GOLD = "#e8a823"
FONT = 'system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif'


@dataclass(frozen=True)
class Drawing:
    """One PNG: its file name, its size in px and the HTML body that draws it."""

    name: str
    width: int
    height: int
    body: str


def drawings(badge: str, title: str, department: str) -> list[Drawing]:
    """The favicon (badge alone), the touch icon (badge on navy) and the share picture."""
    icon = f'<img src="{badge}" alt="" style="width:100%;height:100%">'
    touch = f'<div class="touch"><img src="{badge}" alt=""></div>'
    share = (
        f'<div class="share"><img src="{badge}" alt="">'
        f"<div><p class=title>{html.escape(title)}</p>"
        f"<p class=dept>{html.escape(department)}</p>"
        "<p class=what>Stories, events and ways to meet your officers</p></div></div>"
    )
    return [
        Drawing("favicon.png", 32, 32, icon),
        Drawing("touch-icon.png", 180, 180, touch),
        Drawing("og-default.png", 1200, 630, share),
    ]


STYLE = f"""
html, body {{ margin: 0; background: transparent; font-family: {FONT}; }}
.touch {{ width: 180px; height: 180px; background: {NAVY}; display: grid; place-items: center; }}
.touch img {{ width: 128px; height: 128px; }}
.share {{ box-sizing: border-box; width: 1200px; height: 630px; padding: 0 90px;
  display: flex; align-items: center; gap: 70px; background: {NAVY}; color: #fff;
  border-bottom: 18px solid {GOLD}; }}
.share img {{ width: 260px; height: 260px; flex: none; }}
.share p {{ margin: 0; }}
.title {{ font-size: 58px; font-weight: 700; line-height: 1.1; }}
.dept {{ margin-top: 22px !important; font-size: 36px; color: {GOLD}; font-weight: 700; }}
.what {{ margin-top: 14px !important; font-size: 32px; color: #c9d6e6; }}
"""


def draw(browser: Any, drawing: Drawing, target: Path) -> None:
    """Render one drawing at its exact size, with a transparent background where it has none."""
    tab = browser.new_page(viewport={"width": drawing.width, "height": drawing.height})
    tab.set_content(f"<!DOCTYPE html><style>{STYLE}</style>{drawing.body}", wait_until="load")
    tab.screenshot(path=str(target), omit_background=True)
    tab.close()


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=REPO / "content")
    parser.add_argument("--static", type=Path, default=REPO / "templates" / "static")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    """Read the site's name and badge, draw the three pictures, print where each went."""
    from playwright.sync_api import sync_playwright

    args = parse_args(argv)
    problems: list[Any] = []
    settings = load_settings(args.content / "site.yaml", problems)  # its default language
    if problems:
        print("\n".join(map(str, problems)), file=sys.stderr)
        return 1
    svg = (args.static / "icon.svg").read_bytes()
    badge = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for drawing in drawings(badge, settings.title, settings.department):
                draw(browser, drawing, args.static / drawing.name)
                print(args.static / drawing.name)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
