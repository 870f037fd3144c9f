"""Nearest-neighbour ordering that PostgreSQL answers from the HNSW indexes.

The vector columns have no fixed dimension (a deployment may choose another
embedding model), so the HNSW indexes are built on a cast to the default
model's 384 dimensions, for the rows of that size. A query must repeat the
cast and the row condition for the planner to use the index; vectors of any
other size are still answered, by an exact scan.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import F, Func, IntegerField, QuerySet
from django.db.models.functions import Cast
from pgvector.django import CosineDistance, VectorField

INDEX_DIMENSIONS = 384


class _Dims(Func):
    function = "vector_dims"
    output_field = IntegerField()


def by_cosine(queryset: QuerySet[Any], field: str, vector: Sequence[float] | Any) -> QuerySet[Any]:
    """Rows of queryset nearest vector first, with their cosine distance as `distance`."""
    values = [float(x) for x in vector]
    column: Any = F(field)
    if len(values) == INDEX_DIMENSIONS:
        queryset = queryset.alias(_dims=_Dims(field)).filter(_dims=INDEX_DIMENSIONS)
        column = Cast(field, output_field=VectorField(dimensions=INDEX_DIMENSIONS))
    ordered: QuerySet[Any] = queryset.annotate(distance=CosineDistance(column, values)).order_by("distance")
    return ordered
