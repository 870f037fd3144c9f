"""Reads for export_json: every story with its articles, sentences, alignments and claims."""

from __future__ import annotations

from typing import Any

from claims.models import Alignment, Article, Claim, Sentence, Story


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
    # An article whose outlet is unknown still counts as a voice of its own.
    outlet_of = {a.pk: (a.outlet.slug if a.outlet else f"unknown (article {a.pk})") for a in articles}
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
                "direct": al.direct,
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
