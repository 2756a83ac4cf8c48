"""The writing lints in `serve`: the six faults of issue 13, saved into a story in a real browser.

The page on screen grows a panel listing each warning with its line and fix;
the terminal prints a count after the save; the built site never holds the
panel (`test_preview_folder_equals_a_full_drafts_build` compares the files).
"""

from __future__ import annotations

from typing import Any
from urllib.request import urlopen

from pdffactory import make_pdf
from previewserver import get, wait_for
from test_preview import STORY, WAIT_MS, Served, chromium, open_page, served

__all__ = ["chromium", "served"]  # the fixtures, shared with the preview's own tests

SIX_FAULTS = """
The suspect was apprehended after he exited the vehicle.

To see the schedule, [click here](../pages/about.md).

![IMG_1234.jpg](/media/wave.svg)

## What happened

#### Where it was

PLEASE DO NOT PARK on the pier deck.

The [parking flyer](/media/flyer.pdf) has the details.
"""
FAULTS = [
    ("The suspect", "jargon"),
    ("[click here]", "link-text"),
    ("![IMG_1234.jpg]", "alt-text"),
    ("#### Where", "headings"),
    ("PLEASE DO NOT", "capitals"),
    ("[parking flyer]", "pdf"),
]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_six_faults_show_in_a_panel_on_their_page(served: Served, chromium: Any) -> None:
    make_pdf(served.root / "content/media/flyer.pdf", text=False)
    page = open_page(chromium, served.url + "/stories/surf-contest/")
    assert page.locator(".microsite-lints").count() == 0
    story = served.root / STORY
    story.write_text(story.read_text() + SIX_FAULTS)
    panel = page.get_by_role("complementary", name="Writing warnings (preview only)")
    panel.wait_for(timeout=WAIT_MS)
    items = panel.get_by_role("listitem").all_inner_texts()
    text = story.read_text()
    expected = [f"line {line_of(text, needle)} {code}:" for needle, code in FAULTS]
    assert [item.split(": ")[0] + ":" for item in items] == expected
    assert 'Fix: write "arrested" for "apprehended"' in items[0]
    assert "6 writing warnings on this page" in panel.get_by_role("heading").inner_text()
    other = urlopen(served.url + "/about/").read().decode()
    assert "microsite-lints" not in other  # only the page the warnings concern
    _code, out = served.stop()
    assert "surf-contest.md: rebuilt in" in out
    assert "6 warnings in 1 file, shown on their pages (the rest on the home page)." in out


def test_the_panel_goes_when_the_faults_are_fixed(served: Served, chromium: Any) -> None:
    served.edit(STORY, "Officers joined", "PLEASE DO NOT PARK. Officers joined")
    page = open_page(chromium, served.url + "/stories/surf-contest/")
    page.locator(".microsite-lints").wait_for(timeout=WAIT_MS)
    served.edit(STORY, "PLEASE DO NOT PARK. ", "")
    page.locator(".microsite-lints").wait_for(state="detached", timeout=WAIT_MS)
    style = urlopen(served.url + "/__microsite/lints.css")
    assert style.headers["Content-Type"] == "text/css; charset=utf-8"


def test_a_warning_about_a_file_with_no_page_shows_on_the_home_page(served: Served) -> None:
    """A story saved in a folder inside stories/ is not published; its warning went to
    the terminal alone, and the PIO saw only a missing page (review find). It shows on
    the home page and on "not found", with its file named."""
    folder = served.root / "content/stories/2026"
    folder.mkdir()
    (folder / "2026-01-22-sub.md").write_text((served.root / STORY).read_text())

    def shown() -> bool:
        return b"files in folders inside stories/ are not published" in get(served.url + "/")[1]

    wait_for(shown, "the folder's warning on the home page")
    status, missing = get(served.url + "/stories/sub/")
    assert status == 404 and b"<code>content/stories/2026:1</code> ignored: files" in missing
    status, story = get(served.url + "/stories/surf-contest/")
    assert status == 200 and b"files in folders inside" not in story
