"""Characters no published text may hold: one rule for loading and for every output.

A title, name or slug is one line: a line break there ends an iCalendar
property early (a title could inject the next one) and renders as nothing in
a page. Longer text may break lines, but nothing else invisible: XML 1.0
cannot carry most C0 controls even escaped, so one would make feed.xml
unreadable, and a lone surrogate cannot even be written out as UTF-8.
Loading refuses both with file and line; calendars drop them again as a
defence, because icalendar passes them through. Each pattern matches a whole
run, so a calendar replaces "\r\n" with one space, not two.
"""

from __future__ import annotations

import re

# Invisible format characters a title has no use for: bidi embeddings, overrides and
# isolates make it read otherwise than it is written; zero-width spaces, word joiners and
# stray byte-order marks hide in it (and in its slug and calendar entry). The joiners
# U+200C and U+200D and the marks U+200E and U+200F stay: Persian words, emoji sequences
# and right-to-left titles need them. Longer text may hold them.
INVISIBLE = "\u200b\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
NOT_ONE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff{INVISIBLE}]+")
NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]+")
LINE_BREAKS = "\n\r\u2028\u2029"
# Every character `str.splitlines` breaks a line at, as a space, for `str.translate`:
# text read as a reader sees it, one line (a lint's sentence, a calendar's paragraph).
AS_SPACES = dict.fromkeys(map(ord, "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"), " ")
# Four private-use characters microsite keeps for itself: the brackets around English
# interface text on a page in another language, and around values inside it
# (`render/fallbacks.py`). Content that held one could unbalance a page's marks (review
# find), so loading refuses them.
RESERVED = "\ue000\ue001\ue002\ue003"
NOT_CONTENT_LINE = re.compile(NOT_ONE_LINE.pattern[:-2] + RESERVED + "]+")
NOT_CONTENT = re.compile(NOT_TEXT.pattern[:-2] + RESERVED + "]+")
