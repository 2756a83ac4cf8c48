"""The speed layer's seam in rendering: templates call, escape and make their fragments
the quicker way.

Imported with Jinja, when a build first makes a page (`pipeline`): a rebuild
whose every page is still good loads neither.
"""

from __future__ import annotations

import jinja2

from microsite.render.environment import fragment
from microsite.speed.fragments import made_once
from microsite.speed.jinjacall import QuickContext
from microsite.speed.quickescape import QuickTemplate


def quick(env: jinja2.Environment) -> jinja2.Environment:
    """`env`, its calls and escapes made the quicker way, with a fresh memo of fragments:
    one per build, so that the preview reads an edited fragment template again."""
    env.context_class = QuickContext
    env.template_class = QuickTemplate
    env.globals["fragment"] = made_once(fragment)
    return env
