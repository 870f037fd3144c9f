"""bench/bench_search.py at a small size: CI runs the benchmark's whole path (load, indexes, every part)."""

from __future__ import annotations

from tests.bench.conftest import RunBench


def test_bench_search_runs_small_and_reports_every_part(run_bench: RunBench) -> None:
    small = ["--sentences", "5000", "--articles", "1000", "--queries", "40", "--ef", "40,80"]
    report = run_bench("bench_search.py", *small, "--db-name", "bench_newsdiff_search_ci")
    semantic = report["semantic"]
    assert semantic["vectors"] == 5000 and semantic["queries"] == 40
    assert [r["ef_search"] for r in semantic["by_ef_search"]] == [40, 80]
    assert semantic["top10"]["recall_at_10"] >= 0.9  # 5,000 vectors: the index is all but exact
    assert semantic["outlet_filtered_top10"]["short_results"] == 0  # iterative scans fill filtered pages
    assert semantic["outlet_filtered_top10"]["recall_at_10"] >= 0.9
    assert "sentence_embedding_hnsw" in semantic["plan_indexes"]
    for part in ("top10", "results_page"):
        assert 0 < semantic[part]["p50_ms"] <= semantic[part]["p95_ms"]
        assert 0 < report["keyword"][part]["p50_ms"] <= report["keyword"][part]["p95_ms"]
    assert report["keyword"]["most_common_words"]
    assert report["combined"]["results_page"]["p95_ms"] > 0
    assignment = report["story_assignment"]
    assert assignment["articles"] == 1000 and assignment["stories"] == 300
    assert assignment["joined_their_story"] >= 0.8 and assignment["new_events_started_a_story"] >= 0.8
    assert set(report["load"]["build_seconds"]) == {
        "sentence_embedding_hnsw",
        "story_centroid_hnsw",
        "sentence_search_gin",
    }
