"""bench/bench_hnsw_insert.py at a small size: it writes through the app's writer and reports each graph."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.bench.conftest import RunBench

REPO = Path(__file__).resolve().parents[2]
BASIL = Path(os.environ.get("NEWSDIFF_EVAL_DIR", REPO.parent / "shared" / "eval")) / "basil" / "articles"


@pytest.mark.skipif(not BASIL.is_dir(), reason=f"BASIL is not in {BASIL} (../shared/eval)")
def test_bench_hnsw_insert_runs_small(run_bench: RunBench) -> None:
    report = run_bench("bench_hnsw_insert.py", "--articles", "6", "--options", "none;16,64;24,128")
    assert report["articles"] == 6 and report["sentences"] > 30
    assert [r["hnsw"] for r in report["by_options"]] == ["none", "16,64", "24,128"]
    assert all(r["sentences_per_s"] > 0 for r in report["by_options"])
    assert "m = 16, ef_construction = 128" in report["migration_index"]
