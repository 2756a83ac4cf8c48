"""The Jinja environment, and everything a template can call: filters, globals, gettext.

Kept apart from planning pages (`render/site.py`) and from the catalogs
(`render/language.py`) so that Jinja is loaded only when a page is made: a
rebuild whose pages are all still good never imports it (about 30 ms of a
0.4 s rebuild, `pipeline.Templates`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from microsite import urls
from microsite.dates import EVENT_FILTERS, iso
from microsite.images import markup
from microsite.images.markup import choice
from microsite.model import Event, EventStatus
from microsite.output import stamp
from microsite.render import eventpages
from microsite.render.bytecode import bytecode_cache
from microsite.render.fallbacks import fill
from microsite.render.language import (
    dir_attribute,
    fallback_text,
    language_marks,
    language_name,
    marked,
    og_locale,
    status_label,
    words,
)
from microsite.render.localdates import (
    long_date,
    moment,
    month_abbreviation,
    repeat_text,
    time_of_day,
    times,
    when,
    when_html,
)


def make_environment(
    templates: Path, cache: Path | None = None, *, watch: bool = True
) -> jinja2.Environment:
    """A strict environment: a misspelt variable fails the build instead of rendering blank.

    With a `cache` folder, compiled templates are kept there between runs
    (Jinja checks each against its source before using it). Without `watch`,
    a template is not checked for edits each time a page uses it: a one-off
    build ends long before anyone could edit one, and a big site has thousands
    of pages.
    """
    env = jinja2.Environment(
        loader=TextLoader(templates),
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=bytecode_cache(cache),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=watch,
    )
    env.filters.update(iso=iso, tel=tel, breakable=breakable)
    env.filters.update(EVENT_FILTERS)
    env.globals.update(url=url, absolute=absolute, webcal=webcal, fragment=fragment)
    env.globals["range"] = bounded_range
    env.globals.update(picture_files=choice, srcset=srcset)
    install_language(env)
    return env


class TextLoader(jinja2.FileSystemLoader):
    """Jinja's loader, but a template that is not UTF-8 is a template error at its file and
    the line of the first byte that is not, as a content file's would be: Jinja's own
    `UnicodeDecodeError` named no file and stopped the render helpers."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        try:
            source, filename, _ = super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            places = [Path(folder, *template.split("/")) for folder in self.searchpath]
            path = next((place for place in places if place.is_file()), places[0])
            line = exc.object[: exc.start].count(b"\n") + 1
            message = "this file is not UTF-8 text (save it as UTF-8 in your editor)"
            raise jinja2.TemplateSyntaxError(message, line, template, str(path)) from None
        # Up to date while its `stamp` is: Jinja's own check, the time alone, kept the
        # preview on an old template saved with its old time (fuzzing find).
        read = stamp(filename) if filename else None
        return source, filename, lambda: filename is not None and stamp(filename) == read


LONGEST_RANGE = 100_000  # Jinja's sandbox stops at the same count


def bounded_range(*args: int) -> range:
    """`range()` in templates, refused past 100,000 numbers: a template loops over what
    the site holds, and `range(10**9)` would hold a build, or the preview, for minutes."""
    numbers = range(*args)
    if len(numbers) > LONGEST_RANGE:
        raise OverflowError(f"range() of {len(numbers):,} numbers: templates stop at 100,000")
    return numbers


@pass_context
def url(context: Context, path: str) -> str:
    """A root-relative link that survives hosting under a sub-path and works at any depth."""
    return urls.href(context["settings"].base_url, path)


@pass_context
def fragment(context: Context, name: str, **values: Any) -> Markup:
    """`{{ fragment("_footer.html", pages=site.pages) }}`: a template rendered with only
    the values given and the page's `settings`, as if its lines stood in the page.

    A fragment sees nothing else of the page, so what it shows is a function of
    what it is given, and the speed layer makes it once for all the pages that
    give it the same (`speed/fragments.py`): Hugo's `partialCached`, without a key
    to keep by hand. Its file's final newline is dropped: the line that calls it
    ends with one. Only a fragment its template escaped (an .html or .xml one) is
    trusted as HTML; any other is escaped like every value a page prints.
    """
    env = context.environment
    text = env.get_template(name).render(settings=context["settings"], **values)
    text = text[:-1] if text.endswith("\n") else text
    escaped = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    return Markup(text) if escaped else escape(text)


@pass_context
def srcset(context: Context, candidates: tuple[tuple[str, int], ...]) -> str:
    """A `srcset` value whose links, like `url()`'s, survive hosting under a sub-path."""
    base = context["settings"].base_url
    return markup.srcset(candidates, lambda path: urls.href(base, path))


@pass_context
def absolute(context: Context, path: str) -> str:
    """The full public URL, for canonical links, Open Graph and anything shared off-site."""
    return urls.public(context["settings"].base_url, path)


@pass_context
def webcal(context: Context, path: str) -> str:
    """The `webcal://` address of a calendar: calendar apps open it as a subscription."""
    return eventpages.webcal(context["site"], path)


_NOT_DIALLED = re.compile(r"[^0-9+]")


def tel(number: str) -> str:
    """`(310) 379-2477` -> `tel:3103792477`: phones dial digits, not punctuation."""
    return "tel:" + _NOT_DIALLED.sub("", number)


def breakable(address: str) -> Markup:
    """An address to copy, with a place to break after each `/` (`<wbr>`, which copying
    leaves out): a long one broke mid-word on a phone, "…/even" / "ts.ics" (review find)."""
    scheme, mark, rest = address.rpartition("://")  # `https://` is never broken
    return escape(scheme + mark) + Markup("/<wbr>").join(rest.split("/"))


@pass_context
def template_gettext(context: Context, message: str) -> str:
    """`gettext()` and `{% trans %}` in templates: the page's language comes from its settings."""
    return words(context["settings"].language).gettext(message)


@pass_context
def translate(context: Context, message: str, **values: Any) -> Markup:
    """`_("Page %(number)s of %(count)s", number=n, count=c)`: the words in the page's
    language, trusted as HTML, with the values escaped (Jinja's "newstyle" gettext).

    A page says some forty of these; this is Jinja's own `_` without its two extra
    calls and its formatting when there is nothing to format.
    """
    text = marked(context["settings"].language, message)
    return fill(text, values) if values else text


@pass_context
def template_ngettext(context: Context, singular: str, plural: str, count: int) -> str:
    return words(context["settings"].language).ngettext(singular, plural, count)


@pass_context
def in_other_language(context: Context, language: str) -> Markup:
    """` lang="fa" dir="rtl"`: the attributes of an element in `language` on this page."""
    return language_marks(language, context["settings"].language)


@pass_context
def text(context: Context, item: Any, name: str) -> Any:
    """A field of `item`, marked with the default language's `lang` when it fell back to it.

    A Spanish page showing an event whose Spanish title was not given shows the
    English one inside `<span lang="en">`, so screen readers switch voice (WCAG 3.1.2).
    """
    return fallback_text(context["settings"], item, name)


@pass_context
def lang_of(context: Context, item: Any, name: str) -> Markup:
    """` lang="en"` for an element holding a field that fell back to the default language."""
    if name not in item.fallback:
        return Markup("")
    return in_other_language(context, context["settings"].default_language)


def in_page_language(format_in: Callable[..., Any]) -> Callable[..., Any]:
    """A filter from `format_in(value, language, ...)`: the language is the page's."""

    @pass_context
    def page_filter(context: Context, value: Any, *args: Any, **options: Any) -> Any:
        return format_in(value, context["settings"].language, *args, **options)

    return page_filter


def _repeat_words(event: Event, language: str) -> str:
    return repeat_text(event.repeat, event.start, language)  # type: ignore[arg-type]


def _status_word(status: EventStatus, language: str) -> str:
    return status_label(language, status)


# Filters that keep their English names ("ap_date") and follow the page's language.
LANGUAGE_FILTERS = {
    "ap_date": long_date,
    "ap_time": time_of_day,
    "ap_when": when,
    "ap_moment": moment,
    "ap_when_html": when_html,
    "ap_times": times,
    "repeat_words": _repeat_words,
    "month": month_abbreviation,
    "status": _status_word,
}


@dataclass(frozen=True)
class LanguageLink:
    """A link in the language switcher: the same page in `language`, or that language's home."""

    language: str
    path: str
    name: str  # what the language calls itself
    same_page: bool


@pass_context
def language_links(context: Context, versions: tuple[tuple[str, str], ...]) -> list[LanguageLink]:
    """The page in each of the site's other languages, or that language's home page."""
    settings = context["settings"]
    here = dict(versions)
    links = []
    for language in settings.languages:
        if language != settings.language:
            home = urls.language_root(language, settings.default_language) + "/"
            path = here.get(language, home)
            links.append(LanguageLink(language, path, language_name(language), language in here))
    return links


def install_language(env: jinja2.Environment) -> None:
    """Gettext, and dates in the page's language, for every template of `env`.

    The filters keep their English names (`ap_date`: "Dec. 5, 2026") and
    follow the page's language ("5 de diciembre de 2026").
    """
    env.install_gettext_callables(template_gettext, template_ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["_"] = translate
    env.filters.update({name: in_page_language(f) for name, f in LANGUAGE_FILTERS.items()})
    env.filters.update(og_locale=og_locale, language_name=language_name)
    env.filters.update(dir_attribute=dir_attribute)
    env.globals.update(text=text, lang_of=lang_of, language_links=language_links)
    env.globals.update(in_other_language=in_other_language)
