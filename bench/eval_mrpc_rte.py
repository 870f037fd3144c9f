"""MRPC test (classifier vs plain-cosine baseline), RTE-3 contradictions, and
discrepancy rates of compare_pair on MRPC test paraphrases.

    .venv/bin/python bench/eval_mrpc_rte.py [--eval ../shared/eval] [--ner auto]
        [--train-rates] [--rates-only]

Thresholds come from MRPC train only (the baseline's here, the classifier's
from its JSON file). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.pipeline import evaluate  # noqa: E402
from claims.pipeline.align import cross  # noqa: E402
from claims.pipeline.align.embed import get_encoder  # noqa: E402
from claims.pipeline.compare.pair import compare_pair  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", default=str(ROOT.parent / "shared" / "eval"))
    parser.add_argument("--ner", default="auto", choices=["auto", "spacy", "regex"])
    parser.add_argument("--no-cross", action="store_true", help="feature classifier only")
    parser.add_argument(
        "--train-rates",
        action="store_true",
        help="also the discrepancy rates on MRPC train, the split the detectors' rules are found on",
    )
    parser.add_argument(
        "--rates-only", action="store_true", help="only compare_pair's discrepancy rates: no model, no RTE"
    )
    args = parser.parse_args()
    root = Path(args.eval)
    train = evaluate.load_mrpc(root / "mrpc" / "msr_paraphrase_train.txt")
    test = evaluate.load_mrpc(root / "mrpc" / "msr_paraphrase_test.txt")
    result: dict[str, object] = {}
    if not args.rates_only:
        encoder = get_encoder("")
        scorer = None if args.no_cross else cross.load()
        result["mrpc_test_same_claim"] = evaluate.evaluate_pairs(test, encoder, scorer=scorer)
        result["mrpc_test_cosine_baseline"] = evaluate.cosine_baseline(train, test, encoder)
    # How often compare_pair cries wolf on pairs humans judged equivalent,
    # and how often it flags pairs judged not equivalent.
    splits = [("test", test), ("train", train)] if args.train_rates else [("test", test)]
    for split, pairs in splits:
        for label, kind in ((1, "paraphrases"), (0, "non_paraphrases")):
            result[f"mrpc_{split}_{kind}"] = _discrepancy_rate(
                [p for p in pairs if p.label == label], args.ner
            )
    if not args.rates_only:
        rte = evaluate.load_rte(root / "rte3" / "rte3_dev_3way.jsonl")
        result["rte3_dev"] = evaluate.evaluate_rte(
            rte,
            encoder,
            compare=lambda t, h: compare_pair(t, h, ner=args.ner).verdict == "discrepancy",
            scorer=scorer,
        )
    print(json.dumps(result, indent=1))


def _discrepancy_rate(pairs: list[evaluate.LabelledPair], ner: str) -> dict[str, object]:
    kinds: Counter[str] = Counter()
    flagged = 0
    for p in pairs:
        found = compare_pair(p.a, p.b, ner=ner).discrepancies
        flagged += bool(found)
        kinds.update({d.type for d in found})
    return {
        "pairs": len(pairs),
        "flagged": flagged,
        "discrepancy_rate": round(flagged / len(pairs), 4),
        "by_type": kinds,
    }


if __name__ == "__main__":
    main()
