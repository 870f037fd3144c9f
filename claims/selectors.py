"""Everything that reads: lists, the compare grid, the export document.

Each selector runs a bounded number of queries whatever the story's size;
views never touch related managers in loops.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet

from claims.models import Alignment, Article, Claim, Sentence, Story


def story_list(*, query: str = "", outlet: str = "") -> QuerySet[Story]:
    stories = Story.objects.annotate(
        article_count=Count("articles", filter=Q(articles__status=Article.Status.READY), distinct=True),
        first_published=Min("articles__published"),
        last_published=Max("articles__published"),
    )
    if query:
        stories = stories.filter(Q(title__icontains=query) | Q(articles__title__icontains=query)).distinct()
    if outlet:
        stories = stories.filter(articles__outlet__slug=outlet).distinct()
    return stories.order_by("-created", "-id")


def story_articles(*, story: Story) -> list[Article]:
    return list(
        Article.objects.filter(story=story, status=Article.Status.READY)
        .select_related("outlet", "version_of")
        .annotate(sentence_count=Count("sentences"))
        .order_by("published", "id")
    )


def story_counts(*, story: Story) -> dict[str, int]:
    counts = Alignment.objects.filter(story=story).aggregate(
        alignments=Count("id"),
        discrepancies=Count("id", filter=Q(verdict=Alignment.Verdict.DISCREPANCY)),
    )
    counts["claims"] = Claim.objects.filter(story=story).count()
    return counts


@dataclass
class Cell:
    sentence: Sentence
    alignment: Alignment | None = None  # the pair's alignment, on aligned rows


@dataclass
class Row:
    a: Cell | None
    b: Cell | None
    alignment: Alignment | None = None
    discrepancy_types: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.alignment is None:
            return "only-a" if self.a else "only-b"
        return self.alignment.verdict


def compare_rows(*, article_a: Article, article_b: Article) -> list[Row]:
    """Two columns in reading order, aligned sentences on the same row.

    Walk A in order; each aligned pair is emitted at A's position, and B's
    unaligned sentences that come before the B side of that pair are flushed
    first, so both columns stay in reading order where alignment allows.
    """
    sa = list(Sentence.objects.filter(article=article_a).order_by("index").defer("embedding"))
    sb = list(Sentence.objects.filter(article=article_b).order_by("index").defer("embedding"))
    ids_a = {s.pk for s in sa}
    ids_b = {s.pk for s in sb}
    alignments = Alignment.objects.filter(
        Q(sentence_a__in=ids_a, sentence_b__in=ids_b) | Q(sentence_a__in=ids_b, sentence_b__in=ids_a)
    )
    pair_of: dict[int, list[tuple[int, Alignment]]] = {}
    for al in alignments:
        a_id, b_id = (al.sentence_a_id, al.sentence_b_id)
        if a_id in ids_b:  # stored the other way round: normalise to (A, B)
            a_id, b_id = b_id, a_id
        pair_of.setdefault(a_id, []).append((b_id, al))
    aligned_b = {b for pairs in pair_of.values() for b, _ in pairs}
    by_id_b = {s.pk: s for s in sb}
    order_b = {s.pk: i for i, s in enumerate(sb)}
    used_b: set[int] = set()
    next_b = 0
    rows: list[Row] = []

    def flush_b(until: int) -> None:
        nonlocal next_b
        while next_b < until:
            s = sb[next_b]
            if s.pk not in used_b and s.pk not in aligned_b:
                rows.append(Row(a=None, b=Cell(s)))
            next_b += 1

    for s in sa:
        pairs = sorted(pair_of.get(s.pk, []), key=lambda p: order_b[p[0]])
        if not pairs:
            rows.append(Row(a=Cell(s), b=None))
            continue
        for b_id, al in pairs:
            flush_b(order_b[b_id])
            used_b.add(b_id)
            types = sorted({d.get("type", "") for d in al.discrepancies})
            rows.append(Row(a=Cell(s, al), b=Cell(by_id_b[b_id], al), alignment=al, discrepancy_types=types))
    flush_b(len(sb))
    return rows


def story_export(*, story_id: int | None = None) -> dict[str, Any]:
    """The export_json document (schema in docs/export.md)."""
    stories = Story.objects.order_by("id")
    if story_id is not None:
        stories = stories.filter(pk=story_id)
    story_list_ = list(stories)
    story_ids = [s.pk for s in story_list_]
    articles = list(
        Article.objects.filter(story_id__in=story_ids, status=Article.Status.READY)
        .select_related("outlet")
        .order_by("story_id", "published", "id")
    )
    sentences = (
        Sentence.objects.filter(article__in=articles).order_by("article_id", "index").defer("embedding")
    )
    by_article: dict[int, list[dict[str, Any]]] = {}
    for s in sentences:
        by_article.setdefault(s.article_id, []).append(
            {"id": s.pk, "index": s.index, "text": s.text, "start": s.start, "end": s.end}
        )
    claims = (
        Claim.objects.filter(story_id__in=story_ids)
        .prefetch_related("sentences")
        .order_by("story_id", "index")
    )
    claims_by_story: dict[int, list[dict[str, Any]]] = {}
    outlet_of = {a.pk: (a.outlet.slug if a.outlet else None) for a in articles}
    for c in claims:
        members = sorted(c.sentences.all(), key=lambda s: (s.article_id, s.index))
        claims_by_story.setdefault(c.story_id, []).append(
            {
                "id": c.pk,
                "index": c.index,
                "sentences": [s.pk for s in members],
                "outlets": sorted({o for s in members if (o := outlet_of.get(s.article_id))}),
                "has_discrepancy": c.has_discrepancy,
            }
        )
    alignments = Alignment.objects.filter(story_id__in=story_ids).order_by(
        "story_id", "sentence_a_id", "sentence_b_id"
    )
    al_by_story: dict[int, list[dict[str, Any]]] = {}
    for al in alignments:
        al_by_story.setdefault(al.story_id, []).append(
            {
                "a": al.sentence_a_id,
                "b": al.sentence_b_id,
                "score": round(al.score, 4),
                "verdict": al.verdict,
                "confidence": round(al.confidence, 4),
                "claim": al.claim_id,
                "discrepancies": [{"type": d["type"], "a": d["a"], "b": d["b"]} for d in al.discrepancies],
            }
        )
    arts_by_story: dict[int, list[dict[str, Any]]] = {}
    for a in articles:
        assert a.story_id is not None
        arts_by_story.setdefault(a.story_id, []).append(
            {
                "id": a.pk,
                "story_id": a.story_id,
                "outlet": a.outlet.slug if a.outlet else None,
                "title": a.title or None,
                "published": a.published.isoformat() if a.published else None,
                "url": a.url or None,
                "byline": a.byline or None,
                "source_name": a.source_name,
                "version_of": a.version_of_id,
                "sentences": by_article.get(a.pk, []),
            }
        )
    return {
        "stories": [
            {
                "id": s.pk,
                "title": s.title,
                "articles": arts_by_story.get(s.pk, []),
                "alignments": al_by_story.get(s.pk, []),
                "claims": claims_by_story.get(s.pk, []),
            }
            for s in story_list_
        ]
    }
