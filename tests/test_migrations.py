from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_pending_migrations() -> None:
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_pgvector_and_hnsw_index_exist() -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
        assert cur.fetchone() is not None
        cur.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'sentence_embedding_hnsw'")
        row = cur.fetchone()
        cur.execute("SELECT reloptions FROM pg_class WHERE relname = 'sentence_embedding_hnsw'")
        options = cur.fetchone()
    assert row is not None and "hnsw" in row[0]
    # The graph 0009 builds: the default ef_construction (64) left recall@10 at 0.94 at 1M sentences.
    assert options is not None and options[0] == ["m=16", "ef_construction=128"]
