"""Time to align a story through the app's own service: the seeds, a re-alignment, and a growing story.

    .venv/bin/python bench/bench_attach.py [--seeds ../shared/seeds] [--sizes 2,5,10,20,40] [--no-growth]
        [--profile DIR]

Runs `story_align` (claims/services/claim_build.py), which attaches each new
article to the story's claims, on its own throwaway database on the embedded
server. Models load before any clock starts, and every timed run starts with
no remembered pair scores (the PairScore table and the scorers' memos are
emptied) and no stored clause embedding of the articles it attaches (every
one before the seeds' first alignment, the probe's before each probe; the
story's own were stored when its articles were attached), except the
re-alignment, which is timed as a later process would see it: scores and
clause embeddings in the database, none in memory.

1. The five seed articles ingested into one story, then aligned for the first time.
2. The same story re-aligned in full (`full=True`).
3. Growth: BASIL articles (../shared/eval/basil, date order, several events
   in one story, so nearly every sentence is a claim of its own: the most
   claims a story of that size can hold) are added one at a time; when the
   story holds each of --sizes articles, one probe article of about 40
   sentences is added and timed, then removed again; --repeat times (3),
   reporting the median and each try.

Prints JSON: seconds, cross-encoder passes, claims and alignments.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
DB_NAME = "bench_newsdiff_attach"

import machine  # noqa: E402
from bench_ingest import BASIL, basil_texts  # noqa: E402


def _forget(scorers: list[Any], *, article: Any = None) -> None:
    """No remembered pair score; no stored clause embedding of `article` (of any article when None)."""
    from claims.models import ClauseEmbedding, PairScore
    from claims.pipeline.align.clauses import clauses
    from claims.services.pair_scores import text_key

    PairScore.objects.all().delete()
    for scorer in scorers:
        scorer._memo.clear()
        scorer.drain_fresh()
    if article is None:
        ClauseEmbedding.objects.all().delete()
        return
    texts = article.sentences.values_list("text", flat=True)
    keys = {text_key(piece) for text in texts for piece in clauses(text)}
    ClauseEmbedding.objects.filter(key__in=keys).delete()


def _passes(scorers: list[Any]) -> int:
    return sum(s.passes for s in scorers)


def _timed_align(story: Any, scorers: list[Any], *, full: bool = False) -> dict[str, Any]:
    from claims.services.alignment import story_align

    before = _passes(scorers)
    started = time.perf_counter()
    summary = story_align(story=story, full=full)
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "cross_encoder_passes": _passes(scorers) - before,
        "claims": summary.claims,
        "alignments": summary.alignments,
        "articles": summary.articles,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", default=str(ROOT.parent / "shared" / "seeds"))
    parser.add_argument("--sizes", default="2,5,10,20,40")
    parser.add_argument("--no-growth", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="probe tries per size; the median is reported")
    parser.add_argument(
        "--profile", metavar="DIR", help="write cProfile stats of each growth probe to DIR/probe-<size>.prof"
    )
    args = parser.parse_args()
    seeds = sorted(Path(args.seeds).glob("*.txt"))
    if not seeds:
        sys.exit(f"no seed articles in {args.seeds}")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from claims import engines
    from claims.models import Article
    from claims.services.articles import article_ingest
    from claims.services.pair_scores import pair_scorers
    from claims.services.stories import story_create

    engines.nlp()
    engines.encoder().encode(["warm up"])
    engines.align_config()
    scorers = pair_scorers()
    for scorer in scorers:
        scorer.probability([("warm", "up")])
    connection.settings_dict.setdefault("TEST", {})["NAME"] = DB_NAME
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    out: dict[str, Any] = {
        "machine": machine.describe(),
        "cross_encoder": settings.ALIGN_CROSS_ENCODER,
        "claim_encoder": settings.ALIGN_CLAIM_ENCODER,
    }
    try:
        story = story_create(title="Seeds")
        for path in seeds:
            result = article_ingest(data=path.read_bytes(), source_name=path.name, story=story)
            assert result.status in ("created", "version"), (result.status, result.error)
        _forget(scorers)
        out["seeds_first_alignment"] = _timed_align(story, scorers)
        for scorer in scorers:
            scorer._memo.clear()
        out["seeds_full_realignment"] = _timed_align(story, scorers, full=True)
        out["seeds_second_run_nothing_new"] = _timed_align(story, scorers)
        if not args.no_growth and BASIL.is_dir():
            out["growth"] = _growth(args, scorers, article_ingest, story_create, Article)
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(json.dumps(out, indent=2))


def _growth(args: Any, scorers: list[Any], article_ingest: Any, story_create: Any, Article: Any) -> list[Any]:
    from claims.services.alignment import story_align

    sizes = sorted(int(s) for s in args.sizes.split(","))
    texts = basil_texts(sizes[-1] + 60)
    # The probe: the article nearest 40 sentences (BASIL's own count), kept out of the story.
    counts = {
        p.name: sum(len(par) for par in json.loads(p.read_text())["body-paragraphs"])
        for p in BASIL.glob("*/*.json")
    }
    probe = min(texts, key=lambda t: (abs(counts[t[0]] - 40), t[0]))
    pool = [t for t in texts if t is not probe]
    story = story_create(title="Growth")
    rows = []
    held = 0
    for size in sizes:
        while held < size:
            name, data, _ = pool.pop(0)
            result = article_ingest(data=data, source_name=name.replace(".json", ".txt"), story=story)
            if result.status != "created":
                continue
            story_align(story=story)
            held += 1
        tries = []
        name, data, _ = probe
        for attempt in range(args.repeat):
            result = article_ingest(
                data=data, source_name="probe-" + name.replace(".json", ".txt"), story=story
            )
            assert result.status == "created", result.error
            # The probe is a new article: none of its clauses was embedded before.
            _forget(scorers, article=result.article)
            if args.profile and attempt == 0:
                import cProfile

                Path(args.profile).mkdir(parents=True, exist_ok=True)
                with cProfile.Profile() as profile:
                    tries.append(_timed_align(story, scorers))
                profile.dump_stats(str(Path(args.profile) / f"probe-{size}.prof"))
            else:
                tries.append(_timed_align(story, scorers))
            sentences = result.article.sentences.count()
            Article.objects.filter(pk=result.article.pk).delete()
            story_align(story=story)
        # One slow try on a shared machine decides a single reading; the median does not.
        row = dict(tries[0])
        row["seconds"] = statistics.median(t["seconds"] for t in tries)
        row["seconds_each"] = [t["seconds"] for t in tries]
        row["same_result_each_try"] = all(
            (t["cross_encoder_passes"], t["claims"], t["alignments"])
            == (row["cross_encoder_passes"], row["claims"], row["alignments"])
            for t in tries
        )
        row["story_articles_before"] = size
        row["probe_sentences"] = sentences
        rows.append(row)
    return rows


if __name__ == "__main__":
    main()
