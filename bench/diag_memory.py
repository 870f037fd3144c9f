"""Where a long ingest's memory goes: Python objects kept, or memory the allocator holds.

    .venv/bin/python bench/diag_memory.py [--articles 100] [--batch 10] [--trace] [--trim]

Stores BASIL articles in uploads of `--batch` through `upload_ingest` in this
process, with no broker and no background threads, so each upload is read,
embedded, written and its stories aligned (cross-encoders on) before the
next. After each upload it records resident memory (VmRSS, VmHWM), the
objects the garbage collector tracks and the size of spaCy's string stores.

- `--trace`: tracemalloc from the second upload on; the allocations that grew
  between the third and the last upload, by traceback (numpy's arrays
  included; torch's tensors and spaCy's C structures are not traced).
- `--trim`: glibc's `malloc_trim(0)` after each upload, with the resident
  memory before and after: what glibc held but no longer used.

Run it under jemalloc as `make worker` does by prefixing the Makefile's
`LD_PRELOAD=... MALLOC_CONF=...`. Its own throwaway database on the embedded
server. Prints JSON.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import os
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DB_NAME = "bench_newsdiff_memory"

from bench_worker_memory import status_kb  # noqa: E402  (bench/ is the script's own folder)


def _memory_mb() -> dict[str, int]:
    return {field.lower(): status_kb(os.getpid(), field) // 1024 for field in ("VmRSS", "VmHWM")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--trace", action="store_true")
    parser.add_argument("--trim", action="store_true")
    args = parser.parse_args()
    if args.trace and args.articles <= 3 * args.batch:
        parser.error("--trace compares the third upload with the last: give more than 3 × --batch articles")
    os.environ.pop("CELERY_BROKER_URL", None)  # every task runs now, in this process
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import django

    django.setup()
    from bench_ingest import BASIL, basil_texts
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from claims import engines
    from claims.models import Article, Story
    from claims.services.uploads import upload_ingest

    if not BASIL.is_dir():
        sys.exit(f"BASIL is not in {BASIL}")
    libc = ctypes.CDLL("libc.so.6") if args.trim else None
    connection.settings_dict.setdefault("TEST", {})["NAME"] = DB_NAME
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    preload = os.environ.get("LD_PRELOAD", "")
    out: dict[str, Any] = {"articles": args.articles, "batch": args.batch, "ld_preload": preload}
    try:
        admin = User.objects.create_superuser("bench", password="bench-password-1")
        texts = basil_texts(args.articles)
        started = time.perf_counter()
        rows, snapshots = [], []
        for start in range(0, len(texts), args.batch):
            chunk = texts[start : start + args.batch]
            files = [SimpleUploadedFile(n.replace(".json", ".txt"), d) for n, d, _ in chunk]
            upload_ingest(files=files, uploaded_by=admin)
            gc.collect()
            row: dict[str, Any] = {"articles_done": start + len(files), **_memory_mb()}
            if libc is not None:
                libc.malloc_trim(0)
                row["rss_after_trim"] = _memory_mb()["vmrss"]
            row["gc_objects"] = len(gc.get_objects())
            row["spacy_strings"] = [len(engines.segmenter().vocab.strings), len(engines.nlp().vocab.strings)]
            rows.append(row)
            if args.trace and start == args.batch:
                tracemalloc.start(8)
            if args.trace and (start == 2 * args.batch or start + args.batch >= len(texts)):
                snapshots.append(tracemalloc.take_snapshot())
        out["seconds"] = round(time.perf_counter() - started, 1)
        out["after_each_upload"] = rows
        out["ready"] = Article.objects.filter(status=Article.Status.READY).count()
        out["stories"] = Story.objects.count()
        if len(snapshots) == 2:
            grew = snapshots[1].compare_to(snapshots[0], "traceback")
            out["traced_growth_kib"] = sum(s.size_diff for s in grew) // 1024
            out["traced_growth_top"] = [
                {"kib": s.size_diff // 1024, "blocks": s.count_diff, "where": s.traceback.format()[-2:]}
                for s in grew[:8]
            ]
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
