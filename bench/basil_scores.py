"""How each scorer the aligner uses separates the BASIL dev gold's same-claim pairs from the rest.

    .venv/bin/python bench/basil_scores.py [--split dev|dev2]

A dev-only diagnostic (never run on test): each dev event's articles are
uploaded through the app's path with alignment off, then every judged pair's
sentences are read back (the app's segmentation and embeddings) and scored
by each component on its own: bi-encoder cosine, the feature classifier,
the MRPC cross-encoder and its blend, and the claim cross-encoder. For each
it prints the best F1 over thresholds and the recall at precision 0.85, and
how many same pairs pass the aligner's candidate pruning (cosine floor, the
rank of the pair among each sentence's nearest sentences of the other
article). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import app_path  # noqa: E402
from eval_basil_claims import GOLD, basil_upload, chosen_events  # noqa: E402


def best_f1(scores: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    order = np.argsort(-scores)
    hits = np.cumsum(labels[order])
    k = np.arange(1, len(order) + 1)
    precision, recall = hits / k, hits / max(labels.sum(), 1)
    f1 = np.where(precision + recall > 0, 2 * precision * recall / np.maximum(precision + recall, 1e-9), 0)
    n = int(np.argmax(f1))
    at85 = recall[precision >= 0.85]
    return {
        "best_f1": round(float(f1[n]), 3),
        "threshold": round(float(scores[order[n]]), 4),
        "precision": round(float(precision[n]), 3),
        "recall": round(float(recall[n]), 3),
        "recall_at_precision_0.85": round(float(at85.max()), 3) if len(at85) else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="dev", choices=["dev", "dev2"])
    parser.add_argument(
        "--write-pairs",
        metavar="FILE",
        help="also write the resolved pairs (texts, label, event) as JSON lines, for training",
    )
    parser.add_argument("--claim-path", default="", help="claim encoder file to score (default: shipped)")
    parser.add_argument("--events", default="", help="comma-separated event ids (or prefixes): only these")
    args = parser.parse_args()
    gold = json.loads(GOLD.read_text())
    events = {e: v for e, v in chosen_events().items() if v["split"] == args.split}
    if args.events:
        wanted = [w.strip() for w in args.events.split(",") if w.strip()]
        events = {e: v for e, v in events.items() if any(e.startswith(w) for w in wanted)}
    with app_path.fresh_app(prefix="newsdiff-scores-"):
        from claims.models import Sentence
        from claims.pipeline.align import classifier, cross
        from claims.pipeline.align.features import FEATURE_NAMES, analyse, pair_features
        from claims.services import uploads

        uploads.stories_align = lambda **_: None  # type: ignore[assignment]  # sentences only
        app_path.warm_up()
        rows: list[tuple[str, str, float, int, bool]] = []
        events_of: list[str] = []
        for event, info in events.items():
            texts = [basil_upload(p) for p in info["paths"].values()]
            story_id = app_path.ingest_story(slug=f"ev-{event[:8]}", texts=texts)
            sents: dict[str, list[Any]] = {}
            for s in Sentence.objects.filter(article__story_id=story_id).select_related("article__outlet"):
                sents.setdefault(s.article.outlet.slug, []).append(s)
            for pair in gold["pairs"]:
                if pair["event"] != event:
                    continue
                ends = []
                for outlet, phrase in (pair["a"], pair["b"]):
                    hits = [s for s in sents.get(outlet, []) if phrase.lower() in s.text.lower()]
                    ends.append(hits[0] if len(hits) == 1 else None)
                if None in ends:
                    continue
                a, b = ends
                other = np.asarray([np.asarray(s.embedding) for s in sents[pair["b"][0]]])
                mine = np.asarray(a.embedding)
                cos = float(mine @ np.asarray(b.embedding))
                rank = int((other @ mine > cos).sum())  # b's rank among a's neighbours in b's article
                rows.append((a.text, b.text, cos, rank, bool(pair["same"])))
                events_of.append(event)
        if args.write_pairs:
            with open(args.write_pairs, "w", encoding="utf-8") as fh:
                for (x, y, _, _, same_claim), event in zip(rows, events_of, strict=True):
                    fh.write(json.dumps({"a": x, "b": y, "label": int(same_claim), "event": event}) + "\n")
        labels = np.asarray([r[4] for r in rows], dtype=float)
        cos = np.asarray([r[2] for r in rows])
        feats = np.asarray([pair_features(analyse(x), analyse(y), c, detail=False) for x, y, c, _, _ in rows])
        pair_prob = classifier.load().probability(feats[:, : len(FEATURE_NAMES)])
        mrpc = cross.load()
        cross_prob = mrpc.probability([(x, y) for x, y, *_ in rows])
        blend = mrpc.combine(pair_prob, cross_prob)
        claim = cross.load(args.claim_path or str(cross.CLAIM_PATH))
        claim_prob = claim.probability([(x, y) for x, y, *_ in rows])
        ranks = np.asarray([r[3] for r in rows])
        same = labels == 1
        out = {
            "split": args.split,
            "pairs": len(rows),
            "same": int(same.sum()),
            "cosine": best_f1(cos, labels),
            "feature_classifier": best_f1(pair_prob, labels),
            "mrpc_cross_encoder": best_f1(cross_prob, labels),
            "blend": best_f1(blend, labels),
            "claim_encoder": best_f1(claim_prob, labels),
            "claim_encoder_and_blend_max": best_f1(np.maximum(claim_prob, blend), labels),
            "same_pairs_cosine_at_least": {
                floor: round(float((cos[same] >= floor).mean()), 3) for floor in (0.3, 0.4, 0.5, 0.6)
            },
            "different_pairs_cosine_at_least": {
                floor: round(float((cos[~same] >= floor).mean()), 3) for floor in (0.3, 0.4, 0.5, 0.6)
            },
            "same_pairs_within_rank": {
                k: round(float((ranks[same] < k).mean()), 3) for k in (1, 2, 3, 5, 10)
            },
            "thresholds_in_use": {
                "blend_align": mrpc.align_threshold,
                "claim_align": claim.align_threshold,
                "feature_classifier": classifier.load().threshold,
            },
            "same_pairs_passing": {
                "blend>=align": round(float((blend[same] >= mrpc.align_threshold).mean()), 3),
                "claim>=align&feature>=cut": round(
                    float(
                        ((claim_prob >= claim.align_threshold) & (pair_prob >= classifier.load().threshold))[
                            same
                        ].mean()
                    ),
                    3,
                ),
            },
            "claim_alone_passing": {
                "same": round(float((claim_prob[same] >= claim.align_threshold).mean()), 3),
                "different": round(float((claim_prob[~same] >= claim.align_threshold).mean()), 4),
            },
            "different_pairs_passing": {
                "blend>=align": round(float((blend[~same] >= mrpc.align_threshold).mean()), 4),
                "claim>=align&feature>=cut": round(
                    float(
                        ((claim_prob >= claim.align_threshold) & (pair_prob >= classifier.load().threshold))[
                            ~same
                        ].mean()
                    ),
                    4,
                ),
            },
        }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
