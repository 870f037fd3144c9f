"""What the sentence HNSW graph costs at write time: sentence rows written per second by build options.

    .venv/bin/python bench/bench_hnsw_insert.py [--articles 200] [--options "16,64;24,128"]

The sentences of the first --articles BASIL articles (segmented and embedded
with the app's models, before any clock) are written article by article with
the app's own writer (`claims.vectors.copy_rows`, one COPY per article) into
the real `claims_sentence` table of a throwaway database, once per HNSW
option pair (m, ef_construction); the index is rebuilt empty between runs.
"none" is the table without the HNSW index (its GIN, unique and primary key
indexes stay). A denser graph finds more true neighbours (bench_search.py)
and costs more at every insert; this is that second half. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
DB_NAME = "bench_newsdiff_hnsw_insert"

import machine  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--options", default="none;16,64;16,128;24,64;24,128", help="m,ef_construction;...")
    args = parser.parse_args()
    from bench_ingest import BASIL, basil_texts

    if not BASIL.is_dir():
        sys.exit(f"BASIL is not in {BASIL}")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import setup_test_environment
    from search_data import index_sql, with_hnsw_options

    from claims import engines
    from claims.models import Article, Sentence, Story
    from claims.pipeline.ingest.segment import segment
    from claims.services.articles import SENTENCE_COLUMNS, SENTENCE_TYPES
    from claims.vectors import copy_rows

    segmenter = engines.segmenter()
    articles = [segment(data.decode(), model="", nlp=segmenter) for _, data, _ in basil_texts(args.articles)]
    vectors = engines.encoder().encode([s.text for spans in articles for s in spans])
    setup_test_environment()
    connection.settings_dict.setdefault("TEST", {})["NAME"] = DB_NAME
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    out: dict[str, Any] = {"articles": len(articles), "sentences": len(vectors), "by_options": []}
    try:
        story = Story.objects.create(title="bench", slug="bench")
        ids = [Article.objects.create(story=story, content_hash=str(i)).pk for i in range(len(articles))]
        migration_sql = index_sql()["sentence_embedding_hnsw"]
        for option in args.options.split(";"):
            with connection.cursor() as cursor:
                cursor.execute("TRUNCATE claims_sentence CASCADE")  # nothing else holds rows here
                cursor.execute("DROP INDEX IF EXISTS sentence_embedding_hnsw")
                if option != "none":
                    m, ef = (int(x) for x in option.split(","))
                    cursor.execute(with_hnsw_options(migration_sql, m=m, ef_construction=ef))
            offset, started = 0, time.perf_counter()
            for pk, spans in zip(ids, articles, strict=True):
                rows = [
                    (pk, i, s.paragraph, s.text, s.start, s.end, vectors[offset + i])
                    for i, s in enumerate(spans)
                ]
                offset += len(spans)
                with transaction.atomic():  # one transaction per article, as ingest writes them
                    copy_rows(Sentence._meta.db_table, SENTENCE_COLUMNS, SENTENCE_TYPES, rows)
            seconds = time.perf_counter() - started
            out["by_options"].append(
                {
                    "hnsw": option,
                    "seconds": round(seconds, 2),
                    "sentences_per_s": round(len(vectors) / seconds, 1),
                    "ms_per_sentence": round(1000 * seconds / len(vectors), 3),
                }
            )
        out["migration_index"] = migration_sql
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    out["machine"] = machine.describe()
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
