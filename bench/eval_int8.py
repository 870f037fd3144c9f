"""int8 against fp32 for both cross-encoders, on MRPC test: quality, agreement, speed.

    .venv/bin/python bench/eval_int8.py [--eval ../shared/eval] [--threads 2]
    .venv/bin/python bench/eval_int8.py --no-aligner   # skip the bi-encoder and classifiers

For the pair cross-encoder (cross.DEFAULT_PATH) and the claim encoder
(cross.CLAIM_PATH), all 1,725 MRPC test pairs are scored by three scorers:
fp32 (both orders, what the app ran so far), int8 (both orders) and int8 one
order (the pair in pair_key order, half the passes). Reported per scorer: F1
and accuracy at the file's `threshold` (cross-encoder alone, and for a file
with a blend the blended decision eval_mrpc_rte.py reports), pairs/s on
`--threads` threads (models loaded and warmed before the clock, scoring through
CrossScorer.probability, i.e. the app's batching in pair_logits); against fp32:
max/mean |logit difference| and the share of pairs whose decision flips at
`threshold` and at `align_threshold`.

Speed ("speed"): the 2-core machine is shared, so one long run per scorer
measures the neighbours as much as the scorer. Each of `--rounds` rounds times
every scorer in turn on the same `--speed-pairs` pairs (models loaded and
warmed before the clock, CrossScorer.logits on both orders, or one, i.e. the
app's batching in pair_logits); the best round counts. "batch_dependence":
int8 quantizes activations per batch tensor, so a pair's logit moves with its
batch mates; the pair file's first 128 pairs scored one at a time against in
batches of `--batch-size`.

"aligner" repeats match.score_matrix's per-pair blend (pair blend, detail
classifier, claim encoder gated by the feature classifier) with every
cross-encoder fp32, int8 or int8 one-order, and counts the pairs whose
decision at the alignment cut flips; the strong-cosine rule and the clause
re-scoring are left out (neither depends on the precision). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.pipeline import evaluate  # noqa: E402
from claims.pipeline.align import classifier, cross  # noqa: E402
from claims.pipeline.align.features import FEATURE_NAMES, analyse, pair_features  # noqa: E402

VARIANTS = {"fp32": {}, "int8": {"quantize": True}, "int8_one_order": {"quantize": True, "one_order": True}}


def timed_scores(scorer: cross.CrossScorer, pairs: list[tuple[str, str]]) -> tuple[np.ndarray, float]:
    """(mean logits of the pairs, seconds), scored from an empty memo."""
    scorer.logits(pairs[:32])  # warm-up: first-call allocations are not the steady cost
    start = time.perf_counter()
    scorer.probability(pairs)
    seconds = time.perf_counter() - start
    fresh = scorer.drain_fresh()
    return np.array([fresh[cross.pair_key(a, b)] for a, b in pairs]), seconds


def passes_of(scorer: cross.CrossScorer, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """What probability() runs the model on for these pairs, none remembered."""
    keys = [cross.pair_key(a, b) for a, b in pairs]
    return keys if scorer.one_order else keys + [(b, a) for a, b in keys]


def speed(scorers: dict[str, cross.CrossScorer], pairs: list[tuple[str, str]], rounds: int) -> dict[str, Any]:
    seconds: dict[str, list[float]] = {name: [] for name in scorers}
    for _ in range(rounds):
        for name, scorer in scorers.items():
            todo = passes_of(scorer, pairs)
            start = time.perf_counter()
            scorer.logits(todo)
            seconds[name].append(time.perf_counter() - start)
    best = {name: min(s) for name, s in seconds.items()}
    return {
        "pairs": len(pairs),
        "rounds": rounds,
        "pairs_per_s_best": {name: round(len(pairs) / s, 1) for name, s in best.items()},
        "pairs_per_s_median": {
            name: round(len(pairs) / float(np.median(s)), 1) for name, s in seconds.items()
        },
        "speedup_best": {name: round(best["fp32"] / s, 2) for name, s in best.items()},
    }


def sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-z)))


def flips(x: np.ndarray, y: np.ndarray, cut: float) -> float:
    return round(float(((x >= cut) != (y >= cut)).mean()), 5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", default=str(ROOT.parent / "shared" / "eval"))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--no-aligner", action="store_true", help="cross-encoders alone (no bi-encoder)")
    parser.add_argument("--rounds", type=int, default=3, help="speed rounds (best counts)")
    parser.add_argument("--speed-pairs", type=int, default=192, help="pairs timed per scorer and round")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    test = evaluate.load_mrpc(Path(args.eval) / "mrpc" / "msr_paraphrase_test.txt")
    pairs = [(p.a, p.b) for p in test]
    gold = [p.label for p in test]
    result: dict[str, Any] = {
        "pairs": len(pairs),
        "threads": args.threads,
        "batch_size": args.batch_size,
        "torch": torch.__version__,
        "quantized_engine": torch.backends.quantized.engine,
        "loadavg_before": [round(x, 2) for x in os.getloadavg()],
    }
    prob = feats = None
    if not args.no_aligner:
        # The feature classifier's probability, as eval_mrpc_rte.py computes it.
        from claims.pipeline.align.embed import get_encoder

        cos = evaluate.cosines(get_encoder(""), test)
        feats = np.array(
            [
                pair_features(analyse(p.a), analyse(p.b), float(c), detail=True)
                for p, c in zip(test, cos, strict=True)
            ]
        )
        prob = classifier.load().probability(feats[:, : len(FEATURE_NAMES)])
    probs: dict[str, dict[str, np.ndarray]] = {}
    scorers: dict[str, cross.CrossScorer] = {}
    for name, path in (("pair", cross.DEFAULT_PATH), ("claim", cross.CLAIM_PATH)):
        out: dict[str, Any] = {"file": path.name}
        logits: dict[str, np.ndarray] = {}
        loaded: dict[str, cross.CrossScorer] = {}
        for variant, options in VARIANTS.items():
            scorer = loaded[variant] = cross.CrossScorer(path, batch_size=args.batch_size, **options)
            scorers[name] = scorers.get(name, scorer)  # thresholds, blend: the same in every variant
            z, seconds = timed_scores(scorer, pairs)
            logits[variant] = z
            p = sigmoid(z)
            row: dict[str, Any] = {
                "version": scorer.version,
                "seconds": round(seconds, 2),
                "pairs_per_s": round(len(pairs) / seconds, 1),
                "cross_alone_at_threshold": evaluate.scores(gold, list(p >= scorer.threshold)).as_dict(),
            }
            if prob is not None and scorer.meta.get("blend"):
                row["blend_at_threshold"] = evaluate.scores(
                    gold, list(scorer.combine(prob, p) >= scorer.threshold)
                ).as_dict()
            out[variant] = row
        # Every MRPC length, not the shortest: a spread sample of the pairs.
        step = max(len(pairs) // args.speed_pairs, 1)
        out["speed"] = speed(loaded, pairs[::step][: args.speed_pairs], args.rounds)
        if name == "pair":
            sub = pairs[:128]
            out["batch_dependence"] = {
                variant: {
                    "max_abs_logit_diff": round(float(d.max()), 4),
                    "mean_abs_logit_diff": round(float(d.mean()), 4),
                }
                for variant in ("fp32", "int8")
                for d in [
                    np.abs(
                        cross.pair_logits(
                            loaded[variant]._model, loaded[variant]._tokenizer, sub, batch_size=1
                        )
                        - loaded[variant].logits(sub)
                    )
                ]
            }
        del loaded, scorer
        first = scorers[name]
        out["threshold"], out["align_threshold"] = first.threshold, first.align_threshold
        for variant in ("int8", "int8_one_order"):
            diff = np.abs(logits[variant] - logits["fp32"])
            p32, pq = sigmoid(logits["fp32"]), sigmoid(logits[variant])
            cmp: dict[str, Any] = {
                "max_abs_logit_diff": round(float(diff.max()), 4),
                "mean_abs_logit_diff": round(float(diff.mean()), 4),
                "max_abs_prob_diff": round(float(np.abs(pq - p32).max()), 4),
                "decisions_differ_at_threshold": flips(p32, pq, first.threshold),
                "decisions_differ_at_align_threshold": flips(p32, pq, first.align_threshold),
                "f1_change_points": round(
                    100
                    * (
                        out[variant]["cross_alone_at_threshold"]["f1"]
                        - out["fp32"]["cross_alone_at_threshold"]["f1"]
                    ),
                    2,
                ),
            }
            if "blend_at_threshold" in out["fp32"] and prob is not None:
                b32, bq = first.combine(prob, p32), first.combine(prob, pq)
                cmp["blend_decisions_differ_at_threshold"] = flips(b32, bq, first.threshold)
                cmp["blend_decisions_differ_at_align_threshold"] = flips(b32, bq, first.align_threshold)
                cmp["blend_f1_change_points"] = round(
                    100
                    * (out[variant]["blend_at_threshold"]["f1"] - out["fp32"]["blend_at_threshold"]["f1"]),
                    2,
                )
            out[f"{variant}_vs_fp32"] = cmp
        probs[name] = {v: sigmoid(z) for v, z in logits.items()}
        result[name] = out
    if prob is not None and feats is not None:
        pair, claim = scorers["pair"], scorers["claim"]
        pair_classifier, detail = classifier.load(), classifier.load_detail()

        def aligner(variant: str) -> np.ndarray:
            # match.score_matrix, for one candidate pair at a time.
            cross_prob, claim_prob = probs["pair"][variant], probs["claim"][variant]
            blend = pair.combine(prob, cross_prob)
            sure = detail.probability(np.column_stack([feats, cross.logit(cross_prob)]))
            blend = np.where(sure >= detail.threshold, np.maximum(blend, sure), blend)
            claimed = (claim_prob >= claim.align_threshold) & (prob >= pair_classifier.threshold)
            return np.asarray(np.where(claimed, np.maximum(blend, claim_prob), blend))

        final = {v: aligner(v) for v in VARIANTS}
        cut = pair.align_threshold
        result["aligner"] = {
            "cut": cut,
            **{f"{v}_aligned": int((final[v] >= cut).sum()) for v in VARIANTS},
            "fp32_at_cut": evaluate.scores(gold, list(final["fp32"] >= cut)).as_dict(),
            "int8_decisions_differ": flips(final["fp32"], final["int8"], cut),
            "int8_one_order_decisions_differ": flips(final["fp32"], final["int8_one_order"], cut),
        }
    # The rule for ALIGN_INT8's default: every decision the aligner takes
    # flips on at most 1 % of the pairs, and F1 moves by at most half a point.
    if "aligner" in result:
        gates = {
            "pair_blend_at_align_threshold": result["pair"]["int8_vs_fp32"][
                "blend_decisions_differ_at_align_threshold"
            ],
            "pair_blend_at_threshold": result["pair"]["int8_vs_fp32"]["blend_decisions_differ_at_threshold"],
            "claim_at_align_threshold": result["claim"]["int8_vs_fp32"][
                "decisions_differ_at_align_threshold"
            ],
            "aligner_at_cut": result["aligner"]["int8_decisions_differ"],
        }
        f1 = {
            "pair_blend": result["pair"]["int8_vs_fp32"]["blend_f1_change_points"],
            "pair_alone": result["pair"]["int8_vs_fp32"]["f1_change_points"],
            "claim_alone": result["claim"]["int8_vs_fp32"]["f1_change_points"],
        }
        result["int8_default_rule"] = {
            "flip_shares": gates,
            "f1_change_points": f1,
            "passes": all(v <= 0.01 for v in gates.values()) and all(abs(v) <= 0.5 for v in f1.values()),
        }
    result["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
