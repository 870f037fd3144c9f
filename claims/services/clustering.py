"""Writes that keep stories formed: which story a new article joins, and each story's signature.

A new article is compared with the stories whose stored centroid is nearest
its lead vector (an HNSW query, so the cost does not grow with the corpus)
and whose dates lie within the window; pipeline/cluster decides. After any
change of membership a story's centroid, entities, dates and (unless an
editor set it) title are recomputed from its members.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q

from claims.models import Article, Story
from claims.pipeline.cluster import assign
from claims.vectors import by_cosine, hnsw_scan_for

# Advisory-lock id that serialises assignments, so two workers ingesting
# articles on one new event do not each start a story for it.
_CLUSTER_LOCK = 0x636C7573  # "clus"


def cluster_config() -> assign.ClusterConfig:
    return assign.ClusterConfig(
        threshold=settings.CLUSTER_THRESHOLD,
        entity_weight=settings.CLUSTER_ENTITY_WEIGHT,
        window_days=settings.CLUSTER_WINDOW_DAYS,
        candidates=settings.CLUSTER_CANDIDATES,
    )


def story_candidates(
    *, vector: Any, published: date | None, config: assign.ClusterConfig
) -> list[assign.Candidate]:
    """The stories nearest the lead vector whose dates could include `published`.

    A dated article is compared with the stories of its date window, found by
    the date indexes and ordered by exact distance: a window holds a few days'
    stories however large the corpus. An undated one asks the HNSW index; when
    the index answers short (fewer stories than asked for, or dead row versions
    it could not see past), the exact order over the same rows answers instead.
    """
    stories = Story.objects.filter(centroid__isnull=False)
    fields = ("pk", "centroid", "entities", "published_from", "published_to")
    k = config.candidates
    if published is not None:
        window = timedelta(days=config.window_days)
        stories = stories.filter(
            Q(published_from__isnull=True)
            | Q(published_from__lte=published + window, published_to__gte=published - window)
        )
        nearest = list(by_cosine(stories, "centroid", vector, exact=True).only(*fields)[:k])
    else:
        with transaction.atomic():
            hnsw_scan_for(k)
            nearest = list(by_cosine(stories, "centroid", vector).only(*fields)[:k])
        if len(nearest) < k:
            nearest = list(by_cosine(stories, "centroid", vector, exact=True).only(*fields)[:k])
    return [
        assign.Candidate(
            story_id=s.pk,
            centroid=s.centroid,
            entities=[str(e) for e in s.entities or []],
            published_from=s.published_from,
            published_to=s.published_to,
        )
        for s in nearest
    ]


def cluster_lock() -> None:
    """Hold story membership still until the current transaction ends.

    Taken by every write that puts an article in a story (ingest) or moves
    articles between stories (move, merge, split), so no article joins a story
    that a merge is removing, and the next assignment sees this one.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CLUSTER_LOCK])


def story_for_article(*, vector: Any, entities: list[str], published: date | None) -> Story | None:
    """The stored story this article reports on, or None when it starts a new one.

    Call inside the transaction that writes the article, after cluster_lock().
    """
    config = cluster_config()
    candidates = story_candidates(vector=vector, published=published, config=config)
    decision = assign.decide(
        vector=vector, entities=entities, published=published, candidates=candidates, config=config
    )
    return Story.objects.filter(pk=decision.story_id).first() if decision.story_id else None


def story_signature_refresh(*, story: Story) -> None:
    """Recompute what clustering and the story list read from the story's current members."""
    members = list(
        Article.objects.filter(story=story, status=Article.Status.READY)
        .only("pk", "title", "published", "lead_embedding", "entities")
        .order_by("published", "id")
    )
    vectors = [m.lead_embedding for m in members if m.lead_embedding is not None]
    dated = [m.published for m in members if m.published]
    story.entities = assign.story_entities([m.entities or [] for m in members])
    story.published_from = min(dated) if dated else None
    story.published_to = max(dated) if dated else None
    fields = ["centroid", "entities", "published_from", "published_to"]
    if vectors:
        centroid = assign.centroid_of(vectors)
        story.centroid = centroid.tolist()
        with_vectors = [m for m in members if m.lead_embedding is not None]
        central = with_vectors[assign.central_index(vectors, centroid)]
        if not story.title_edited and central.title:
            story.title = central.title[:500]
            fields.append("title")
    else:
        story.centroid = None
    story.save(update_fields=fields)
