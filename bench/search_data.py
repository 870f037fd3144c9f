"""The synthetic corpus of bench/bench_search.py and its bulk load.

Sentence vectors: a clustered mixture (topics -> cluster centres -> members,
normalised, cluster sizes Zipf-like). Sentence texts: the head of one real
BASIL sentence spliced onto the tail of another. Stories: clustered centroids
over 16 years of dates, with entity lists. Everything is drawn from fixed seeds,
so a reused database and the vectors regenerated for exact search agree.

Loaded with binary COPY over a psycopg connection of its own, with the indexes
dropped first and built afterwards from the migrations' own statements.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BASIL = Path(os.environ.get("NEWSDIFF_EVAL_DIR", ROOT.parent / "shared" / "eval")) / "basil" / "articles"
DIM = 384
SEED = 12
GENERATOR = 2  # bump when the synthetic data changes, so --reuse reloads
RESIDUAL = 0.15  # isotropic noise left around a cluster's subspace
OUTLETS = 20
FIRST_DAY, DAYS = date(2010, 1, 1), 16 * 365


def unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)


def iso(rng: np.random.Generator, n: int) -> np.ndarray:
    """Isotropic noise of norm about 1."""
    return rng.standard_normal((n, DIM), dtype=np.float32) / np.float32(np.sqrt(DIM))


class Mixture:
    """Topics -> cluster centres -> members: a clustered unit-vector distribution.

    rank 0 spreads each cluster's members in all 384 directions (isotropic
    noise); rank r spreads them in a random r-dimensional subspace of their
    own plus a little isotropic noise, which gives real sentence embeddings'
    local intrinsic dimension (docs/performance.md).
    """

    def __init__(self, rng: np.random.Generator, centres: int, topics: int = 200, rank: int = 0) -> None:
        self.topics = topic = unit(rng.standard_normal((topics, DIM), dtype=np.float32))
        self.centres = unit(topic[rng.integers(0, topics, centres)] + iso(rng, centres))
        weights = 1.0 / np.arange(1, centres + 1) ** 0.8
        self.weights = weights / weights.sum()
        self.spread = rng.uniform(0.5, 1.0, centres).astype(np.float32)
        self.rank = rank
        if rank:
            self.bases = rng.standard_normal((centres, DIM, rank), dtype=np.float32) / np.float32(
                np.sqrt(DIM)
            )

    def noise(self, rng: np.random.Generator, which: np.ndarray) -> np.ndarray:
        """Each member's offset from its centre, of norm about 1."""
        if not self.rank:
            return iso(rng, len(which))
        out = np.empty((len(which), DIM), np.float32)
        for start in range(0, len(which), 10_000):
            part = which[start : start + 10_000]
            z = rng.standard_normal((len(part), self.rank), dtype=np.float32) * np.float32(
                np.sqrt(DIM / self.rank)
            )
            out[start : start + 10_000] = np.einsum("nij,nj->ni", self.bases[part], z) + RESIDUAL * iso(
                rng, len(part)
            )
        return out

    def sample(self, rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
        which = rng.choice(len(self.centres), n, p=self.weights)
        return unit(self.centres[which] + self.spread[which, None] * self.noise(rng, which)), which


def sentence_mixture(n: int, rank: int) -> tuple[Mixture, np.random.Generator]:
    rng = np.random.default_rng(SEED)
    return Mixture(rng, centres=max(10, min(5000, n // 200)), rank=rank), rng


def sentence_vectors(n: int, rank: int) -> np.ndarray:
    mixture, rng = sentence_mixture(n, rank)
    chunks = [mixture.sample(rng, min(200_000, n - s))[0] for s in range(0, n, 200_000)]
    return np.concatenate(chunks) if chunks else np.zeros((0, DIM), np.float32)


def query_vectors(n: int, count: int, rank: int) -> np.ndarray:
    """New members of the stored vectors' mixture."""
    mixture, _ = sentence_mixture(n, rank)
    return mixture.sample(np.random.default_rng(SEED + 1), count)[0]


def article_of(row: np.ndarray | int, sentences: int, articles: int) -> Any:
    """The 0-based article of sentence row `row`: consecutive rows per article, as ingest writes them."""
    return row * articles // sentences


def basil_sentences() -> tuple[list[list[str]], str]:
    """Real news sentences as word lists: BASIL's, or the sample story's where BASIL is absent."""
    found: list[str] = []
    for path in sorted(BASIL.glob("*/*.json")):
        found.extend(s for p in json.loads(path.read_text())["body-paragraphs"] for s in p if s.strip())
    source = "basil"
    if not found:
        source = "sample_data"
        for path in sorted((ROOT / "sample_data").glob("*.txt")):
            found.extend(p for p in path.read_text().split("\n\n")[2:] if p.strip())
    return [s.split() for s in found if len(s.split()) >= 4], source


def synthetic_texts(n: int, sentences: list[list[str]]) -> list[str]:
    """The head of one real sentence spliced onto the tail of another: real vocabulary, new sentences."""
    rng = random.Random(SEED)
    out = []
    for _ in range(n):
        a, b = rng.choice(sentences), rng.choice(sentences)
        cut_a, cut_b = rng.randint(2, len(a) - 1), rng.randint(1, len(b) - 2)
        out.append(" ".join(a[:cut_a] + b[cut_b:]))
    return out


class Loader:
    """Bulk-loads the bench database over its own psycopg connection (binary COPY)."""

    def __init__(self, params: dict[str, Any], workers: int, memory: str) -> None:
        import psycopg
        from pgvector.psycopg import register_vector

        keys = {"host", "port", "user", "password", "dbname"}
        self.conn = psycopg.connect(**{k: v for k, v in params.items() if k in keys and v}, autocommit=True)
        register_vector(self.conn)
        self.seconds: dict[str, float] = {}
        self.conn.execute("SELECT set_config('max_parallel_maintenance_workers', %s, false)", [str(workers)])
        # The HNSW graph must fit in it, or the build slows down many times over.
        self.conn.execute("SELECT set_config('maintenance_work_mem', %s, false)", [memory])

    def copy(self, table: str, columns: dict[str, str], rows: Any) -> None:
        """COPY dict rows into `columns` (name -> PostgreSQL type); the seconds it took go to self.seconds."""
        start = time.perf_counter()
        names = ", ".join(f'"{c}"' for c in columns)
        with (
            self.conn.cursor() as cur,
            cur.copy(f"COPY {table} ({names}) FROM STDIN WITH (FORMAT BINARY)") as cp,
        ):
            cp.set_types(list(columns.values()))
            for row in rows:
                cp.write_row([row[c] for c in columns])
        self.seconds[table] = round(time.perf_counter() - start, 1)

    def timed_sql(self, sql: str) -> float:
        start = time.perf_counter()
        self.conn.execute(sql)
        return round(time.perf_counter() - start, 1)


def index_sql() -> dict[str, str]:
    """The CREATE INDEX statements of the migrations, so the bench builds exactly what they build.

    Migrations are read in order; a later one that rebuilds an index (0009 made
    the sentence graph denser) replaces the earlier statement.
    """
    import importlib
    import pkgutil

    from django.db import connection
    from django.db.migrations import RunSQL

    import claims.migrations
    from claims.models import Sentence

    found: dict[str, str] = {}
    for module in sorted(m.name for m in pkgutil.iter_modules(claims.migrations.__path__)):
        for op in importlib.import_module(f"claims.migrations.{module}").Migration.operations:
            if not isinstance(op, RunSQL):
                continue
            for statement in [op.sql] if isinstance(op.sql, str) else op.sql:
                if str(statement).startswith("CREATE INDEX") and "hnsw" in str(statement):
                    found[str(statement).split()[2]] = str(statement)
    gin = next(i for i in Sentence._meta.indexes if i.name == "sentence_search_gin")
    with connection.schema_editor(collect_sql=True) as editor:
        found[gin.name] = str(gin.create_sql(Sentence, editor))
    return found


def with_hnsw_options(statement: str, *, m: int, ef_construction: int) -> str:
    """The CREATE INDEX with WITH (m, ef_construction) instead of its own; 0 leaves that option out."""
    options = [f"m = {m}"] * bool(m) + [f"ef_construction = {ef_construction}"] * bool(ef_construction)
    head, where = statement.split(" WHERE ", 1)
    head = re.sub(r" WITH \([^)]*\)$", "", head)
    return f"{head} WITH ({', '.join(options)}) WHERE {where}" if options else f"{head} WHERE {where}"


def sentence_index_sql(args: argparse.Namespace) -> str:
    """The sentence HNSW index this run builds: the migrations', with --hnsw-m / --hnsw-ef-construction."""
    statement = index_sql()["sentence_embedding_hnsw"]
    if args.hnsw_m or args.hnsw_ef_construction:
        statement = with_hnsw_options(statement, m=args.hnsw_m, ef_construction=args.hnsw_ef_construction)
    return statement


# Column -> COPY type of each table loaded; every NOT NULL column has a value (Django sets no DB defaults).
STORY_COLUMNS = {
    "id": "int8",
    "title": "text",
    "slug": "text",
    "created": "timestamptz",
    "align_error": "text",
    "align_full": "bool",
    "align_progress": "float8",
    "align_requested": "int4",
    "align_state": "text",
    "centroid": "vector",
    "entities": "jsonb",
    "published_from": "date",
    "published_to": "date",
    "title_edited": "bool",
}
ARTICLE_COLUMNS = {
    "id": "int8",
    "title": "text",
    "published": "date",
    "url": "text",
    "byline": "text",
    "dateline": "text",
    "source_name": "text",
    "raw": "bytea",
    "raw_text": "text",
    "body": "text",
    "removed": "jsonb",
    "restored": "jsonb",
    "content_hash": "text",
    "status": "text",
    "error": "text",
    "created": "timestamptz",
    "outlet_id": "int8",
    "story_id": "int8",
    "options": "jsonb",
    "entities": "jsonb",
    "lead_embedding": "vector",
}
SENTENCE_COLUMNS = {
    "id": "int8",
    "article_id": "int8",
    "index": "int4",
    "paragraph": "int4",
    "text": "text",
    "start": "int4",
    "end": "int4",
    "embedding": "vector",
}


def load(loader: Loader, args: argparse.Namespace, texts: list[str], vectors: np.ndarray) -> dict[str, Any]:
    rng = np.random.default_rng(SEED + 2)
    sql = index_sql()
    loader.conn.execute(
        "TRUNCATE claims_sentence, claims_article, claims_story, claims_outlet RESTART IDENTITY CASCADE"
    )
    for name in sql:  # all of them, so COPY maintains none
        loader.conn.execute(f"DROP INDEX IF EXISTS {name}")
    if not args.vector_indexes:  # keyword-only runs: an HNSW build is most of a load
        sql = {name: statement for name, statement in sql.items() if "hnsw" not in statement}
    if "sentence_embedding_hnsw" in sql:  # --hnsw-m / --hnsw-ef-construction, when given
        sql["sentence_embedding_hnsw"] = sentence_index_sql(args)
    started = time.perf_counter()
    outlets = ({"id": i, "slug": f"outlet-{i}", "name": f"Outlet {i}"} for i in range(1, OUTLETS + 1))
    loader.copy("claims_outlet", {"id": "int8", "slug": "text", "name": "text"}, outlets)
    stories = story_table(args.stories)
    now = datetime.now(UTC)

    def story_row(i: int) -> dict[str, Any]:
        return {
            "id": i + 1,
            "title": f"Story {i + 1}",
            "slug": f"story-{i + 1}",
            "created": now,
            "align_error": "",
            "align_full": False,
            "align_progress": 1.0,
            "align_requested": 0,
            "align_state": "ready",
            "centroid": stories["centroid"][i],
            "entities": stories["entities"][i],
            "published_from": stories["start"][i],
            "published_to": stories["end"][i],
            "title_edited": False,
        }

    loader.copy("claims_story", STORY_COLUMNS, (story_row(i) for i in range(args.stories)))
    member = rng.integers(0, args.stories, args.articles)
    leads = unit(stories["centroid"][member] + 0.6 * iso(rng, args.articles))
    offsets = rng.integers(0, 1 + stories["span"][member])
    blank = dict.fromkeys(("url", "byline", "dateline", "raw_text", "body", "error"), "")

    def article_row(i: int) -> dict[str, Any]:
        s = int(member[i])
        return {
            **blank,
            "id": i + 1,
            "title": f"Article {i + 1}",
            "published": stories["start"][s] + timedelta(days=int(offsets[i])),
            "source_name": f"a{i + 1}.txt",
            "raw": b"",
            "removed": [],
            "restored": [],
            "content_hash": f"hash-{i + 1}",
            "status": "ready",
            "created": now,
            "outlet_id": 1 + i % OUTLETS,  # bench_semantic's outlet filter relies on this
            "story_id": s + 1,
            "options": {},
            "entities": stories["entities"][s][:4],
            "lead_embedding": leads[i],
        }

    loader.copy("claims_article", ARTICLE_COLUMNS, (article_row(i) for i in range(args.articles)))
    article = article_of(np.arange(len(texts)), len(texts), args.articles)
    first = np.searchsorted(article, np.arange(args.articles))  # each article's first sentence row
    sentences = (
        {
            "id": i + 1,
            "article_id": int(article[i]) + 1,
            "index": int(i - first[article[i]]),
            "paragraph": 0,
            "text": texts[i],
            "start": 0,
            "end": len(texts[i]),
            "embedding": vectors[i],
        }
        for i in range(len(texts))
    )
    loader.copy("claims_sentence", SENTENCE_COLUMNS, sentences)
    for table in ("claims_outlet", "claims_story", "claims_article", "claims_sentence"):
        loader.conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        )
    out: dict[str, Any] = {
        "copy_seconds": loader.seconds,
        "load_seconds": round(time.perf_counter() - started, 1),
    }
    out["build_seconds"] = {name: loader.timed_sql(statement) for name, statement in sql.items()}
    out["vacuum_analyze_seconds"] = loader.timed_sql(
        "VACUUM ANALYZE claims_sentence, claims_article, claims_story"
    )
    return out


def story_table(count: int) -> dict[str, Any]:
    """Story centres (clustered by topic), date spans over 16 years and entity lists."""
    rng = np.random.default_rng(SEED + 3)
    mixture = Mixture(rng, centres=count, topics=max(2, count // 150))
    start = np.array([FIRST_DAY + timedelta(days=int(d)) for d in rng.integers(0, DAYS, count)])
    spans = rng.integers(0, 6, count)
    return {
        "centroid": mixture.centres,
        "start": start,
        "end": np.array([s + timedelta(days=int(n)) for s, n in zip(start, spans, strict=True)]),
        "span": spans,
        "entities": [[f"Entity {x}" for x in rng.integers(0, 20 * count, 6)] for _ in range(count)],
        "mixture": mixture,
    }


def prepare(
    loader: Loader, args: argparse.Namespace, signature: str, texts: list[str], vectors: np.ndarray
) -> dict[str, Any]:
    """Load the database unless --reuse finds it loaded with the same data; report its sizes."""
    out: dict[str, Any] = {}
    loader.conn.execute("CREATE TABLE IF NOT EXISTS bench_meta (signature text)")
    stored = loader.conn.execute("SELECT signature FROM bench_meta").fetchone()
    if stored and stored[0] == signature:
        out["load"] = "reused"
    else:
        out["load"] = load(loader, args, texts, vectors)
        loader.conn.execute("DELETE FROM bench_meta")
        loader.conn.execute("INSERT INTO bench_meta VALUES (%s)", [signature])
    names = ("claims_sentence", "sentence_embedding_hnsw", "sentence_search_gin", "story_centroid_hnsw")
    sizes = loader.conn.execute(
        "SELECT " + ", ".join(["pg_total_relation_size(to_regclass(%s))"] * len(names)), names
    )
    out["sizes_mb"] = {  # None: not built (a keyword-only run)
        n: None if b is None else round(b / 2**20) for n, b in zip(names, sizes.fetchone() or (), strict=True)
    }
    return out
