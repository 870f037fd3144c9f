"""The training gold: hand judgments of the training events' pool, kept by key phrase.

    .venv/bin/python bench/basil_claims_pool.py --training --out /tmp/basil_train_pool.json
    # judge every pooled pair (S or D) of each new event into LABELS/<event8>.labels.json, then:
    .venv/bin/python training/judged_pool.py collect --pool /tmp/basil_train_pool.json --labels LABELS
    .venv/bin/python training/judged_pool.py pairs --pool /tmp/basil_train_pool.json \
        --out var/basil_train_pairs.jsonl

`collect` writes training/data/basil_train_claims.json in the format of the
evaluation gold (tests/gold/basil_claims.json): each side is (outlet, key
phrase), so the file holds no article text and survives changes to the
segmenter. It refuses a labels file that leaves a pooled pair unjudged. An
event with no labels file keeps the pairs the file already holds for it, so
a later round judges only the events it adds.

`pairs` resolves the phrases against a pool built from the same events (the
pool holds the app's sentences) and writes the JSON lines that
train_claim_gold.py reads: {"a", "b", "label", "event"}.

The training events sit between the evaluation gold's (chosen_events(training=True)),
so no dev or test event is ever trained on.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "training" / "data" / "basil_train_claims.json"

ABOUT = (
    "Same-claim sentence pairs across outlets in the BASIL training events (../shared/eval/basil): "
    "every 6th triplet in (year, triplet id) order from the fourth on, the second on, the sixth on and "
    "the third on, so never an event of tests/gold/basil_claims.json "
    "(bench/eval_basil_claims.py: chosen_events(training=True)). Pool as for the evaluation gold "
    "(bench/basil_claims_pool.py --training). Every pooled pair judged by reading it, "
    "by the evaluation gold's rule: same = both report the same fact, event or statement whatever wording "
    "or detail differs (also when one states more, or one outlet spreads over two sentences what the "
    "other states in one, or both give the same statement of one speaker); different = another claim on "
    "the same topic, person or number. A few same pairs noticed outside the pool are added. Each side "
    "is [outlet slug, key phrase], as in the evaluation gold. Used only to train (train_claim_gold.py)."
)


def _side(event: dict[str, Any], outlet: str, index: int) -> list[str]:
    phrase = event["sentences"][outlet][index]["phrase"]
    return [outlet, phrase]


def collect(
    pool: dict[str, Any], labels_dir: Path, kept: dict[str, Any] | None = None, *, keep_about: bool = False
) -> dict[str, Any]:
    """The gold of the pool's judged events; an event with no labels file keeps its pairs from `kept`
    (the gold written before), so a round only judges the events it adds. Each event keeps the pool's
    split. `keep_about`: the description is kept's (the evaluation gold's), not the training gold's."""
    events: dict[str, Any] = {}
    pairs: list[dict[str, Any]] = []
    for event_id, event in pool.items():
        path = labels_dir / f"{event_id[:8]}.labels.json"
        if not path.exists() and kept is not None and event_id in kept["events"]:
            events[event_id] = kept["events"][event_id]
            pairs += [p for p in kept["pairs"] if p["event"] == event_id]
            continue
        if not path.exists():
            raise SystemExit(f"{path}: no labels for event {event_id} and no pairs kept for it in --out")
        judged = json.loads(path.read_text())
        labels: dict[str, str] = judged["labels"]
        missing = [f"p{k}" for k in range(len(event["pairs"])) if labels.get(f"p{k}") not in ("S", "D")]
        if missing:
            raise SystemExit(f"{path}: {len(missing)} pairs not judged S or D, e.g. {missing[:5]}")
        seen: set[tuple[str, int, str, int]] = set()
        rows = [
            (oa, xa, ob, xb, labels[f"p{k}"] == "S") for k, (oa, xa, ob, xb, _) in enumerate(event["pairs"])
        ]
        rows += [(oa, int(xa), ob, int(xb), True) for oa, xa, ob, xb in judged.get("extra_same", [])]
        for oa, xa, ob, xb, same in rows:
            key = (oa, xa, ob, xb) if (oa, xa) <= (ob, xb) else (ob, xb, oa, xa)
            if oa == ob or key in seen:
                continue
            seen.add(key)
            a, b = _side(event, oa, xa), _side(event, ob, xb)
            if a[1] is None or b[1] is None:
                continue  # a sentence no phrase picks out alone cannot be named
            pairs.append({"event": event_id, "a": a, "b": b, "same": same})
        events[event_id] = {"split": event["split"], "articles": event["articles"]}
    about = kept["about"] if keep_about and kept is not None else ABOUT
    return {"about": about, "events": events, "pairs": pairs}


def gold_text(gold: dict[str, Any]) -> str:
    """The gold as JSON with one event or pair per line, as both gold files are kept, so a new round's
    diff shows its pairs line by line."""
    events = [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in gold["events"].items()]
    pairs = [f"  {json.dumps(p, ensure_ascii=False)}" for p in gold["pairs"]]
    return "\n".join(
        [
            "{",
            f' "about": {json.dumps(gold["about"], ensure_ascii=False)},',
            ' "events": {',
            ",\n".join(events),
            " },",
            ' "pairs": [',
            ",\n".join(pairs),
            " ]",
            "}\n",
        ]
    )


def resolve(pool: dict[str, Any], gold: dict[str, Any]) -> list[dict[str, Any]]:
    """The gold's pairs as texts, from the pool's app sentences."""
    out = []
    for pair in gold["pairs"]:
        event = pool[pair["event"]]
        texts = []
        for outlet, phrase in (pair["a"], pair["b"]):
            hits = [s["text"] for s in event["sentences"][outlet] if phrase.lower() in s["text"].lower()]
            if len(hits) != 1:
                raise SystemExit(f"{pair['event']} {outlet}: phrase {phrase!r} picks {len(hits)} sentences")
            texts.append(hits[0])
        out.append({"a": texts[0], "b": texts[1], "label": int(pair["same"]), "event": pair["event"]})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("collect")
    c.add_argument("--pool", required=True)
    c.add_argument("--labels", required=True, help="folder of <event8>.labels.json files")
    c.add_argument("--out", default=str(GOLD))
    c.add_argument(
        "--keep-about",
        action="store_true",
        help="keep --out's description (for the evaluation gold, tests/gold/basil_claims.json)",
    )
    p = sub.add_parser("pairs")
    p.add_argument("--pool", required=True)
    p.add_argument("--gold", default=str(GOLD))
    p.add_argument("--out", required=True)
    args = parser.parse_args()
    pool = json.loads(Path(args.pool).read_text())
    if args.command == "collect":
        out = Path(args.out)
        kept = json.loads(out.read_text()) if out.exists() else None
        gold = collect(pool, Path(args.labels), kept, keep_about=args.keep_about)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(gold_text(gold), encoding="utf-8")
        same = sum(p["same"] for p in gold["pairs"])
        print(json.dumps({"events": len(gold["events"]), "pairs": len(gold["pairs"]), "same": same}))
        return
    rows = resolve(pool, json.loads(Path(args.gold).read_text()))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    print(json.dumps({"pairs": len(rows), "same": sum(r["label"] for r in rows)}))


if __name__ == "__main__":
    sys.exit(main())
