"""Search and story assignment at scale: semantic and keyword search, assigning an article to a story.

    .venv/bin/python bench/bench_search.py [--sentences 1000000] [--articles 100000] [--stories N]
        [--queries 300] [--ef 20,40,60,80,120] [--keep] [--reuse] [--db-name NAME]

Loads a throwaway database (its own name, on the embedded server of its own
NEWSDIFF_DATA_DIR unless one is set) with COPY, then builds the indexes the
way the migrations do, and measures through the app's own code:

(a) semantic: top-10 `claims.selectors.search.sentences_nearest` over N stored
    sentence vectors, a clustered mixture (topics -> a few thousand cluster
    centres -> noisy members, all normalised; cluster sizes Zipf-like), p50/p95
    per ef_search and recall@10 against exact search (numpy, the same vectors);
    then a full results page (`sentence_search`) and an outlet-filtered search
    (iterative scans) at the chosen ef_search.
(b) keyword: `sentences_matching` (top 10) and full pages over N sentences
    whose text splices the head of one real BASIL sentence onto the tail of
    another; queries are 1-3 consecutive words of a random stored sentence,
    plus the corpus's most common words as the worst case.
(c) story assignment: `claims.services.clustering.story_candidates` +
    `claims.pipeline.cluster.assign.decide` with --articles articles in
    --stories stories spread over 2010-2025; half the new articles belong to a
    stored story, half to none, and the decisions are scored too.

Prints JSON. --reuse keeps a loaded database of the same sizes between runs
(to tune without reloading); --keep leaves it behind.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import resource
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import machine
import numpy as np
from search_data import (
    DAYS,
    FIRST_DAY,
    GENERATOR,
    OUTLETS,
    SEED,
    Loader,
    article_of,
    basil_sentences,
    iso,
    prepare,
    query_vectors,
    sentence_index_sql,
    sentence_vectors,
    story_table,
    synthetic_texts,
    unit,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")
os.environ.setdefault("NEWSDIFF_DATA_DIR", str(ROOT / "var" / "bench-search"))


def ms_stats(times: list[float]) -> dict[str, float]:
    values = np.array(times) * 1000
    return {
        "p50_ms": round(float(np.percentile(values, 50)), 2),
        "p95_ms": round(float(np.percentile(values, 95)), 2),
        "max_ms": round(float(values.max()), 2),
    }


def timed(fn: Any, items: list[Any]) -> tuple[list[float], list[Any]]:
    times, results = [], []
    for item in items:
        start = time.perf_counter()
        results.append(fn(item))
        times.append(time.perf_counter() - start)
    return times, results


def exact_top(stored: np.ndarray, queries: np.ndarray, k: int, mask: np.ndarray | None = None) -> np.ndarray:
    """Row numbers of the k most cosine-similar stored vectors per query (unit vectors: dot products)."""
    cands_i, cands_s = [], []
    for start in range(0, len(stored), 200_000):
        block = stored[start : start + 200_000]
        scores = queries @ block.T
        if mask is not None:
            scores[:, ~mask[start : start + 200_000]] = -np.inf
        top = np.argpartition(-scores, min(k, block.shape[0] - 1), axis=1)[:, :k]
        cands_i.append(top + start)
        cands_s.append(np.take_along_axis(scores, top, axis=1))
    ids, scores = np.concatenate(cands_i, axis=1), np.concatenate(cands_s, axis=1)
    order = np.argsort(-scores, axis=1)[:, :k]
    return np.take_along_axis(ids, order, axis=1)


def plan_indexes(queryset: Any) -> list[str]:
    return sorted(
        set(re.findall(r"(?:Index|Bitmap Index) Scan (?:Backward )?using (\w+)", queryset.explain()))
    )


def quality(
    found: list[list[tuple[int, float]]], exact: np.ndarray, queries: np.ndarray, vectors: np.ndarray
) -> dict[str, Any]:
    """recall@10, overall and by how close the true nearest neighbour is, and the similarity given up."""
    recall = np.array(
        [len({pk for pk, _ in f} & set(e.tolist())) / 10 for f, e in zip(found, exact, strict=True)]
    )
    best = np.array([float(vectors[e[0] - 1] @ q) for e, q in zip(exact, queries, strict=True)])
    # Mean cosine of the exact 10 minus that of the 10 returned: what a reader loses to the approximation.
    lost = [
        float(np.mean(vectors[e - 1] @ q)) - float(np.mean([1 - d for _, d in f] or [0]))
        for f, e, q in zip(found, exact, queries, strict=True)
    ]
    by_nearest = {}
    for label, low, high in (
        ("nearest_below_0.5", -1, 0.5),
        ("nearest_0.5_to_0.7", 0.5, 0.7),
        ("nearest_0.7_up", 0.7, 2),
    ):
        picked = (best >= low) & (best < high)
        if picked.any():
            by_nearest[label] = {
                "queries": int(picked.sum()),
                "recall_at_10": round(float(recall[picked].mean()), 4),
            }
    return {
        "recall_at_10": round(float(recall.mean()), 4),
        "recall_by_nearest_cosine": by_nearest,
        "cosine_lost_mean": round(float(np.mean(lost)), 4),
    }


def bench_semantic(args: argparse.Namespace, vectors: np.ndarray) -> dict[str, Any]:
    from claims.models import Outlet
    from claims.selectors import search

    queries = query_vectors(len(vectors), args.queries + 20, args.noise_rank)
    warm, queries = queries[:20], queries[20:]
    exact = exact_top(vectors, queries, 10) + 1  # row n is sentence id n + 1
    nofilter = search.SearchFilters()
    app_ef = search.EF_SEARCH
    # Untimed passes first, so no ef_search setting pays for reading the index into memory.
    search.EF_SEARCH = max(args.ef)
    for q in [*warm, *queries]:
        search.sentences_nearest(vector=q, filters=nofilter, limit=10)
    runs = []
    for ef in args.ef:
        search.EF_SEARCH = ef
        times, found = timed(
            lambda q: search.sentences_nearest(vector=q, filters=nofilter, limit=10), list(queries)
        )
        runs.append({"ef_search": ef, **quality(found, exact, queries, vectors), **ms_stats(times)})
    # Pages are read at the smallest ef_search reaching the 0.95 target, else at the app's own.
    good = [r["ef_search"] for r in runs if r["recall_at_10"] >= 0.95]
    search.EF_SEARCH = min(good) if good else app_ef
    chosen = next((r for r in runs if r["ef_search"] == search.EF_SEARCH), None)
    page_times, _ = timed(
        lambda q: search.sentence_search(text="", mode="semantic", filters=nofilter, vector=q), list(queries)
    )
    outlet = Outlet.objects.get(slug="outlet-1")
    # Article a (0-based) has outlet 1 + a % OUTLETS (load()): the sentences of outlet 1.
    mask = article_of(np.arange(len(vectors)), len(vectors), args.articles) % OUTLETS == 0
    exact_f = exact_top(vectors, queries, 10, mask) + 1
    filtered = search.SearchFilters(outlet_id=outlet.pk)
    f_times, f_found = timed(
        lambda q: search.sentences_nearest(vector=q, filters=filtered, limit=10), list(queries)
    )
    return {
        "vectors": len(vectors),
        "queries": len(queries),
        "by_ef_search": runs,
        "app_ef_search": app_ef,
        "pages_ef_search": search.EF_SEARCH,
        "top10": chosen,
        "results_page": ms_stats(page_times),
        "outlet_filtered_top10": {
            "share_of_rows": round(float(mask.mean()), 3),
            "recall_at_10": quality(f_found, exact_f, queries, vectors)["recall_at_10"],
            "short_results": sum(1 for f in f_found if len(f) < 10),
            **ms_stats(f_times),
        },
        "plan_indexes": plan_indexes(search.nearest_queryset(vector=queries[0], filters=nofilter)[:10]),
    }


def keyword_queries(texts: list[str], count: int) -> list[str]:
    from claims.selectors.search import keyword_notice

    rng = random.Random(SEED + 4)
    out: list[str] = []
    while len(out) < count:
        words = re.findall(r"[A-Za-z]{3,}", rng.choice(texts))
        n = rng.randint(1, 3)
        if len(words) < n:
            continue
        start = rng.randint(0, len(words) - n)
        query = " ".join(words[start : start + n])
        if not keyword_notice(text=query):
            out.append(query)
    return out


def bench_keyword(args: argparse.Namespace, texts: list[str]) -> dict[str, Any]:
    from claims.models import Sentence
    from claims.selectors import search

    if args.keyword_candidates:
        search.KEYWORD_CANDIDATES = args.keyword_candidates
    nofilter = search.SearchFilters()
    queries = keyword_queries(texts, args.queries + 20)
    warm, queries = queries[:20], queries[20:]
    for q in warm:
        search.sentences_matching(text=q, filters=nofilter, limit=10)
    times, _ = timed(lambda q: search.sentences_matching(text=q, filters=nofilter, limit=10), queries)
    page_times, _ = timed(lambda q: search.sentence_search(text=q, mode="keyword", filters=nofilter), queries)
    by_length = {}
    for n in (1, 2, 3):
        picked = [t for t, q in zip(times, queries, strict=True) if len(q.split()) == n]
        if picked:
            by_length[f"{n}_words"] = {"queries": len(picked), **ms_stats(picked)}
    sample = texts[:: max(1, len(texts) // 100_000)]
    counts = Counter(w.lower() for t in sample for w in re.findall(r"[A-Za-z]{3,}", t))
    common = [w for w, _ in counts.most_common(60) if not search.keyword_notice(text=w)][:3]
    worst = {}
    for word in common:
        t, _ = timed(lambda q: search.sentences_matching(text=q, filters=nofilter, limit=10), [word] * 10)
        matches = Sentence.objects.filter(search=search.keyword_query(word)).count()
        worst[word] = {"matches": matches, **ms_stats(t)}
    matched = [Sentence.objects.filter(search=search.keyword_query(q)).count() for q in queries[:50]]
    return {
        "sentences": len(texts),
        "candidates_ranked": search.KEYWORD_CANDIDATES,
        "queries": len(queries),
        "examples": queries[:8],
        "top10": ms_stats(times),
        "by_words": by_length,
        "results_page": ms_stats(page_times),
        "matches_per_query_p50": int(np.percentile(matched, 50)),
        "matches_per_query_p95": int(np.percentile(matched, 95)),
        "most_common_words": worst,
        "plan_indexes": plan_indexes(
            Sentence.objects.filter(search=search.keyword_query(queries[0])).order_by("-pk")[:10]
        ),
    }


def bench_combined(args: argparse.Namespace, vectors: np.ndarray, texts: list[str]) -> dict[str, Any]:
    from claims.selectors import search

    queries = keyword_queries(texts, 60)
    vecs = query_vectors(len(vectors), 60, args.noise_rank)
    nofilter = search.SearchFilters()
    items = list(zip(queries, vecs, strict=True))
    times, _ = timed(
        lambda qv: search.sentence_search(text=qv[0], mode="combined", filters=nofilter, vector=qv[1]), items
    )
    return {"queries": len(items), "results_page": ms_stats(times)}


def bench_assign(args: argparse.Namespace) -> dict[str, Any]:
    from claims.models import Story
    from claims.pipeline.cluster import assign
    from claims.services.clustering import cluster_config, story_candidates
    from claims.vectors import by_cosine

    stories = story_table(args.stories)
    rng = np.random.default_rng(SEED + 5)
    config = cluster_config()
    cases = []
    for n in range(args.queries):
        if n % 2 == 0:  # a new article of a stored story
            s = int(rng.integers(0, args.stories))
            vector = unit(stories["centroid"][s] + 0.6 * iso(rng, 1))[0]
            day = stories["start"][s] + timedelta(days=int(rng.integers(0, 3)))
            cases.append((vector, day, stories["entities"][s][:3], s + 1))
        else:  # the first article of an event not stored yet, in one of the stored topics
            topics = stories["mixture"].topics
            centre = unit(topics[rng.integers(0, len(topics), 1)] + iso(rng, 1))
            vector = unit(centre + 0.6 * iso(rng, 1))[0]
            day = FIRST_DAY + timedelta(days=int(rng.integers(0, DAYS)))
            cases.append((vector, day, [f"Entity {x}" for x in rng.integers(0, 20 * args.stories, 3)], None))

    def run(case: tuple[Any, date, list[str], int | None]) -> tuple[int | None, list[int]]:
        vector, day, entities, _ = case
        found = story_candidates(vector=vector, published=day, config=config)
        decision = assign.decide(
            vector=vector, entities=entities, published=day, candidates=found, config=config
        )
        return decision.story_id, [c.story_id for c in found]

    # The candidates an exact search would give: the nearest stories whose dates are in the window.
    start = np.array([(d - FIRST_DAY).days for d in stories["start"]])
    end = np.array([(d - FIRST_DAY).days for d in stories["end"]])

    def exact_candidates(case: tuple[Any, date, list[str], int | None]) -> set[int]:
        day = (case[1] - FIRST_DAY).days
        inside = np.flatnonzero((start <= day + config.window_days) & (end >= day - config.window_days))
        nearest = inside[np.argsort(-(stories["centroid"][inside] @ case[0]))[: config.candidates]]
        return {int(i) + 1 for i in nearest}

    for case in cases[:20]:
        run(case)
    times, results = timed(run, cases)
    joins = [(r[0], c[3]) for r, c in zip(results, cases, strict=True) if c[3] is not None]
    news = [r[0] for r, c in zip(results, cases, strict=True) if c[3] is None]
    vector, day = cases[0][0], cases[0][1]
    window = timedelta(days=config.window_days)
    plan = plan_indexes(
        by_cosine(
            Story.objects.filter(published_from__lte=day + window, published_to__gte=day - window),
            "centroid",
            vector,
        )[: config.candidates]
    )
    return {
        "articles": args.articles,
        "stories": args.stories,
        "new_articles": len(cases),
        **ms_stats(times),
        "joined_their_story": round(sum(1 for got, want in joins if got == want) / max(1, len(joins)), 3),
        "new_events_started_a_story": round(sum(1 for got in news if got is None) / max(1, len(news)), 3),
        "candidates_mean": round(float(np.mean([len(r[1]) for r in results])), 1),
        "exact_candidates_mean": round(float(np.mean([len(exact_candidates(c)) for c in cases])), 1),
        # Share of the exact in-window candidates that story_candidates returned.
        "candidate_recall": round(
            float(
                np.mean(
                    [
                        len(set(r[1]) & e) / len(e)
                        for r, c in zip(results, cases, strict=True)
                        if (e := exact_candidates(c))
                    ]
                )
            ),
            3,
        ),
        "plan_indexes": plan,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--stories", type=int, default=0, help="default: 30 %% of --articles")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--ef", default="20,40,60,80,120,160,240", help="ef_search values to try")
    parser.add_argument("--workers", type=int, default=1, help="max_parallel_maintenance_workers")
    parser.add_argument("--maintenance-mem", default="4GB")
    parser.add_argument("--db-name", default="bench_newsdiff_search")
    parser.add_argument("--reuse", action="store_true", help="keep a database loaded with the same sizes")
    parser.add_argument("--keep", action="store_true", help="leave the database behind")
    parser.add_argument(
        "--noise-rank", type=int, default=24, help="dimensions of each cluster's spread; 0 = all 384"
    )
    parser.add_argument("--keyword-candidates", type=int, default=0, help="override KEYWORD_CANDIDATES")
    parser.add_argument("--parts", default="semantic,keyword,combined,assign", help="what to measure")
    parser.add_argument("--hnsw-m", type=int, default=0, help="sentence HNSW m (0: the migrations')")
    parser.add_argument("--hnsw-ef-construction", type=int, default=0, help="likewise (0: the migration's)")
    args = parser.parse_args()
    args.stories = args.stories or max(1, args.articles * 3 // 10)
    args.ef = [int(x) for x in args.ef.split(",")]
    # Only the vector parts need the HNSW indexes, whose build is most of a load.
    args.vector_indexes = bool({"semantic", "combined", "assign"} & set(args.parts.split(",")))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    started = time.perf_counter()
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    corpus, corpus_source = basil_sentences()
    texts = synthetic_texts(args.sentences, corpus)
    vectors = sentence_vectors(args.sentences, args.noise_rank)
    setup_test_environment()
    connection.settings_dict.setdefault("TEST", {})["NAME"] = args.db_name
    # serialize=False: a reused database of a million rows must never be read into memory.
    old_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=args.reuse, serialize=False
    )
    signature = json.dumps(
        [GENERATOR, args.sentences, args.articles, args.stories, args.noise_rank, corpus_source]
        + ([] if args.vector_indexes else ["no vector indexes"])
        + [sentence_index_sql(args)]  # a database built with another graph is not reused
    )
    out: dict[str, Any] = {"corpus": corpus_source, "noise_rank": args.noise_rank}
    try:
        loader = Loader(connection.get_connection_params(), args.workers, args.maintenance_mem)
        with contextlib.closing(loader.conn):
            out.update(prepare(loader, args, signature, texts, vectors))
        parts = args.parts.split(",")
        if "semantic" in parts:
            out["semantic"] = bench_semantic(args, vectors)
        if "keyword" in parts:
            out["keyword"] = bench_keyword(args, texts)
        if "combined" in parts:
            out["combined"] = bench_combined(args, vectors, texts)
        if "assign" in parts:
            out["story_assignment"] = bench_assign(args)
        with connection.cursor() as cursor:
            cursor.execute("SHOW shared_buffers")
            out["shared_buffers"] = cursor.fetchone()[0]
            cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'sentence_embedding_hnsw'")
            row = cursor.fetchone()
            # What was built, not what was asked for.
            out["sentence_hnsw"] = {"reloptions": row[0] if row else None}
    finally:
        connection.close()
        if not args.keep and not args.reuse:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    out["seconds"] = round(time.perf_counter() - started, 1)
    # Other work on the same cores shows in the load: figures taken on a busy machine are not worth keeping.
    out["machine"] = machine.describe(
        load_average_at_start=load_at_start,
        peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    )
    print(json.dumps(out, indent=2, default=str))


if __name__ == "__main__":
    main()
