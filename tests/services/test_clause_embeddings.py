"""A clause is embedded once: later attachments and re-alignments read the stored embedding (#14)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from claims import engines
from claims.models import Alignment, ClauseEmbedding
from claims.services.alignment import story_align
from claims.services.clause_embeddings import clause_embeddings_encode
from tests.conftest import HashEncoder, ingest_sample

pytestmark = pytest.mark.django_db


class Counting:
    """Wraps an encoder and remembers every text it was asked to embed."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.dimension = inner.dimension
        self.model_name = getattr(inner, "model_name", type(inner).__name__)
        self.asked: list[str] = []

    def encode(self, texts: Sequence[str]) -> Any:
        self.asked.extend(texts)
        return self.inner.encode(texts)


def test_a_clause_is_embedded_once_and_read_back_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    counting = Counting(HashEncoder())
    monkeypatch.setattr(engines, "encoder", lambda: counting)
    first = ["the minister resigned", "talks resume in Geneva", "the minister resigned"]
    got = clause_embeddings_encode(texts=first)
    assert counting.asked == ["the minister resigned", "talks resume in Geneva"]  # each distinct text once
    assert np.allclose(got, HashEncoder().encode(first), atol=1e-6)
    assert ClauseEmbedding.objects.count() == 2
    counting.asked.clear()
    again = clause_embeddings_encode(
        texts=["talks resume in Geneva", "a new clause", "the minister resigned"]
    )
    assert counting.asked == ["a new clause"]  # the stored two are read, not embedded
    assert np.allclose(
        again, HashEncoder().encode(["talks resume in Geneva", "a new clause", "the minister resigned"])
    )
    assert ClauseEmbedding.objects.count() == 3
    assert clause_embeddings_encode(texts=[]).shape == (0, HashEncoder.dimension)


def test_another_encoder_never_reads_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engines, "encoder", lambda: Counting(HashEncoder()))
    clause_embeddings_encode(texts=["the minister resigned"])
    other = Counting(HashEncoder())
    other.model_name = "another-model"
    monkeypatch.setattr(engines, "encoder", lambda: other)
    clause_embeddings_encode(texts=["the minister resigned"])
    assert other.asked == ["the minister resigned"]
    assert ClauseEmbedding.objects.filter(key=ClauseEmbedding.objects.first().key).count() == 2  # type: ignore[union-attr]


@pytest.mark.slow
def test_realigning_embeds_no_clause_again(monkeypatch: pytest.MonkeyPatch) -> None:
    story = ingest_sample(align=False)  # the real models: the cross-encoders read clauses
    counting = Counting(engines.encoder())
    monkeypatch.setattr(engines, "encoder", lambda: counting)
    story_align(story=story)
    first = sorted(
        Alignment.objects.filter(story=story).values_list("sentence_a_id", "sentence_b_id", "verdict")
    )
    assert counting.asked and ClauseEmbedding.objects.exists()
    stored = ClauseEmbedding.objects.count()
    counting.asked.clear()
    story_align(story=story, full=True)  # every article attached again, as a new process would
    assert counting.asked == []
    assert ClauseEmbedding.objects.count() == stored
    assert (
        sorted(Alignment.objects.filter(story=story).values_list("sentence_a_id", "sentence_b_id", "verdict"))
        == first
    )


def test_a_model_named_by_a_long_path_still_stores(monkeypatch: pytest.MonkeyPatch) -> None:
    encoder = Counting(HashEncoder())
    encoder.model_name = "/opt/models/" + "nested/" * 60 + "all-MiniLM-L6-v2"
    monkeypatch.setattr(engines, "encoder", lambda: encoder)
    clause_embeddings_encode(texts=["the minister resigned"])
    encoder.asked.clear()
    clause_embeddings_encode(texts=["the minister resigned"])
    assert encoder.asked == []
    assert ClauseEmbedding.objects.get().encoder.startswith("blake2b:")
