"""Markup for word-level diffs: changed words and discrepancy spans on one side of a pair."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

TYPE_LABELS = {
    "number": "number",
    "date": "date",
    "entity": "name",
    "negation": "negation",
    "attribution": "attribution",
    "quote": "quote",
}


@register.filter
def type_label(kind: str) -> str:
    return TYPE_LABELS.get(kind, kind)


def side_markup(text: str, diff: list[dict[str, Any]], discrepancies: list[dict[str, Any]], side: str) -> str:
    """Escape `text`, wrapping changed words in <ins>/<del> and discrepancy spans in <mark>.

    Works per character and then merges runs, so overlapping diff ops and
    discrepancy spans never produce crossed tags.
    """
    span_key = f"{side}_span"
    change_tag = "del" if side == "a" else "ins"
    changed = [False] * len(text)
    marked: list[str | None] = [None] * len(text)
    for op in diff:
        span = op.get(span_key)
        if op.get("op") != "equal" and span:
            for i in range(max(0, span[0]), min(len(text), span[1])):
                changed[i] = True
    for d in discrepancies:
        span = d.get(span_key)
        if span:
            for i in range(max(0, span[0]), min(len(text), span[1])):
                marked[i] = d.get("type", "")
    out: list[str] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and changed[j] == changed[i] and marked[j] == marked[i]:
            j += 1
        piece: str = escape(text[i:j])
        if changed[i]:
            piece = f"<{change_tag}>{piece}</{change_tag}>"
        if marked[i] is not None:
            kind = escape(marked[i] or "")
            label = escape(type_label(marked[i] or ""))
            piece = f'<mark class="disc t-{kind}" title="{label} discrepancy">{piece}</mark>'
        out.append(piece)
        i = j
    return "".join(out)


@register.simple_tag
def diff_side(item: Any) -> SafeString:
    """A compare-grid item's sentence, marked against the pair it was diffed with."""
    text = item.sentence.text
    al = item.alignment
    if al is None:
        return escape(text)
    # Discrepancies from every pair the sentence is in, not only the one it is diffed against.
    side_key = f"{item.side}_span"
    marks = [{"type": m["type"], side_key: m["span"]} for m in item.marks] or al.discrepancies or []
    return mark_safe(side_markup(text, al.diff or [], marks, item.side))


@register.filter
def word_ops(ops: list[dict[str, Any]]) -> SafeString:
    """A paragraph edited between two versions: deleted words struck, inserted ones underlined."""
    out: list[str] = []
    for op in ops:
        if op["op"] == "equal":
            out.append(escape(op["a"]))
            continue
        if op["a"]:
            out.append(f"<del>{escape(op['a'])}</del>")
        if op["b"]:
            out.append(f"<ins>{escape(op['b'])}</ins>")
    return mark_safe(" ".join(out))
