"""Story clustering quality on BASIL: do the stories that form themselves match the events?

    .venv/bin/python bench/eval_clusters.py [--report-test] [--dump FILE]

All 300 BASIL articles (../shared/eval/basil: 100 events, each told by NYT,
Fox News and HuffPost; the event is `triplet-uuid`) go in as one zip, in
date order, through the upload path a newsroom uses (`upload_ingest`, then
the queued rows are processed as the upload task does), with no hint: no
story, no outlet. Alignment is left out: clustering happens at ingest and
does not read it. Then each stored article's story is compared with its
event: pairwise precision, recall and F1 over article pairs (a pair is
positive when both articles are in one story / one event), and the errors,
by title.

The events are split by a hash of their id into dev (used to choose the
clustering weights, training/fit_clusters.py) and test. Figures for the test
events are printed only with --report-test. --dump writes every article's
lead vector, entities, date and event for training/fit_clusters.py.
Uses its own throwaway database on the embedded server. Prints JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import itertools
import json
import os
import sys
import time
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(ROOT / "bench"))
from bench_ingest import BASIL, _Upload  # noqa: E402

DB_NAME = "bench_newsdiff_clusters"


def split_of(event: str) -> str:
    """dev or test, fixed by the event id alone (about half each)."""
    return "dev" if hashlib.sha256(event.encode()).digest()[0] % 2 == 0 else "test"


def basil_articles() -> list[dict[str, Any]]:
    """Every BASIL article as a plain-text upload (headline, date line, paragraphs), in date order."""
    rows = []
    for path in sorted(BASIL.glob("*/*.json")):
        data = json.loads(path.read_text())
        paragraphs = [" ".join(p) for p in data["body-paragraphs"] if p]
        text = "\n\n".join([data["title"], data.get("date", ""), *paragraphs])
        rows.append(
            {
                "name": path.name.replace(".json", ".txt"),
                "date": data.get("date", ""),
                "event": data["triplet-uuid"],
                "title": data["title"],
                "source": data.get("source", ""),
                "text": text,
            }
        )
    rows.sort(key=lambda r: (r["date"], r["name"]))
    return rows


def pairwise(assigned: dict[str, Any], gold: dict[str, str]) -> dict[str, float]:
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(assigned), 2):
        same_story = assigned[a] == assigned[b]
        same_event = gold[a] == gold[b]
        tp += same_story and same_event
        fp += same_story and not same_event
        fn += same_event and not same_story
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "articles": len(assigned),
        "events": len(set(gold[n] for n in assigned)),
        "stories": len(set(assigned.values())),
        "pairs_true_positive": tp,
        "pairs_false_positive": fp,
        "pairs_false_negative": fn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


def errors(assigned: dict[str, Any], rows: dict[str, dict[str, Any]]) -> dict[str, list[Any]]:
    """Events split over several stories, and stories that mix events, by title and date."""
    by_event: dict[str, set[Any]] = defaultdict(set)
    by_story: dict[Any, list[str]] = defaultdict(list)
    for name, story in assigned.items():
        by_event[rows[name]["event"]].add(story)
        by_story[story].append(name)

    def show(name: str) -> str:
        r = rows[name]
        return f"{r['date']} {r['source']}: {r['title']}"

    split = [
        [[show(n) for n in by_story[s] if rows[n]["event"] == event] for s in sorted(stories)]
        for event, stories in by_event.items()
        if len(stories) > 1
    ]
    mixed = [
        [show(n) for n in names] for names in by_story.values() if len({rows[n]["event"] for n in names}) > 1
    ]
    return {"events_split": split, "stories_mixed": mixed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--report-test", action="store_true", help="also print the test events' figures")
    parser.add_argument("--dump", help="write lead vectors, entities, dates and events here (.npz)")
    args = parser.parse_args()
    if not BASIL.is_dir():
        sys.exit(f"BASIL is not in {BASIL}")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    from claims import engines
    from claims.models import Article
    from claims.services import uploads

    rows = basil_articles()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        for r in rows:
            zf.writestr(r["name"], r["text"])
    engines.nlp()
    engines.encoder().encode(["warm up the encoder once before any clock starts"])
    setup_test_environment()
    connection.settings_dict.setdefault("TEST", {})["NAME"] = DB_NAME
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    # Clustering is decided at ingest; alignment does not feed it and is left out.
    uploads.stories_align_after = lambda results: None  # type: ignore[assignment]
    try:
        started = time.perf_counter()
        results = uploads.upload_ingest(files=[_Upload("basil.zip", archive.getvalue())])
        ingest_s = time.perf_counter() - started
        stored = {
            a.source_name.split(":")[-1]: a
            for a in Article.objects.filter(status=Article.Status.READY).only(
                "pk", "source_name", "story_id", "lead_embedding", "entities", "published"
            )
        }
        failed = [r.source_name for r in results if r.status == "failed"]
        if args.dump:
            _dump(args.dump, rows, stored)
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    by_name = {r["name"]: r for r in rows}
    report: dict[str, Any] = {
        "command": "bench/eval_clusters.py" + (" --report-test" if args.report_test else ""),
        "settings": {
            "CLUSTER_THRESHOLD": settings.CLUSTER_THRESHOLD,
            "CLUSTER_ENTITY_WEIGHT": settings.CLUSTER_ENTITY_WEIGHT,
            "CLUSTER_WINDOW_DAYS": settings.CLUSTER_WINDOW_DAYS,
            "CLUSTER_CANDIDATES": settings.CLUSTER_CANDIDATES,
        },
        "ingest_seconds": round(ingest_s, 1),
        "not_ready": failed,
    }
    splits = ["dev", "test", "all"] if args.report_test else ["dev"]
    for split in splits:
        names = [n for n in stored if split == "all" or split_of(by_name[n]["event"]) == split]
        assigned = {n: stored[n].story_id for n in names}
        gold = {n: by_name[n]["event"] for n in names}
        report[split] = {**pairwise(assigned, gold), **errors(assigned, by_name)}
    print(json.dumps(report, indent=2, ensure_ascii=False))


def _dump(path: str, rows: list[dict[str, Any]], stored: dict[str, Any]) -> None:
    import numpy as np

    names = [r["name"] for r in rows if r["name"] in stored]
    by_name = {r["name"]: r for r in rows}
    np.savez(
        path,
        names=np.array(names),
        vectors=np.stack([np.asarray(stored[n].lead_embedding, dtype=np.float32) for n in names]),
        entities=np.array([json.dumps(stored[n].entities) for n in names]),
        dates=np.array([stored[n].published.isoformat() if stored[n].published else "" for n in names]),
        events=np.array([by_name[n]["event"] for n in names]),
        splits=np.array([split_of(by_name[n]["event"]) for n in names]),
        titles=np.array([by_name[n]["title"] for n in names]),
    )


if __name__ == "__main__":
    main()
