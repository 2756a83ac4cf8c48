"""`lints:` in site.yaml: the reading target, lints turned off, the site's own jargon."""

from __future__ import annotations

from microsite.content.fields import Fields
from microsite.content.yamlsrc import Located
from microsite.errors import ContentError
from microsite.lints.rules import NAMES, NAMES_HINT, NAMES_LIKE, LintRules

LINT_KEYS = ("reading_grade", "off", "jargon")


def lint_settings(site: Fields, language: str) -> LintRules:
    """`lints:` in site.yaml: `reading_grade`, `off: [...]`, `jargon: {word: plain word}`."""
    data = site.mapping("lints")
    if data is None:
        return LintRules(lang=language)
    _off_is_a_word(data)
    fields = Fields(data, site.path, site.problems, LINT_KEYS)
    off = fields.choices("off", NAMES, NAMES_HINT, NAMES_LIKE)
    return LintRules(
        on=tuple(name for name in NAMES if name not in off),
        reading_grade=_grade(fields),
        jargon=_jargon(fields),
        lang=language,
    )


def _off_is_a_word(data: Located) -> None:
    """YAML 1.1 reads the key `off:` as false; here it is the word the contract uses."""
    if False in data and "off" not in data:
        data.key_lines["off"] = data.line_of(False)
        data["off"] = data.pop(False)


def _grade(fields: Fields) -> float:
    value = fields.data.get("reading_grade", 9)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 1 <= value <= 20:
        hint = "a school grade such as 8 or 9: plain-language guides aim at 8"
        message = f"reading_grade: expected a grade from 1 to 20, got {value!r}"
        fields.error("reading_grade", message, hint)
        return 9.0
    return float(value)


def _jargon(fields: Fields) -> tuple[tuple[str, str], ...]:
    data = fields.mapping("jargon")
    pairs = []
    for word, plain in (data or {}).items():
        if not isinstance(word, str) or not isinstance(plain, str) or not word.strip():
            hint = 'write each as  word: plain word, e.g.  "en route": on the way'
            message = f"jargon: {word!r}: expected a word and its plain word"
            fields.problems.append(ContentError(fields.path, data.line_of(word), message, hint))
            continue
        pairs.append((word.strip().lower(), plain.strip()))
    return tuple(sorted(pairs))
