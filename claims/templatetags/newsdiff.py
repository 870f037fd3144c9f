"""Template access to the diff markup in claims/web/render/markup.py.

The compare grid and overview tables are built in Python (claims/web/render/);
only the version diff page renders markup from a template.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from claims.web.render import markup

register = template.Library()


@register.filter
def word_ops(ops: list[dict[str, Any]]) -> SafeString:
    """A paragraph edited between two versions: deleted words struck, inserted ones underlined."""
    return markup.word_ops(ops)
