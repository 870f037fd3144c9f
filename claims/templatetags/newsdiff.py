"""Template access to the diff markup in claims/markup.py."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from claims import markup
from claims.markup import side_markup as side_markup

register = template.Library()


@register.filter
def type_label(kind: str) -> str:
    return markup.type_label(kind)


@register.simple_tag
def diff_side(item: Any) -> SafeString:
    """A compare-grid item's sentence, marked against the pair it was diffed with."""
    return markup.item_markup(item)


@register.filter
def word_ops(ops: list[dict[str, Any]]) -> SafeString:
    """A paragraph edited between two versions: deleted words struck, inserted ones underlined."""
    return markup.word_ops(ops)
