"""Claims built article by article (issue #14): new articles never rewrite old claims; a rebuild agrees."""

from __future__ import annotations

import json
from typing import Any

import pytest

from claims.models import Alignment, Article, Claim, Flag, Story
from claims.services.alignment import story_align
from claims.services.articles import article_ingest
from claims.services.outlets import outlet_get_or_create
from claims.services.stories import story_create
from tests.conftest import SAMPLE_DIR

pytestmark = pytest.mark.django_db


def sample_entries() -> list[dict[str, str]]:
    return list(json.loads((SAMPLE_DIR / "manifest.json").read_text())["articles"])


def add(story: Story, entry: dict[str, str]) -> Article:
    outlet_get_or_create(slug=entry["outlet"], name=entry["outlet_name"])
    result = article_ingest(
        data=(SAMPLE_DIR / entry["file"]).read_bytes(),
        source_name=entry["file"],
        outlet=entry["outlet"],
        story=story,
    )
    assert result.status == "created" and result.article is not None, result.error
    return result.article


def claims_of(story: Story) -> dict[int, frozenset[int]]:
    """claim id -> its member sentence ids."""
    out: dict[int, set[int]] = {}
    for claim_id, sid in Claim.sentences.through.objects.filter(claim__story=story).values_list(
        "claim_id", "sentence_id"
    ):
        out.setdefault(claim_id, set()).add(sid)
    return {k: frozenset(v) for k, v in out.items()}


def rows_of(story: Story) -> dict[int, tuple[Any, ...]]:
    return {
        pk: rest
        for pk, *rest in Alignment.objects.filter(story=story).values_list(
            "pk", "sentence_a_id", "sentence_b_id", "claim_id", "verdict", "direct"
        )
    }


def built_one_at_a_time(story: Story) -> list[Article]:
    articles = []
    for entry in sample_entries():
        articles.append(add(story, entry))
        story_align(story=story)
    return articles


def test_adding_an_article_keeps_every_claim_and_row_it_does_not_join(fake_encoder: Any) -> None:
    story = story_create(title="Harbor spill")
    entries = sample_entries()
    for entry in entries[:2]:
        add(story, entry)
    story_align(story=story)
    claims_before, rows_before = claims_of(story), rows_of(story)
    assert rows_before, "the two sample articles share claims"
    newcomer = add(story, entries[2])
    summary = story_align(story=story)
    assert summary.attached == 1 and not summary.full
    claims_after, rows_after = claims_of(story), rows_of(story)
    for claim_id, members in claims_before.items():
        assert claim_id in claims_after, "an old claim was deleted"
        grown = claims_after[claim_id] - members
        assert members <= claims_after[claim_id]
        assert all(Article.objects.get(sentences=sid) == newcomer for sid in grown)
    for pk, row in rows_before.items():
        assert rows_after[pk] == row, "an old alignment row was rewritten"
    new_sentences = set(newcomer.sentences.values_list("pk", flat=True))
    assert new_sentences <= set().union(*claims_after.values()), "every new sentence is in a claim"
    joined = [
        cid for cid, members in claims_after.items() if members & new_sentences and cid in claims_before
    ]
    assert joined, "the third article joined claims the first two hold"


def test_a_second_run_changes_nothing(fake_encoder: Any) -> None:
    story = story_create(title="Harbor spill")
    built_one_at_a_time(story)
    claims, rows = claims_of(story), rows_of(story)
    summary = story_align(story=story)
    assert summary.attached == 0
    assert claims_of(story) == claims and rows_of(story) == rows


def test_a_full_rebuild_gives_the_same_claims_under_the_same_ids(fake_encoder: Any) -> None:
    story = story_create(title="Harbor spill")
    built_one_at_a_time(story)
    claims = claims_of(story)
    rows = {(a, b): (c, v, d) for a, b, c, v, d in rows_of(story).values()}
    index = dict(Claim.objects.filter(story=story).values_list("pk", "index"))
    summary = story_align(story=story, full=True)
    assert summary.full and summary.attached == 3
    assert claims_of(story) == claims, "the rebuild keeps every claim and its id (saved #claim- links)"
    assert dict(Claim.objects.filter(story=story).values_list("pk", "index")) == index
    assert {(a, b): (c, v, d) for a, b, c, v, d in rows_of(story).values()} == rows


def test_claims_keep_their_ids_when_a_rebuild_changes_them(fake_encoder: Any) -> None:
    story = story_create(title="Harbor spill")
    articles = built_one_at_a_time(story)
    before = claims_of(story)
    Article.objects.filter(pk=articles[0].pk).delete()  # the earliest voice leaves the story
    story_align(story=story, full=True)
    after = claims_of(story)
    gone = {s for members in before.values() for s in members} - {
        s for members in after.values() for s in members
    }
    for claim_id, members in after.items():
        if claim_id in before:
            # A kept id names a claim whose surviving members it shares.
            assert members & (before[claim_id] - gone)
    survivors = {cid for cid, members in before.items() if members - gone}
    shared = [cid for cid in survivors if len(before[cid] - gone) > 1]
    assert shared and all(cid in after for cid in shared), "claims of the other two articles keep their ids"


def test_a_superseded_or_removed_voice_leaves_its_claims(fake_encoder: Any) -> None:
    story = story_create(title="Harbor spill")
    articles = built_one_at_a_time(story)
    leaving = articles[1]
    Article.objects.filter(pk=leaving.pk).update(status=Article.Status.FAILED, error="test: taken down")
    story_align(story=story)
    members = {s for m in claims_of(story).values() for s in m}
    assert not members & set(leaving.sentences.values_list("pk", flat=True))
    assert not Claim.objects.filter(story=story, sentences__isnull=True).exists()
    assert not Alignment.objects.filter(story=story, sentence_a__article=leaving).exists()
    assert not Alignment.objects.filter(story=story, sentence_b__article=leaving).exists()


def test_a_flag_keeps_its_alignment_when_an_article_is_added(
    fake_encoder: Any, users: dict[str, Any]
) -> None:
    story = story_create(title="Harbor spill")
    entries = sample_entries()
    for entry in entries[:2]:
        add(story, entry)
    story_align(story=story)
    row = Alignment.objects.filter(story=story).first()
    assert row is not None
    flag = Flag.objects.create(
        alignment=row, sentence_a=row.sentence_a, sentence_b=row.sentence_b, created_by=users["carol"]
    )
    add(story, entries[2])
    story_align(story=story)
    flag.refresh_from_db()
    assert flag.alignment_id == row.pk
    story_align(story=story, full=True)
    flag.refresh_from_db()
    assert flag.alignment is not None
    assert {flag.alignment.sentence_a_id, flag.alignment.sentence_b_id} == {
        row.sentence_a_id,
        row.sentence_b_id,
    }


def test_every_two_members_of_a_claim_are_paired_and_marked_direct_or_not(fake_encoder: Any) -> None:
    story = story_create(title="Harbor spill")
    built_one_at_a_time(story)
    pairs = {frozenset((a, b)): (claim, direct) for a, b, claim, _, direct in rows_of(story).values()}
    article_of = dict(Article.objects.filter(story=story).values_list("sentences", "pk"))
    wide = 0
    for claim_id, members in claims_of(story).items():
        for x in members:
            for y in members:
                if x < y and article_of[x] != article_of[y]:
                    assert pairs[frozenset((x, y))][0] == claim_id
        wide += len({article_of[s] for s in members}) == 3
    assert wide, "some claim spans all three articles"
    assert any(direct for _, direct in pairs.values())
    scored = Claim.objects.filter(story=story, outlet_count=3).first()
    assert scored is not None and scored.sentences.count() >= 3


@pytest.mark.parametrize("k", [1, 2])
def test_each_new_sentence_is_scored_against_at_most_align_claim_candidates_claims(
    k: int, fake_encoder: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claims.pipeline.align import attach as attach_mod

    most: list[int] = []  # per attach call: the most claims any one new sentence was put against
    real = attach_mod.candidate_pairs

    def counting(sim: Any, member_claims: Any, *, k: int, min_cosine: float) -> list[tuple[int, int]]:
        pairs = real(sim, member_claims, k=k, min_cosine=min_cosine)
        per_row: dict[int, int] = {}
        for row, _ in pairs:
            per_row[row] = per_row.get(row, 0) + 1
        most.append(max(per_row.values(), default=0))
        return pairs

    monkeypatch.setattr(attach_mod, "candidate_pairs", counting)
    settings.ALIGN_CLAIM_CANDIDATES = k
    built_one_at_a_time(story_create(title="capped"))
    assert most and max(most) == k  # the cap is reached, never passed
