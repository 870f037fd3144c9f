"""bench/search_data.py's index statements: a denser graph is the migration's own index with options."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from search_data import with_hnsw_options

MIGRATION = (
    "CREATE INDEX sentence_embedding_hnsw ON claims_sentence "
    "USING hnsw ((embedding::vector(384)) vector_cosine_ops) WHERE vector_dims(embedding) = 384"
)


def test_options_go_between_the_opclass_and_the_partial_condition() -> None:
    built = with_hnsw_options(MIGRATION, m=24, ef_construction=128)
    assert built == (
        "CREATE INDEX sentence_embedding_hnsw ON claims_sentence "
        "USING hnsw ((embedding::vector(384)) vector_cosine_ops) WITH (m = 24, ef_construction = 128) "
        "WHERE vector_dims(embedding) = 384"
    )


def test_zero_keeps_pgvectors_default_for_that_option() -> None:
    assert "WITH (m = 32) WHERE" in with_hnsw_options(MIGRATION, m=32, ef_construction=0)
    assert "WITH (ef_construction = 200) WHERE" in with_hnsw_options(MIGRATION, m=0, ef_construction=200)


def test_an_existing_with_clause_is_replaced() -> None:
    denser = with_hnsw_options(MIGRATION, m=24, ef_construction=128)
    built = with_hnsw_options(denser, m=16, ef_construction=0)
    assert built.count("WITH") == 1 and "WITH (m = 16) WHERE" in built


def test_the_bench_builds_the_sentence_index_the_latest_migration_builds(db: object) -> None:
    from search_data import index_sql

    sql = index_sql()
    assert set(sql) == {"sentence_embedding_hnsw", "story_centroid_hnsw", "sentence_search_gin"}
    assert "WITH (m = 16, ef_construction = 128)" in sql["sentence_embedding_hnsw"]
