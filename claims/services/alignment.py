"""Writes that align stories: sentence matches, verdicts and claim groups."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone

from claims import engines
from claims.models import Alignment, Article, Claim, Flag, Sentence, Story
from claims.pipeline.align.match import align_pair, group_claims
from claims.pipeline.compare.pair import compare_pair
from claims.services import schedule
from claims.services.pair_scores import pair_scores_keep, pair_scores_recall

logger = logging.getLogger(__name__)
# Advisory-lock ids for story alignment: this base plus the story id.
_ALIGN_LOCK_BASE = 0x616C << 32  # "al"
# Errors after which the task is retried (the database went away), not marked failed.
TRANSIENT = (OperationalError, InterfaceError)


@dataclass
class AlignSummary:
    story_id: int
    articles: int
    alignments: int
    discrepancies: int
    claims: int


def story_voices(*, story: Story) -> list[Article]:
    """The articles that speak for their outlet: ready, and not superseded by a newer version."""
    return list(
        Article.objects.filter(story=story, status=Article.Status.READY, versions__isnull=True)
        .select_related("outlet")
        .order_by("published", "id")
    )


def story_align(*, story: Story, progress: Callable[[float], None] | None = None) -> AlignSummary:
    """Recompute every alignment and claim of a story; running it twice changes nothing.

    `progress` hears the share of article pairs done after each pair.
    """
    articles = story_voices(story=story)
    sentences: dict[int, list[Sentence]] = {a.pk: [] for a in articles}
    for sentence in Sentence.objects.filter(article__in=articles).order_by("article_id", "index"):
        sentences[sentence.article_id].append(sentence)
    config = engines.align_config()
    encode = engines.encoder().encode
    pair_scores_recall(texts=[s.text for rows in sentences.values() for s in rows])
    rows: list[Alignment] = []
    pair_matches: dict[tuple[int, int], list[Any]] = {}
    pairs = list(itertools.combinations(enumerate(articles), 2))
    for done, ((ia, a), (ib, b)) in enumerate(pairs):
        if progress is not None and done:
            progress(done / len(pairs))
        sa, sb = sentences[a.pk], sentences[b.pk]
        if not sa or not sb:
            continue
        emb_a = embedding_matrix([s.embedding for s in sa])
        emb_b = embedding_matrix([s.embedding for s in sb])
        matches = align_pair(
            [s.text for s in sa], [s.text for s in sb], emb_a, emb_b, config=config, encode=encode
        )
        pair_matches[(ia, ib)] = matches
        for m in matches:
            result = compare_pair(
                sa[m.a].text, sb[m.b].text, published_a=a.published, published_b=b.published
            )
            rows.append(
                Alignment(
                    story=story,
                    sentence_a=sa[m.a],
                    sentence_b=sb[m.b],
                    score=m.score,
                    verdict=result.verdict,
                    confidence=result.confidence,
                    discrepancies=[d.as_dict() for d in result.discrepancies],
                    diff=[
                        {
                            "op": op.op,
                            "a": op.a,
                            "b": op.b,
                            "a_span": list(op.a_span) if op.a_span else None,
                            "b_span": list(op.b_span) if op.b_span else None,
                            "types": list(op.types),
                        }
                        for op in result.diff
                    ],
                )
            )
    groups = group_claims([len(sentences[a.pk]) for a in articles], pair_matches)
    pair_scores_keep()  # kept even if the write below fails: a score is a fact about two texts
    with transaction.atomic():
        Claim.objects.filter(story=story).delete()
        Alignment.objects.filter(story=story).delete()
        Alignment.objects.bulk_create(rows)
        by_pair = {(r.sentence_a_id, r.sentence_b_id): r for r in rows}
        _flags_relink(story=story, sentences=sentences, by_pair=by_pair)
        claim_count = _write_claims(
            story=story, articles=articles, sentences=sentences, groups=groups, by_pair=by_pair
        )
        story.aligned_at = timezone.now()
        story.save(update_fields=["aligned_at"])
    return AlignSummary(
        story_id=story.pk,
        articles=len(articles),
        alignments=len(rows),
        discrepancies=sum(1 for r in rows if r.verdict == Alignment.Verdict.DISCREPANCY),
        claims=claim_count,
    )


def _flags_relink(
    *, story: Story, sentences: dict[int, list[Sentence]], by_pair: dict[tuple[int, int], Alignment]
) -> None:
    """Give each flag on this story's sentences the new alignment of its pair (none when it is gone).

    Deleting the old alignments emptied their flags' link; a flag belongs to
    its two sentences, so it returns to them whenever they align again.
    """
    ids = [s.pk for rows in sentences.values() for s in rows]
    flags = list(Flag.objects.filter(sentence_a_id__in=ids, alignment__isnull=True))
    for flag in flags:
        row = by_pair.get((flag.sentence_a_id, flag.sentence_b_id)) or by_pair.get(
            (flag.sentence_b_id, flag.sentence_a_id)
        )
        flag.alignment_id = row.pk if row is not None else None
    Flag.objects.bulk_update([f for f in flags if f.alignment_id], ["alignment"])


def _write_claims(
    *,
    story: Story,
    articles: list[Article],
    sentences: dict[int, list[Sentence]],
    groups: list[list[tuple[int, int]]],
    by_pair: dict[tuple[int, int], Alignment],
) -> int:
    # Story order: by the earliest (article, sentence) position in each group.
    ordered = sorted(groups, key=min)
    group_of = {
        sentences[articles[ai].pk][si].pk: index for index, group in enumerate(ordered) for ai, si in group
    }
    # Every sentence is in exactly one group, so an alignment belongs to a claim
    # when both its sentences fall in the same group.
    pair_rows: list[list[Alignment]] = [[] for _ in ordered]
    for (a_id, b_id), row in by_pair.items():
        if group_of[a_id] == group_of[b_id]:
            pair_rows[group_of[a_id]].append(row)
    claims = Claim.objects.bulk_create(
        Claim(
            story=story,
            index=index,
            outlet_count=len({articles[ai].outlet_id or -articles[ai].pk for ai, _ in group}),
            has_discrepancy=any(r.verdict == Alignment.Verdict.DISCREPANCY for r in pair_rows[index]),
        )
        for index, group in enumerate(ordered)
    )
    members_through = Claim.sentences.through
    members_through.objects.bulk_create(
        members_through(claim_id=claims[index].pk, sentence_id=sentence_id)
        for sentence_id, index in group_of.items()
    )
    for claim, rows in zip(claims, pair_rows, strict=True):
        for r in rows:
            r.claim = claim
    Alignment.objects.bulk_update([r for rows in pair_rows for r in rows], ["claim"])
    return len(ordered)


def embedding_matrix(vectors: list[Any]) -> Any:
    import numpy as np

    return np.asarray([np.asarray(v, dtype=np.float32) for v in vectors], dtype=np.float32)


def stories_align(*, story_ids: set[int]) -> None:
    """Ask for each story to be aligned: now, on a background thread or on a Celery worker."""
    for story_id in sorted(story_ids):
        story_align_request(story_id=story_id)


def story_align_request(*, story_id: int) -> None:
    """Record the request, then hand it to the queue; a run under way takes it over."""
    Story.objects.filter(pk=story_id).update(align_requested=F("align_requested") + 1)
    Story.objects.filter(pk=story_id).exclude(align_state=Story.AlignState.ALIGNING).update(
        align_state=Story.AlignState.QUEUED, align_error=""
    )
    schedule.story_align_later(story_id=story_id)


@contextmanager
def _story_lock(story_id: int) -> Iterator[bool]:
    """A session-level advisory lock: held by one process at a time, freed if that process dies."""
    key = _ALIGN_LOCK_BASE + story_id
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        held = bool(cursor.fetchone()[0])
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def story_align_run(*, story_id: int) -> AlignSummary | None:
    """Align a story for the queue: once at a time, requests made meanwhile coalesced.

    Returns None when another process holds the story (it runs again for any
    request it has not seen) or the story is gone. A failure is recorded on the
    story with its reason; transient database errors are re-raised for a retry.
    """
    summary = None
    while True:
        with _story_lock(story_id) as held:
            if not held:
                return summary
            while True:
                story = Story.objects.filter(pk=story_id).first()
                if story is None:
                    return summary
                seen = story.align_requested
                Story.objects.filter(pk=story_id).update(
                    align_state=Story.AlignState.ALIGNING, align_progress=0.0, align_error=""
                )
                try:
                    summary = story_align(story=story, progress=_progress_writer(story_id))
                except TRANSIENT:
                    raise
                except Exception as exc:
                    logger.exception("aligning story %s failed", story_id)
                    Story.objects.filter(pk=story_id).update(
                        align_state=Story.AlignState.FAILED, align_error=f"{type(exc).__name__}: {exc}"
                    )
                    return None
                finished = Story.objects.filter(pk=story_id, align_requested=seen).update(
                    align_state=Story.AlignState.READY, align_progress=1.0
                )
                if finished:
                    break
        # A request may have come between the last check and the unlock; its own
        # task found the lock taken and left the work to us.
        if not Story.objects.filter(pk=story_id, align_requested__gt=seen).exists():
            return summary


def _progress_writer(story_id: int) -> Callable[[float], None]:
    last = [0.0]

    def write(share: float) -> None:
        if share - last[0] >= 0.05:  # a row update per 5 %, not per pair
            last[0] = share
            Story.objects.filter(pk=story_id).update(align_progress=round(share, 3))

    return write


def stories_resume() -> int:
    """Queue again every story left queued or aligning by a process that stopped."""
    stuck = list(
        Story.objects.filter(
            align_state__in=[Story.AlignState.QUEUED, Story.AlignState.ALIGNING]
        ).values_list("pk", flat=True)
    )
    for story_id in stuck:
        schedule.story_align_later(story_id=story_id)
    return len(stuck)
