"""How long a PIO waits between saving a story and seeing it in the preview.

For the sample site and for a generated site of N stories, this starts
`python build.py serve`, opens a story in headless Chromium, then saves the
story several times. For each save it times two moments: when the server
first answers the page's URL with the change ("served"), and when the open
browser tab shows it after live reload ("shown"). It prints the median and
the worst of each.

    python bench/preview_latency.py [--stories 1000] [--saves 15]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.request import urlopen

from generate import generate

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from browser import launch_chromium  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, marker: bytes, timeout: float = 30) -> float:
    """Poll the server until the page holds `marker`; the moment it did."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            if marker in urlopen(url, timeout=5).read():
                return time.perf_counter()
        except OSError:
            pass
        time.sleep(0.002)
    raise TimeoutError(f"{url} never showed {marker!r}")


def measure(root: Path, story: Path, slug: str, saves: int, browser: Any) -> dict[str, list[float]]:
    port = free_port()
    command = [sys.executable, str(REPO / "build.py"), "serve", "--port", str(port), "--quiet"]
    server = subprocess.Popen(command, cwd=root)
    url = f"http://127.0.0.1:{port}/stories/{slug}/"
    try:
        wait_for(url, b"</html>")
        page = browser.new_page()
        page.goto(url)
        times: dict[str, list[float]] = {"served": [], "shown": []}
        original = story.read_text()
        for n in range(saves):
            marker = f"Latency marker {n} {time.time_ns()}"
            time.sleep(0.3)  # let the previous reload settle, as between real saves
            saved = time.perf_counter()
            story.write_text(original + f"\n{marker}\n")
            times["served"].append(wait_for(url, marker.encode()) - saved)
            page.get_by_text(marker).wait_for(timeout=30_000)
            times["shown"].append(time.perf_counter() - saved)
        story.write_text(original)
        return times
    finally:
        server.terminate()
        server.wait(timeout=30)


def report(name: str, times: dict[str, list[float]]) -> None:
    for kind, values in times.items():
        ms = [v * 1000 for v in values]
        print(
            f"{name:<22} {kind:<7} median {statistics.median(ms):6.0f} ms   "
            f"worst {max(ms):6.0f} ms   ({len(ms)} saves)"
        )


def sample_site(work: Path) -> tuple[Path, Path, str]:
    shutil.copytree(REPO / "content", work / "content")
    shutil.copytree(REPO / "templates", work / "templates")
    story = next((work / "content/stories").glob("*surf-contest*.md"))
    return work, story, "surf-contest"


def generated_site(work: Path, stories: int) -> tuple[Path, Path, str]:
    content = generate(work, stories)
    story = sorted((content / "stories").glob("*.md"))[stories // 2]
    return work, story, story.stem[11:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--saves", type=int, default=15)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for name, (root, story, slug) in (
            ("sample site", sample_site(Path(tmp) / "sample")),
            (f"{args.stories} stories", generated_site(Path(tmp) / "generated", args.stories)),
        ):
            report(name, measure(root, story, slug, args.saves, browser))
        browser.close()


if __name__ == "__main__":
    main()
