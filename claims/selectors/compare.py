"""Reads for the compare page: the N-column grid of claims.

Bounded queries whatever the story's size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Max

from claims.models import Alignment, Article, Claim, Flag, Sentence, Story


@dataclass
class GridItem:
    """One sentence in one column of a claim row, with the pair it is diffed against."""

    sentence: Sentence
    alignment: Alignment | None = None
    side: str = "a"  # which side of `alignment` this sentence is
    types: list[str] = field(default_factory=list)
    counterparts: list[int] = field(default_factory=list)
    # Discrepancy spans on this sentence from every pair it is in, as {type, span}.
    marks: list[dict[str, Any]] = field(default_factory=list)
    partner: str = ""  # the outlet of the other side of `alignment`, to label the flag form


@dataclass
class GridRow:
    claim: Claim | None
    cells: list[list[GridItem]]
    kind: str  # agree | discrepancy | unique
    types: list[str] = field(default_factory=list)
    alignments: list[Alignment] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"claim-{self.claim.pk}" if self.claim else f"sentence-{self.cells_flat[0].sentence.pk}"

    @property
    def cells_flat(self) -> list[GridItem]:
        return [item for cell in self.cells for item in cell]


def _claim_members(articles: list[Article]) -> dict[int, list[int]]:
    through = Claim.sentences.through
    members: dict[int, list[int]] = {}
    for claim_id, sentence_id in through.objects.filter(sentence__article__in=articles).values_list(
        "claim_id", "sentence_id"
    ):
        members.setdefault(claim_id, []).append(sentence_id)
    return members


def compare_grid(*, story: Story, articles: list[Article]) -> list[GridRow]:
    """N columns, one row per claim in story order; lone sentences kept in each column's reading order.

    Claims that only one chosen article reports are placed right after the row
    holding that article's previous sentence, so every column reads top to bottom.
    Four queries whatever the story's size.
    """
    column = {a.pk: i for i, a in enumerate(articles)}
    label_of = {a.pk: a.outlet.name if a.outlet else f"article {a.pk}" for a in articles}
    sentences = list(
        Sentence.objects.filter(article__in=articles).order_by("article_id", "index").defer("embedding")
    )
    by_id = {s.pk: s for s in sentences}
    # Joins on the articles rather than IN lists of every sentence id: a story's
    # hundreds of ids cost more to pass as parameters than the joins cost PostgreSQL.
    members = _claim_members(articles)
    claims = {
        c.pk: c
        for c in Claim.objects.filter(
            pk__in=Claim.sentences.through.objects.filter(sentence__article__in=articles).values("claim_id")
        )
    }
    alignments = list(
        Alignment.objects.filter(
            story=story, sentence_a__article__in=articles, sentence_b__article__in=articles
        )
    )
    pair: dict[frozenset[int], Alignment] = {
        frozenset((al.sentence_a_id, al.sentence_b_id)): al for al in alignments
    }
    shared: list[GridRow] = []
    unique: list[GridRow] = []
    for claim_id, ids in members.items():
        ids.sort(key=lambda i: (column[by_id[i].article_id], by_id[i].index))
        cells: list[list[GridItem]] = [[] for _ in articles]
        for sid in ids:
            cells[column[by_id[sid].article_id]].append(
                GridItem(by_id[sid], counterparts=[x for x in ids if x != sid])
            )
        if sum(1 for c in cells if c) < 2:
            unique.append(GridRow(claims[claim_id], cells, "unique"))
            continue
        row_als = [pair[k] for k in (frozenset((x, y)) for x in ids for y in ids if x < y) if k in pair]
        ref = ids[0]
        for item in (i for cell in cells for i in cell):
            sid = item.sentence.pk
            mine = [al for al in row_als if sid in (al.sentence_a_id, al.sentence_b_id)]
            # Diff every sentence against the row's first one; the first against its first partner.
            best = pair.get(frozenset((ref, sid))) if sid != ref else None
            item.alignment = best or (mine[0] if mine else None)
            if item.alignment:
                item.side = "a" if item.alignment.sentence_a_id == sid else "b"
                other = item.alignment.sentence_b_id if item.side == "a" else item.alignment.sentence_a_id
                item.partner = label_of[by_id[other].article_id]
            item.types = sorted({d.get("type", "") for al in mine for d in al.discrepancies})
            item.marks = [
                {"type": d.get("type", ""), "span": d.get("a_span" if al.sentence_a_id == sid else "b_span")}
                for al in mine
                for d in al.discrepancies
            ]
        types = sorted({d.get("type", "") for al in row_als for d in al.discrepancies})
        disc = any(al.verdict == Alignment.Verdict.DISCREPANCY for al in row_als)
        shared.append(GridRow(claims[claim_id], cells, "discrepancy" if disc else "agree", types, row_als))
    shared.sort(key=lambda r: r.claim.index if r.claim else 0)
    return _interleave(shared, unique, len(articles))


def _interleave(shared: list[GridRow], unique: list[GridRow], width: int) -> list[GridRow]:
    # position[(column, sentence index)] = index of the shared row holding it
    position: dict[tuple[int, int], int] = {}
    for n, row in enumerate(shared):
        for c, cell in enumerate(row.cells):
            for item in cell:
                position[(c, item.sentence.index)] = n
    after: dict[int, list[tuple[int, int, GridRow]]] = {}
    for row in unique:
        c = next(i for i, cell in enumerate(row.cells) if cell)
        idx = row.cells[c][0].sentence.index
        anchor = max((n for (col, i), n in position.items() if col == c and i < idx), default=-1)
        after.setdefault(anchor, []).append((c, idx, row))
    out: list[GridRow] = []
    for n in range(-1, len(shared)):
        if n >= 0:
            out.append(shared[n])
        out.extend(r for _, _, r in sorted(after.get(n, []), key=lambda t: (t[0], t[1])))
    return out


def flag_stamp(*, story: Story) -> tuple[int, datetime | None]:
    """How many flags the story's pairs carry and when one last changed: one aggregate query.

    Creating, reviewing or deleting a flag changes it, so it versions cached compare grids.
    """
    found = Flag.objects.filter(alignment__story=story).aggregate(n=Count("id"), last=Max("updated"))
    return found["n"], found["last"]


def alignment_flag_states(*, story: Story) -> dict[int, str]:
    """alignment id -> "confirmed" or "open" for the story's flagged pairs; dismissed flags show nothing."""
    states: dict[int, str] = {}
    flags = Flag.objects.filter(alignment__story=story).values_list("alignment_id", "state")
    for alignment_id, state in flags:
        if state == Flag.State.CONFIRMED or (state == Flag.State.OPEN and alignment_id not in states):
            states[alignment_id] = str(state)
    return states
