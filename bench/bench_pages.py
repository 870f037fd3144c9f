"""Latency of the story overview and compare pages, cold and warm, under concurrent clients.

    .venv/bin/python bench/bench_pages.py [--articles 5] [--sentences 60] [--clients 8] [--requests 80]
        [--server gunicorn|threaded] [--workers 3] [--threads 1] [--cache both|off|on]
        [--cache-url redis://127.0.0.1:6379/15] [--role editor|fact-checker]

Builds a synthetic story (bench/page_story.py: fake hash encoder, no model
downloads) in a throwaway database, serves the real WSGI app and has N
clients fetch each page at once, logged in with a session cookie. By default
the server is gunicorn with 3 sync workers, as docker-compose's web service
runs it; --server threaded is Django's threaded server inside this process.

Two rounds, each on a fresh server: "cold" with the page cache off
(NEWSDIFF_PAGE_CACHE_TIMEOUT=0, so every request renders) and "warm" with it
on, after a warm-up that fills every worker's cache. Each round reports
sequential single requests (no concurrency) and the concurrent load, as the
clients see them on loopback (ms). Prints JSON; warns on stderr when the
machine was already busy at the start, since such numbers are not worth keeping.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from typing import Any

import page_servers
from page_story import DB_NAME, BenchStory, bench_story, client_for

WARM_TIMEOUT = 3600


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def fetch(url: str, cookie: str) -> float:
    req = urllib.request.Request(url, headers={"Cookie": cookie})
    start = time.perf_counter()
    with urllib.request.urlopen(req, timeout=60) as resp:
        resp.read()
        assert resp.status == 200, resp.status
    return (time.perf_counter() - start) * 1000


def sequential(url: str, cookie: str, n: int) -> dict[str, Any]:
    times = [fetch(url, cookie) for _ in range(n)]
    return {"requests": n, "p50_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1)}


def concurrent(url: str, cookie: str, clients: int, total: int) -> dict[str, Any]:
    wall = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        times = list(pool.map(lambda _: fetch(url, cookie), range(total)))
    wall = time.perf_counter() - wall
    return {
        "requests": total,
        "clients": clients,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1),
        "throughput_rps": round(total / wall, 1),
    }


def query_counts(bench: BenchStory) -> dict[str, dict[str, int]]:
    """Queries per page in this process: rendering (cache off) and served from the cache."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(bench)
    out: dict[str, dict[str, int]] = {}
    for name, path in bench.paths.items():
        out[name] = {}
        for label, timeout in (("cold", 0), ("warm", WARM_TIMEOUT)):
            settings.PAGE_CACHE_TIMEOUT = timeout
            cache.clear()
            assert client.get(path).status_code == 200
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(path).status_code == 200
            out[name][label] = len(ctx.captured_queries)
    cache.clear()
    return out


def busy(seconds: float = 3.0) -> str:
    """Why the machine is not quiet enough to benchmark on, or ''.

    CPU idle time over a few seconds (Linux /proc/stat): the load average
    lags by minutes, so it still reports a job that has just ended.
    """

    def idle_and_total() -> tuple[int, int]:
        with open("/proc/stat") as f:
            ticks = [int(x) for x in f.readline().split()[1:]]
        return ticks[3] + ticks[4], sum(ticks)

    try:
        idle0, total0 = idle_and_total()
        time.sleep(seconds)
        idle1, total1 = idle_and_total()
    except OSError:
        load = os.getloadavg()[0]
        return f"1-minute load average {load:.2f}" if load > 0.5 * (os.cpu_count() or 1) else ""
    busy_share = 1 - (idle1 - idle0) / max(1, total1 - total0)
    return f"{busy_share:.0%} of the CPUs busy before the run" if busy_share > 0.1 else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5)
    parser.add_argument("--sentences", type=int, default=60)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=80)
    parser.add_argument("--single", type=int, default=10, help="sequential requests per page and round")
    parser.add_argument("--server", choices=["gunicorn", "threaded"], default="gunicorn")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--cache", choices=["both", "off", "on"], default="both")
    parser.add_argument(
        "--cache-url", default="", help="NEWSDIFF_CACHE_URL for the server; empty: per process"
    )
    parser.add_argument("--role", choices=["editor", "fact-checker"], default="editor")
    args = parser.parse_args()
    if args.server == "threaded" and args.cache_url:
        parser.error("--cache-url needs --server gunicorn (the threaded server uses this process's settings)")

    before = busy()
    with bench_story(articles=args.articles, sentences=args.sentences, role=args.role) as bench:

        def serve(timeout: int) -> AbstractContextManager[str]:
            if args.server == "threaded":
                return page_servers.threaded(cache_timeout=timeout)
            return page_servers.gunicorn(
                db_name=DB_NAME,
                workers=args.workers,
                threads=args.threads,
                cache_timeout=timeout,
                cache_url=args.cache_url,
            )

        result: dict[str, Any] = {
            "server": {
                "kind": args.server,
                "workers": args.workers if args.server == "gunicorn" else 1,
                "threads": args.threads if args.server == "gunicorn" else "one per request",
                "cache": ("redis" if args.cache_url else "per-process memory (LocMemCache)"),
            },
            "machine": {"cpus": os.cpu_count(), "busy_at_start": before or "no"},
            "story": {
                "articles": args.articles,
                "sentences_per_article": args.sentences,
                "build_s": round(bench.build_s, 1),
                "role": args.role,
            },
            "queries": query_counts(bench),
        }
        rounds = {"off": [("cold", 0)], "on": [("warm", WARM_TIMEOUT)]}.get(
            args.cache, [("cold", 0), ("warm", WARM_TIMEOUT)]
        )
        for label, timeout in rounds:
            with serve(timeout) as base:
                for name, path in bench.paths.items():
                    url = base + path
                    # Imports, templates, connections; with the cache on, every worker's entry.
                    concurrent(url, bench.cookie, args.clients, args.clients * 3)
                    page = result.setdefault(name, {})
                    page[label] = {
                        "single": sequential(url, bench.cookie, args.single),
                        "load": concurrent(url, bench.cookie, args.clients, args.requests),
                    }
        print(json.dumps(result, indent=2))
        if before:
            print(f"WARNING: the machine was busy ({before}); rerun when it is quiet", file=sys.stderr)


if __name__ == "__main__":
    main()
