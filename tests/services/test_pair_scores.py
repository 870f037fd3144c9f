"""Every cross-encoder score is remembered in the database: a re-run scores nothing twice (issue #14)."""

from __future__ import annotations

from typing import Any

import pytest

from claims.models import Alignment, PairScore
from claims.services.alignment import story_align
from claims.services.pair_scores import pair_scorers
from tests.conftest import ingest_sample

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def aligned(story: Any) -> list[tuple[int, int, str]]:
    return sorted(
        Alignment.objects.filter(story=story).values_list("sentence_a_id", "sentence_b_id", "verdict")
    )


def forget(scorers: list[Any]) -> None:
    for scorer in scorers:
        scorer._memo.clear()
        scorer.drain_fresh()


def test_realigning_in_a_fresh_process_runs_no_model_pass() -> None:
    scorers = pair_scorers()
    assert scorers, "the cross-encoders are on by default"
    forget(scorers)  # earlier tests in this process may have scored the same pairs
    story = ingest_sample(align=False)
    before = sum(s.passes for s in scorers)
    story_align(story=story)
    first = aligned(story)
    assert first and PairScore.objects.exists()
    assert sum(s.passes for s in scorers) > before
    forget(scorers)  # a new process: nothing in memory, only what the database kept
    passes = [s.passes for s in scorers]
    story_align(story=story, full=True)  # every article attached again from nothing
    assert [s.passes for s in scorers] == passes  # not one pair scored again
    assert aligned(story) == first
    stored = PairScore.objects.count()
    story_align(story=story, full=True)
    assert PairScore.objects.count() == stored  # and nothing stored twice


def test_an_article_uploaded_again_is_attached_without_a_model_pass() -> None:
    from claims.models import Article
    from claims.services.articles import article_ingest
    from tests.conftest import SAMPLE_DIR

    scorers = pair_scorers()
    forget(scorers)
    story = ingest_sample()
    last = Article.objects.filter(story=story).order_by("id").last()
    assert last is not None
    first = {(a.sentence_a.text, a.sentence_b.text) for a in Alignment.objects.filter(story=story)}
    data = (SAMPLE_DIR / last.source_name).read_bytes()
    last.delete()
    story_align(story=story)
    forget(scorers)  # a new process: the scores of the deleted article's pairs are only in the database
    passes = [s.passes for s in scorers]
    again = article_ingest(data=data, source_name=last.source_name, story=story)
    assert again.status == "created", again.error
    story_align(story=story)  # attaches it: every pair it needs was stored the first time
    assert [s.passes for s in scorers] == passes
    assert {(a.sentence_a.text, a.sentence_b.text) for a in Alignment.objects.filter(story=story)} == first
