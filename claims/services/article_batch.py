"""Queued uploads through the pipeline, many at a time (what the upload task runs).

The articles go through in chunks. Each chunk is read (extracted, cleaned,
segmented, then the lead NER of all its articles in one spaCy pipe), then
embedded in one encoder call, then each article is written in its own
transaction, in upload order. The encoder runs in a thread of its own: while
it embeds one chunk, this thread writes the chunk before it and reads the
chunk after it. Torch leaves the GIL while its kernels run, so the encoder no
longer waits on spaCy, regexes or PostgreSQL round trips, which mostly use a
single core. Every database access stays on the calling thread, inside its
connection and its transactions.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from typing import Any

from claims import engines
from claims.models import Article, Story
from claims.services.articles import (
    IngestResult,
    IngestStatus,
    Prepared,
    StageProgress,
    fail_in_place,
    is_html,
    leads_recognise,
    prepare_or_reason,
    ready_duplicate,
    write_article,
)

logger = logging.getLogger(__name__)

# Articles read and embedded together: large enough that the encoder's
# batches are full, small enough that the first articles are ready soon.
PROCESS_CHUNK = 32

Read = list[tuple[Article, Prepared | IngestResult]]


def articles_process(
    *,
    articles: list[Article],
    story: Story | None = None,
    progress: StageProgress | None = None,
    chunk: int = PROCESS_CHUNK,
) -> list[IngestResult]:
    """Run queued uploads through the pipeline in place: each row becomes ready, failed or duplicate.

    Each joins the story given here or in its upload's options, else a
    revised article's, else the story clustering finds for it
    (services/clustering), else a new one. States are written as they change
    (extracting, embedding), so pages can show progress. Never raises for bad
    input, like article_ingest; an encoder failure fails its chunk's articles
    with the reason and keeps their uploads.
    """
    tell = progress or (lambda stage, n: None)
    encoder = engines.encoder()  # loaded here, not first in the encoder's thread
    results: dict[int, IngestResult] = {}
    known: dict[int, Any] = {}  # version candidates' matrices, read once for the whole batch
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="encoder") as pool:
        embedding: tuple[Read, Future[Any]] | None = None
        for start in range(0, len(articles), chunk):
            read = _read_chunk(articles[start : start + chunk], tell)
            texts = [text for _, p in read if isinstance(p, Prepared) for text in p.embedding_texts()]
            future = pool.submit(encoder.encode, texts)
            if embedding is not None:
                results.update(_write_chunk(*embedding, story=story, known=known, tell=tell))
            embedding = (read, future)
        if embedding is not None:
            results.update(_write_chunk(*embedding, story=story, known=known, tell=tell))
    return [results[a.pk] for a in articles]


def _read_chunk(articles: list[Article], tell: StageProgress) -> Read:
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(status=Article.Status.EXTRACTING)
    read: Read = []
    for article in articles:
        read.append((article, _read_queued(article)))
        tell("extract", 1)
    try:  # one pipe for the whole chunk's leads: spaCy's batches fill
        leads_recognise([p for _, p in read if isinstance(p, Prepared)])
    except Exception as exc:  # a pipeline bug must not lose the uploads either
        logger.exception("lead NER of %d uploads failed", len(read))
        read = [
            (a, fail_in_place(article=a, reason=f"internal error: {exc}") if isinstance(p, Prepared) else p)
            for a, p in read
        ]
    waiting = [a.pk for a, p in read if isinstance(p, Prepared)]
    if waiting:
        Article.objects.filter(pk__in=waiting).update(status=Article.Status.EMBEDDING)
    return read


def _write_chunk(
    read: Read, future: Future[Any], *, story: Story | None, known: dict[int, Any], tell: StageProgress
) -> dict[int, IngestResult]:
    waiting = [p for _, p in read if isinstance(p, Prepared)]
    try:
        vectors = future.result()
    except Exception as exc:  # the encoder failing must not lose the uploads either
        logger.exception("embedding %d uploads failed", len(waiting))
        tell("embed", len(read))
        tell("write", len(read))
        return {
            a.pk: fail_in_place(article=a, reason=f"internal error: {exc}") if isinstance(p, Prepared) else p
            for a, p in read
        }
    offset = 0
    for prepared in waiting:
        size = len(prepared.embedding_texts())
        prepared.take_vectors(vectors[offset : offset + size])
        offset += size
    tell("embed", len(read))
    results: dict[int, IngestResult] = {}
    for article, outcome in read:
        if isinstance(outcome, IngestResult):
            results[article.pk] = outcome
        else:
            results[article.pk] = _store_queued(article, outcome, story or _asked_story(article), known)
        tell("write", 1)
    return results


def _asked_story(article: Article) -> Story | None:
    story_id = (article.options or {}).get("story")
    return Story.objects.filter(pk=story_id).first() if story_id else None


def _read_queued(article: Article) -> Prepared | IngestResult:
    opts = article.options or {}
    data = bytes(article.raw)
    published = date.fromisoformat(opts["published"]) if opts.get("published") else None
    overrides = {"outlet": opts.get("outlet"), "url": opts.get("url"), "title": opts.get("title")}
    prepared = prepare_or_reason(
        data=data,
        source_name=article.source_name,
        url=opts.get("url"),
        is_html=is_html(article.source_name, data, opts.get("content_type", "")),
        overrides={**overrides, "published": published},
        encode=False,
        lead_ner=False,
    )
    return fail_in_place(article=article, reason=prepared) if isinstance(prepared, str) else prepared


def _store_queued(
    article: Article, prepared: Prepared, story: Story | None, known: dict[int, Any]
) -> IngestResult:
    duplicate = ready_duplicate(prepared.content_hash)
    if duplicate is not None:
        article.status = Article.Status.DUPLICATE
        article.error = f"the same text as article #{duplicate.pk} is already stored"
        article.options = {**(article.options or {}), "duplicate_of": duplicate.pk}
        article.save(update_fields=["status", "error", "options"])
        return IngestResult(source_name=article.source_name, status="duplicate", duplicate_of=duplicate)
    written = write_article(
        prepared=prepared,
        data=bytes(article.raw),
        source_name=article.source_name,
        story=story,
        uploaded_by=article.uploaded_by,
        into=article,
        known=known,
    )
    status: IngestStatus = "version" if written.version_of_id else "created"
    return IngestResult(source_name=article.source_name, status=status, article=written)
