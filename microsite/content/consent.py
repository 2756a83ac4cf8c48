"""Photos of children: a story or event in a community marked `minors: true` must say
whether its pictures show minors and, if they do, where the signed releases are kept.

A department that publishes a child's photo without a parent's release can
be made to take it down, and one that cannot say where the release is kept
cannot defend the photo at all. So the build asks at the moment of writing,
in the one place a PIO cannot skip: the story's front matter, the event's entry.
"""

from __future__ import annotations

import re

from microsite.content.fields import Fields

# A picture in the body: every Markdown picture starts `![` (its alt text may span lines,
# hold brackets, or name a reference defined elsewhere: `![kids]`), and raw HTML's is
# `<img`. Any `![` counts, even one in code: a story asked to say `minors_pictured: false`
# without need costs a line, one let through without it publishes a child's photo
# unasked (a stricter pattern missed all three of those ways: review find).
_BODY_PICTURE = re.compile(r"!\[|<img\b", re.I)
STATE_HINT = (
    "add 'minors_pictured: false' if no one under 18 can be recognised, or "
    "'minors_pictured: true' and 'photo_consent: where the signed releases are kept'"
)
CONSENT_HINT = (
    "add 'photo_consent: ...' naming where the signed releases are kept, "
    "e.g. 'PIO office, releases binder 2026'"
)


def shows_pictures(image: object, body: str) -> bool:
    """Whether a story (or event) shows a picture: a lead image or one in its text."""
    return image is not None or bool(_BODY_PICTURE.search(body))


def state_required(community: str) -> str:
    return f"minors_pictured: required for pictures in the '{community}' community"


def check_consent(fields: Fields, body: str, minors: frozenset[str]) -> None:
    """Record an error for a story or event in a minors community that does not state consent."""
    pictured = fields.data.get("minors_pictured")
    consent = fields.text("photo_consent")
    if "minors_pictured" in fields.data and not isinstance(pictured, bool):
        fields.error("minors_pictured", "minors_pictured: expected true or false", STATE_HINT)
        return
    if pictured and consent is None:  # whatever its communities: a translation may list none
        message = "photo_consent: required when minors_pictured is true"
        fields.error("minors_pictured", message, CONSENT_HINT)
        return
    listed = fields.data.get("communities")
    listed = [listed] if isinstance(listed, str) else listed if isinstance(listed, list) else []
    keys = [key for key in listed if isinstance(key, str) and key in minors]
    if keys and pictured is None and shows_pictures(fields.data.get("image"), body):
        where = "communities" if "communities" in fields.data else "image"
        fields.error(where, state_required(keys[0]), STATE_HINT)
