"""Discrepancies the app shows on real aligned pairs: BASIL stories through the app's own path.

    .venv/bin/python bench/eval_real_flags.py [--split dev|dev2|train] [--events N] [--show]

No gold says which flags are right; this counts them so that a change to the
detectors can be read flag by flag (--show lists each flagged alignment with
both sentences). Each event's three articles go in as eval_basil_claims.py
sends them (bench/app_path.py: a fresh embedded database, one upload per
article into one story per event, the upload path aligning the story), and
the flags are those `manage.py export_json` exports, as a reader sees them.

--split dev and dev2 are the gold's development events; train is the first
--events (16) events of the training gold, outside every gold split. The
gold's test events are never read here. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
import app_path  # noqa: E402
from bench_ingest import BASIL  # noqa: E402
from eval_basil_claims import GOLD, basil_upload, chosen_events, commit  # noqa: E402


def events_of(split: str, count: int) -> dict[str, list[Path]]:
    """{event id: its articles' paths}, outlets in name order."""
    if split == "train":
        chosen = list(chosen_events(training=True).items())[:count]
        return {event: [info["paths"][o] for o in sorted(info["paths"])] for event, info in chosen}
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    return {
        event: [BASIL / info["articles"][o] for o in sorted(info["articles"])]
        for event, info in gold["events"].items()
        if info["split"] == split
    }


def story_flags(story: dict[str, Any]) -> list[dict[str, Any]]:
    """The story's alignments across two articles, each with its sentences and discrepancies."""
    text = {s["id"]: s["text"] for a in story["articles"] for s in a["sentences"]}
    article = {s["id"]: a["id"] for a in story["articles"] for s in a["sentences"]}
    return [
        {"a": text[r["a"]], "b": text[r["b"]], "discrepancies": r["discrepancies"]}
        for r in story["alignments"]
        if article.get(r["a"]) != article.get(r["b"])
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "dev2", "train"], default="dev")
    parser.add_argument("--events", type=int, default=16, help="with --split train: how many events")
    parser.add_argument("--show", action="store_true", help="list each flagged alignment")
    args = parser.parse_args()
    if not BASIL.is_dir():
        sys.exit(f"BASIL is not in {BASIL}")
    events = events_of(args.split, args.events)
    rows: list[dict[str, Any]] = []
    with app_path.fresh_app():
        app_path.warm_up()
        for event, paths in events.items():
            texts = [basil_upload(p) for p in paths]
            story_id = app_path.ingest_story(slug=f"basil-{event[:8]}", texts=texts)
            story = app_path.export(story_id=story_id)["stories"][0]
            rows += [{"event": event[:8], **row} for row in story_flags(story)]
    flagged = [r for r in rows if r["discrepancies"]]
    report: dict[str, Any] = {
        "commit": commit(),
        "split": args.split,
        "events": len(events),
        "alignments": len(rows),
        "flagged": len(flagged),
        "by_type": Counter(d["type"] for r in flagged for d in r["discrepancies"]),
    }
    if args.show:
        report["flags"] = flagged
    print(json.dumps(report, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
