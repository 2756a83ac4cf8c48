"""`featured: true`: the story that leads the home page, one in each language.

When two stories say it, the newer leads and the other is silently ignored;
a PIO who marked this week's story and forgot last month's would never know
why the home page did not change. So each featured story that does not lead
gets a warning at its `featured` line naming the one that does.
"""

from __future__ import annotations

from collections.abc import Sequence

from microsite.content.documents import Header
from microsite.errors import ContentError, warning


def check_featured(headers: Sequence[Header], problems: list[ContentError]) -> None:
    """Warn at every `featured` line but the lead's, among the stories that are published
    (`headers`): in each language the newest featured story leads, as `Site.lead_story` says."""
    featured = [h for h in headers if h.kind == "stories" and h.featured and h.date]
    for lang in sorted({h.lang for h in featured}):
        newest = sorted(
            (h for h in featured if h.lang == lang), key=lambda h: (h.date, h.slug), reverse=True
        )
        lead = newest[0]
        for header in newest[1:]:
            message = (
                f"featured: this story does not lead the home page: '{lead.title}' "
                f"({lead.source}) is featured too, and newer"
            )
            hint = "keep 'featured: true' on one story: delete it here or there"
            problems.append(warning(header.source, header.line_of("featured"), message, hint))
