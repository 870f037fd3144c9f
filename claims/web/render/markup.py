"""Markup for word-level diffs: changed words and discrepancy spans on one side of a pair.

Plain functions, shared by the template tags and the Python page renderers.
Every piece of text is escaped here; callers get SafeStrings.
"""

from __future__ import annotations

import itertools
from html import escape as html_escape
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TYPE_LABELS = {
    "number": "number",
    "date": "date",
    "entity": "name",
    "negation": "negation",
    "attribution": "attribution",
    "quote": "quote",
}


def type_label(kind: str) -> str:
    return TYPE_LABELS.get(kind, kind)


def _clipped(span: Any, length: int) -> tuple[int, int] | None:
    start, end = max(0, span[0]), min(length, span[1])
    return (start, end) if start < end else None


def side_markup(
    text: str, diff: list[dict[str, Any]], discrepancies: list[dict[str, Any]], side: str
) -> SafeString:
    """Escape `text`, wrapping changed words in <ins>/<del> and discrepancy spans in <mark>.

    The text is cut at every span boundary and runs of pieces in the same state
    are merged, so overlapping diff ops and discrepancy spans never produce
    crossed tags. Where discrepancy spans overlap, the later one names the type.
    """
    span_key = f"{side}_span"
    length = len(text)
    changes = [
        c
        for op in diff
        if op.get("op") != "equal" and op.get(span_key)
        if (c := _clipped(op[span_key], length))
    ]
    marks = [
        (c, d.get("type", ""))
        for d in discrepancies
        if d.get(span_key)
        if (c := _clipped(d[span_key], length))
    ]
    if not changes and not marks:
        return escape(text)
    cuts = sorted({0, length, *(x for c in changes for x in c), *(x for c, _ in marks for x in c)})
    # (start, end, changed, marked type or None) for each maximal run in one state
    runs: list[tuple[int, int, bool, str | None]] = []
    for start, end in itertools.pairwise(cuts):
        changed = any(s <= start < e for s, e in changes)
        marked = None
        for (s, e), kind in marks:
            if s <= start < e:
                marked = kind
        if runs and runs[-1][2] == changed and runs[-1][3] == marked:
            runs[-1] = (runs[-1][0], end, changed, marked)
        else:
            runs.append((start, end, changed, marked))
    change_tag = "del" if side == "a" else "ins"
    out: list[str] = []
    # html.escape is what django's escape() wraps, without its lazy-string check per call.
    for start, end, changed, marked in runs:
        piece = html_escape(text[start:end])
        if changed:
            piece = f"<{change_tag}>{piece}</{change_tag}>"
        if marked is not None:
            piece = (
                f'<mark class="disc t-{html_escape(marked)}" title="{html_escape(type_label(marked))} '
                f'discrepancy">{piece}</mark>'
            )
        out.append(piece)
    return mark_safe("".join(out))


def item_markup(item: Any) -> SafeString:
    """A compare-grid item's sentence, marked against the pair it was diffed with."""
    text = item.sentence.text
    al = item.alignment
    if al is None:
        return escape(text)
    # Discrepancies from every pair the sentence is in, not only the one it is diffed against.
    side_key = f"{item.side}_span"
    marks = [{"type": m["type"], side_key: m["span"]} for m in item.marks] or al.discrepancies or []
    return side_markup(text, al.diff or [], marks, item.side)


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
