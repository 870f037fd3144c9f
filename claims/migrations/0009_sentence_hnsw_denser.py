"""The sentence HNSW index with a denser graph: m 24, ef_construction 128 (pgvector's defaults are 16 and 64).

At 1,000,000 stored sentences the default graph gave recall@10 0.896 at
ef_search 400 and 0.940 at ef_search 1000 (pgvector's maximum) against exact
search; this one gives 0.981 at ef_search 400 with p95 18 ms on 2 cores
(bench/bench_search.py, docs/performance.md). The index is rebuilt, which on
a large table takes a while (11 minutes for 1M sentences on 2 cores); the
index keeps the same size, as each 384-dimension element still fills its
page share.
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
                CREATE.format(options="WITH (m = 24, ef_construction = 128) "),
            ],
            reverse_sql=["DROP INDEX IF EXISTS sentence_embedding_hnsw", CREATE.format(options="")],
        ),
    ]
