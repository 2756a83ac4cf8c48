"""What the README tells a PIO to type works as it says.

A PIO who copied the README's example story into the file it named replaced
a sample story, and the build then failed: the example was in the youth
community, with a picture, and did not say whether children were in it
(a walkthrough find).
"""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path

from microsite.content.load import load_site

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = re.compile(
    r"copy this into a new file, `content/(stories/[^`]+)`:\n\n```markdown\n(.*?)\n```", re.S
)


def test_the_example_story_is_a_new_file_that_builds_cleanly(tmp_path: Path) -> None:
    found = EXAMPLE.search((REPO / "README.md").read_text(encoding="utf-8"))
    assert found is not None, "the README's example story and its file name"
    rel, text = found.groups()
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    assert not (content / rel).exists()  # copying it replaces nothing of the sample's
    (content / rel).write_text(text + "\n", encoding="utf-8")
    site, warnings = load_site(content, now=datetime(2026, 12, 14, 9))
    assert [str(w) for w in warnings] == []
    assert any(story.path == "/stories/junior-surf-day/" for story in site.stories)
