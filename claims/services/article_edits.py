"""Corrections to stored articles: putting back a block cleaning removed, retrying a failed upload."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from claims.models import Article
from claims.pipeline.ingest import extract as extract_mod
from claims.services.alignment import stories_align
from claims.services.articles import IngestResult, article_ingest, prepare_extracted, write_sentences


def _body_with_restored(*, article: Article, positions: list[int]) -> tuple[str, list[dict[str, Any]]]:
    """Rebuild the body with the chosen removed blocks put back where they stood.

    Removed blocks carry their position among the raw text's non-empty lines;
    the body's paragraphs are placed by finding each one among those lines.
    """
    raw_lines = [line.strip() for line in article.raw_text.split("\n") if line.strip()]
    paragraphs = [p for p in article.body.split("\n\n") if p.strip()]
    placed: list[tuple[float, str]] = []
    cursor = 0
    for para in paragraphs:
        head = para.split("\n")[0][:40]
        for n in range(cursor, len(raw_lines)):
            if head and head in raw_lines[n]:
                cursor = n
                break
        placed.append((cursor + 0.5, para))
    keep: list[dict[str, Any]] = []
    for block in article.removed:
        if block["position"] in positions:
            placed.append((float(block["position"]), block["text"]))
        else:
            keep.append(block)
    placed.sort(key=lambda item: item[0])
    return "\n\n".join(text for _, text in placed), keep


def article_restore_block(*, article: Article, position: int) -> IngestResult:
    """Put a wrongly removed block back and re-run segmentation, embedding and alignment."""
    if not any(block["position"] == position for block in article.removed):
        return IngestResult(
            source_name=article.source_name,
            status="failed",
            article=article,
            error="that block is not among the removed ones",
        )
    body, keep = _body_with_restored(article=article, positions=[position])
    extracted = extract_mod.Extracted(title=article.title or None, body=body)
    prepared = prepare_extracted(extracted=extracted, raw_text=article.raw_text, overrides={})
    with transaction.atomic():
        article.sentences.all().delete()
        article.body = body
        article.removed = keep
        article.restored = [*article.restored, position]
        article.content_hash = prepared.content_hash
        article.save(update_fields=["body", "removed", "restored", "content_hash"])
        write_sentences(article=article, prepared=prepared)
    if article.story_id:
        stories_align(story_ids={article.story_id})
    return IngestResult(source_name=article.source_name, status="created", article=article)


def article_retry(*, article: Article) -> IngestResult:
    """Run a failed upload through the pipeline again; on success it replaces the failed row."""
    result = article_ingest(
        data=bytes(article.raw),
        source_name=article.source_name,
        url=article.url or None,
        uploaded_by=article.uploaded_by,
    )
    if result.status != "failed":
        article.delete()
        if result.article and result.article.story_id:
            stories_align(story_ids={result.article.story_id})
    elif result.article is not None and result.article.pk != article.pk:
        result.article.delete()  # keep one failed row per upload, with the newest reason
        article.error = result.error
        article.save(update_fields=["error"])
        result.article = article
    return result
