"""Writes of uploads: what one form submission, command run or manifest holds,
unpacked, size-checked and ingested article by article, then aligned.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings

from claims.models import Story
from claims.pipeline.ingest import extract as extract_mod
from claims.services.alignment import stories_align
from claims.services.articles import IngestResult, article_ingest, ingest_failure
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
    return archive.unpack_zip(data, max_bytes=settings.MAX_UPLOAD_BYTES * 4)


def url_fetch(url: str) -> Any:
    """Fetch an article's page with the configured timeout and size cap; raises ExtractError."""
    from claims.pipeline.ingest import fetch

    return fetch.fetch_url(url, timeout=settings.FETCH_TIMEOUT_SECONDS, max_bytes=settings.MAX_UPLOAD_BYTES)


def stories_align_after(results: list[IngestResult]) -> None:
    """Align every story that gained an article in this batch of results."""
    stories_align(
        story_ids={
            r.article.story_id for r in results if r.article and r.article.story_id and r.status != "failed"
        }
    )


def upload_ingest(
    *,
    files: list[Any],
    text: str = "",
    url: str = "",
    outlet: str = "",
    title: str = "",
    published: date | None = None,
    uploaded_by: Any = None,
) -> list[IngestResult]:
    """Ingest whatever one upload form submission holds, then align the stories it touched."""
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
    story = None
    for name, data, item_url, content_type in items:
        refusal = upload_too_large(len(data))
        if refusal:
            results.append(
                ingest_failure(data=data, source_name=name, reason=refusal, uploaded_by=uploaded_by)
            )
            continue
        result = article_ingest(
            data=data,
            source_name=name,
            outlet=outlet or None,
            story=story,
            url=item_url,
            title=title or None,
            published=published,
            uploaded_by=uploaded_by,
            content_type=content_type,
        )
        results.append(result)
        if result.article is not None and result.status != "failed" and story is None:
            story = result.article.story
    stories_align_after(results)
    return results


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
