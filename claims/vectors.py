"""Nearest-neighbour ordering that PostgreSQL answers from the HNSW indexes.

The vector columns have no fixed dimension (a deployment may choose another
embedding model), so the HNSW indexes are built on a cast to the default
model's 384 dimensions, for the rows of that size. A query must repeat the
cast and the row condition for the planner to use the index; vectors of any
other size are still answered, by an exact scan.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import connection
from django.db.models import BinaryField, F, Func, IntegerField, QuerySet
from django.db.models.functions import Cast
from pgvector.django import CosineDistance, VectorField
from pgvector.psycopg.vector import register_vector_info
from psycopg import sql
from psycopg.types import TypeInfo

INDEX_DIMENSIONS = 384


class _Dims(Func):
    function = "vector_dims"
    output_field = IntegerField()


def by_cosine(
    queryset: QuerySet[Any], field: str, vector: Sequence[float] | Any, *, exact: bool = False
) -> QuerySet[Any]:
    """Rows of queryset nearest vector first, with their cosine distance as `distance`.

    exact=True orders by the true distance without the HNSW index, for a
    queryset another index already narrows to a few rows.
    """
    values = [float(x) for x in vector]
    column: Any = F(field)
    if len(values) == INDEX_DIMENSIONS and not exact:
        queryset = queryset.alias(_dims=_Dims(field)).filter(_dims=INDEX_DIMENSIONS)
        column = Cast(field, output_field=VectorField(dimensions=INDEX_DIMENSIONS))
    ordered: QuerySet[Any] = queryset.annotate(distance=CosineDistance(column, values)).order_by("distance")
    return ordered


class VectorBytes(Func):
    """A vector column in pgvector's binary form (`vector_send`).

    Read as text, each vector is 384 decimal numbers that Python parses one
    by one (a tenth of a second for the ~550 sentences of a 20-article story);
    its binary form is read by numpy at once. vector_floats() decodes it.
    """

    function = "vector_send"
    output_field = BinaryField()


def vector_floats(data: bytes | memoryview) -> npt.NDArray[np.float32]:
    """The float32 array of VectorBytes' value: a 2-byte dimension, 2 unused bytes, then big-endian floats."""
    raw = bytes(data)
    dimensions = int.from_bytes(raw[:2], "big")
    if len(raw) != 4 + 4 * dimensions:
        raise ValueError(f"not a pgvector binary vector: {len(raw)} bytes for {dimensions} dimensions")
    return np.frombuffer(raw, dtype=">f4", offset=4).astype(np.float32)


def hnsw_scan_for(limit: int, *, ef_search: int = 40) -> None:
    """Set, for the current transaction, how the next HNSW scans look for `limit` rows.

    An index scan reads ef_search entries, and a filter or dead row versions
    (a story's centroid is rewritten at every new article; until vacuum, and
    for ever in a rolled-back transaction, the old versions stay in the
    index) can leave fewer than `limit` of them. Iterative scans (pgvector
    0.8) go on reading until `limit` visible, matching rows are found.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('hnsw.ef_search', %s, true)", [str(max(ef_search, limit))])
        cursor.execute("SELECT set_config('hnsw.iterative_scan', 'strict_order', true)")


def copy_rows(
    table: str, columns: Sequence[str], types: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Write rows with one binary COPY in the current transaction; vectors go as numpy arrays.

    Faster than a multi-row INSERT for many rows with a vector each: no
    Python-side text rendering of 384 floats per row, no parsing on the
    server. The vector type is registered on this one cursor only, so every
    other query of the connection reads and writes vectors as before.
    """
    if not rows:
        return
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        if "vector" in types:
            register_vector_info(cursor, _vector_info(cursor.connection))
        statement = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT BINARY)").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        with cursor.copy(statement) as copy:
            copy.set_types(list(types))
            for row in rows:
                copy.write_row(row)


# The vector type's catalogue entry per database connection: looked up once,
# not once per article written (the type's oid is the database's own).
_VECTOR_INFO: weakref.WeakKeyDictionary[Any, TypeInfo] = weakref.WeakKeyDictionary()


def _vector_info(conn: Any) -> TypeInfo:
    info = _VECTOR_INFO.get(conn)
    if info is None:
        info = TypeInfo.fetch(conn, "vector")
        if info is None:
            raise LookupError("the vector type (pgvector) is not installed in this database")
        _VECTOR_INFO[conn] = info
    return info
