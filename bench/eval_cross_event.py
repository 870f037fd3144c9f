"""Links across events in one story of many BASIL events: a precision check no gold needs.

    ALIGN_CLAIM_ENCODER_PATH=FILE .venv/bin/python bench/eval_cross_event.py [--articles 40] [--show 10]

The first N BASIL articles in date order (several events, as in
bench_attach.py's growth story) are uploaded one at a time into one story
through the app's own path (`app_path.ingest_story`: read, segment, embed,
store, align the story after each upload), and the story is read back
through `export_json`. Every cross-article pair of sentences the app links
(aligned, or in one claim) is either within one BASIL event (a triplet: the
same news told by NYT, Fox News and HuffPost) or across two. Two different
news events rarely make the same claim, so cross-event links are, nearly all,
wrong links a fact-checker would see; `--show` prints some to read. Within-
event links are not judged here (tests/gold/basil_claims.json does that).
Nothing is fitted on this. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import app_path  # noqa: E402
from bench_ingest import BASIL, basil_paths  # noqa: E402
from eval_basil_claims import basil_upload  # noqa: E402


def event_of(source_name: str) -> str:
    """BASIL names each article <triplet uuid>_<n>; the triplet is the event."""
    return source_name.rsplit("_", 1)[0]


def cross_event(story: dict[str, Any]) -> dict[str, Any]:
    """Counts of the story's linked cross-article pairs, within one event and across two."""
    text, event = {}, {}
    for article in story["articles"]:
        for s in article["sentences"]:
            text[s["id"]] = s["text"]
            event[s["id"]] = event_of(article["source_name"])

    def spans_events(ids: Iterable[int]) -> bool:
        return len({event[i] for i in ids}) > 1

    aligned, linked = app_path.linked_pairs(story)
    across = sorted((tuple(sorted(p)) for p in linked if spans_events(p)), key=str)
    return {
        "articles": len(story["articles"]),
        "events": len(set(event.values())),
        "claims": len(story["claims"]),
        "linked_pairs": len(linked),
        "aligned_pairs": len(aligned),
        "within_event": len(linked) - len(across),
        "across_events": len(across),
        "aligned_across_events": sum(spans_events(p) for p in aligned),
        "claims_spanning_events": sum(spans_events(c["sentences"]) for c in story["claims"]),
        "_across": [[text[x], text[y]] for x, y in across],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--show", type=int, default=0, help="print this many cross-event pairs (random)")
    args = parser.parse_args()
    if not BASIL.is_dir():
        sys.exit(f"BASIL is not at {BASIL}: nothing to measure")
    paths = basil_paths(args.articles)
    with app_path.fresh_app(prefix="newsdiff-cross-event-"):
        app_path.warm_up()
        story_id = app_path.ingest_story(slug="basil-mix", texts=[basil_upload(p) for p in paths])
        result = cross_event(app_path.export(story_id=story_id)["stories"][0])
    from django.conf import settings

    pairs = result.pop("_across")
    result["claim_encoder"] = settings.ALIGN_CLAIM_ENCODER_PATH or "shipped"
    if args.show:
        result["sample_across"] = random.Random(0).sample(pairs, min(args.show, len(pairs)))
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
