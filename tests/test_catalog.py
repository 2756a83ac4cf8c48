"""Interface strings and their catalogs: nothing shown in English by accident.

Every string marked in a template (`{{ _("...") }}`) or in Python
(`words(lang).gettext("...")`, `N_("...")`) is extracted the way
`pybabel extract -F babel.cfg` does it, and must have a translation in every
language's catalog. A string added to a template without a translation
fails here, before any Spanish page shows it in English.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from microsite.catalogs import LOCALE, languages_with_catalogs
from microsite.render import language
from microsite.render.language import words

REPO = Path(__file__).parent.parent
METHODS = [("microsite/**.py", "python"), ("templates/**.html", "jinja2")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def extracted() -> set[str]:
    """Every interface string in the code and templates, as `pybabel extract` sees them."""
    found = extract_from_dir(REPO, METHODS, options_map=OPTIONS)
    return {message if isinstance(message, str) else message[0] for _, _, message, *_ in found}


def catalog(language: str) -> Catalog:
    with (LOCALE / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def missing(strings: set[str], translations: Catalog) -> list[str]:
    """The strings a catalog has no usable translation for (absent, empty or fuzzy)."""
    return sorted(
        s
        for s in strings
        if s not in translations or not translations[s].string or translations[s].fuzzy
    )


def test_spanish_is_a_catalog() -> None:
    assert "es" in languages_with_catalogs()


@pytest.mark.parametrize("language", languages_with_catalogs())
def test_every_interface_string_is_translated(language: str) -> None:
    strings = extracted()
    assert len(strings) > 100
    assert missing(strings, catalog(language)) == []


def test_a_string_missing_from_the_catalog_is_found() -> None:
    strings = extracted() | {"A sentence added to a template yesterday"}
    assert missing(strings, catalog("es")) == ["A sentence added to a template yesterday"]


@pytest.mark.parametrize("language", languages_with_catalogs())
def test_translations_keep_their_placeholders(language: str) -> None:
    """A translation may drop a placeholder, never invent one: `%` would raise KeyError."""
    wrong = [
        m.id
        for m in catalog(language)
        if m.id
        and not set(PLACEHOLDER.findall(str(m.string))) <= set(PLACEHOLDER.findall(str(m.id)))
    ]
    assert wrong == []


def test_the_template_file_lists_every_string() -> None:
    """`messages.pot` is what a department translates from: it must be current."""
    with (LOCALE / "messages.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    assert template == extracted()


def test_catalogs_are_used_at_run_time() -> None:
    assert words("es").gettext("Skip to main content") == "Saltar al contenido principal"
    assert words("en").gettext("Skip to main content") == "Skip to main content"
    # No catalog yet: English, not a crash, and bracketed to be marked as English.
    assert words("vi").gettext("Events") == "\ue000Events\ue001"


def unmarked(template: str) -> list[str]:
    """Words a template shows that are not marked for translation: the text left once
    Jinja's tags, comments, expressions and the HTML tags are taken out, and the
    labels in `aria-label`, `title`, `alt` attributes written as plain text."""
    text = re.sub(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", " ", template, flags=re.S)
    labels = re.findall(r'(?:aria-label|title|alt)="([^"]*[A-Za-z]{2}[^"]*)"', text)
    words = [line.strip() for line in re.sub(r"<[^>]*>", "\n", text).split("\n")]
    return labels + [line for line in words if re.search(r"[A-Za-z]{2}", line)]


def test_the_check_finds_an_unmarked_string() -> None:
    template = '<h1>{{ _("Events") }}</h1>\n<p aria-label="Main">Coming up</p>{# a note #}'
    assert unmarked(template) == ["Main", "Coming up"]


def test_every_template_string_is_marked_for_translation() -> None:
    found = {
        path.name: unmarked(path.read_text(encoding="utf-8"))
        for path in sorted((REPO / "templates").glob("*.html"))
    }
    assert {name: words for name, words in found.items() if words} == {}


@pytest.fixture
def own_catalogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the catalogs to break, used by the build in place of microsite's own."""
    import shutil

    import microsite.catalogs
    from microsite.render import language

    copy = tmp_path / "locale"
    shutil.copytree(LOCALE, copy)
    monkeypatch.setattr(microsite.catalogs, "LOCALE", copy)
    language.forget_catalogs()
    yield copy / "es/LC_MESSAGES/messages.po"
    language.forget_catalogs()


def free_line_page(tmp_path: Path) -> str:
    """A Spanish event page of the sample built into `tmp_path`: its cost line says "Free"."""
    return (
        tmp_path / "site/es/events/coffee-with-a-cop-north-redondo-2026-12-26/index.html"
    ).read_text()


def build_sample(tmp_path: Path, jobs: int, *, pages: bool = False) -> list[str]:
    """The sample site built from `tmp_path` (with the catalogs as they are there): its
    errors as printed, or its catalog warnings if it built. Its pages are written only when
    the test reads them (`pages`); otherwise it is checked, as `build.py check` does, which
    renders every page the same way but makes no picture files, the costliest part."""
    import shutil
    from datetime import datetime

    from microsite import pipeline
    from microsite.errors import BuildFailed

    repo = Path(__file__).resolve().parent.parent
    shutil.copytree(repo / "content", tmp_path / "content", dirs_exist_ok=True)
    folders = pipeline.Folders(tmp_path / "content", repo / "templates")
    now = datetime(2026, 11, 25, 9)
    try:
        if pages:
            built = pipeline.build_into(folders, tmp_path / "site", now=now, jobs=jobs)
        else:
            built = pipeline.check(folders, now=now, jobs=jobs)
    except BuildFailed as failed:
        return [str(e) for e in failed.errors if not e.warning]
    return [str(w) for w in built.warnings if "messages.po" in w.path]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_translation_that_changes_a_placeholder_is_an_error_at_its_line(
    tmp_path: Path, own_catalogs: Path, jobs: int
) -> None:
    """It failed every list page with `templates/_macros.html:131: KeyError: 'numero'`,
    which a translator cannot act on (fuzzing find)."""
    text = own_catalogs.read_text(encoding="utf-8")
    own_catalogs.write_text(text.replace("Página %(number)s de", "Página %(numero)s de"))
    line = text[: text.index("Página %(number)s de")].count("\n")  # the msgid's line
    [error] = build_sample(tmp_path, jobs)
    assert error.startswith(f"{own_catalogs}:{line}: the translation of 'Page %(number)s of")
    assert "keep each %(name)s as it is (count, number)" in error


def test_a_catalog_saved_in_another_encoding_is_an_error_at_its_line(
    tmp_path: Path, own_catalogs: Path
) -> None:
    """Babel's UnicodeDecodeError was a 43-line traceback naming no file (fuzzing find)."""
    text = own_catalogs.read_text(encoding="utf-8")
    own_catalogs.write_bytes(text.encode("cp1252", "replace"))
    first = next(at for at, char in enumerate(text) if not char.isascii())
    line = text[:first].count("\n") + 1
    assert build_sample(tmp_path, 1) == [
        f"{own_catalogs}:{line}: this file is not UTF-8 text (save it as UTF-8 in your "
        "editor (File > Save with encoding > UTF-8))"
    ]


def test_strings_not_translated_yet_are_a_warning(tmp_path: Path, own_catalogs: Path) -> None:
    text = own_catalogs.read_text(encoding="utf-8")
    own_catalogs.write_text(text.replace('msgstr "Página %(number)s de %(count)s"', 'msgstr ""'))
    [warning] = build_sample(tmp_path, 1)
    assert warning.startswith(f"{own_catalogs}:1: warning: 1 of ")
    assert "menu and button texts are not translated into 'es' yet" in warning


def test_every_placeholder_mistake_is_said_at_once(tmp_path: Path, own_catalogs: Path) -> None:
    """Only the first was: a translator fixed three lines in three builds (fuzzing find)."""
    text = own_catalogs.read_text(encoding="utf-8")
    changed = text.replace('msgstr "Crédito: %(name)s"', 'msgstr "Crédito: %(nombre)s"')
    own_catalogs.write_text(changed.replace('msgstr "Por %(author)s"', 'msgstr "Por %(autor)s"'))
    errors = build_sample(tmp_path, 1)
    assert [error.split(": the translation of ")[1][:16] for error in errors] == [
        "'By %(author)s' ",
        "'Credit: %(name)",
    ]


@pytest.mark.parametrize(
    ("free", "problem"),
    [
        ("Gratis (100%)", None),  # no placeholders: shown as written
        ("Gratis (100%%)", "write a % sign as % and leave out any %(name)s"),
        ("Gratis %(precio)s", "write a % sign as % and leave out any %(name)s"),
    ],
)
def test_a_percent_sign_in_a_text_without_placeholders(
    tmp_path: Path, own_catalogs: Path, free: str, problem: str | None
) -> None:
    """`%%` was demanded everywhere and refused everywhere (fuzzing find): a text without
    placeholders is shown as written, so there a percent sign is `%`."""
    text = own_catalogs.read_text(encoding="utf-8")
    own_catalogs.write_text(text.replace('msgstr "Gratis"', f'msgstr "{free}"'))
    said = build_sample(tmp_path, 1, pages=True)
    if problem is None:
        assert said == []
        shown = free_line_page(tmp_path)
        assert f"<dd>{free}</dd>" in shown
    else:
        [error] = said
        assert "the translation of 'Free' has other placeholders" in error and problem in error


def test_a_percent_sign_in_a_text_with_placeholders_is_written_twice(
    tmp_path: Path, own_catalogs: Path
) -> None:
    text = own_catalogs.read_text(encoding="utf-8")
    good = text.replace('msgstr "Crédito: %(name)s"', 'msgstr "Crédito (100%%): %(name)s"')
    own_catalogs.write_text(good)
    assert build_sample(tmp_path, 1) == []
    language.forget_catalogs()  # read afresh: it is read once per process
    own_catalogs.write_text(text.replace('msgstr "Crédito: %(name)s"', 'msgstr "100% %(name)s"'))
    [error] = build_sample(tmp_path, 1)
    assert "keep each %(name)s as it is (name), and write a % sign as %%" in error


def test_fuzzy_translations_count_as_not_translated(tmp_path: Path, own_catalogs: Path) -> None:
    """Poedit's "needs work" and `pybabel update` mark a guess fuzzy; gettext leaves it out,
    so the page showed English while the check said nothing (fuzzing find)."""
    text = own_catalogs.read_text(encoding="utf-8")
    for english in ("Free", "Credit: %(name)s"):
        text = text.replace(f'\nmsgid "{english}"', f'\n#, fuzzy\nmsgid "{english}"')
    own_catalogs.write_text(text)
    [warning] = build_sample(tmp_path, 1, pages=True)
    assert warning.startswith(f"{own_catalogs}:1: warning: 2 of ")
    assert "(2 marked fuzzy: a guess, used once the mark is taken away)" in warning
    shown = free_line_page(tmp_path)
    assert '<dd><span lang="en">Free</span></dd>' in shown  # in English, and said so


def test_a_catalog_with_a_byte_order_mark_is_read(tmp_path: Path, own_catalogs: Path) -> None:
    """Notepad saves UTF-8 with a mark in front, which Babel read as a misformatted
    keyword on line 0 (fuzzing find)."""
    own_catalogs.write_bytes(b"\xef\xbb\xbf" + own_catalogs.read_bytes())
    assert build_sample(tmp_path, 1, pages=True) == []
    shown = free_line_page(tmp_path)
    assert "<dd>Gratis</dd>" in shown


def test_a_missing_closing_quote_is_an_error_at_its_line(
    tmp_path: Path, own_catalogs: Path
) -> None:
    """Babel read on, and the page showed `Grati` (fuzzing find)."""
    text = own_catalogs.read_text(encoding="utf-8")
    own_catalogs.write_text(text.replace('msgstr "Gratis"', 'msgstr "Gratis'))
    line = text[: text.index('msgstr "Gratis"')].count("\n") + 1
    assert build_sample(tmp_path, 1) == [
        f"{own_catalogs}:{line}: this text's closing double quote is missing "
        "(see 'Adding a language' in docs/TRANSLATIONS.md)"
    ]


@pytest.mark.parametrize(
    "translation",
    [
        '<strong>Cancelado.</strong> <img src=x onerror=\\"alert(1)\\">',  # added
        '<strong>Cancelado.</strong> <a href=\\"javascript:alert(1)\\">Más</a>',  # added
        "<b>Cancelado.</b> Este evento no se realizará.",  # changed
        "Cancelado. Este evento no se realizará.",  # dropped
    ],
)
def test_a_translation_keeps_the_html_of_the_english(
    tmp_path: Path, own_catalogs: Path, translation: str
) -> None:
    """Pages trust a translation as HTML: a volunteer's catalog could publish a script or
    a javascript: link on every Spanish page. Tags may move, never be added or changed."""
    text = own_catalogs.read_text(encoding="utf-8")
    start = text.index('msgid "<strong>Cancelled.</strong> This event will not take place."')
    end = text.index("\n\n", start)
    entry = 'msgid "<strong>Cancelled.</strong> This event will not take place."\nmsgstr '
    own_catalogs.write_text(text[:start] + entry + f'"{translation}"' + text[end:])
    line = text[:start].count("\n") + 1
    [error] = build_sample(tmp_path, 1)
    assert error.startswith(f"{own_catalogs}:{line}: the translation of '<strong>Cancelled.")
    assert "has other HTML than the English (keep each tag exactly as the English" in error


def test_a_translation_may_move_the_english_tags(tmp_path: Path, own_catalogs: Path) -> None:
    text = own_catalogs.read_text(encoding="utf-8")
    start = text.index('msgid "<strong>Cancelled.</strong> This event will not take place."')
    end = text.index("\n\n", start)
    entry = 'msgid "<strong>Cancelled.</strong> This event will not take place."\nmsgstr '
    moved = '"Este evento <strong>no se realizará</strong>."'
    own_catalogs.write_text(text[:start] + entry + moved + text[end:])
    assert build_sample(tmp_path, 1) == []


def test_every_interface_string_holds_whole_elements() -> None:
    """An untranslated string is wrapped in `<span lang="en">` (`render/fallbacks.py`), so
    it must close every element it opens: `... <s><span>Was planned for </span>` left the
    `<s>` to the template, and the span then closed inside it (review find)."""
    unbalanced = []
    for message in extracted():
        open_tags: list[str] = []
        for closing, name in re.findall(r"<(/?)([a-z0-9]+)\b[^>]*>", message):
            if not closing:
                open_tags.append(name)
            elif not open_tags or open_tags.pop() != name:
                unbalanced.append(message)
                break
        else:
            if open_tags:
                unbalanced.append(message)
    assert unbalanced == []


def test_a_fuzzy_entry_is_never_an_error(tmp_path: Path, own_catalogs: Path) -> None:
    """Poedit and msgmerge leave a changed string fuzzy with the old placeholders; it is
    never used, so its placeholders cannot break a page (review find: it failed the build)."""
    text = own_catalogs.read_text(encoding="utf-8")
    old = 'msgid "Credit: %(name)s"\nmsgstr "Crédito: %(name)s"'
    guess = '#, fuzzy\nmsgid "Credit: %(name)s"\nmsgstr "Crédito: %(author)s"'
    own_catalogs.write_text(text.replace(old, guess))
    [warning] = build_sample(tmp_path, 1)
    assert "(1 marked fuzzy" in warning


def test_a_number_placeholder_where_the_english_has_text_is_an_error(
    tmp_path: Path, own_catalogs: Path
) -> None:
    """`%(name)d` passed the check, then failed a template with int('Surf') (review find)."""
    text = own_catalogs.read_text(encoding="utf-8")
    own_catalogs.write_text(
        text.replace('msgstr "Crédito: %(name)s"', 'msgstr "Crédito: %(name)d"')
    )
    [error] = build_sample(tmp_path, 1)
    assert "the translation of 'Credit: %(name)s' has other placeholders" in error


def test_entries_parted_by_a_line_of_spaces_are_counted_apart(
    tmp_path: Path, own_catalogs: Path
) -> None:
    text = own_catalogs.read_text(encoding="utf-8")
    for english, spanish in (("Free", "Gratis"), ("Credit: %(name)s", "Crédito: %(name)s")):
        text = text.replace(
            f'msgid "{english}"\nmsgstr "{spanish}"\n\n', f'msgid "{english}"\nmsgstr ""\n   \n'
        )
    own_catalogs.write_text(text)
    [warning] = build_sample(tmp_path, 1)
    assert warning.startswith(f"{own_catalogs}:1: warning: 2 of ")


def test_a_translation_may_not_hold_microsite_s_brackets(
    tmp_path: Path, own_catalogs: Path
) -> None:
    text = own_catalogs.read_text(encoding="utf-8")
    own_catalogs.write_text(text.replace('msgstr "Gratis"', 'msgstr "\ue000Gratis"'))
    [error] = build_sample(tmp_path, 1)
    assert "the translation of 'Free' holds U+E000 (delete it: microsite keeps" in error
