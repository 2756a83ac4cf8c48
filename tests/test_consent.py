"""Photos of children: a story in a `minors: true` community that has pictures must say
whether minors are pictured and, if they are, where the signed releases are kept."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sitefactory import COMMUNITIES_YAML, SITE_YAML, make_site, png

from microsite.content.load import load_site
from microsite.errors import BuildFailed

NOW = datetime.fromisoformat("2026-11-25T09:00")
YOUTH = COMMUNITIES_YAML + "youth:\n  name: Youth\n  description: Explorers.\n  minors: true\n"
PATH = "content/stories/2026-01-01-a.md"
STATE = (
    "(add 'minors_pictured: false' if no one under 18 can be recognised, or "
    "'minors_pictured: true' and 'photo_consent: where the signed releases are kept')"
)
CONSENT = (
    "(add 'photo_consent: ...' naming where the signed releases are kept, "
    "e.g. 'PIO office, releases binder 2026')"
)
PNG = png((40, 30), (200, 80, 20))
LEAD = "image: /media/a.png\nimage_alt: Explorers on the sand."


def story(front: str, body: str = "Text.") -> str:
    return f"---\ntitle: A\ndate: 2026-01-01\n{front}\n---\n\n{body}\n"


def problems(tmp_path: Path, text: str, name: str = "stories/2026-01-01-a.md") -> list[str]:
    files = {"communities.yaml": YOUTH, name: text, "media/a.png": PNG}
    make_site(tmp_path, files)
    try:
        load_site(Path("content"), now=NOW)
    except BuildFailed as failed:
        return [str(e) for e in failed.errors]
    return []


# Run from a throwaway folder: messages name `content/...`, as a PIO sees them.
pytestmark = pytest.mark.usefixtures("in_tmp")


ERRORS = {
    "lead picture, nothing said": (
        story(f"communities: [surf, youth]\n{LEAD}"),
        f"{PATH}:4: minors_pictured: required for pictures in the 'youth' community {STATE}",
    ),
    "picture in the text, nothing said": (
        story("communities: [youth]", "Look: ![Explorers](/media/a.png)"),
        f"{PATH}:4: minors_pictured: required for pictures in the 'youth' community {STATE}",
    ),
    "raw img in the text": (
        story("communities: youth", '<img src="/media/a.png" alt="Explorers">'),
        f"{PATH}:4: minors_pictured: required for pictures in the 'youth' community {STATE}",
    ),
    "pictured, no releases": (
        story(f"communities: [youth]\n{LEAD}\nminors_pictured: true"),
        f"{PATH}:7: photo_consent: required when minors_pictured is true {CONSENT}",
    ),
    # Every way Markdown writes a picture counts: a stricter pattern missed these three,
    # and the child's photo was published with nothing said (review find).
    "alt text over two lines": (
        story("communities: [youth]", "![Kids playing\nat the park](/media/a.png)"),
        f"{PATH}:4: minors_pictured: required for pictures in the 'youth' community {STATE}",
    ),
    "brackets in the alt text": (
        story("communities: [youth]", "![Kids [left] at the park](/media/a.png)"),
        f"{PATH}:4: minors_pictured: required for pictures in the 'youth' community {STATE}",
    ),
    "a picture by reference": (
        story("communities: [youth]", "![kids]\n\n[kids]: /media/a.png"),
        f"{PATH}:4: minors_pictured: required for pictures in the 'youth' community {STATE}",
    ),
    "pictured, no releases, outside a minors community": (
        story(f"communities: [surf]\n{LEAD}\nminors_pictured: true"),
        f"{PATH}:7: photo_consent: required when minors_pictured is true {CONSENT}",
    ),
    "not a yes or no": (
        story(f"communities: [youth]\n{LEAD}\nminors_pictured: maybe"),
        f"{PATH}:7: minors_pictured: expected true or false {STATE}",
    ),
}


@pytest.mark.parametrize("text, expected", ERRORS.values(), ids=ERRORS.keys())
def test_a_youth_story_with_pictures_must_state_consent(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert problems(tmp_path, text) == [expected]


FINE = {
    "no minors pictured": story(f"communities: [youth]\n{LEAD}\nminors_pictured: false"),
    "releases kept": story(
        f"communities: [youth]\n{LEAD}\nminors_pictured: true\nphoto_consent: PIO office binder"
    ),
    "no pictures": story("communities: [youth]"),
    "a community without minors": story(f"communities: [surf]\n{LEAD}"),
}


@pytest.mark.parametrize("text", FINE.values(), ids=FINE.keys())
def test_stories_that_need_no_statement_or_make_it_build(tmp_path: Path, text: str) -> None:
    assert problems(tmp_path, text) == []


def event(more: str) -> str:
    return (
        "- title: Junior lifeguard tryouts\n"
        "  slug: junior-lifeguard-tryouts\n"
        '  start: "2027-03-06 09:00"\n'
        "  location: Redondo Beach Pier\n"
        "  communities: [youth]\n" + more
    )


EVENTS = "events/e.yaml"
EVENT_PICTURE = "  image: /media/a.png\n  image_alt: Explorers on the sand.\n"


def test_a_youth_event_with_a_picture_must_state_consent_too(tmp_path: Path) -> None:
    assert problems(tmp_path, event(EVENT_PICTURE), EVENTS) == [
        f"content/events/e.yaml:5: minors_pictured: required for pictures in the 'youth' "
        f"community {STATE}"
    ]
    in_text = "  description: |\n    Look: ![Explorers](/media/a.png)\n"
    assert problems(tmp_path, event(in_text), EVENTS)[0].startswith(
        "content/events/e.yaml:5: minors_pictured: required"
    )
    stated = EVENT_PICTURE + "  minors_pictured: true\n  photo_consent: PIO office binder\n"
    assert problems(tmp_path, event(stated), EVENTS) == []


def test_a_translation_of_a_youth_story_states_consent_whatever_its_communities(
    tmp_path: Path,
) -> None:
    """A Spanish version with no `communities:` was checked against none, and its picture
    published (review find): its original's communities count."""
    original = story(f"communities: [youth]\n{LEAD}\nminors_pictured: false")
    spanish = "---\ntitle: B\ndate: 2026-01-01\n---\n\n![Niños en el parque](/media/a.png)\n"
    files = {
        "site.yaml": SITE_YAML.replace("title:", "languages: [en, es]\ntitle:", 1),
        "communities.yaml": YOUTH,
        "stories/2026-01-01-a.md": original,
        "stories/2026-01-01-a.es.md": spanish,
        "media/a.png": PNG,
    }
    make_site(tmp_path, files)
    with pytest.raises(BuildFailed) as failed:
        load_site(Path("content"), now=NOW)
    assert [str(e) for e in failed.value.errors if not e.warning] == [
        "content/stories/2026-01-01-a.es.md:1: minors_pictured: required for pictures in the "
        f"'youth' community (its original's, {PATH}) {STATE}"
    ]
