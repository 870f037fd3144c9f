"""Vectors read in pgvector's binary form are the stored float32 values, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from claims.models import ClauseEmbedding
from claims.vectors import VectorBytes, vector_floats

pytestmark = pytest.mark.django_db


def test_a_vector_read_in_binary_is_the_one_stored_bit_for_bit() -> None:
    rng = np.random.default_rng(7)
    # Values no short decimal spells exactly, extremes and signed zero: a
    # decoder that misread the byte order or the header would change them.
    vectors = [
        rng.standard_normal(384).astype(np.float32),
        np.array([0.1, -0.0, 1e-38, 3.4e38, -1.5, 2.0**-20], dtype=np.float32),
    ]
    for n, vector in enumerate(vectors):
        ClauseEmbedding.objects.create(encoder="test", key=f"k{n}", embedding=vector)
    got = dict(
        ClauseEmbedding.objects.filter(encoder="test")
        .annotate(data=VectorBytes("embedding"))
        .values_list("key", "data")
    )
    for n, vector in enumerate(vectors):
        decoded = vector_floats(got[f"k{n}"])
        assert decoded.dtype == np.float32
        assert decoded.tobytes() == vector.tobytes()
    # And the same values the text form gives the model field.
    as_text = ClauseEmbedding.objects.get(key="k0").embedding
    assert np.array_equal(np.asarray(as_text, dtype=np.float32), vector_floats(got["k0"]))


def test_bytes_that_are_not_a_vector_are_refused() -> None:
    header = (3).to_bytes(2, "big") + bytes(2)
    with pytest.raises(ValueError, match="not a pgvector binary vector"):
        vector_floats(header + bytes(8))  # 3 dimensions need 12 bytes
