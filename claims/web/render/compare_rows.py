"""The compare grid's table rows, rendered in Python.

A story of 5 outlets × 60 sentences is ~300 rows × 5 cells; as template loops
that was half the page's time. Same markup as the template had, built with
string joins. Everything that comes from data is escaped here: sentence text
through claims.web.render.markup, outlet names and discrepancy types with escape().

Per-user pieces never enter this markup: the flag forms carry sentinels for the
CSRF token and the request path, which claims.web.render.cache fills in per request,
so the rendered rows can be cached and shared.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from claims.selectors.compare import GridItem, GridRow
from claims.web.render.cache import CSRF_INPUT, PATH_SENTINEL
from claims.web.render.markup import item_markup, type_label

# Flag state shown on a pair, as (badge class, text): confirmed wins over open.
FLAG_BADGES = {
    "confirmed": ("flag-confirmed", "contradiction confirmed"),
    "open": ("flag-open", "flagged, awaiting review"),
}

GAP = '<span class="gap">— <span class="sr-only">not reported in this article</span></span>'


def _pk_url(name: str) -> Callable[[int], str]:
    """reverse() once for a URL with one integer argument; each call then only formats."""
    marker = 987654321
    prefix, _, suffix = reverse(name, args=[marker]).partition(str(marker))
    return lambda pk: f"{prefix}{pk}{suffix}"


def _badges(row: GridRow) -> str:
    if row.kind == "agree":
        return '<span class="badge agree">agree</span>'
    if row.kind == "discrepancy":
        if not row.types:
            return '<span class="badge discrepancy">differs</span>'
        return " ".join(
            f'<span class="badge discrepancy t-{escape(t)}">{escape(type_label(t))}</span>' for t in row.types
        )
    return '<span class="badge unique">unique</span>'


def _similar_link(url: str) -> str:
    # htmx swaps the link for the list in place; without JavaScript it is a page of its own.
    return (
        f'<a class="similar-link" href="{url}" hx-get="{url}" hx-target="this" hx-swap="outerHTML">'
        "Who else reported this?</a>"
    )


def _flag_form(item: GridItem, anchor: str, width: int, flag_url: Callable[[int], str]) -> str:
    assert item.alignment is not None
    partner = escape(item.partner)
    url = escape(flag_url(item.alignment.pk))
    versus = f" (vs {partner})" if width > 2 else ""
    return (
        f'<details class="flag"><summary>Flag as contradiction<span class="sr-only"> with {partner}</span>'
        f"{versus}</summary>"
        f'<form method="post" action="{url}" hx-post="{url}" hx-target="this" hx-swap="outerHTML">'
        f"{CSRF_INPUT}"
        f'<input type="hidden" name="next" value="{PATH_SENTINEL}#{anchor}">'
        '<label>Note <textarea name="note" rows="2" maxlength="2000"></textarea></label>'
        '<button type="submit">Flag</button></form></details>'
    )


def _cell(
    items: list[GridItem],
    *,
    column: int,
    anchor: str,
    width: int,
    can_flag: bool,
    flag_states: dict[int, str],
    flag_url: Callable[[int], str],
    similar_url: Callable[[int], str],
) -> str:
    if not items:
        return f'<td class="cell">{GAP}</td>'
    out: list[str] = []
    for item in items:
        counterparts = " ".join(str(pk) for pk in item.counterparts)
        out.append(
            f'<p class="sentence" tabindex="0" data-sentence="{item.sentence.pk}" '
            f'data-counterparts="{counterparts}">{item_markup(item)}</p>'
        )
        out.append(_similar_link(similar_url(item.sentence.pk)))
        # Flags sit on the pair each later column is diffed against, like the form.
        if item.alignment is None or column == 0:
            continue
        badge = FLAG_BADGES.get(flag_states.get(item.alignment.pk, ""))
        if badge:
            out.append(f'<p class="flag-state"><span class="badge {badge[0]}">{badge[1]}</span></p>')
        if can_flag:
            out.append(_flag_form(item, anchor, width, flag_url))
    return f'<td class="cell">{"".join(out)}</td>'


def compare_rows_html(
    rows: list[GridRow], *, width: int, can_flag: bool, flag_states: dict[int, str]
) -> SafeString:
    """The <tr>s of the compare table's body; `width` is the number of article columns."""
    if not rows:
        return mark_safe(f'<tr><td colspan="{width + 1}" class="empty">No rows match this filter.</td></tr>')
    flag_url = _pk_url("claims:flag_create")
    similar_url = _pk_url("claims:sentence_similar")
    out: list[str] = []
    for row in rows:
        anchor = escape(row.anchor)
        number = row.claim.index + 1 if row.claim else ""
        marker = " data-discrepancy" if row.kind == "discrepancy" else ""
        out.append(
            f'<tr class="row {escape(row.kind)}" id="{anchor}" tabindex="-1"{marker}>'
            f'<th scope="row" class="claimcol"><a class="permalink" href="#{anchor}" '
            f'title="Link to this claim">#{number}</a> {_badges(row)}</th>'
        )
        for column, items in enumerate(row.cells):
            out.append(
                _cell(
                    items,
                    column=column,
                    anchor=anchor,
                    width=width,
                    can_flag=can_flag,
                    flag_states=flag_states,
                    flag_url=flag_url,
                    similar_url=similar_url,
                )
            )
        out.append("</tr>")
    return mark_safe("\n".join(out))
