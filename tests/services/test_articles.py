from typing import Any

import pytest

from claims.models import Alignment, Article, Sentence, Story
from claims.services.alignment import story_align
from claims.services.articles import article_ingest
from tests.conftest import SAMPLE_DIR

pytestmark = pytest.mark.django_db

GAZETTE = (SAMPLE_DIR / "harbor-gazette.txt").read_bytes()


def test_ingest_stores_raw_body_and_sentences_with_offsets(fake_encoder: Any) -> None:
    result = article_ingest(data=GAZETTE, source_name="harbor-gazette.txt", outlet="harbor-gazette")
    assert result.status == "created"
    article = result.article
    assert article is not None
    assert bytes(article.raw) == GAZETTE
    assert article.title == "Tanker Spill Closes Port Elsby as Cleanup Crews Race the Tide"
    assert article.published is not None and article.published.isoformat() == "2025-03-14"
    sentences = list(article.sentences.order_by("index"))
    assert len(sentences) >= 10
    for s in sentences:
        assert article.body[s.start : s.end] == s.text
        assert s.embedding is not None and len(s.embedding) == 384
    # The headline and the dateline are never part of the first claim.
    assert sentences[0].text.startswith("A fuel tanker ran aground")


def test_same_content_again_is_a_reported_no_op(fake_encoder: Any) -> None:
    first = article_ingest(data=GAZETTE, source_name="a.txt", outlet="harbor-gazette")
    again = article_ingest(data=GAZETTE, source_name="b.txt", outlet="harbor-gazette")
    assert again.status == "duplicate"
    assert again.duplicate_of == first.article
    assert Article.objects.count() == 1


def test_bad_input_keeps_the_raw_upload_with_a_reason(fake_encoder: Any) -> None:
    result = article_ingest(data=b"\x00\x01\x02binary", source_name="photo.jpg")
    assert result.status == "failed"
    assert "binary" in result.error
    failed = Article.objects.get()
    assert failed.status == Article.Status.FAILED
    assert bytes(failed.raw) == b"\x00\x01\x02binary"
    assert failed.error == result.error
    assert Sentence.objects.count() == 0


def test_a_failure_while_writing_leaves_no_half_written_rows(fake_encoder: Any, monkeypatch: Any) -> None:
    def broken_copy(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("claims.services.articles.copy_rows", broken_copy)
    with pytest.raises(RuntimeError):
        article_ingest(data=GAZETTE, source_name="g.txt", outlet="harbor-gazette")
    assert Article.objects.count() == 0
    assert Story.objects.count() == 0


def test_a_revision_from_the_same_outlet_becomes_a_version(fake_encoder: Any) -> None:
    first = article_ingest(data=GAZETTE, source_name="v1.txt", outlet="harbor-gazette")
    revised = GAZETTE.replace(b"An investigation into the grounding", b"A formal inquiry into the grounding")
    revised += b"\nThe harbor reopened to small boats on Friday afternoon.\n"
    second = article_ingest(data=revised, source_name="v2.txt", outlet="harbor-gazette")
    assert second.status == "version"
    assert second.article is not None and first.article is not None
    assert second.article.version_of_id == first.article.pk
    assert second.article.story_id == first.article.story_id


def test_story_align_is_idempotent(sample_story: Story) -> None:
    before = sorted(
        Alignment.objects.filter(story=sample_story).values_list("sentence_a__text", "sentence_b__text")
    )
    summary = story_align(story=sample_story)
    after = sorted(
        Alignment.objects.filter(story=sample_story).values_list("sentence_a__text", "sentence_b__text")
    )
    assert before == after
    assert summary.alignments == len(after) > 0
    assert summary.claims == sample_story.claims.count()


def test_sentence_rows_keep_the_encoders_vectors_exactly_and_are_searchable(fake_encoder: Any) -> None:
    import numpy as np
    from django.contrib.postgres.search import SearchQuery

    from claims.vectors import by_cosine

    result = article_ingest(data=GAZETTE, source_name="g.txt", outlet="harbor-gazette")
    assert result.article is not None
    rows = list(Sentence.objects.filter(article=result.article).order_by("index"))
    assert [s.index for s in rows] == list(range(len(rows))) and len(rows) > 5
    body = result.article.body
    assert all(body[s.start : s.end] == s.text for s in rows)  # offsets into the cleaned body
    stored = np.asarray([s.embedding for s in rows], dtype=np.float32)
    assert np.array_equal(stored, fake_encoder.encode([s.text for s in rows]))  # float32, bit for bit
    # PostgreSQL filled the generated tsvector, and the vector is what nearest-neighbour search reads.
    word = rows[2].text.split()[-1].strip('.,”"')
    assert Sentence.objects.filter(search=SearchQuery(word, config="english"), pk=rows[2].pk).exists()
    assert by_cosine(Sentence.objects.all(), "embedding", stored[3]).first() == rows[3]
