"""The upload page with background work: time to the response for a zip, and until all is ready.

    .venv/bin/python bench/bench_upload.py [--articles 20]

An admin posts a zip of BASIL articles (../shared/eval/basil) to /upload/
through Django's test client, in a process set up as a web process without a
broker is (`schedule.use_background_threads()`, one worker thread). The clock
stops once when the response is back and again when every article is ready and
every story it touched is aligned (polling the database as the page's htmx
does). Models load before the clock. Its own throwaway database on the
embedded server. Prints JSON.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
DB_NAME = "bench_newsdiff_upload"

from bench_ingest import BASIL, basil_texts  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds to wait for everything")
    parser.add_argument(
        "--cross",
        action="store_true",
        help="align with the cross-encoders, as the product does (off: the feature classifier alone, "
        "as the first runs in docs/performance.md were measured)",
    )
    args = parser.parse_args()
    if not BASIL.is_dir():
        sys.exit(f"BASIL is not in {BASIL}")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from claims import engines
    from claims.models import Article, Story
    from claims.services import schedule
    from claims.services.alignment import story_voices

    settings.ALIGN_CROSS_ENCODER = args.cross
    engines.nlp()
    engines.encoder().encode(["warm up"])
    engines.align_config()
    engines.cross_scorer()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        for name, data, _ in basil_texts(args.articles):
            zf.writestr(name.replace(".json", ".txt"), data)
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = DB_NAME
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    schedule.use_background_threads()
    try:
        User.objects.create_superuser("bench", password="bench-password-1")
        client = Client()
        client.force_login(User.objects.get(username="bench"))
        upload = SimpleUploadedFile("basil.zip", archive.getvalue(), content_type="application/zip")
        started = time.perf_counter()
        response = client.post("/upload/", {"uploads": [upload]})
        response_s = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        ready_s = aligned_s = None
        while time.perf_counter() - started < args.timeout:
            if ready_s is None and not Article.objects.filter(status__in=Article.IN_PROGRESS).exists():
                ready_s = time.perf_counter() - started
            busy = Story.objects.filter(align_state__in=[Story.AlignState.QUEUED, Story.AlignState.ALIGNING])
            if ready_s is not None and not busy.exists():
                aligned_s = time.perf_counter() - started
                break
            time.sleep(0.25)
        statuses = list(Article.objects.values_list("status", flat=True))
        stories = Story.objects.count()
        sizes = [
            len(story_voices(story=s)) for s in Story.objects.all()
        ]  # article pairs the aligner compared: every pair within each story
    finally:
        schedule.use_background_threads(False)
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    out = {
        "articles": args.articles,
        "response_seconds": round(response_s, 3),
        "all_ready_seconds": round(ready_s, 1) if ready_s is not None else None,
        "all_aligned_seconds": round(aligned_s, 1) if aligned_s is not None else None,
        "articles_by_status": {s: statuses.count(s) for s in sorted(set(statuses))},
        "stories": stories,
        "story_sizes": {n: sizes.count(n) for n in sorted(set(sizes))},
        "article_pairs_aligned": sum(n * (n - 1) // 2 for n in sizes),
        "where_it_goes": {
            "ingest_seconds (response to all ready)": round(ready_s - response_s, 1) if ready_s else None,
            "alignment_seconds (all ready to all aligned)": (
                round(aligned_s - ready_s, 1) if aligned_s and ready_s else None
            ),
        },
        "cross_encoder": settings.ALIGN_CROSS_ENCODER,
        "cpus": os.cpu_count(),
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
