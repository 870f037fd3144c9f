"""The sentence HNSW graph built with ef_construction 128 (pgvector's default is 64), m left at 16.

At 1,000,000 stored sentences the default build gave recall@10 0.896 at
ef_search 400 and 0.940 at ef_search 1000 (pgvector's maximum) against exact
search. Built with ef_construction 128 it gives 0.963 at ef_search 400 (p95
13 ms on 2 cores, 3 GB shared_buffers); m 24 as well gives 0.981 but makes
every sentence insert 1.6x dearer (bench/bench_search.py,
bench/bench_hnsw_insert.py, docs/performance.md). The index is rebuilt,
which on a large table takes a while (7 minutes for 1M sentences on 2 cores).
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX sentence_embedding_hnsw ON claims_sentence "
    "USING hnsw ((embedding::vector(384)) vector_cosine_ops) {options}WHERE vector_dims(embedding) = 384"
)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0008_incremental_claims"),
    ]

    operations = [
        migrations.RunSQL(
            [
                "DROP INDEX IF EXISTS sentence_embedding_hnsw",
                CREATE.format(options="WITH (m = 16, ef_construction = 128) "),
            ],
            reverse_sql=["DROP INDEX IF EXISTS sentence_embedding_hnsw", CREATE.format(options="")],
        ),
    ]
