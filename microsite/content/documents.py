"""Stories and pages: one Markdown file's front matter, read and checked on its own.

A `Header` depends only on the file's text and a few site-wide facts, so the
preview can keep it between builds and re-read only the file that was saved.
Converting the body waits until every file's header is known, because a
story may link to any other file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from microsite import urls
from microsite.content import frontmatter
from microsite.content.consent import check_consent
from microsite.content.fields import (
    COMMUNITY_HINT,
    SLUG_RE,
    Fields,
    body_problems,
    language_problem,
    media_image,
)
from microsite.content.placeholders import left_in_fields, left_in_text
from microsite.content.slugs import NOUNS, check_free, derived, read_slug, shortened, taken
from microsite.errors import ContentError, warning
from microsite.lints.rules import NAMES, NAMES_HINT, NAMES_LIKE, NO_LINTS, LintRules, for_document

STORY_KEYS = (
    "title", "date", "summary", "communities", "author", "image", "image_alt",
    "image_caption", "image_credit", "minors_pictured", "photo_consent",
    "updated", "draft", "slug", "featured", "lint_ignore", "translation",
)  # fmt: skip
PAGE_KEYS = ("title", "summary", "nav", "updated", "draft", "slug", "lint_ignore", "translation")
LANGUAGE_SUFFIX = re.compile(r"\.([a-z]{2,3})\Z")


# The fields whose lines a header keeps, for checks made once every file is read.
LINED = ("date", "communities", "featured", "summary", "image_alt", "image_caption")


@dataclass(frozen=True)
class Header:
    """What a story's or page's front matter says, checked; the body still Markdown."""

    kind: str  # "stories" or "pages"
    rel: str  # path inside content/, e.g. "stories/2026-08-02-surf.md"
    source: str  # the path shown in messages
    slug: str
    slug_line: int
    title: str
    body: str
    body_line: int
    date: datetime | None = None
    summary: str | None = None
    communities: tuple[str, ...] = ()
    author: str | None = None
    image: str | None = None
    image_alt: str | None = None
    image_caption: str | None = None
    image_credit: str | None = None
    updated: datetime | None = None
    draft: bool = False
    nav: int | None = None
    featured: bool = False
    lints: LintRules = NO_LINTS  # the writing lints its body gets (site's, less lint_ignore)
    lang: str = "en"  # from the file name: `about.es.md` is Spanish, `about.md` the default
    root: str = ""  # where that language's side of the site lives
    document: str = ""  # `pages/about`: what every language version of the file shares
    machine: bool = False  # `translation: machine`
    # The line of each field later checks name (`line_of`), and what it says of minors in
    # its pictures and on which line: few fields, since past 29 an instance's attributes no
    # longer share their dict's keys with the others' (6 MB more for 4,000 stories).
    lines: tuple[int, ...] = ()
    minors: tuple[bool, int] | None = None

    def line_of(self, name: str) -> int:
        """The line of one of `LINED` fields (1 when the file does not have it)."""
        return dict(zip(LINED, self.lines, strict=False)).get(name, 1)

    @property
    def site_path(self) -> str:
        return urls.in_language(self.root, urls.document(self.kind, self.slug))

    def unpublished_reason(self, now: datetime) -> str:
        """Why this file has no public page at `now`, or "" when it has one."""
        if self.draft:
            return "it is a draft"
        if self.date is not None and self.date > now:
            return f"it is scheduled for {self.date:%Y-%m-%d %H:%M}"
        return ""


@dataclass(frozen=True)
class Rules:
    """The site-wide facts a header is checked against."""

    tz: ZoneInfo
    communities: tuple[str, ...]
    media: frozenset[str]
    lints: LintRules = NO_LINTS  # the site's `lints:` settings
    languages: tuple[str, ...] = ("en",)  # the default first
    minors: frozenset[str] = frozenset()  # communities whose pictures need consent stated


def split_language(name: str, languages: tuple[str, ...]) -> tuple[str, str]:
    """`surf.es.md` -> (`surf`, `es`); `surf.md` -> (`surf`, the default language)."""
    stem = name.rsplit(".", 1)[0]
    found = LANGUAGE_SUFFIX.search(stem)
    if found is None:
        return stem, languages[0]
    return stem[: found.start()], found.group(1)


def parse_document(
    kind: str, name: str, shown: str, text: str, rules: Rules, problems: list[ContentError]
) -> Header | None:
    """The checked header of one story or page file, or None when it cannot be read."""
    doc = frontmatter.split(text, shown, problems)
    if doc is None:
        return None
    problems.extend(body_problems(doc.body, shown, doc.body_line))
    fields = Fields(doc.meta, shown, problems, STORY_KEYS if kind == "stories" else PAGE_KEYS)
    is_story = kind == "stories"
    if is_story:
        check_consent(fields, doc.body, rules.minors)
    stem, lang = split_language(name, rules.languages)
    if lang not in rules.languages:
        problems.append(language_problem(shown, 1, rules.languages, lang))
    ignore = fields.choices("lint_ignore", NAMES, NAMES_HINT, NAMES_LIKE)
    lints = for_document(rules.lints, ignore, lang)
    header = Header(
        kind=kind,
        rel=f"{kind}/{name}",
        source=shown,
        slug=_slug(kind, stem, fields, rules.languages),
        slug_line=fields.line("slug"),
        title=fields.text("title", required=True) or "",
        body=doc.body,
        body_line=doc.body_line,
        date=fields.moment("date", rules.tz, required=True) if is_story else None,
        summary=fields.text("summary", one_line=False),
        communities=fields.choices("communities", rules.communities, COMMUNITY_HINT)
        if is_story
        else (),
        author=fields.text("author"),
        image=media_image(fields, rules.media, fields.text("image_alt")),
        image_alt=fields.text("image_alt"),
        image_caption=fields.text("image_caption", one_line=False),
        image_credit=fields.text("image_credit"),
        updated=fields.moment("updated", rules.tz),
        draft=fields.flag("draft"),
        nav=fields.number("nav"),
        featured=fields.flag("featured"),
        lints=lints,
        lang=lang,
        root=urls.language_root(lang, rules.languages[0]),
        document=f"{kind}/{stem}",
        machine=_machine(fields, lang == rules.languages[0]),
        lines=tuple(fields.line(name) for name in LINED),
        minors=_said(fields.data.get("minors_pictured"), fields.line("minors_pictured")),
    )
    if not header.draft:  # a draft is still being written over
        problems.extend(left_in_fields(fields) + left_in_text(doc.body, shown, doc.body_line))
    shown_values = {"title": header.title, "summary": header.summary, "image_alt": header.image_alt}
    # The writing lints load with the first file read: a rebuild that finds every header
    # in `.cache/` reads none, and never needs them.
    from microsite.lints.header import header_lints

    problems.extend(header_lints(shown, fields.line, shown_values, lints))
    if header.updated and header.date and header.updated < header.date:
        message = f"updated: {header.updated:%Y-%m-%d %H:%M} is before the story's date"
        hint = "'updated' says when it was changed after it was published; correct it or delete it"
        problems.append(warning(shown, fields.line("updated"), message, hint))
    return header


def _said(value: object, line: int) -> tuple[bool, int] | None:
    """A yes or no and its line, or None when the file says neither (its error, if it says
    something else, is reported elsewhere)."""
    return (value, line) if isinstance(value, bool) else None


def _machine(fields: Fields, original: bool) -> bool:
    """`translation: machine` marks a machine translation; only a translation can be one."""
    value = fields.text("translation")
    if value is None:
        return False
    if value != "machine":
        fields.error("translation", f"translation: expected 'machine', got '{value}'")
    elif original:
        hint = "put it in the translated file, e.g. about.es.md"
        fields.error(
            "translation", "translation: this file is the original, not a translation", hint
        )
    return value == "machine" and not original


def _slug(kind: str, stem: str, fields: Fields, languages: tuple[str, ...]) -> str:
    """The slug from front matter, else from the file name without its date and language.

    A long file name is cut between words to fit: a file system allows names
    longer than a slug may be, and the name is no mistake.
    """
    if kind == "stories" and len(stem) > 11 and stem[:10].count("-") == 2 and stem[10] == "-":
        stem = stem[11:]
    valid = SLUG_RE.fullmatch(stem) is not None
    default = shortened(stem) if valid else derived(stem, NOUNS[kind])
    reserved = taken(kind, languages)
    if "slug" in fields.data:
        return read_slug(fields, kind, default, reserved)
    if not valid:
        hint = f"rename the file to use '{default}' or add 'slug: {default}'"
        file = fields.path.rsplit("/", 1)[-1]  # `x.ES.md`, `x.es.es.md`: a translation, surely
        marked = re.search(r"\.([A-Za-z]{2,3})(?:\.[a-z]{2,3})?\.md\Z", file)
        if marked and marked[1].lower() in languages:
            lang, name = marked[1].lower(), file[: marked.start()]
            hint = f"a translation is named NAME.{lang}.md: rename it {name}.{lang}.md"
        message = f"the file name gives the slug {stem!r}, which is not valid in a web address"
        fields.problems.append(ContentError(fields.path, 1, message, hint))
    check_free(fields, kind, default, reserved, "rename the file, or add 'slug: ...'")
    return default
