"""Server time of the story overview and compare pages under concurrent clients.

    .venv/bin/python bench/bench_pages.py [--articles 5] [--sentences 60] [--clients 8] [--requests 80]

Builds a synthetic story (the fake hash encoder, so no model downloads) in a
throwaway test database, serves the real WSGI app from a threaded server on
127.0.0.1 and has N clients fetch each page at once. Prints JSON: latency as
the clients see it on loopback (p50/p95/max, ms) and the query count per page.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def hammer(url: str, cookie: str, clients: int, total: int) -> dict[str, Any]:
    def one(_: int) -> float:
        req = urllib.request.Request(url, headers={"Cookie": cookie})
        start = time.perf_counter()
        with urllib.request.urlopen(req, timeout=60) as resp:
            resp.read()
            assert resp.status == 200, resp.status
        return (time.perf_counter() - start) * 1000

    one(0)  # warm the connection pool and template cache
    wall = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        times = list(pool.map(one, range(total)))
    wall = time.perf_counter() - wall
    return {
        "requests": total,
        "clients": clients,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1),
        "throughput_rps": round(total / wall, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5)
    parser.add_argument("--sentences", type=int, default=60)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=80)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    import claims.engines
    from tests.conftest import HashEncoder

    encoder = HashEncoder()
    claims.engines.encoder = lambda: encoder  # type: ignore[assignment,return-value]
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    # Its own database name, so a test run beside it does not collide on test_<name>.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = "bench_newsdiff_pages"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.contrib.auth.models import User

        from claims.models import Article
        from tests.views.test_compare import build_story

        started = time.perf_counter()
        story = build_story(articles=args.articles, sentences=args.sentences)
        build_s = time.perf_counter() - started
        user = User.objects.create_user("bench", password="bench-password-1")
        client = Client()
        client.force_login(user)
        cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        ids = ",".join(str(pk) for pk in Article.objects.filter(story=story).values_list("pk", flat=True))
        paths = {
            "overview": f"/stories/{story.pk}/",
            "compare": f"/stories/{story.pk}/compare/?articles={ids}",
        }
        queries = {}
        for name, path in paths.items():
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(path).status_code == 200
            queries[name] = len(ctx.captured_queries)

        class Quiet(WSGIRequestHandler):
            def log_message(self, *a: Any) -> None:
                pass

        server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet, allow_reuse_address=True)
        server.set_app(get_wsgi_application())
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        result: dict[str, Any] = {
            "story": {
                "articles": args.articles,
                "sentences_per_article": args.sentences,
                "build_s": round(build_s, 1),
            },
            "queries": queries,
        }
        for name, path in paths.items():
            result[name] = hammer(base + path, cookie, args.clients, args.requests)
        server.shutdown()
        print(json.dumps(result, indent=2))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
