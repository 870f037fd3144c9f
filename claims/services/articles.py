"""Writes of articles: ingesting one upload, keeping a failed one, restoring a
removed block, retrying.

Heavy work (decoding, cleaning, segmentation, embedding) runs before any
transaction opens; the rows of one article are then written in a single
transaction, so a failure never leaves half an article behind. A failed
upload is still kept, raw bytes and reason, with status `failed`.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from django.conf import settings
from django.db import transaction

from claims import engines
from claims.models import Article, Outlet, Sentence, Story
from claims.pipeline.cluster import signals
from claims.pipeline.ingest import extract as extract_mod
from claims.pipeline.ingest.segment import segment
from claims.pipeline.nlp import unused_for_entities
from claims.services.alignment import embedding_matrix
from claims.services.clustering import cluster_lock, story_for_article, story_signature_refresh
from claims.services.outlets import outlet_get_or_create
from claims.services.stories import story_create

logger = logging.getLogger(__name__)

IngestStatus = Literal["created", "version", "duplicate", "failed", "queued"]
# Hears (stage, how many more articles finished it): "extract", "embed", "write".
StageProgress = Callable[[str, int], None]


@dataclass
class IngestResult:
    source_name: str
    status: IngestStatus
    article: Article | None = None
    error: str = ""
    duplicate_of: Article | None = None

    def as_dict(self) -> dict[str, Any]:
        article = self.article or self.duplicate_of
        return {
            "file": self.source_name,
            "article_id": article.pk if article else None,
            "story_id": article.story_id if article else None,
            "outlet": article.outlet.slug if article and article.outlet else None,
            "title": (article.title or None) if article else None,
            "published": article.published.isoformat() if article and article.published else None,
            "status": self.status,
            "error": self.error or None,
        }


@dataclass
class Prepared:
    """An article fully processed in memory, ready to be written."""

    extracted: extract_mod.Extracted
    spans: list[Any]
    vectors: Any
    content_hash: str
    raw_text: str
    overrides: dict[str, Any] = field(default_factory=dict)
    entities: list[str] = field(default_factory=list)
    lead_vector: Any = None

    @property
    def title(self) -> str:
        return self.overrides.get("title") or self.extracted.title or ""

    def embedding_texts(self) -> list[str]:
        """What the encoder reads for this article: the headline (when there is one), then each sentence."""
        return [*([self.title] if self.title else []), *(s.text for s in self.spans)]

    def take_vectors(self, vectors: Any) -> None:
        """Keep the encoder's output for embedding_texts(): sentence vectors and the lead vector."""
        title_vector = vectors[0] if self.title else None
        self.vectors = vectors[1:] if self.title else vectors
        self.lead_vector = signals.lead_vector(title_vector, list(self.vectors))


def _normalised_hash(body: str) -> str:
    return hashlib.sha256(" ".join(body.split()).lower().encode()).hexdigest()


def _prepare(
    *,
    data: bytes,
    source_name: str,
    url: str | None,
    is_html: bool,
    overrides: dict[str, Any],
    encode: bool = True,
) -> Prepared:
    text = extract_mod.decode(data)
    if is_html:
        extracted = extract_mod.extract_html(text, url=url, source_name=source_name)
    else:
        extracted = extract_mod.extract_text(text, url=url, source_name=source_name)
    return prepare_extracted(extracted=extracted, raw_text=text, overrides=overrides, encode=encode)


def prepare_extracted(
    *,
    extracted: extract_mod.Extracted,
    raw_text: str,
    overrides: dict[str, Any],
    encode: bool = True,
) -> Prepared:
    """Segment (and, unless encode is False, embed) an extracted article in memory."""
    if not extracted.body.strip():
        raise extract_mod.ExtractError("no article text is left after cleaning")
    spans = segment(extracted.body, model="", nlp=engines.segmenter())
    if not spans:
        raise extract_mod.ExtractError("no sentences were found in the article text")
    prepared = Prepared(
        extracted=extracted,
        spans=spans,
        vectors=None,
        content_hash=_normalised_hash(extracted.body),
        raw_text=raw_text,
        overrides=overrides,
    )
    prepared.entities = _lead_entities(prepared)
    if encode:
        prepared.take_vectors(engines.encoder().encode(prepared.embedding_texts()))
    return prepared


def _lead_entities(prepared: Prepared) -> list[str]:
    nlp = engines.nlp()
    texts = signals.lead_texts(prepared.title, [s.text for s in prepared.spans])
    return signals.lead_entities(nlp.pipe(texts, disable=unused_for_entities(nlp)))


def prepare_or_reason(*, source_name: str, **kwargs: Any) -> Prepared | str:
    """The prepared article, or why it cannot be ingested: bad input, or a pipeline bug."""
    try:
        return _prepare(source_name=source_name, **kwargs)
    except extract_mod.ExtractError as exc:
        return str(exc)
    except Exception as exc:  # a pipeline bug must not lose the upload either
        logger.exception("ingest of %s failed", source_name)
        return f"internal error: {exc}"


def ready_duplicate(content_hash: str) -> Article | None:
    return Article.objects.filter(content_hash=content_hash, status=Article.Status.READY).first()


def is_html(source_name: str, data: bytes, content_type: str = "") -> bool:
    if "html" in content_type.lower() or source_name.lower().endswith((".html", ".htm")):
        return True
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def article_ingest(
    *,
    data: bytes,
    source_name: str,
    outlet: str | None = None,
    story: Story | None = None,
    url: str | None = None,
    title: str | None = None,
    published: date | None = None,
    uploaded_by: Any = None,
    content_type: str = "",
) -> IngestResult:
    """Ingest one upload. Never raises for bad input: the result says what happened."""
    overrides = {"outlet": outlet, "url": url, "title": title, "published": published}
    prepared = prepare_or_reason(
        data=data,
        source_name=source_name,
        url=url,
        is_html=is_html(source_name, data, content_type),
        overrides=overrides,
    )
    if isinstance(prepared, str):
        return ingest_failure(data=data, source_name=source_name, reason=prepared, uploaded_by=uploaded_by)
    duplicate = ready_duplicate(prepared.content_hash)
    if duplicate is not None:
        return IngestResult(source_name=source_name, status="duplicate", duplicate_of=duplicate)
    article = write_article(
        prepared=prepared, data=data, source_name=source_name, story=story, uploaded_by=uploaded_by
    )
    status: IngestStatus = "version" if article.version_of_id else "created"
    return IngestResult(source_name=source_name, status=status, article=article)


def fail_in_place(*, article: Article, reason: str) -> IngestResult:
    article.status = Article.Status.FAILED
    article.error = reason
    article.raw_text = article.raw_text or _best_effort_text(bytes(article.raw))
    article.save(update_fields=["status", "error", "raw_text"])
    return IngestResult(source_name=article.source_name, status="failed", article=article, error=reason)


def ingest_failure(*, data: bytes, source_name: str, reason: str, uploaded_by: Any = None) -> IngestResult:
    """Keep an upload that could not be ingested, with the reason, so it can be retried."""
    article = Article.objects.create(
        raw=data,
        raw_text=_best_effort_text(data),
        source_name=source_name[:500],
        content_hash=hashlib.sha256(data).hexdigest(),
        status=Article.Status.FAILED,
        error=reason,
        uploaded_by=uploaded_by if getattr(uploaded_by, "pk", None) else None,
    )
    return IngestResult(source_name=source_name, status="failed", article=article, error=reason)


def _best_effort_text(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        return ""
    return data[:1_000_000].decode("utf-8", errors="replace")


def _find_previous_version(
    *, outlet: Outlet | None, vectors: Any, known: dict[int, Any] | None = None
) -> Article | None:
    """The newest stored article of the same outlet that this one revises.

    A revision keeps most of its sentences verbatim or lightly edited, so most
    sentences have a near-duplicate (cosine >= VERSION_SENTENCE_COSINE) in the
    other version; two different articles on one event share almost none.
    """
    import numpy as np

    if outlet is None or len(vectors) == 0:
        return None
    candidates = list(
        Article.objects.filter(outlet=outlet, status=Article.Status.READY, versions__isnull=True)
        .only("pk", "story_id")
        .order_by("-id")[: settings.VERSION_MAX_CANDIDATES]
    )
    # `known` keeps the candidates' matrices across the articles of one batch,
    # which mostly share outlets and so candidates: each is read from the
    # database once, not once per new article.
    known = {} if known is None else known
    missing = [c.pk for c in candidates if c.pk not in known]
    embeddings: dict[int, list[Any]] = {pk: [] for pk in missing}
    rows = Sentence.objects.filter(article_id__in=missing).order_by("article_id", "index")
    for sentence in rows.only("article_id", "embedding"):
        embeddings[sentence.article_id].append(sentence.embedding)
    known.update({pk: embedding_matrix(v) if v else None for pk, v in embeddings.items()})
    for candidate in candidates:
        theirs = known.get(candidate.pk)
        if theirs is None:
            continue
        sim = np.asarray(vectors) @ theirs.T
        near = sim >= settings.VERSION_SENTENCE_COSINE
        shared = min(near.any(axis=1).sum(), near.any(axis=0).sum())
        if shared / min(sim.shape) >= settings.VERSION_SHARE:
            return candidate
    return None


def write_article(
    *,
    prepared: Prepared,
    data: bytes,
    source_name: str,
    story: Story | None,
    uploaded_by: Any,
    into: Article | None = None,
    known: dict[int, Any] | None = None,
) -> Article:
    ex = prepared.extracted
    ov = prepared.overrides
    outlet_slug = ov.get("outlet") or ex.outlet
    with transaction.atomic():
        cluster_lock()
        outlet = outlet_get_or_create(slug=outlet_slug) if outlet_slug else None
        previous = _find_previous_version(outlet=outlet, vectors=prepared.vectors, known=known)
        if previous is not None and story is None:
            story = previous.story
        published = ov.get("published") or ex.published
        if story is None:
            story = story_for_article(
                vector=prepared.lead_vector, entities=prepared.entities, published=published
            )
        if story is None:
            story = story_create(title=ov.get("title") or ex.title or source_name)
        fields = dict(
            story=story,
            outlet=outlet,
            title=(ov.get("title") or ex.title or "")[:500],
            published=published,
            url=(ov.get("url") or ex.url or "")[:2000],
            byline=(ex.byline or "; ".join(ex.credits))[:500],
            dateline=(ex.dateline or "")[:100],
            source_name=source_name[:500],
            raw=data,
            raw_text=prepared.raw_text,
            body=ex.body,
            removed=[{"text": b.text, "reason": b.reason, "position": b.position} for b in ex.removed],
            content_hash=prepared.content_hash,
            version_of=previous,
            status=Article.Status.READY,
            uploaded_by=uploaded_by if getattr(uploaded_by, "pk", None) else None,
            lead_embedding=prepared.lead_vector.tolist(),
            entities=prepared.entities,
        )
        if into is None:
            article = Article.objects.create(**fields)
        else:  # a queued upload's row becomes the article, keeping its id
            article = into
            for name, value in fields.items():
                setattr(article, name, value)
            article.error = ""
            article.save()
        write_sentences(article=article, prepared=prepared)
        story_signature_refresh(story=story)
    return article


def write_sentences(*, article: Article, prepared: Prepared) -> None:
    Sentence.objects.bulk_create(
        Sentence(
            article=article,
            index=i,
            paragraph=span.paragraph,
            text=span.text,
            start=span.start,
            end=span.end,
            embedding=vector.tolist(),
        )
        for i, (span, vector) in enumerate(zip(prepared.spans, prepared.vectors, strict=True))
    )
