"""Writes that align stories: sentence matches, verdicts and claim groups."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from claims import engines
from claims.models import Alignment, Article, Claim, Sentence, Story
from claims.pipeline.align.match import align_pair, group_claims
from claims.pipeline.compare.pair import compare_pair
from claims.services import schedule


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


def story_align(*, story: Story) -> AlignSummary:
    """Recompute every alignment and claim of a story; running it twice changes nothing."""
    articles = story_voices(story=story)
    sentences: dict[int, list[Sentence]] = {a.pk: [] for a in articles}
    for sentence in Sentence.objects.filter(article__in=articles).order_by("article_id", "index"):
        sentences[sentence.article_id].append(sentence)
    config = engines.align_config()
    encode = engines.encoder().encode
    rows: list[Alignment] = []
    pair_matches: dict[tuple[int, int], list[Any]] = {}
    for (ia, a), (ib, b) in itertools.combinations(enumerate(articles), 2):
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
    with transaction.atomic():
        Claim.objects.filter(story=story).delete()
        Alignment.objects.filter(story=story).delete()
        Alignment.objects.bulk_create(rows)
        by_pair = {(r.sentence_a_id, r.sentence_b_id): r for r in rows}
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
    """Align each story now, or on a Celery worker when a broker is configured."""
    for story_id in sorted(story_ids):
        schedule.story_align_later(story_id=story_id)
