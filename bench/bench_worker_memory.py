"""Peak memory of a real Celery worker that ingests and aligns BASIL articles (issue #13, benchmark 4).

    .venv/bin/python bench/bench_worker_memory.py [--articles 100] [--redis redis://127.0.0.1:6379/13]

This process plays the web process with CELERY_BROKER_URL set: it stores the
articles as one upload (`upload_ingest`), which hands their tasks to Redis.
One worker (`celery -A newsdiff worker --pool solo`, or `--pool prefork` with
one child, which CELERY_WORKER_MAX_MEMORY_PER_CHILD replaces when it grows;
the product's settings: cross-encoders on; jemalloc preloaded as `make worker`
and the image do, or `--allocator glibc`) then ingests them and aligns every
story they form. Peak resident memory is the kernel's high-water mark (VmHWM
in /proc/PID/status) of the process that runs the tasks, sampled every half
second and at the end, so it includes the models, the tasks and every
allocation in between. Its own throwaway database on the embedded server.
Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DB_NAME = "bench_newsdiff_worker"


def status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for process {pid}")


def _peak_kb(pid: int, pool: str) -> int:
    """The high-water mark of the process that runs the tasks: the worker itself
    with --pool solo, else the largest of its pool children alive now."""
    if pool == "solo":
        return status_kb(pid, "VmHWM")
    # The kernel lists a process's children per thread; no psutil in requirements.
    children = {int(c) for f in Path(f"/proc/{pid}/task").glob("*/children") for c in f.read_text().split()}
    peaks = []
    for child in children:
        try:
            peaks.append(status_kb(child, "VmHWM"))
        except FileNotFoundError:
            continue  # replaced between the listing and the read
    return max(peaks, default=0)


def make_worker_preload() -> dict[str, str]:
    """The allocator variables `make worker` sets (LD_PRELOAD, MALLOC_CONF), empty where the
    system has no jemalloc: read from the Makefile's own recipe, so they never drift apart."""
    line = subprocess.run(
        ["make", "-n", "--no-print-directory", "worker"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()[-1]
    return dict(word.split("=", 1) for word in line.split() if "=" in word and word.split("=")[0].isupper())


def _start_worker(broker: str, pool: str, preload: dict[str, str]) -> subprocess.Popen[bytes]:
    env = {
        **{k: v for k, v in os.environ.items() if k != "LD_PRELOAD"},
        **preload,
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": "",
        "NEWSDIFF_DB_NAME": DB_NAME,
        "HF_HUB_OFFLINE": "1",
    }
    celery = str(Path(sys.executable).with_name("celery"))
    cmd = [celery, "-A", "newsdiff", "worker", "--pool", pool, "--concurrency", "1"]
    cmd += ["--without-gossip", "--without-mingle"]
    return subprocess.Popen(
        [*cmd, "-l", "warning"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--timeout", type=float, default=1800.0)
    parser.add_argument(
        "--pool", default="solo", choices=["solo", "prefork"], help="prefork: one child, replaced as it grows"
    )
    parser.add_argument(
        "--allocator",
        default="jemalloc",
        choices=["jemalloc", "glibc"],
        help="jemalloc (what `make worker` and the image preload) or glibc's malloc",
    )
    args = parser.parse_args()
    preload = make_worker_preload() if args.allocator == "jemalloc" else {}
    if args.allocator == "jemalloc" and not preload:
        sys.exit("no libjemalloc.so.2 under /usr/lib (Debian: libjemalloc2); or --allocator glibc")
    if preload and "MALLOC_CONF" in os.environ:
        preload["MALLOC_CONF"] = os.environ["MALLOC_CONF"]  # tries another jemalloc setting
    import redis

    try:
        redis.Redis.from_url(args.redis).ping()
    except redis.exceptions.ConnectionError:
        sys.exit(f"no Redis answers at {args.redis}")
    redis.Redis.from_url(args.redis).flushdb()
    # Set before Django reads its settings: this process sends tasks, it runs none.
    os.environ["CELERY_BROKER_URL"] = args.redis
    os.environ["CELERY_RESULT_BACKEND"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import django

    django.setup()
    from bench_ingest import BASIL, basil_texts
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from claims.models import Article, Story
    from claims.services.uploads import upload_ingest

    if not BASIL.is_dir():
        sys.exit(f"BASIL is not in {BASIL}")
    connection.settings_dict.setdefault("TEST", {})["NAME"] = DB_NAME
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    worker = None
    out: dict[str, Any] = {"articles": args.articles, "cpus": os.cpu_count()}
    try:
        admin = User.objects.create_superuser("bench", password="bench-password-1")
        files = [
            SimpleUploadedFile(name.replace(".json", ".txt"), data)
            for name, data, _ in basil_texts(args.articles)
        ]
        results = upload_ingest(files=files, uploaded_by=admin)
        out["queued"] = sum(r.status == "queued" for r in results)
        started = time.perf_counter()
        worker = _start_worker(args.redis, args.pool, preload)
        idle_since = None
        peak_kb = 0
        while time.perf_counter() - started < args.timeout:
            busy = (
                Article.objects.filter(status__in=Article.IN_PROGRESS).exists()
                or Story.objects.filter(
                    align_state__in=[Story.AlignState.QUEUED, Story.AlignState.ALIGNING]
                ).exists()
            )
            # All done only once nothing has been busy for two seconds: an article
            # turns ready a moment before its story's alignment is queued.
            idle_since = None if busy else (idle_since or time.perf_counter())
            if idle_since and time.perf_counter() - idle_since >= 2:
                break
            if worker.poll() is not None:
                raise SystemExit(f"the worker exited with {worker.returncode}")
            peak_kb = max(peak_kb, _peak_kb(worker.pid, args.pool))
            time.sleep(0.5)
        out["seconds_until_all_done"] = round(time.perf_counter() - started, 1)
        # A child replaced between two samples is missed only if it peaked
        # higher than every sampled one within half a second of its end.
        out["pool"] = args.pool
        out["worker_peak_rss_mb"] = round(max(peak_kb, _peak_kb(worker.pid, args.pool)) / 1024)
        out["max_memory_per_child_kib"] = settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD
        out["allocator"] = args.allocator
        out["ld_preload"] = preload.get("LD_PRELOAD", "")
        out["malloc_conf"] = preload.get("MALLOC_CONF", "")
        out["malloc_arena_max"] = os.environ.get("MALLOC_ARENA_MAX", "")
        statuses = list(Article.objects.values_list("status", flat=True))
        out["articles_by_status"] = {s: statuses.count(s) for s in sorted(set(statuses))}
        out["stories"] = Story.objects.count()
        out["stories_aligned"] = Story.objects.filter(align_state=Story.AlignState.READY).count()
    finally:
        if worker is not None and worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=60)
            except subprocess.TimeoutExpired:
                worker.kill()
        redis.Redis.from_url(args.redis).flushdb()
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
