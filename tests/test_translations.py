"""Translations as a PIO writes them: file names, per-language fields, what is checked.

Throwaway sites with `languages: [en, es]`; each problem must name the file
and line, and the built pages must pair each story with its translation.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sitefactory import SITE_YAML, STORY, make_site, problems_for

from microsite import pipeline, scaffold
from microsite.content.load import load_site
from microsite.errors import ContentError
from microsite.model import Event, Repeat
from microsite.output import Memory
from microsite.render.localdates import long_date, month_label, repeat_text, when

NOW = datetime.fromisoformat("2026-11-25T09:00")
REPO = Path(__file__).parent.parent
TEMPLATES = REPO / "templates"
TZ = ZoneInfo("America/Los_Angeles")
BILINGUAL = "languages: [en, es]\n" + SITE_YAML
SPANISH_STORY = STORY.replace("A good story", "Una buena historia").replace(
    "Officers met surfers at the pier.", "Los agentes conocieron a surfistas en el muelle."
)


def spanish_saying(body: str) -> str:
    """The Spanish story with `body` for its text (from line 7)."""
    return SPANISH_STORY.replace("Los agentes conocieron a surfistas en el muelle.", body)


def from_the_other_side() -> list[ContentError]:
    """The warnings of links to the default language's side from a text in another."""
    return [w for w in load_site(Path("content"), now=NOW)[1] if "from a text in" in str(w)]


def built(root: Path, files: dict[str, str]) -> dict[str, str]:
    """The site made of `files`, built in memory: output path -> text."""
    make_site(root, {"site.yaml": BILINGUAL, **files})
    memory = Memory()
    folders = pipeline.Folders(root / "content", TEMPLATES)
    pipeline.build(folders, memory.write, now=NOW)
    return {name: data.decode() for name, data in memory.files.items()}


def test_a_file_in_a_language_the_site_lacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    french = STORY.replace("Officers met surfers at the pier.", "Les agents et les surfeurs.")
    problems = problems_for(
        tmp_path, {"site.yaml": BILINGUAL, "stories/2026-08-02-good.fr.md": french}
    )
    assert problems == [
        "content/stories/2026-08-02-good.fr.md:1: language 'fr' is not one of the site's "
        "languages (en, es) (add it to 'languages:' in site.yaml, or correct the language code)"
    ]


def test_a_language_without_a_catalog_builds_with_a_warning_at_languages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """French pages would say `lang="fr"` and show English buttons: the PIO hears of it."""
    monkeypatch.chdir(tmp_path)
    make_site(tmp_path, {"site.yaml": "languages: [en, fr]\n" + SITE_YAML})
    _, warnings = load_site(Path("content"), now=NOW)
    assert [str(w) for w in warnings] == [
        "content/site.yaml:1: warning: languages: microsite's menus and buttons are not "
        "translated into 'fr' yet, so its pages will show them in English, marked for screen readers (see 'Adding a "
        "language' in docs/TRANSLATIONS.md: it takes one file)"
    ]


def test_a_catalog_in_a_region_folder_is_named_in_the_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`pybabel init -l fr_FR` makes locale/fr_FR/, where no page finds it: the warning
    said only "not translated" (fuzzing find)."""
    import shutil

    import microsite.catalogs

    locale = tmp_path / "locale"
    shutil.copytree(microsite.catalogs.LOCALE, locale)
    shutil.copytree(locale / "es", locale / "fr_FR")
    monkeypatch.setattr(microsite.catalogs, "LOCALE", locale)
    monkeypatch.chdir(tmp_path)
    make_site(tmp_path, {"site.yaml": "languages: [en, fr]\n" + SITE_YAML})
    _, warnings = load_site(Path("content"), now=NOW)
    [warning] = [str(w) for w in warnings]
    assert warning.endswith("(its catalog is in microsite/locale/fr_FR/: rename that folder fr)")


@pytest.mark.parametrize("site_yaml", ["languages: [en, tl]\n", "language: xx\n"])
def test_a_language_babel_does_not_know_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site_yaml: str
) -> None:
    monkeypatch.chdir(tmp_path)
    problems = problems_for(tmp_path, {"site.yaml": site_yaml + SITE_YAML})
    code, key = ("tl", "languages") if "tl" in site_yaml else ("xx", "language")
    meant = "did you mean fil (Tagalog)? " if code == "tl" else ""
    assert problems == [
        f"content/site.yaml:1: {key}: no dates or numbers can be written in '{code}' "
        f"({meant}use the language's ISO 639 code, for example fil for Tagalog)"
    ]


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("vn", "no dates or numbers can be written in 'vn' (did you mean vi (Vietnamese)? "),
        ("zh-Hant", "'zh-Hant' names a script or region, which microsite cannot use "
         "(use the language alone, zh: one version per language)"),
        ("es-MX", "'es-MX' names a script or region"),
        ("VI", "'VI' is not a language code (use the language's code in lowercase"),
    ],
)  # fmt: skip
def test_a_near_miss_language_code_says_what_was_meant(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str, said: str
) -> None:
    monkeypatch.chdir(tmp_path)
    problems = problems_for(tmp_path, {"site.yaml": f"languages: [en, {code}]\n" + SITE_YAML})
    errors = [problem for problem in problems if ": warning: " not in problem]
    assert len(errors) == 1 and said in errors[0]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("stories/2026-08-02-good.sp.md", SPANISH_STORY),
        ("stories/2026-08-02-good.se.md", SPANISH_STORY),
        ("stories/2026-08-02-good.mx.md", SPANISH_STORY),
        ("events/e.yaml", "- title: {en: Coffee, spa: Café}\n  start: 2026-12-01\n  location: Pier\n"),
    ],
)  # fmt: skip
def test_a_code_written_for_spanish_that_is_not_its_code_is_told_es(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str
) -> None:
    """`.sp.md`, `{se: ...}`: the hint said only to add the language to site.yaml (review
    find). A shorthand, a country's code, a longer code or swapped letters name `es`."""
    monkeypatch.chdir(tmp_path)
    found = problems_for(tmp_path, {"site.yaml": BILINGUAL, name: text})
    said = [p for p in found if "is not one of the site's languages" in p]
    assert len(said) == 1 and said[0].endswith("(did you mean 'es'? it is the code for Spanish)")


def test_an_original_and_its_translation_in_the_default_language_say_why_they_clash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`languages: [es, en]` makes `good.md` Spanish too: the hint names the order, not slugs."""
    monkeypatch.chdir(tmp_path)
    files = {
        "site.yaml": "languages: [es, en]\n" + SITE_YAML,
        "stories/2026-08-02-good.es.md": SPANISH_STORY,
    }
    assert problems_for(tmp_path, files) == [
        "content/stories/2026-08-02-good.md:2: the address /stories/good/ is already used by "
        "content/stories/2026-08-02-good.es.md:2 (both are in 'es', the first of 'languages:' "
        "in site.yaml: a file without a language in its name is in that one; list the "
        "languages in the order you mean)"
    ]


def test_a_text_in_a_language_the_site_lacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    communities = "surf:\n  name:\n    en: Surf\n    fr: Surf\n  description: Surfers.\nmusic:\n  name: Music\n"
    problems = problems_for(tmp_path, {"site.yaml": BILINGUAL, "communities.yaml": communities})
    assert [p.split(" (add")[0] for p in problems] == [
        "content/communities.yaml:4: language 'fr' is not one of the site's languages (en, es)"
    ]


@pytest.mark.parametrize("name", ["2026-08-02-good.ES.md", "2026-08-02-good.es.es.md"])
def test_a_translation_named_a_little_wrong_is_told_its_right_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """The hint asked for a slug like 'good-es', which makes an English story, not the
    Spanish version that was meant (fuzzing find)."""
    monkeypatch.chdir(tmp_path)
    problems = problems_for(tmp_path, {"site.yaml": BILINGUAL, f"stories/{name}": SPANISH_STORY})
    assert [p.split(" (")[1] for p in problems] == [
        "a translation is named NAME.es.md: rename it 2026-08-02-good.es.md)"
    ]


def test_a_language_code_in_capitals_is_named_in_lower_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    communities = "surf:\n  name:\n    en: Surf\n    ES: Surf\n  description: Surfers.\n"
    problems = problems_for(tmp_path, {"site.yaml": BILINGUAL, "communities.yaml": communities})
    assert problems == [
        "content/communities.yaml:4: language 'ES' is not one of the site's languages (en, es) "
        "(did you mean 'es'? language codes are written in lower case)"
    ]


def test_a_text_without_its_default_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    communities = "surf:\n  name: {es: Surf}\n  description: Surfers.\nmusic:\n  name: Music\n"
    problems = problems_for(tmp_path, {"site.yaml": BILINGUAL, "communities.yaml": communities})
    assert problems == [
        "content/communities.yaml:2: name: needs the text in en "
        "(add 'en: ...': other languages fall back to it)"
    ]


def test_a_translation_with_another_date_or_communities_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    other = SPANISH_STORY.replace("date: 2026-08-02", "date: 2026-08-03").replace(
        "[surf]", "[music]"
    )
    make_site(tmp_path, {"site.yaml": BILINGUAL, "stories/2026-08-02-good.es.md": other})
    _, warnings = load_site(Path("content"), now=NOW)
    assert [str(w).split(") (")[0] + ")" for w in warnings] == [
        "content/stories/2026-08-02-good.es.md:3: warning: date differs from the original's "
        "(content/stories/2026-08-02-good.md)",
        "content/stories/2026-08-02-good.es.md:4: warning: communities differ from the "
        "original's (content/stories/2026-08-02-good.md)",
    ]


def test_a_translation_that_says_otherwise_about_minors_in_the_picture_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same photo, "minors pictured, consent in the binder" in English and "no minors"
    in Spanish: one of the two is wrong (fuzzing find)."""
    monkeypatch.chdir(tmp_path)
    picture = "image: /media/wave.svg\nimage_alt: Waves at the pier.\n"
    said = picture + "minors_pictured: true\nphoto_consent: PIO binder 2026\n"
    original = STORY.replace("---\n\n", said + "---\n\n", 1)
    spanish_picture = picture.replace("Waves at the pier.", "Olas en el muelle.")
    spanish = SPANISH_STORY.replace(
        "---\n\n", spanish_picture + "minors_pictured: false\n---\n\n", 1
    )
    files = {"stories/2026-08-02-good.md": original, "stories/2026-08-02-good.es.md": spanish}
    wave = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>'
    make_site(tmp_path, {"site.yaml": BILINGUAL, "media/wave.svg": wave, **files})
    _, warnings = load_site(Path("content"), now=NOW)
    assert [str(w).split(" (a translation")[0] for w in warnings] == [
        "content/stories/2026-08-02-good.es.md:7: warning: minors_pictured differs from the "
        "original's (content/stories/2026-08-02-good.md), for the same picture"
    ]


def test_a_translation_is_published_under_es_and_paired(tmp_path: Path) -> None:
    files = built(tmp_path, {"stories/2026-08-02-good.es.md": SPANISH_STORY})
    spanish = files["es/stories/good/index.html"]
    assert '<html lang="es">' in spanish and "Una buena historia" in spanish
    assert (
        '<link rel="alternate" hreflang="en" href="https://community.harbor.example/stories/good/">'
        in spanish
    )
    assert (
        'hreflang="es" href="https://community.harbor.example/es/stories/good/"'
        in files["stories/good/index.html"]
    )
    assert "Una buena historia" not in files["stories/index.html"]  # each side lists its own


def test_a_machine_translation_says_so_and_links_to_the_original(tmp_path: Path) -> None:
    machine = SPANISH_STORY.replace("---\n\n", "translation: machine\n---\n\n", 1)
    spanish = built(tmp_path, {"stories/2026-08-02-good.es.md": machine})[
        "es/stories/good/index.html"
    ]
    assert "Esta página fue traducida automáticamente" in spanish
    assert '<a href="/stories/good/" hreflang="en">Lea el original</a>' in spanish


def test_an_alert_left_in_english_is_marked_english_in_its_short_form_too(
    tmp_path: Path,
) -> None:
    """Phones show the alert's one-line form: its English words were read in a Spanish
    voice, unmarked, while the full form marked them (fuzzing find)."""
    alert = (
        "alert:\n  title: Pier closed at high tide\n  message: {en: Stay off the rocks., "
        'es: No se suba a las rocas.}\n  level: info\n  expires: "2026-11-30 18:00"\n'
    )
    files = built(tmp_path, {"site.yaml": BILINGUAL + alert})
    short = files["es/index.html"].split("<summary>")[1].split("</summary>")[0]
    assert '<span lang="en">Pier closed at high tide</span>' in short
    english = files["index.html"]
    assert "<summary><span><strong>Notice:</strong> Pier closed at high tide</span>" in english


def test_a_page_without_a_translation_is_still_linked_from_the_other_side(
    tmp_path: Path,
) -> None:
    """A Spanish side lost its links to the privacy and about pages when they were not
    translated; they lead to the English pages, marked English (fuzzing find)."""
    privacy = "---\ntitle: Privacy\n---\n\nWe keep no data.\n"
    about = "---\ntitle: About us\nnav: 1\n---\n\nWho we are.\n"
    files = built(tmp_path, {"pages/privacy.md": privacy, "pages/about.md": about})
    spanish = files["es/index.html"]
    footer = spanish.split('<nav aria-labelledby="footer-about">')[1].split("</nav>")[0]
    assert '<a href="/privacy/" lang="en" hreflang="en">Privacy</a>' in footer
    menu = spanish.split('<nav class="site-nav"')[1].split("</nav>")[0]
    assert '<a href="/about/" lang="en" hreflang="en">About us</a>' in menu
    assert not any(name.startswith(("es/privacy", "es/about")) for name in files)
    assert 'hreflang="en"' not in files["index.html"].split('<nav class="site-nav"')[1]


def test_a_translation_whose_original_is_not_published_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A draft's translation published what its author held back, and a machine
    translation with no original linked "Read the original" to itself (fuzzing find)."""
    monkeypatch.chdir(tmp_path)
    machine = SPANISH_STORY.replace("---\n\n", "translation: machine\n---\n\n", 1)
    draft = STORY.replace("---\n\n", "draft: true\n---\n\n", 1)
    files = {
        "stories/2026-08-02-good.md": draft,
        "stories/2026-08-02-good.es.md": machine,
        "stories/2026-07-01-solo.es.md": machine.replace("date: 2026-08-02", "date: 2026-07-01"),
    }
    make_site(tmp_path, {"site.yaml": BILINGUAL, **files})
    folders = pipeline.Folders(Path("content"), TEMPLATES)
    memory = Memory()
    result = pipeline.build(folders, memory.write, now=NOW)
    assert [str(w) for w in result.warnings if "original" in w.message] == [
        "content/stories/2026-07-01-solo.es.md:1: warning: translation: machine, but there is "
        "no original beside it to link to (add the original as stories/2026-07-01-solo.md, "
        "or delete 'translation: machine')",
        "content/stories/2026-08-02-good.es.md:1: warning: its original "
        "(content/stories/2026-08-02-good.md) is not published: it is a draft (publish the "
        "original too, or make this translation a draft as well)",
    ]
    for name in ("es/stories/good/index.html", "es/stories/solo/index.html"):
        page = memory.files[name].decode()
        assert "Esta página fue traducida automáticamente, así que puede contener errores." in page
        assert "Lea el original" not in page


def test_only_a_translation_can_be_a_machine_translation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    machine = STORY.replace("---\n\n", "translation: machine\n---\n\n", 1)
    problems = problems_for(
        tmp_path, {"site.yaml": BILINGUAL, "stories/2026-08-02-good.md": machine}
    )
    assert problems == [
        "content/stories/2026-08-02-good.md:5: translation: this file is the original, "
        "not a translation (put it in the translated file, e.g. about.es.md)"
    ]


LANGUAGE_TRACES = re.compile(r"language-switch|languages\.css|hreflang|og:locale:alternate")


def published(content: Path, target: Path) -> dict[str, str]:
    """`content` built into `target` as `build` does it: every file published, as text."""
    pipeline.build_into(pipeline.Folders(content, TEMPLATES), target, now=NOW, jobs=1)
    return {
        p.relative_to(target).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(target.rglob("*"))
        if p.is_file() and p.suffix in {".html", ".css", ".xml", ".ics"}
    }


def test_a_one_language_site_carries_no_trace_of_languages(tmp_path: Path) -> None:
    """The basic fixture site (the golden test's): no switcher, no stylesheet for it, no
    rule or selector for it in any CSS, no alternates, no /es/, no `lang` but the page's."""
    files = published(REPO / "tests/sites/basic", tmp_path / "site")
    assert "static/site.css" in files and "stories/surf-contest/index.html" in files
    assert [name for name in files if name.startswith("es/") or "languages" in name] == []
    assert {name for name, text in files.items() if LANGUAGE_TRACES.search(text)} == set()
    pages = {name: text for name, text in files.items() if name.endswith(".html")}
    assert {name for name, text in pages.items() if text.count(' lang="') != 1} == set()


def test_a_two_language_site_publishes_and_links_the_switchers_stylesheet(
    tmp_path: Path,
) -> None:
    make_site(tmp_path, {"site.yaml": BILINGUAL, "stories/2026-08-02-good.es.md": SPANISH_STORY})
    files = published(tmp_path / "content", tmp_path / "site")
    assert ".language-switch a" in files["static/languages.css"]
    assert "language-switch" not in files["static/site.css"]
    for name in ("index.html", "es/index.html", "stories/good/index.html", "es/404.html"):
        assert '<link rel="stylesheet" href="/static/languages.css">' in files[name], name
        assert '<nav class="language-switch"' in files[name], name


SERIES = """\
- title: {en: Coffee with a Cop, es: Café con un policía}
  slug: coffee
  start: "2026-12-01 08:00"
  location: Harbor cafe
  repeat: {every: month, on: first tuesday}
  description: Coffee and questions.
  changes:
    - date: 2027-01-05
      status: cancelled
      note: {en: Closed for repairs., es: Cerrado por reparaciones.}
    - date: 2027-02-02
      location: {en: Harbor library, es: Biblioteca del puerto}
      note: Moved for the book fair.
"""


def test_a_series_change_is_translated_like_its_event(tmp_path: Path) -> None:
    """A change's note and place may be given per language; those not given fall back to
    the default language, marked as such, like every other text of an event."""
    files = built(tmp_path, {"events/series.yaml": SERIES})
    spanish, english = files["es/events/coffee/index.html"], files["events/coffee/index.html"]
    assert '<p class="event-dates__note">Cerrado por reparaciones.</p>' in spanish
    assert "<br>Lugar: Biblioteca del puerto" in spanish
    assert '<p class="event-dates__note" lang="en">Moved for the book fair.</p>' in spanish
    assert '<div class="prose" lang="en">' in spanish  # the description has no Spanish
    assert '<span lang="en">Harbor cafe</span>' in files["es/events/index.html"]
    assert '<p class="event-dates__note">Closed for repairs.</p>' in english
    assert "<br>At Harbor library" in english and 'lang="en"' not in english.split("<body>")[1]
    assert "Cerrado por reparaciones." in files["es/events.ics"]


def test_a_change_text_in_a_language_the_site_lacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    series = SERIES.replace("es: Cerrado", "fr: Cerrado")
    problems = problems_for(tmp_path, {"site.yaml": BILINGUAL, "events/series.yaml": series})
    assert [p.split(" (add")[0] for p in problems] == [
        "content/events/series.yaml:10: language 'fr' is not one of the site's languages (en, es)"
    ]


def test_new_story_in_spanish(tmp_path: Path) -> None:
    content = make_site(tmp_path, {"site.yaml": BILINGUAL})
    path = scaffold.new_story(content, "Título de prueba", [], NOW, "es")
    assert path.name == "2026-11-25-titulo-de-prueba.es.md"
    with pytest.raises(scaffold.ScaffoldError, match="'fr' is not one of the site's languages"):
        scaffold.new_story(content, "X", [], NOW, "fr")


def test_new_story_translate_keeps_the_original_fields(tmp_path: Path) -> None:
    content = make_site(tmp_path, {"site.yaml": BILINGUAL})
    path = scaffold.translate_story(content, "2026-08-02-good.md")
    assert path == content / "stories" / "2026-08-02-good.es.md"
    text = path.read_text()
    assert 'title: "A good story"  # translate' in text
    assert 'date: "2026-08-02"' in text and 'communities: ["surf"]' in text
    assert "draft: true" in text and "Officers met surfers at the pier." in text
    _, warnings = load_site(content, now=NOW, drafts=True)
    assert warnings == []  # same date and communities: paired cleanly


@pytest.mark.parametrize(
    ("languages", "hint"),
    [
        ("[en, es]", "(open it to go on writing it)"),
        ("[en, es, vi]", "(open it to go on writing it, or give the new one another language with --lang vi)"),
    ],
)  # fmt: skip
def test_translating_twice_says_what_else_can_be_done(
    tmp_path: Path, languages: str, hint: str
) -> None:
    """On a two-language site the hint offered `--lang` for a language there is none of
    (review find); with a third language still untranslated, it names it."""
    site = f"languages: {languages}\n" + SITE_YAML
    content = make_site(tmp_path, {"site.yaml": site})
    scaffold.translate_story(content, "2026-08-02-good.md", "es")
    with pytest.raises(scaffold.ScaffoldError) as refused:
        scaffold.translate_story(content, "2026-08-02-good.md", "es")
    assert str(refused.value).endswith(f"already exists; nothing was changed {hint}")


def test_translating_a_story_named_without_md_says_its_file_name(tmp_path: Path) -> None:
    """A story's name without `.md` (as a link leaves it out of the address) was not found,
    with no word of why (walkthrough find)."""
    content = make_site(tmp_path, {"site.yaml": BILINGUAL})
    with pytest.raises(scaffold.ScaffoldError) as refused:
        scaffold.translate_story(content, "2026-08-02-good")
    assert str(refused.value) == (
        "--translate: no story or page named '2026-08-02-good' (did you mean "
        "'2026-08-02-good.md'? a file's name ends in .md)"
    )


# --- Spanish dates, as docs/SPANISH.md says ---------------------------------------------


def event(start: date | datetime, end: date | datetime | None = None) -> Event:
    return Event("x", "X", start, "Y", "events/x.yaml", end=end, tz=TZ)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (
            event(at("2026-12-05 09:00"), at("2026-12-05 10:30")),
            "sábado 5 de diciembre de 2026, de 9 a 10:30 a. m.",
        ),
        (
            event(at("2026-12-05 11:00"), at("2026-12-05 13:00")),
            "sábado 5 de diciembre de 2026, de 11 a. m. a 1 p. m.",
        ),
        (
            event(at("2026-12-05 10:00"), at("2026-12-05 12:00")),
            "sábado 5 de diciembre de 2026, de 10 a. m. a mediodía",
        ),
        (event(at("2026-12-05 13:00")), "sábado 5 de diciembre de 2026, a la 1 p. m."),
        (event(at("2026-12-05 18:30")), "sábado 5 de diciembre de 2026, a las 6:30 p. m."),
        (event(date(2026, 12, 5)), "sábado 5 de diciembre de 2026 (todo el día)"),
        (
            event(date(2026, 12, 12), date(2026, 12, 14)),
            "del sábado 12 al lunes 14 de diciembre de 2026",
        ),
        (
            event(date(2026, 12, 31), date(2027, 1, 1)),
            "del jueves 31 de diciembre de 2026 al viernes 1 de enero de 2027",
        ),
    ],
)
def test_spanish_when(item: Event, expected: str) -> None:
    assert when(item, "es").replace("\u00a0", " ") == expected


def test_spanish_dates_months_and_rules() -> None:
    assert long_date(date(2026, 9, 19), "es", weekday=False) == "19 de septiembre de 2026"
    assert month_label(2027, 1, "es") == "Enero de 2027"
    rule = Repeat("monthly", nth=1, weekdays=(1,), until=date(2027, 6, 30))
    assert (
        repeat_text(rule, date(2026, 10, 6), "es")
        == "Cada mes, el primer martes, hasta el 30 de junio de 2027"
    )
    assert repeat_text(Repeat("weekly", interval=2, weekdays=(5, 6)), date(2026, 10, 3), "es") == (
        "Cada 2 semanas, los sábados y domingos"
    )
    assert long_date(date(2026, 12, 5), "en") == "Saturday, Dec. 5, 2026"  # English stays AP


@pytest.mark.parametrize(
    ("rule", "english", "spanish"),
    [
        (Repeat("weekly", count=4), "Every week on Wednesday, 4 times", "Cada semana, los miércoles, 4 veces"),
        (Repeat("monthly", count=3), "Every month on day 2, 3 times", "Cada mes, el día 2, 3 veces"),
        (Repeat("yearly"), "Every year on day 2 of December", "Cada año, el día 2 de diciembre"),
        (Repeat("daily", count=3), "Every day, 3 times", "Cada día, 3 veces"),
    ],
)  # fmt: skip
def test_a_rule_without_on_says_the_day_its_start_gives(
    rule: Repeat, english: str, spanish: str
) -> None:
    """`every: week` with no `on:` repeats on its start's weekday; its page said only
    "Every week", so a reader could not tell which day (review find)."""
    start = datetime(2026, 12, 2, 10, 0, tzinfo=TZ)  # a Wednesday
    assert (repeat_text(rule, start, "en"), repeat_text(rule, start, "es")) == (english, spanish)


def test_a_published_translation_still_in_the_original_words_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`new story --translate` copies the words to write over; deleting `draft: true` alone
    published English under `lang="es"` (fuzzing find). A draft is left alone."""
    monkeypatch.chdir(tmp_path)
    content = make_site(tmp_path, {"site.yaml": BILINGUAL})
    stub = scaffold.translate_story(content, "2026-08-02-good.md")
    text = stub.read_text().replace("draft: true  # delete when the translation is ready\n", "")
    stub.write_text(text.replace("A good story", "Una buena historia"))
    _, warnings = load_site(Path("content"), now=NOW)
    assert [str(w) for w in warnings] == [
        "content/stories/2026-08-02-good.es.md:6: warning: its text is its original's, word "
        "for word (translate it, or put back 'draft: true' until you have)"
    ]
    stub.write_text(text.replace("Officers met surfers", "Los agentes y los surfistas"))
    assert load_site(Path("content"), now=NOW)[1] == []


def test_words_the_same_in_every_language_are_no_untranslated_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A list of names is the same in both languages: it was warned as untranslated, with
    advice to unpublish it (review find). A field's warning is at its own line."""
    monkeypatch.chdir(tmp_path)
    names = "- Joe Hoffman\n- Ana Ruiz\n- Kai Nakamura\n"
    page = "---\ntitle: {}\nsummary: {}\n---\n\n" + names
    english = page.format("Our staff", "The officers who run the program and how to reach them.")
    spanish = page.format(
        "Nuestro equipo", "The officers who run the program and how to reach them."
    )
    files = {"pages/staff.md": english, "pages/staff.es.md": spanish}
    make_site(tmp_path, {"site.yaml": BILINGUAL, **files})
    _, warnings = load_site(Path("content"), now=NOW)
    assert [str(w) for w in warnings] == [
        "content/pages/staff.es.md:3: warning: its summary is its original's, word for word "
        "(translate it, or put back 'draft: true' until you have)"
    ]


def test_a_regional_code_is_one_error_not_one_per_translation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`languages: [en, es-MX]` also made every .es.md file "not one of the site's
    languages": 89 errors whose fix was wrong (review find). It goes on as `es`."""
    monkeypatch.chdir(tmp_path)
    files = {
        "site.yaml": "languages: [en, es-MX]\n" + SITE_YAML,
        "stories/2026-08-02-good.es.md": SPANISH_STORY,
    }
    problems = problems_for(tmp_path, files)
    assert len(problems) == 1 and "'es-MX' names a script or region" in problems[0]


def test_a_spanish_text_linking_the_english_events_page_is_told_the_spanish_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`[nuestros eventos](/events/)` in a Spanish story led to the English list, with no
    word (walkthrough find). Pages every side has are named; a story's are left alone,
    since it may have no Spanish version."""
    monkeypatch.chdir(tmp_path)
    body = "Vea [nuestros eventos](/events/) y [el surf](/communities/surf/#eventos).\n\n"
    body += "Lea [la historia](/stories/good/) y [en español](/es/events/).\n"
    spanish = spanish_saying(body)
    make_site(tmp_path, {"site.yaml": BILINGUAL, "stories/2026-08-02-good.es.md": spanish})
    said = [str(w) for w in from_the_other_side()]
    assert said == [
        "content/stories/2026-08-02-good.es.md:7: warning: link to '/communities/surf/': the "
        "page in 'en', from a text in 'es' (its page in 'es' is '/es/communities/surf/': "
        "write that, unless '/communities/surf/' is meant)",
        "content/stories/2026-08-02-good.es.md:7: warning: link to '/events/': the page in "
        "'en', from a text in 'es' (its page in 'es' is '/es/events/': write that, unless "
        "'/events/' is meant)",
    ]


def test_a_spanish_text_linking_a_story_that_has_a_spanish_version_is_told_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`/stories/good/` in a Spanish story led to the English story when a Spanish one
    exists (review find). A story with no Spanish version is linked as written, unsaid."""
    monkeypatch.chdir(tmp_path)
    body = "Lea [la historia](/stories/good/#muelle), [otra vez](/stories/good), "
    body += "[y otra](/stories/good/index.html?a=1) y [la otra](/stories/other/).\n"
    spanish = spanish_saying(body)
    make_site(
        tmp_path,
        {
            "site.yaml": BILINGUAL,
            "stories/2026-08-02-good.md": STORY,
            "stories/2026-08-02-good.es.md": SPANISH_STORY,
            "stories/2026-08-03-other.md": STORY.replace("2026-08-02", "2026-08-03"),
            "stories/2026-08-04-news.es.md": spanish.replace("2026-08-02", "2026-08-04"),
        },
    )
    said = [str(w) for w in from_the_other_side()]
    assert said == [
        "content/stories/2026-08-04-news.es.md:7: warning: link to '/stories/good': "
        "the page in 'en', from a text in 'es' (its page in 'es' is "
        "'/es/stories/good/': write that, unless '/stories/good' is meant)",
        "content/stories/2026-08-04-news.es.md:7: warning: link to '/stories/good/': "
        "the page in 'en', from a text in 'es' (its page in 'es' is "
        "'/es/stories/good/': write that, unless '/stories/good/' is meant)",
        "content/stories/2026-08-04-news.es.md:7: warning: link to "
        "'/stories/good/index.html?a=1': the page in 'en', from a text in 'es' (its page in "
        "'es' is '/es/stories/good/?a=1': write that, unless "
        "'/stories/good/index.html?a=1' is meant)",
    ]


SPANISH_FIRST = """\
---
title: Feria de seguridad
date: 2026-11-20
summary: Los agentes invitan a las familias a una tarde de juegos en el parque.
---

Los agentes y los bomberos de la ciudad invitan a las familias a una tarde de juegos.
Habrá consejos para la seguridad en casa y en la playa. La feria es gratuita.
"""


def test_a_story_written_in_spanish_first_is_not_warned_about_its_english_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`new story --translate NAME.es.md` makes a draft `NAME.md` holding the Spanish words
    to translate: the published Spanish story was told its words were its original's and
    to go back to being a draft (review find)."""
    monkeypatch.chdir(tmp_path)
    make_site(tmp_path, {"site.yaml": BILINGUAL, "stories/2026-11-20-feria.es.md": SPANISH_FIRST})
    scaffold.translate_story(Path("content"), "2026-11-20-feria.es.md")
    assert (tmp_path / "content/stories/2026-11-20-feria.md").exists()
    assert load_site(Path("content"), now=NOW)[1] == []
    assert load_site(Path("content"), now=NOW, drafts=True)[1] == []


def test_an_untranslated_copy_of_an_english_draft_published_is_still_warned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other way round, the same words are English: the Spanish page would publish
    the draft's English words, so both warnings stay."""
    monkeypatch.chdir(tmp_path)
    english = STORY.replace("---\n\n", "draft: true\n---\n\n", 1).replace(
        "Officers met surfers at the pier.",
        "The officers and the lifeguards of the city met the surfers at the pier for a "
        "morning of safety tips, and they were glad to see the families that came.",
    )
    copy = english.replace("draft: true\n", "")
    files = {"stories/2026-08-02-good.md": english, "stories/2026-08-02-good.es.md": copy}
    make_site(tmp_path, {"site.yaml": BILINGUAL, **files})
    found = [w.message for w in load_site(Path("content"), now=NOW)[1]]
    assert "its text is its original's, word for word" in found
    assert any(m.startswith("its original (content/stories/2026-08-02-good.md)") for m in found)


def test_a_translation_scheduled_with_its_original_is_not_told_to_become_a_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both held back until the same moment: the preview told the translation to become
    a draft, which would have kept it back when its original went out (review find)."""
    monkeypatch.chdir(tmp_path)
    later = STORY.replace("date: 2026-08-02", "date: 2026-12-13")
    spanish = SPANISH_STORY.replace("date: 2026-08-02", "date: 2026-12-13")
    files = {"stories/2026-12-13-later.md": later, "stories/2026-12-13-later.es.md": spanish}
    make_site(tmp_path, {"site.yaml": BILINGUAL, **files})
    assert load_site(Path("content"), now=NOW, drafts=True)[1] == []


def test_a_draft_translation_of_a_draft_is_not_told_to_become_a_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the preview (drafts shown), a draft translation of a draft original was told to
    'make this translation a draft as well' (review find)."""
    monkeypatch.chdir(tmp_path)
    draft = "---\n\n".join(STORY.split("---\n\n", 1)).replace("---\n\n", "draft: true\n---\n\n", 1)
    spanish = SPANISH_STORY.replace("---\n\n", "draft: true\n---\n\n", 1)
    files = {"stories/2026-08-02-good.md": draft, "stories/2026-08-02-good.es.md": spanish}
    make_site(tmp_path, {"site.yaml": BILINGUAL, **files})
    assert load_site(Path("content"), now=NOW, drafts=True)[1] == []


@pytest.mark.parametrize(
    "name", ["2026-08-03-good.es.md", "2026-08-02-goodd.es.md", "2026-08-02-god.es.md"]
)
def test_a_translation_whose_name_is_a_slip_from_its_original_s_is_told_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A day off in the file name's date, or a misspelt slug, left the two unpaired: no
    alternates, switchers leading to the home pages, and no word said (review find)."""
    monkeypatch.chdir(tmp_path)
    spanish = SPANISH_STORY.replace("date: 2026-08-02", f"date: {name[:10]}")
    files = {"stories/2026-08-02-good.md": STORY, f"stories/{name}": spanish}
    make_site(tmp_path, {"site.yaml": BILINGUAL, **files})
    assert [str(w) for w in load_site(Path("content"), now=NOW)[1]] == [
        f"content/stories/{name}:1: warning: not paired with content/stories/2026-08-02-good.md, "
        "whose name it nearly has (to make it that story's translation, rename it "
        "2026-08-02-good.es.md; if it is a story of its own, give it a name less like that one)"
    ]


def test_a_spanish_story_of_its_own_on_the_same_day_is_not_taken_for_a_slip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    spanish = SPANISH_STORY.replace("title: Una buena historia", "title: Feria")
    files = {"stories/2026-08-02-good.md": STORY, "stories/2026-08-02-feria.es.md": spanish}
    make_site(tmp_path, {"site.yaml": BILINGUAL, **files})
    assert load_site(Path("content"), now=NOW)[1] == []


def test_a_spanish_text_linking_the_english_feed_or_calendar_is_told_the_spanish_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A community's calendar was named, the site's own feed and calendar were not: a
    Spanish reader subscribed to the English ones (review find)."""
    monkeypatch.chdir(tmp_path)
    body = "Siga [nuestro canal](/feed.xml) y [el calendario](/events.ics).\n"
    spanish = spanish_saying(body)
    make_site(tmp_path, {"site.yaml": BILINGUAL, "stories/2026-08-02-good.es.md": spanish})
    said = [w.hint for w in from_the_other_side()]
    assert said == [
        "its page in 'es' is '/es/events.ics': write that, unless '/events.ics' is meant",
        "its page in 'es' is '/es/feed.xml': write that, unless '/feed.xml' is meant",
    ]
