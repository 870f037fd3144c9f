"""cProfile of single story-overview and compare requests, no concurrency.

    .venv/bin/python bench/profile_pages.py [--articles 5] [--sentences 60] [--repeat 10] [--top 25]
        [--role editor|fact-checker] [--cache off|on]

Builds the bench story (bench/page_story.py), then for each page runs `repeat`
requests through Django's test client under cProfile and prints the mean
wall time per request and the functions with the most cumulative time.
--cache off (the default) renders every request; --cache on measures hits.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import time

from page_story import bench_story, client_for


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5)
    parser.add_argument("--sentences", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--role", choices=["editor", "fact-checker"], default="editor")
    parser.add_argument("--cache", choices=["off", "on"], default="off")
    args = parser.parse_args()

    with bench_story(articles=args.articles, sentences=args.sentences, role=args.role) as bench:
        from django.conf import settings
        from django.core.cache import cache

        settings.PAGE_CACHE_TIMEOUT = 0 if args.cache == "off" else 3600
        # Building the story loaded spaCy and torch, which a page-serving web worker
        # never has; frozen, the collector stops rescanning them on every request
        # and charging that to whatever function allocated at the time.
        gc.collect()
        gc.freeze()
        cache.clear()
        client = client_for(bench)
        for name, path in bench.paths.items():
            assert client.get(path).status_code == 200  # warm imports, templates and the cache
            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            for _ in range(args.repeat):
                client.get(path)
            profiler.disable()
            per_request = (time.perf_counter() - started) / args.repeat * 1000
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
            print(f"=== {name}: {per_request:.1f} ms per request (cProfile on), cache {args.cache}")
            print(out.getvalue())


if __name__ == "__main__":
    main()
