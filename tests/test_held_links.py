"""A build showing drafts (the preview) warns at each link the public build will stop on:
the preview shows the linked draft or scheduled story, so the link works there, while
the public build withholds its page and fails, every day until it is out (walkthrough
find)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sitefactory import SITE_YAML, STORY, make_site

from microsite.content.load import load_site
from microsite.errors import BuildFailed

NOW = datetime.fromisoformat("2026-11-25T09:00")
LATER = STORY.replace("date: 2026-08-02", "date: 2026-12-13 10:00").replace(
    "A good story", "Junior surf day"
)
LINKS = "See [the surf day](2026-12-13-junior.md).\n\nAnd [again](/stories/junior/#photos).\n"
WHY = "it is scheduled for 2026-12-13 10:00, so the public site has no such page yet"
HINT = "(the public build stops on this link until then: publish that first, or remove the link)"


# Run from a throwaway folder: messages name `content/...`, as a PIO sees them.
pytestmark = pytest.mark.usefixtures("in_tmp")


def files(linking: str = STORY) -> dict[str, str]:
    body = linking.replace("Officers met surfers at the pier.", LINKS)
    return {"stories/2026-08-02-good.md": body, "stories/2026-12-13-junior.md": LATER}


def test_the_preview_warns_where_the_public_build_stops(tmp_path: Path) -> None:
    make_site(tmp_path, files())
    said = [str(w) for w in load_site(Path("content"), now=NOW, drafts=True)[1]]
    at = "content/stories/2026-08-02-good.md:7: warning: link to"
    assert sorted(said) == [
        f"{at} '2026-12-13-junior.md': {WHY} {HINT}",
        f"{at} '/stories/junior/': {WHY} {HINT}".replace(":7:", ":9:"),
    ]
    with pytest.raises(BuildFailed) as failed:  # the public build, as it always did (its
        load_site(Path("content"), now=NOW)  # site paths are checked once pages are planned)
    assert [e.line for e in failed.value.errors] == [7]


def test_a_draft_linking_a_draft_is_left_alone(tmp_path: Path) -> None:
    draft = STORY.replace("---\n\n", "draft: true\n---\n\n", 1)
    make_site(tmp_path, files(draft))
    assert load_site(Path("content"), now=NOW, drafts=True)[1] == []


def test_a_link_that_falls_back_to_a_public_original_is_left_alone(tmp_path: Path) -> None:
    """A Spanish text's link to `x.md` leads to its Spanish version where there is one, and
    to the English original in the public build while that version is a draft."""
    spanish = STORY.replace("A good story", "Una historia").replace(
        "Officers met surfers at the pier.", "Vea [la otra](2026-12-14-other.md)."
    )
    other = STORY.replace("date: 2026-08-02", "date: 2026-12-14").replace("A good story", "Other")
    draft_es = other.replace("---\n\n", "draft: true\n---\n\n", 1)
    site = {
        "site.yaml": "languages: [en, es]\n" + SITE_YAML,
        "stories/2026-08-02-good.es.md": spanish.replace("date: 2026-08-02", "date: 2026-08-02"),
        "stories/2026-12-14-other.md": other.replace("date: 2026-12-14", "date: 2026-11-14"),
        "stories/2026-12-14-other.es.md": draft_es.replace("date: 2026-12-14", "date: 2026-11-14"),
    }
    make_site(tmp_path, site)
    said = [w for w in load_site(Path("content"), now=NOW, drafts=True)[1] if "public" in w.message]
    assert said == []


def test_a_site_under_a_path_is_warned_alike(tmp_path: Path) -> None:
    """Converted links are written under the base URL's path (`/police/stories/x/`); the
    link as written has none."""
    site = SITE_YAML.replace("https://community.harbor.example", "https://www.city.gov/police")
    make_site(tmp_path, {"site.yaml": site, **files()})
    said = [w.message for w in load_site(Path("content"), now=NOW, drafts=True)[1]]
    assert sorted(said) == [
        f"link to '/stories/junior/#photos': {WHY}",
        f"link to '2026-12-13-junior.md': {WHY}",
    ]
