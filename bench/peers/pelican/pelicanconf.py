"""Pelican settings for the benchmark: the same pages microsite makes for stories, nothing more.

Pages: a home page listing every story, 10 per page (/, /page/2/, ...), one page per
story (/stories/<slug>/), one unpaginated page per tag (our communities) listing all its
stories (/communities/<tag>/), a site Atom feed and one Atom feed per tag, each with the
30 newest stories and their full text, as microsite's feeds have. No categories, authors,
archives, tag index, static files or theme assets, so Pelican does no work microsite skips.
"""

from pathlib import Path

SITENAME = "Benchmark Police Community"
SITEURL = "https://bench.example.org"
TIMEZONE = "America/Los_Angeles"
DEFAULT_LANG = "en"
THEME = str(Path(__file__).resolve().parent / "theme")
THEME_STATIC_PATHS: list[str] = []
STATIC_PATHS: list[str] = []
DIRECT_TEMPLATES = ["index"]
PAGINATED_TEMPLATES = {"index": None}
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
ARTICLE_URL = "stories/{slug}/"
ARTICLE_SAVE_AS = "stories/{slug}/index.html"
TAG_URL = "communities/{slug}/"
TAG_SAVE_AS = "communities/{slug}/index.html"
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
TAGS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
FEED_ALL_ATOM = "feed.xml"
TAG_FEED_ATOM = "communities/{slug}/feed.xml"
FEED_ATOM = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 30
# Tables, footnotes and heading ids, as microsite's Markdown has; no code highlighting.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {},
        "markdown.extensions.smarty": {},
    },
    "output_format": "html5",
}
