"""The Python renderers of the compare rows and coverage matrix, and the diff markup they use.

No database: rows are built from unsaved model instances.
"""

from __future__ import annotations

import random
from typing import Any

from django.test import RequestFactory
from django.utils.html import escape

from claims.models import Alignment, Article, Claim, Outlet, Sentence
from claims.selectors.compare import GridItem, GridRow
from claims.selectors.stories import Coverage, Overview
from claims.web.render.cache import CSRF_SENTINEL, PATH_SENTINEL, personalise
from claims.web.render.compare_rows import compare_rows_html
from claims.web.render.markup import side_markup
from claims.web.render.overview_rows import matrix_rows_html, only_in_items_html

EVIL = "<script>alert(1)</script>"


def discrepancy_row() -> GridRow:
    """Two columns: 5 ships against 7 ships, the first sentence carrying a script tag."""
    a = Sentence(pk=11, article_id=1, index=0, text=f"{EVIL} 5 ships sank.")
    b = Sentence(pk=21, article_id=2, index=0, text="Then 7 ships sank.")
    five, seven = len(EVIL) + 1, 5
    al = Alignment(
        pk=7,
        sentence_a=a,
        sentence_b=b,
        score=0.9,
        verdict="discrepancy",
        discrepancies=[{"type": "number", "a_span": [five, five + 1], "b_span": [seven, seven + 1]}],
        diff=[{"op": "replace", "a_span": [five, five + 1], "b_span": [seven, seven + 1]}],
    )
    marks_a = [{"type": "number", "span": [five, five + 1]}]
    marks_b = [{"type": "number", "span": [seven, seven + 1]}]
    cells = [
        [GridItem(a, al, "a", ["number"], [21], marks_a, partner="Outlet B")],
        [GridItem(b, al, "b", ["number"], [11], marks_b, partner=f"Outlet {EVIL}")],
        [],
    ]
    return GridRow(Claim(pk=3, index=4), cells, "discrepancy", ["number", '"><b>x'], [al])


def test_compare_rows_escape_text_and_mark_badges_and_diffs() -> None:
    html = str(compare_rows_html([discrepancy_row()], width=3, can_flag=False, flag_states={}))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<tr class="row discrepancy" id="claim-3" tabindex="-1" data-discrepancy>' in html
    assert '<a class="permalink" href="#claim-3" title="Link to this claim">#5</a>' in html
    assert '<span class="badge discrepancy t-number">number</span>' in html
    assert "&quot;&gt;&lt;b&gt;x" in html and '"><b>x' not in html  # a hostile type name
    assert '<mark class="disc t-number" title="number discrepancy"><del>5</del></mark>' in html
    assert '<mark class="disc t-number" title="number discrepancy"><ins>7</ins></mark>' in html
    assert 'data-sentence="11" data-counterparts="21"' in html
    assert "not reported in this article</span></span></td>" in html  # the empty third column
    assert "<details" not in html and CSRF_SENTINEL not in html  # editors get no forms


def test_compare_rows_flag_forms_carry_sentinels_never_tokens() -> None:
    html = str(compare_rows_html([discrepancy_row()], width=3, can_flag=True, flag_states={7: "confirmed"}))
    assert html.count("<details") == 1  # on the later column only, like the template had
    assert 'action="/alignments/7/flag/"' in html and 'hx-post="/alignments/7/flag/"' in html
    assert f'value="{CSRF_SENTINEL}"' in html and f'value="{PATH_SENTINEL}#claim-3"' in html
    assert "Outlet &lt;script&gt;" in html and f"Outlet {EVIL}" not in html
    assert "(vs Outlet &lt;script&gt;" in html  # more than two columns name the partner
    assert '<span class="badge flag-confirmed">contradiction confirmed</span>' in html


def test_compare_rows_agree_unique_and_empty() -> None:
    s = Sentence(pk=5, article_id=1, index=2, text="Alone.")
    unique = GridRow(None, [[GridItem(s)], []], "unique")
    html = str(compare_rows_html([unique], width=2, can_flag=True, flag_states={}))
    assert 'id="sentence-5"' in html and '<span class="badge unique">unique</span>' in html
    assert "data-discrepancy" not in html and "<details" not in html  # no pair, nothing to flag
    empty = str(compare_rows_html([], width=2, can_flag=False, flag_states={}))
    assert 'colspan="3"' in empty and "No rows match this filter." in empty


def test_personalise_fills_sentinels_escaped() -> None:
    request = RequestFactory().get('/stories/1/compare/?articles=1,2&q="><script>')
    html = str(personalise(f'<input value="{CSRF_SENTINEL}"><input value="{PATH_SENTINEL}#x">', request))
    assert CSRF_SENTINEL not in html and PATH_SENTINEL not in html
    assert "<script>" not in html and escape(request.get_full_path()) + "#x" in html
    token = html.split('value="')[1].split('"')[0]
    assert len(token) == 64 and token.isalnum()


def test_matrix_rows_badges_links_and_escaping() -> None:
    claim = Claim(pk=9, index=0)
    cells = [
        Coverage("agree"),
        Coverage("discrepancy", ["entity", "<b>"]),
        Coverage("discrepancy"),
        Coverage("unique"),
        Coverage("missing"),
    ]
    overview = Overview(voices=[], matrix=[(claim, cells)], only_in=[], pairs=[])
    html = str(matrix_rows_html(overview, story_id=4, compare_all="1,2"))
    assert (
        '<tr id="claim-9"><th scope="row"><a href="/stories/4/compare/?articles=1,2#claim-9">#1</a>' in html
    )
    assert (
        '<td class="cov agree"><span aria-hidden="true">✓</span><span class="sr-only">agrees</span></td>'
        in html
    )
    assert (
        '<span class="badge discrepancy">name</span> <span class="badge discrepancy">&lt;b&gt;</span>' in html
    )
    assert '<span class="badge discrepancy">differs</span>' in html
    assert '<span class="badge unique">only here</span>' in html
    assert '<span class="sr-only">not reported</span>' in html


def _per_character_markup(text: str, diff: list[Any], discrepancies: list[Any], side: str) -> str:
    """The markup as first written (one state per character): the reference side_markup must match."""
    key, tag = f"{side}_span", ("del" if side == "a" else "ins")
    changed, marked = [False] * len(text), [None] * len(text)
    for op in diff:
        if op.get("op") != "equal" and op.get(key):
            for i in range(max(0, op[key][0]), min(len(text), op[key][1])):
                changed[i] = True
    for d in discrepancies:
        if d.get(key):
            for i in range(max(0, d[key][0]), min(len(text), d[key][1])):
                marked[i] = d.get("type", "")
    out, i = [], 0
    while i < len(text):
        j = i
        while j < len(text) and changed[j] == changed[i] and marked[j] == marked[i]:
            j += 1
        piece = str(escape(text[i:j]))
        if changed[i]:
            piece = f"<{tag}>{piece}</{tag}>"
        if marked[i] is not None:
            piece = f'<mark class="disc t-{marked[i]}" title="{marked[i]} discrepancy">{piece}</mark>'
        out.append(piece)
        i = j
    return "".join(out)


def test_side_markup_matches_the_per_character_reference() -> None:
    rng = random.Random(7)
    for _ in range(500):
        text = "".join(rng.choice("ab <&5") for _ in range(rng.randint(0, 30)))

        def span() -> list[int]:
            start = rng.randint(-3, 33)
            return [start, start + rng.randint(-2, 12)]

        side = rng.choice("ab")
        diff = [
            {"op": rng.choice(["equal", "replace", "insert"]), f"{side}_span": span()}
            for _ in range(rng.randint(0, 4))
        ]
        marks = [
            {"type": rng.choice(["number", "date"]), f"{side}_span": span()} for _ in range(rng.randint(0, 3))
        ]
        assert str(side_markup(text, diff, marks, side)) == _per_character_markup(text, diff, marks, side)


def test_only_in_items_truncate_escape_and_link() -> None:
    article = Article(pk=2, outlet=Outlet(pk=1, name="Harbor <Gazette>"))
    text = EVIL + " " + "word " * 60
    overview = Overview(voices=[], matrix=[], only_in=[(Claim(pk=9, index=3), article, text)], pairs=[])
    html = str(only_in_items_html(overview, story_id=4, compare_all="1,2"))
    assert html.startswith(
        '<li><span class="badge unique">only in Harbor &lt;Gazette&gt;</span> &lt;script&gt;'
    )
    assert "…" in html and "<script>" not in html  # cut at 160 characters, like truncatechars
    assert html.endswith(
        '<a href="/stories/4/compare/?articles=1,2&amp;filter=unique#claim-9">in context</a></li>'
    )
