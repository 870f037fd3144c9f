"""Writes of uploads: what one form submission, command run or manifest holds,
unpacked, size-checked and ingested article by article, then aligned.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from claims.models import Article, Story
from claims.pipeline.ingest import extract as extract_mod
from claims.services import schedule
from claims.services.alignment import stories_align
from claims.services.article_batch import articles_process
from claims.services.articles import IngestResult, IngestStatus, article_ingest, ingest_failure
from claims.services.outlets import outlet_get_or_create
from claims.services.stories import story_create


def upload_too_large(size: int) -> str | None:
    """The refusal for an article of `size` bytes, or None when it is within the limit."""
    if size <= settings.MAX_UPLOAD_BYTES:
        return None
    return f"the upload is {size:,} bytes, over the {settings.MAX_UPLOAD_BYTES:,}-byte limit"


def archive_members(data: bytes) -> list[tuple[str, bytes]]:
    """The article files inside a .zip upload; raises ExtractError for a bad archive."""
    from claims.pipeline.ingest import archive

    # An archive holds several articles, so it may be several times one article's limit.
    return archive.unpack_zip(
        data, max_bytes=settings.MAX_UPLOAD_BYTES * 4, max_files=settings.MAX_ZIP_ARTICLES
    )


def url_fetch(url: str) -> Any:
    """Fetch an article's page with the configured timeout and size cap; raises ExtractError."""
    from claims.pipeline.ingest import fetch

    return fetch.fetch_url(url, timeout=settings.FETCH_TIMEOUT_SECONDS, max_bytes=settings.MAX_UPLOAD_BYTES)


def stories_align_after(
    results: list[IngestResult], *, progress: Callable[[str, int], None] | None = None
) -> None:
    """Align every story that gained an article in this batch of results.

    `progress` hears ("align", 1) as each story's request is handled (inline,
    that is when it is aligned) after ("align-total", n) with how many.
    """
    story_ids = {
        r.article.story_id for r in results if r.article and r.article.story_id and r.status != "failed"
    }
    if progress is None:
        stories_align(story_ids=story_ids)
        return
    progress("align-total", len(story_ids))
    for story_id in sorted(story_ids):
        stories_align(story_ids={story_id})
        progress("align", 1)


def upload_ingest(
    *,
    files: list[Any],
    text: str = "",
    url: str = "",
    outlet: str = "",
    title: str = "",
    published: date | None = None,
    story: Story | None = None,
    uploaded_by: Any = None,
) -> list[IngestResult]:
    """Store what one upload form submission holds, then run the pipeline on it and align.

    Every article is first stored as uploaded (status `queued`), in one
    transaction, so nothing is lost whatever happens next. Commands and tests
    process them before returning, and the results are final; a web process
    hands them to the background (see claims.services.schedule) and the
    results say `queued` while the pages follow each article's state.
    """
    items: list[tuple[str, bytes, str | None, str]] = []
    results: list[IngestResult] = []
    for f in files:
        data = f.read(settings.MAX_UPLOAD_BYTES * 4 + 1)
        if f.name.lower().endswith(".zip"):
            try:
                items.extend((name, blob, None, "") for name, blob in archive_members(data))
            except extract_mod.ExtractError as exc:
                results.append(
                    ingest_failure(data=data, source_name=f.name, reason=str(exc), uploaded_by=uploaded_by)
                )
        else:
            items.append((f.name, data, None, ""))
    if text.strip():
        items.append(("pasted text", text.encode("utf-8"), url or None, "text/plain"))
    elif url:
        try:
            fetched = url_fetch(url)
            items.append((fetched.final_url, fetched.data, fetched.final_url, fetched.content_type))
        except extract_mod.ExtractError as exc:
            results.append(
                ingest_failure(data=url.encode(), source_name=url, reason=str(exc), uploaded_by=uploaded_by)
            )
    batch = uuid.uuid4().hex
    queued: list[Article] = []
    with transaction.atomic():
        for name, data, item_url, content_type in items:
            result = article_enqueue(
                data=data,
                source_name=name,
                batch=batch,
                outlet=outlet,
                title=title,
                published=published,
                url=item_url,
                content_type=content_type,
                story=story,
                uploaded_by=uploaded_by,
            )
            if result.status == "queued" and result.article is not None:
                queued.append(result.article)
            results.append(result)
    if queued:
        schedule.upload_process_later(article_ids=[a.pk for a in queued])
    # Processed inline (commands, tests) or still queued (a web process): read the rows as they are now.
    now = Article.objects.in_bulk([a.pk for a in queued])
    return [upload_result(now[r.article.pk]) if r.status == "queued" and r.article else r for r in results]


def article_enqueue(
    *,
    data: bytes,
    source_name: str,
    batch: str,
    outlet: str | None = None,
    title: str | None = None,
    published: date | None = None,
    url: str | None = None,
    content_type: str = "",
    story: Story | None = None,
    uploaded_by: Any = None,
) -> IngestResult:
    """Store one upload as received, `queued` for the pipeline (or failed when it is too large)."""
    refusal = upload_too_large(len(data))
    if refusal:
        return ingest_failure(data=data, source_name=source_name, reason=refusal, uploaded_by=uploaded_by)
    article = Article.objects.create(
        raw=data,
        source_name=source_name[:500],
        content_hash=hashlib.sha256(data).hexdigest(),
        status=Article.Status.QUEUED,
        uploaded_by=uploaded_by if getattr(uploaded_by, "pk", None) else None,
        options={
            "batch": batch,
            "outlet": outlet or None,
            "title": title or None,
            "published": published.isoformat() if published else None,
            "url": url,
            "content_type": content_type,
            "story": story.pk if story else None,
        },
    )
    return IngestResult(source_name=source_name, status="queued", article=article)


def upload_process(
    *, article_ids: list[int], progress: Callable[[str, int], None] | None = None, align: bool = True
) -> list[IngestResult]:
    """Run queued uploads through the pipeline in order, then align the stories they joined.

    Each article finds its own story (see articles_process) unless the
    upload named one. Running it again skips what an earlier run finished.
    """
    rows = list(Article.objects.filter(pk__in=article_ids).select_related("story").order_by("pk"))
    done = {a.pk: upload_result(a) for a in rows if not a.in_progress}
    todo = [a for a in rows if a.in_progress]
    fresh = {a.pk: r for a, r in zip(todo, articles_process(articles=todo, progress=progress), strict=True)}
    results = [done.get(a.pk) or fresh[a.pk] for a in rows]
    if align:
        stories_align_after(results, progress=progress)
    return results


def upload_result(article: Article) -> IngestResult:
    """What became of one stored upload (as loaded), as the upload page reports it."""
    if article.in_progress:
        return IngestResult(source_name=article.source_name, status="queued", article=article)
    if article.status == Article.Status.DUPLICATE:
        original_id = (article.options or {}).get("duplicate_of")
        original = Article.objects.filter(pk=original_id).first() if original_id else None
        return IngestResult(source_name=article.source_name, status="duplicate", duplicate_of=original)
    if article.status == Article.Status.FAILED:
        return IngestResult(
            source_name=article.source_name, status="failed", article=article, error=article.error
        )
    status: IngestStatus = "version" if article.version_of_id else "created"
    return IngestResult(source_name=article.source_name, status=status, article=article)


def uploads_resume() -> int:
    """Queue again the uploads a stopped process left unfinished, one batch at a time."""
    batches: dict[str, list[int]] = {}
    for pk, options in Article.objects.filter(status__in=Article.IN_PROGRESS).values_list("pk", "options"):
        batches.setdefault((options or {}).get("batch") or f"single-{pk}", []).append(pk)
    for ids in batches.values():
        schedule.upload_process_later(article_ids=sorted(ids))
    return sum(len(ids) for ids in batches.values())


def manifest_ingest(*, directory: Path) -> tuple[Story, list[IngestResult]]:
    """Ingest a folder described by its manifest.json (story title, files and their outlets).

    The sample story shipped in sample_data/ is one; re-running it reuses the
    story and reports each file as a duplicate.
    """
    manifest = json.loads((directory / "manifest.json").read_text())
    story = Story.objects.filter(title=manifest["story"]).first() or story_create(title=manifest["story"])
    results = []
    for entry in manifest["articles"]:
        outlet_get_or_create(slug=entry["outlet"], name=entry["outlet_name"])
        results.append(
            article_ingest(
                data=(directory / entry["file"]).read_bytes(),
                source_name=entry["file"],
                outlet=entry["outlet"],
                story=story,
            )
        )
    return story, results
