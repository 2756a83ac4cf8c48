"""Each writing lint on Markdown a PIO might write: what fires, at which line, and what must not.

Texts go through the real converter (`Conversion` in, `Converted.lints` out),
as in a build; the front-matter lints through `parse_document`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pdffactory import make_pdf

from microsite.content.documents import Rules, parse_document
from microsite.errors import ContentError
from microsite.lints.pdf import verdict
from microsite.lints.readability import Counts, grade, syllables
from microsite.lints.rules import LintRules
from microsite.markdown.conversion import Conversion, LinkTable
from microsite.markdown.convert import Converter

TABLE = LinkTable({}, frozenset({"/media/pier.png", "/media/flyer.pdf"}), {})
CONVERTER = Converter()


def lints(text: str, rules: LintRules | None = None, first_line: int = 1) -> list[str]:
    """`line: code: message` for each lint warning on `text`."""
    request = Conversion(
        text, "s.md", "stories", first_line, "https://x.org", TABLE, rules or LintRules()
    )
    done = CONVERTER(request)
    return [f"{p.line}: {p.message}" for p in done.lints]


def codes(text: str, rules: LintRules | None = None) -> list[str]:
    request = Conversion(text, "s.md", "stories", 1, "https://x.org", TABLE, rules or LintRules())
    return [p.code for p in CONVERTER(request).lints]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officers utilized a ladder.", ['1: jargon: "utilized"']),
        ("He waited in the vicinity of the pier.", ['1: jargon: "in the vicinity of"']),
        ("We prioritize safety and individualized help.", []),  # words, not substrings
        ('She said "the vehicle was blue" to officers.', []),  # quoted speech
        ("“The vehicle sped off,” he said.", []),
        ("> The vehicle sped off.", []),  # a quotation block
        ("Use `vehicle` in code.", []),
        ("The Vehicle Code applies.", ['1: jargon: "Vehicle"']),
        ("Prior\nto the event, we met.", ['1: jargon: "Prior to"']),
        # A line break written as an entity is a space to a reader, not a crash.
        ("Calm.\n\nThe vehicle&#10;left the pier.", ['3: jargon: "vehicle"']),
        ("The vehicle&NewLine;left&#x2028;the pier&#13;at noon.", ['1: jargon: "vehicle"']),
    ],
)
def test_jargon(text: str, expected: list[str]) -> None:
    assert lints(text) == expected


def test_jargon_hint_gives_each_plain_word() -> None:
    request = Conversion(
        "Officers observed an altercation.", "s.md", "stories", 4, "", TABLE, LintRules()
    )
    (warning,) = CONVERTER(request).lints
    assert str(warning) == (
        's.md:4: warning: jargon: "observed", "altercation" '
        '(write "saw" for "observed"; "fight" for "altercation")'
    )
    assert (warning.code, warning.column) == ("jargon", 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[Click here](https://x.org/a) for times.",
            ['1: link-text: "Click here" as link text says nothing'],
        ),
        ("Times are [here](https://x.org/a).", ['1: link-text: "here" as link text says nothing']),
        (
            "Line one.\n\n[Read more…](https://x.org/a)",
            ['3: link-text: "Read more…" as link text says nothing'],
        ),
        (
            'Go <a href="https://x.org/a">this</a> way.',
            ['1: link-text: "this" as link text says nothing'],
        ),
        (
            "See <https://x.org/a> now.",
            ["1: link-text: a bare web address as link text says nothing"],
        ),
        (
            "See [https://x.org/a](https://x.org/a).",
            ["1: link-text: a bare web address as link text says nothing"],
        ),
        ("Read [the pier schedule](https://x.org/a).", []),
        ("Write to <community@x.org>.", []),
    ],
)
def test_link_text(text: str, expected: list[str]) -> None:
    assert lints(text) == expected


@pytest.mark.parametrize(
    ("alt", "expected"),
    [
        ("IMG_1234.jpg", 'the alt text "IMG_1234.jpg" is a file name'),
        ("DSC0042", 'the alt text "DSC0042" is a file name'),
        ("photo", 'the alt text "photo" says only that it is a picture'),
        (
            "Picture of the pier",
            'the alt text "Picture of the pier" says only that it is a picture',
        ),
        ("x" * 151, "the alt text is 151 characters; over 150 is tiring to hear"),
        ("Officer Diaz fits a helmet on a boy at the pier", ""),
    ],
)
def test_alt_text(alt: str, expected: str) -> None:
    found = lints(f"Text.\n\n![{alt}](/media/pier.png)")
    assert found == ([f"3: alt-text: {expected}"] if expected else [])


def test_alt_text_same_as_its_title() -> None:
    found = lints('![The pier at dawn](/media/pier.png "The pier at dawn")')
    assert found == [
        '1: alt-text: the alt text "The pier at dawn" repeats the caption, so a screen reader says it twice'
    ]


def test_headings() -> None:
    text = "# Big\n\nText.\n\n## Fine\n\n#### Skipped\n\n### Back up\n\nSetext\n======\n"
    assert lints(text, first_line=10) == [
        "10: headings: a # heading in the body",
        "16: headings: a level 4 heading right after level 2",
        "20: headings: a # heading in the body",
    ]


def test_headings_start_at_two_and_raw_html_counts() -> None:
    assert lints("### Too deep\n\nText.") == ["1: headings: a level 3 heading right after level 1"]
    assert lints("## Fine\n\n<h4>Raw</h4>") == [
        "3: headings: a level 4 heading right after level 2"
    ]
    assert lints("```\n# not a heading\n```\n\n## Fine") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PLEASE DO NOT PARK here.", ['1: capitals: "PLEASE DO NOT PARK" reads as shouting']),
        ("Join RBPD and CERT at the pier.", []),  # acronyms, not shouting
        ("A DUI checkpoint.", []),
    ],
)
def test_capitals(text: str, expected: list[str]) -> None:
    assert lints(text) == expected


def test_table_without_header_row() -> None:
    text = "Times:\n\n<table><tr><td>8:00</td><td>Juniors</td></tr></table>"
    assert lints(text) == ["3: table-header: a table without a header row"]
    assert lints("| Heat | Time |\n|---|---|\n| Open | 10:30 |") == []


def test_emoji_bullets() -> None:
    assert lints("- 🚓 Patrol\n- 🌊 Surf") == [
        '1: emoji-bullets: "🚓" used as a bullet point',
        '2: emoji-bullets: "🌊" used as a bullet point',
    ]
    assert lints("✅ Bring water\n✅ Bring a hat") == [
        '1: emoji-bullets: "✅" used as a bullet point',
        '2: emoji-bullets: "✅" used as a bullet point',
    ]
    assert lints("Great day at the pier 🌊 for everyone.") == []


def test_long_sentence_names_its_line_and_opening() -> None:
    long = "Word " + " ".join(["word"] * 30) + "."
    assert lints(f"Short one.\n\nIt starts here. {long}") == [
        '3: long-sentence: a sentence of 31 words ("Word word word word word word ...")'
    ]
    assert lints(" ".join(["word"] * 30) + ".") == []


def test_the_same_long_sentence_twice_is_named_at_each_line() -> None:
    """Each was looked for from the paragraph's start, so both named the first's line."""
    long = "Word " + " ".join(["word"] * 30) + "."
    assert lints(f"{long}\n{long}") == [
        '1: long-sentence: a sentence of 31 words ("Word word word word word word ...")',
        '2: long-sentence: a sentence of 31 words ("Word word word word word word ...")',
    ]


def test_jargon_and_bare_links_far_down_a_long_text_are_at_their_lines() -> None:
    """Found without counting line breaks from the top for each (quadratic: 20,000 lines
    took 10 s, fuzzing find), and still at the right line."""
    jargon = "\n".join(
        f"the vehicle{n} went by" if n % 500 else "the vehicle went by" for n in range(2_000)
    )
    found = [line.split(":")[0] for line in lints(jargon) if "jargon" in line]
    assert found == [str(n) for n in range(1, 2_000, 500)]
    links = "".join(f"[here](https://example.com/{n})\n\n" for n in range(40))
    found = [line.split(":")[0] for line in lints(links) if "link-text" in line]
    assert found == [str(n) for n in range(1, 80, 2)]


HARD = (
    "Comprehensive neighborhood revitalization initiatives necessitate collaborative "
    "participation. Municipal administrative departments facilitate communication. "
)
EASY = "We met at the pier. The kids had fun. We had a good day. "


def test_reading_level_names_the_two_hardest_paragraphs() -> None:
    text = "\n\n".join([EASY * 3, HARD * 3, EASY * 3, HARD * 2, EASY * 3])
    (found,) = [p for p in lints(text) if "reading-level" in p]
    assert found.startswith("3: reading-level: reads at grade ")
    assert found.endswith(
        "above the site's target of 9; the hardest paragraphs are at lines 3 and 7"
    )
    assert codes(EASY * 10) == []


def test_reading_level_follows_the_site_target_and_needs_enough_words() -> None:
    text = "\n\n".join([EASY * 8, "The department coordinates volunteer patrols. " * 8])
    assert "reading-level" not in codes(text)
    assert "reading-level" in codes(text, LintRules(reading_grade=2))
    assert "reading-level" not in codes(HARD)  # too short to measure


def test_spanish_is_measured_with_fernandez_huerta() -> None:
    easy = "Fuimos al muelle. Los niños jugaron. Fue un buen día. " * 12
    hard = (
        "La administración municipal coordinará actividades comunitarias interinstitucionales. "
        * 20
    )
    spanish = LintRules(lang="es")
    assert codes(easy, spanish) == []
    assert codes(hard, spanish) == ["reading-level"]
    assert grade_es_matches_formula()


def grade_es_matches_formula() -> bool:
    from microsite.lints.readability import Counts

    counts = Counts(words=100, sentences=10, syllables=180)
    ease = 206.84 - 60 * 1.8 - 1.02 * 10
    return abs(grade(counts, "es") - (4 + (100 - ease) / 10)) < 1e-9


def test_syllables_come_from_the_language_dictionary() -> None:
    assert syllables("community", "en") == 4
    assert syllables("comunidad", "es") == 4


def textstat_for(lang: str) -> Any:
    """textstat, with the same hyphenation the lint uses (one letter allowed at the ends)."""
    from pyphen import Pyphen
    from textstat.textstat import textstatistics

    stats = textstatistics()
    stats.set_lang(lang)
    stats.pyphen = Pyphen(lang=lang, left=1, right=1)
    return stats


PARAGRAPH = (
    "Officers met neighbors at the pier on Saturday morning. They talked about bike "
    "safety and the new crosswalk on Catalina Avenue. Families brought questions and "
    "coffee. Everyone agreed the community meeting should happen every month."
)


def test_counts_and_grades_agree_with_textstat() -> None:
    english, spanish = textstat_for("en_US"), textstat_for("es")
    for word in PARAGRAPH.lower().replace(".", "").split():
        assert syllables(word, "en") == english.syllable_count(word), word
    for word in ["comunidad", "policía", "vecinos", "reunión", "muelle"]:
        assert syllables(word, "es") == spanish.syllable_count(word), word
    words = PARAGRAPH.split()
    counts = Counts(len(words), 4, sum(syllables(w.lower().strip("."), "en") for w in words))
    reference = Counts(
        english.lexicon_count(PARAGRAPH),
        english.sentence_count(PARAGRAPH),
        english.syllable_count(PARAGRAPH),
    )
    assert counts == reference
    # textstat 0.7.4 rounds its averages to one decimal before the formula; the lint does not.
    assert abs(grade(counts, "en") - english.flesch_kincaid_grade(PARAGRAPH)) < 0.2


def test_nothing_runs_that_the_rules_turn_off() -> None:
    text = "The vehicle.\n\n[here](https://x.org)\n\n#### Deep"
    assert codes(text) == ["jargon", "link-text", "headings"]
    assert codes(text, LintRules(on=("headings",))) == ["headings"]


def test_site_jargon_applies_in_any_language() -> None:
    rules = LintRules(jargon=(("en route", "on the way"),), lang="es")
    assert lints("Vamos en route.", rules) == ['1: jargon: "en route"']
    assert lints("The vehicle.", LintRules(lang="es")) == []  # the shipped list is English


def header_problems(front: str, name: str = "2026-01-01-a.md") -> list[ContentError]:
    rules = Rules(ZoneInfo("UTC"), (), frozenset({"/media/pier.png"}), LintRules())
    problems: list[ContentError] = []
    parse_document("stories", name, "a.md", f"---\n{front}---\n\nText.\n", rules, problems)
    return problems


def test_front_matter_lints_point_at_their_keys() -> None:
    found = header_problems(
        "title: OFFICERS SAVE THE DAY\ndate: 2026-01-01\nsummary: Officers apprehended a man.\n"
        "image: /media/pier.png\nimage_alt: photo\n"
    )
    assert [str(p) for p in found] == [
        'a.md:2: warning: capitals: title: "OFFICERS SAVE THE DAY" reads as shouting (write it in sentence case)',
        'a.md:4: warning: jargon: summary: "apprehended" (write "arrested" for "apprehended")',
        'a.md:6: warning: alt-text: image_alt: the alt text "photo" says only that it is a picture '
        "(say what the picture shows, e.g. 'image_alt: Officer Diaz hands a helmet to a boy')",
    ]


def test_front_matter_alt_text_may_not_repeat_the_title() -> None:
    found = header_problems(
        "title: Pier day\ndate: 2026-01-01\nimage: /media/pier.png\nimage_alt: Pier day\n"
    )
    assert [p.code for p in found] == ["alt-text"]


def test_a_title_too_long_for_a_headline_is_warned_at_its_line() -> None:
    """A paragraph pasted into `title:` (or a title grown to one) built without a word."""
    title = ("Officers and neighbors met at the pier " * 3).strip()  # 116 characters
    found = header_problems(f"date: 2026-01-01\ntitle: {title}\n")
    assert [str(p) for p in found] == [
        f"a.md:3: warning: long-title: title: {len(title)} characters; search results show "
        "about 60 (keep it under 100 characters and put the rest in 'summary:')"
    ]
    assert header_problems(f"title: {'Pier day ' * 1250}\ndate: 2026-01-01\n")[0].message == (
        "long-title: title: 11,249 characters; search results show about 60"
    )
    assert header_problems(f"title: {title[:100]}\ndate: 2026-01-01\n") == []
    ignored = f"title: {title}\ndate: 2026-01-01\nlint_ignore: [long-title]\n"
    assert header_problems(ignored) == []


def test_lint_ignore_reaches_the_front_matter_and_the_body() -> None:
    found = header_problems("title: BIG NEWS TODAY\ndate: 2026-01-01\nlint_ignore: [capitals]\n")
    assert found == []


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (
            {"text": False},
            "cannot be read by screen readers: it is untagged, it has no document "
            "language and it has no text layer (a scan)",
        ),
        (
            {"text": True},
            "cannot be read by screen readers: it is untagged and it has no document language",
        ),
        (
            {"text": True, "tagged": True},
            "cannot be read by screen readers: it has no document language",
        ),
        ({"text": True, "tagged": True, "lang": "en-US"}, ""),
        (
            {"text": False, "tagged": True, "lang": "en-US"},
            "cannot be read by screen readers: it has no text layer (a scan)",
        ),
    ],
)
def test_pdf_verdicts(tmp_path: Path, options: dict, expected: str) -> None:
    assert verdict(make_pdf(tmp_path / "flyer.pdf", **options)) == expected


def test_a_broken_pdf_says_so(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 not really")
    assert verdict(broken) == "cannot be opened as a PDF, so screen readers cannot read it either"
