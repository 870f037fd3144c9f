"""The story overview's coverage matrix rows and lone-claim list, rendered in Python.

~300 claims × 5 outlets as template loops cost most of the page's time. A
cell's markup depends only on its state and discrepancy types, so each
distinct cell is built once per page and reused.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from claims.selectors.stories import Coverage, Overview
from claims.web.render.markup import type_label

CELLS = {
    "agree": '<span aria-hidden="true">✓</span><span class="sr-only">agrees</span>',
    "unique": '<span class="badge unique">only here</span>',
    "missing": '<span aria-hidden="true">—</span><span class="sr-only">not reported</span>',
}


def _cell(cov: Coverage) -> str:
    if cov.state == "discrepancy":
        inner = (
            " ".join(f'<span class="badge discrepancy">{escape(type_label(t))}</span>' for t in cov.types)
            if cov.types
            else '<span class="badge discrepancy">differs</span>'
        )
    else:
        inner = CELLS.get(cov.state, CELLS["missing"])
    return f'<td class="cov {escape(cov.state)}">{inner}</td>'


def matrix_rows_html(overview: Overview, *, story_id: int, compare_all: str) -> SafeString:
    """The <tr>s of the coverage matrix: a row per claim, a cell per outlet voice."""
    link = escape(f"{reverse('claims:compare', args=[story_id])}?articles={compare_all}")
    cells: dict[tuple[str, tuple[str, ...]], str] = {}
    out: list[str] = []
    for claim, row in overview.matrix:
        parts = [
            f'<tr id="claim-{claim.pk}"><th scope="row">'
            f'<a href="{link}#claim-{claim.pk}">#{claim.index + 1}</a></th>'
        ]
        for cov in row:
            shape = (cov.state, tuple(cov.types))
            if shape not in cells:
                cells[shape] = _cell(cov)
            parts.append(cells[shape])
        parts.append("</tr>")
        out.append("".join(parts))
    return mark_safe("\n".join(out))


def only_in_items_html(overview: Overview, *, story_id: int, compare_all: str) -> SafeString:
    """The <li>s of the claims only one outlet reports, each linked to its row in the compare grid."""
    link = escape(f"{reverse('claims:compare', args=[story_id])}?articles={compare_all}&filter=unique")
    out: list[str] = []
    for claim, article, text in overview.only_in:
        outlet = (article.outlet.name if article.outlet else "") or "Unknown"
        out.append(
            f'<li><span class="badge unique">only in {escape(outlet)}</span> '
            f"{escape(Truncator(text).chars(160))} "
            f'<a href="{link}#claim-{claim.pk}">in context</a></li>'
        )
    return mark_safe("".join(out))
