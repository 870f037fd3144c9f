"""Writes of remembered pair scores: what the cross-encoders said about two sentence texts.

Scoring a pair is the costliest step of alignment. Every score is stored
(PairScore, keyed by both texts' hashes and the scorer's version) and read
back into the scorers before a story is aligned, so re-alignment after a
move or merge, a retried upload or a new version never runs the model on a
pair it has already seen. Clause pieces count too: the clause re-scoring
step scores them.
"""

from __future__ import annotations

import functools
import hashlib
import operator
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from claims import engines
from claims.models import PairScore
from claims.pipeline.align import cross
from claims.pipeline.align.clauses import clauses


def text_key(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def pair_scorers() -> list[cross.CrossScorer]:
    """The cross-encoders alignment runs with the current settings (loaded once per process)."""
    if not settings.ALIGN_CROSS_ENCODER:
        return []
    # The same precision the aligner's loads get, so these are its scorers and memos.
    engines.cross_precision()
    scorers = [cross.load(settings.ALIGN_CROSS_ENCODER_PATH)]
    if settings.ALIGN_CLAIM_ENCODER:
        path = settings.ALIGN_CLAIM_ENCODER_PATH or str(cross.CLAIM_PATH)
        scorers.append(cross.load(path, one_order=settings.ALIGN_CLAIM_ONE_ORDER))
    return scorers


def _by_key(texts: Iterable[str]) -> dict[str, str]:
    """Each text and each of its clauses, by hash."""
    return {text_key(piece): piece for text in texts for piece in (text, *clauses(text))}


def pair_scores_recall(*, texts: Iterable[str], among: Iterable[str] = ()) -> int:
    """Give the scorers every stored score of a pair with one of `texts` (or a clause) on one side
    and one of `texts` or `among` on the other; how many.

    A run that attaches new articles scores only pairs with a new sentence on
    one side: it names those as `texts` and the story's others as `among`,
    which are hashed only when a stored pair needs them (a new article
    usually has none), so the cost does not grow with the story.
    """
    new = _by_key(texts)
    if not new:
        return 0
    keys = list(new)
    others: dict[str, str] | None = None
    found = 0
    for scorer in pair_scorers():
        rows = list(
            PairScore.objects.filter(
                Q(key_a__in=keys) | Q(key_b__in=keys), scorer=scorer.version
            ).values_list("key_a", "key_b", "logit")
        )
        if others is None and any(a not in new or b not in new for a, b, _ in rows):
            others = _by_key(among)
        by_key = {**(others or {}), **new}
        known = {
            cross.pair_key(by_key[a], by_key[b]): value for a, b, value in rows if a in by_key and b in by_key
        }
        scorer.remember(known)
        found += len(known)
    return found


def pair_scores_keep() -> int:
    """Store what the scorers computed since they were last asked; how many new pairs."""
    kept = 0
    for scorer in pair_scorers():
        fresh = scorer.drain_fresh()
        PairScore.objects.bulk_create(
            (
                PairScore(scorer=scorer.version, key_a=text_key(a), key_b=text_key(b), logit=value)
                for (a, b), value in fresh.items()
            ),
            ignore_conflicts=True,  # another process stored the same pair meanwhile: same score
            batch_size=1000,
        )
        kept += len(fresh)
    return kept


def pair_scores_prune(
    *, created_before: datetime | None = None, other_scorers: bool = False, dry_run: bool = False
) -> int:
    """Delete stored scores made before `created_before`, and (`other_scorers`) those of a scorer the
    current settings do not run; how many (counted only, with `dry_run`).

    A score is never wrong, only possibly unused: pruning costs a model pass
    when the pair comes back. A model change leaves the old scorer's rows
    unread for ever, since the version is part of the key.
    """
    current = Q(scorer__in=[scorer.version for scorer in pair_scorers()]) if other_scorers else None
    return remembered_prune(
        PairScore.objects.all(), created_before=created_before, current=current, dry_run=dry_run
    )


def remembered_prune(
    rows: QuerySet[Any], *, created_before: datetime | None, current: Q | None, dry_run: bool
) -> int:
    """Delete (count, with `dry_run`) the rows made before `created_before` or, when `current` is
    given, not matching it: the shared body of pair_scores_prune and clause_embeddings_prune."""
    doomed: list[Q] = []
    if created_before is not None:
        doomed.append(Q(created__lt=created_before))
    if current is not None:
        doomed.append(~current)
    if not doomed:
        return 0
    rows = rows.filter(functools.reduce(operator.or_, doomed))
    return rows.count() if dry_run else rows.delete()[0]
