"""Language versions of stories and pages: pairing them, and where their links lead.

A translation sits beside its original as `NAME.<lang>.md` and shares its
`document` (`stories/2026-08-02-surf-contest`). It may differ from the
original in words only: a different `date` or `communities` is almost always
a copy that was not updated, so it is a warning at the translation's line.
A link written in a Spanish text to `2026-08-02-surf-contest.md` means that
story in Spanish when there is a Spanish version, so each language gets its
own link table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from difflib import get_close_matches

from microsite.content.consent import STATE_HINT, shows_pictures, state_required
from microsite.content.documents import Header
from microsite.errors import ContentError
from microsite.markdown.conversion import LinkTable


def check_translations(
    headers: Sequence[Header],
    published: Sequence[Header],
    reasons: Mapping[str, str],
    default: str,
    problems: list[ContentError],
    minors: frozenset[str] = frozenset(),
) -> None:
    """Warn where a translation's date, communities or word on minors in its picture
    differ from its original's; and where a published translation's original is not
    published: a draft's translation publishes what its author held back, and a machine
    translation's notice has no original to send readers to."""
    originals = {h.document: h for h in headers if h.lang == default}
    versions = {(h.document, h.lang) for h in headers}
    nearby: _Nearby | None = None  # made for the first translation without an original
    public = {h.rel for h in published}
    for header in headers:
        if header.lang == default:
            continue
        original = originals.get(header.document)
        if original is not None:
            _compare(header, original, problems)
            _consent(header, original, minors, problems)
        else:
            nearby = nearby or _Nearby(originals.values())
            _unpaired(header, nearby, versions, problems)
        if header.rel not in public:
            continue
        if original is not None and _written_first(header, original):
            continue  # the original is the draft copy `new story --translate` made of it
        if original is not None and not header.draft:  # a draft is still being translated
            _untranslated(header, original, problems)
        why = reasons.get(original.rel, "") if original else ""
        if original is not None and why and not reasons.get(header.rel):  # held back too
            message = f"its original ({original.source}) is not published: {why}"
            hint = "publish the original too, or make this translation a draft as well"
            problems.append(ContentError(header.source, 1, message, hint, True))
        elif original is None and header.machine:
            message = "translation: machine, but there is no original beside it to link to"
            hint = f"add the original as {header.rel.replace('.' + header.lang + '.', '.')}, "
            hint += "or delete 'translation: machine'"
            problems.append(ContentError(header.source, 1, message, hint, True))


NEARLY = 0.8  # how alike two slugs are for one to be a slip for the other: `surf-contests`


class _Nearby:
    """The originals a translation's name could be a slip from: in its folder, with its
    slug, or (a story) on its file name's day. Indexed once, not searched per file."""

    def __init__(self, originals: Iterable[Header]):
        self.by_slug: dict[tuple[str, str], Header] = {}
        self.by_day: dict[tuple[str, str], list[Header]] = {}
        for header in originals:
            folder, day = _place(header)
            self.by_slug[folder, header.slug] = header
            self.by_day.setdefault((folder, day), []).append(header)

    def match(self, header: Header) -> Header | None:
        folder, day = _place(header)
        same = self.by_slug.get((folder, header.slug))
        if same is not None:
            return same
        near = {other.slug: other for other in self.by_day.get((folder, day), ())}
        close = get_close_matches(header.slug, sorted(near), n=1, cutoff=NEARLY)
        return near[close[0]] if close else None


def _place(header: Header) -> tuple[str, str]:
    """A document's folder, and its file name's date (a page has none: every page)."""
    folder, _, name = header.document.rpartition("/")
    return folder, name[:11] if header.kind == "stories" else ""


def _unpaired(
    header: Header,
    nearby: _Nearby,
    versions: set[tuple[str, str]],
    problems: list[ContentError],
) -> None:
    """A translation with no original whose name nearly pairs it with one: its file name's
    date a day off, or its slug misspelt, left two stories unpaired, each with a language
    switcher leading to the other side's home page, and no word said (review find)."""
    match = nearby.match(header)
    if match is None or (match.document, header.lang) in versions:
        return  # it has its own translation: this one is another story
    expected = match.rel.rpartition("/")[2].removesuffix(".md") + f".{header.lang}.md"
    message = f"not paired with {match.source}, whose name it nearly has"
    hint = f"to make it that story's translation, rename it {expected}; if it is a story "
    hint += "of its own, give it a name less like that one"
    problems.append(ContentError(header.source, 1, message, hint, True))


def _consent(
    header: Header, original: Header, minors: frozenset[str], problems: list[ContentError]
) -> None:
    """A translation of a story in a community whose pictures need consent stated says
    so too, whatever its own `communities:` (left out, it was checked against none, and
    its picture published: review find). Its own communities were checked as it was read."""
    kept = [key for key in original.communities if key in minors]
    if not kept or set(kept) & set(header.communities) or header.minors is not None:
        return
    if shows_pictures(header.image, header.body):
        message = f"{state_required(kept[0])} (its original's, {original.source})"
        problems.append(ContentError(header.source, 1, message, STATE_HINT))


def _compare(header: Header, original: Header, problems: list[ContentError]) -> None:
    """A translation's date, word on minors and communities against its original's."""
    shown = original.source
    if header.date != original.date:
        message = f"date differs from the original's ({shown})"
        hint = "a translation keeps its original's date; copy it from the original"
        problems.append(ContentError(header.source, header.line_of("date"), message, hint, True))
    said, was = header.minors, original.minors
    if header.image and header.image == original.image and said and was and said[0] != was[0]:
        message = f"minors_pictured differs from the original's ({shown}), for the same picture"
        hint = "a translation says what its original says about who is in its pictures"
        problems.append(ContentError(header.source, said[1], message, hint, True))
    if set(header.communities) != set(original.communities):
        message = f"communities differ from the original's ({shown})"
        hint = "a translation belongs to the same communities as its original"
        problems.append(
            ContentError(header.source, header.line_of("communities"), message, hint, True)
        )


UNTRANSLATED = ("summary", "image_alt", "image_caption", "body")
# Words in lower case a text must hold to be prose to translate: a list of names, or a
# caption that is a name ("Chief Joe Hoffman"), is the same in every language.
PROSE_WORDS = 4


def _untranslated(header: Header, original: Header, problems: list[ContentError]) -> None:
    """A published translation whose words are still its original's: `new story
    --translate` copies them to write over, and deleting `draft: true` alone published
    English under `lang="ko"` (fuzzing find). One warning at each such field's line."""
    for name in UNTRANSLATED:
        words = _words(header, name)
        if words is None or words != _words(original, name) or not _prose(words):
            continue
        shown = "text" if name == "body" else name
        line = header.body_line if name == "body" else header.line_of(name)
        message = f"its {shown} is its original's, word for word"
        hint = "translate it, or put back 'draft: true' until you have"
        problems.append(ContentError(header.source, line, message, hint, True))


def _written_first(header: Header, original: Header) -> bool:
    """Whether the translation was written first and its original is a draft copy of it:
    `new story --translate` makes `NAME.md` of a story written in Spanish, and until it is
    translated the two hold the same words, in the translation's language. Told apart
    from the other way round (a Spanish copy of an English draft, published untranslated)
    by the language the shared words are in."""
    body = _words(header, "body")
    if not original.draft or body is None or body != _words(original, "body"):
        return False
    return _language_of(body) == header.lang


# Short words each language uses in every paragraph and the other never: enough to tell
# which of the two a text is in. Other languages are not told (`_language_of` gives None).
_FUNCTION_WORDS = {
    "en": frozenset("the and of to is are was were with for that this from".split()),
    "es": frozenset("el la los las del que y es son fue con para por una este esta".split()),
}


def _language_of(text: str) -> str | None:
    words = text.lower().split()
    counts = {lang: sum(w in known for w in words) for lang, known in _FUNCTION_WORDS.items()}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] > 2 * min(counts.values()) + 2 else None


def _words(header: Header, name: str) -> str | None:
    value = getattr(header, name)
    return " ".join(value.split()) or None if value else None


def _prose(words: str) -> bool:
    return sum(1 for word in words.split() if word.isalpha() and word.islower()) >= PROSE_WORDS


def versions_of_originals(
    published: Sequence[Header], languages: tuple[str, ...]
) -> dict[str, dict[str, str]]:
    """For each other language, the path of each original that has a version in it ->
    that version's path: `/stories/x/` -> `/es/stories/x/`."""
    originals = {h.document: h.site_path for h in published if h.lang == languages[0]}
    versions: dict[str, dict[str, str]] = {lang: {} for lang in languages[1:]}
    for h in published:
        if h.lang in versions and h.document in originals:
            versions[h.lang][originals[h.document]] = h.site_path
    return versions


def link_tables(
    published: Sequence[Header],
    unpublished: Mapping[str, str],
    media: frozenset[str],
    languages: tuple[str, ...],
) -> dict[str, LinkTable]:
    """Each language's link table: a link to an original leads to the version in that language."""
    links = {h.rel: h.site_path for h in published}
    originals = {h.document: h.rel for h in published if h.lang == languages[0]}
    tables = {languages[0]: LinkTable(links, media, unpublished)}
    for lang in languages[1:]:
        own = {
            originals[h.document]: h.site_path
            for h in published
            if h.lang == lang and h.document in originals
        }
        tables[lang] = LinkTable(links | own, media, unpublished)
    return tables
