"""Page fingerprints: equal for equal inputs in any process, different for any difference.

A fingerprint that differs for equal inputs only costs a re-render; one that
is equal for different inputs would leave a stale page live, so the second
kind of test matters most.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from markupsafe import Markup

from microsite.model import Story
from microsite.speed.fingerprint import Fingerprints

REPO = Path(__file__).parent.parent
WHEN = datetime(2026, 7, 4, 18, 30, tzinfo=ZoneInfo("America/Los_Angeles"))


def story(**changes: object) -> Story:
    values: dict[str, object] = dict(
        slug="surf-contest",
        title="Officers paddle out",
        date=WHEN,
        summary="A morning at the pier.",
        body_html="<p>" + "Waves. " * 40 + "</p>",
        source="content/stories/surf-contest.md",
        communities=("pier",),
    )
    values.update(changes)
    return Story(**values)  # type: ignore[arg-type]


def test_equal_values_give_equal_fingerprints_even_when_built_separately() -> None:
    one, two = Fingerprints(), Fingerprints()
    key = ("story.html", story(), {"b": 1, "a": [story()]})
    assert one.of(key) == two.of(("story.html", story(), {"a": [story()], "b": 1}))


def test_any_difference_changes_the_fingerprint() -> None:
    prints = Fingerprints()
    base = prints.of(("story.html", story()))
    variants = [
        ("story.html", story(title="Officers paddle out!")),
        ("story.html", story(body_html="<p>" + "Waves. " * 41 + "</p>")),
        ("story.html", story(communities=("pier", "beach"))),
        ("story.html", story(date=WHEN.replace(minute=31))),
        ("story.html", story(image=None, draft=True)),
        ("page.html", story()),
        ("story.html", story(), None),
    ]
    assert len({base, *(prints.of(v) for v in variants)}) == len(variants) + 1


def test_nesting_and_kinds_of_text_cannot_be_confused() -> None:
    prints = Fingerprints()
    spellings = [
        ("ab", "c"),
        ("a", "bc"),
        (("ab",), "c"),
        ("ab", ("c",)),
        (Markup("<b>x</b>"),),
        ("<b>x</b>",),
        (1,),
        ("1",),
        (None,),
        ("None",),
    ]
    assert len({prints.of(s) for s in spellings}) == len(spellings)


def test_dates_differ_by_every_field_zone_and_fold() -> None:
    """Dates and times are spelt from their pickled state and their zone, not `repr`: every
    difference `repr` shows must still tell them apart."""
    prints = Fingerprints()
    ambiguous = datetime(2026, 11, 1, 1, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    moments = [
        (WHEN,),
        (WHEN.replace(second=1),),
        (WHEN.replace(microsecond=1),),
        (WHEN.replace(tzinfo=None),),
        (WHEN.replace(tzinfo=ZoneInfo("America/Denver")),),
        (WHEN.replace(tzinfo=timezone(timedelta(hours=-7))),),
        (WHEN.replace(tzinfo=timezone(timedelta(hours=-7), "PDT")),),
        (WHEN.replace(tzinfo=UTC),),
        (ambiguous,),
        (ambiguous.replace(fold=1),),
        (WHEN.date(),),
        (WHEN.date(), None),
        (date(2026, 7, 5),),
        (repr(WHEN),),
    ]
    assert len({prints.of(m) for m in moments}) == len(moments)
    assert prints.of((WHEN,)) == Fingerprints().of((WHEN.replace(),))


@dataclass(frozen=True)
class Cached:
    value: str
    note: str = field(default="", compare=False)


def test_fields_left_out_of_comparison_are_left_out_of_the_fingerprint() -> None:
    prints = Fingerprints()
    assert prints.of(Cached("x", "one")) == prints.of(Cached("x", "two"))
    assert prints.of(Cached("x")) != prints.of(Cached("y"))


def test_a_model_object_changed_in_place_is_not_mistaken_for_its_old_self() -> None:
    """Objects are remembered by identity, so a new object at a reused id must be digested anew."""
    prints = Fingerprints()
    first = prints.of(story(title="One"))  # the story is freed after this line
    assert prints.of(story(title="Two")) != first


def test_fingerprints_are_the_same_in_another_process() -> None:
    code = (
        "from tests.test_fingerprint import story; from microsite.speed.fingerprint import Fingerprints;"
        "print(Fingerprints().of(('story.html', story(), {'x': 1, 'y': (2, 'three')})))"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={"PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(runs) == 1
    assert runs == {Fingerprints().of(("story.html", story(), {"x": 1, "y": (2, "three")})) + "\n"}


@dataclass(frozen=True)
class Part:
    """A model object that can be watched with a weak reference (the site's own have slots)."""

    name: str


def test_a_value_digested_whole_is_not_kept_but_its_parts_are() -> None:
    """A page's job is digested once per build: remembering each would keep every job
    alive to the end. The models inside it are remembered (and kept alive, so that no
    other object can take the id a remembered digest is filed under)."""
    import gc
    import weakref

    prints = Fingerprints()
    whole, part = Part("whole"), Part("inside")
    digest = prints.of(whole)
    inside = prints.of(("list.html", (part,)))
    gone, kept = weakref.ref(whole), weakref.ref(part)
    del whole, part
    gc.collect()
    assert gone() is None
    assert kept() is not None
    assert prints.of(Part("whole")) == digest  # the same content, a new object: the same digest
    assert prints.of(("list.html", (Part("inside"),))) == inside
