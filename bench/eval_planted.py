"""Planted discrepancies: apply tests/gold/planted.json edits to a seed, align, compare.

    .venv/bin/python bench/eval_planted.py [--seeds ../shared/seeds]
        [--planted tests/gold/planted.json] [--ner auto]

Each edit makes one rewritten copy of the seed article. The copy is aligned
with the original (align_pair) and the edited sentence's counterpart is
compared (compare_pair). Prints JSON: share of planted discrepancies found,
share found with the expected type, and false discrepancies on paraphrases.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_seed_gold import load_seeds, locate, make_config  # noqa: E402

from claims.pipeline.align.embed import get_encoder  # noqa: E402
from claims.pipeline.align.match import align_pair  # noqa: E402
from claims.pipeline.compare.pair import compare_pair  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default=str(ROOT.parent / "shared" / "seeds"))
    parser.add_argument("--planted", default=str(ROOT / "tests" / "gold" / "planted.json"))
    parser.add_argument("--ner", default="auto", choices=["auto", "spacy", "regex"])
    parser.add_argument("--no-cross", action="store_true", help="feature classifier only, no cross-encoder")
    args = parser.parse_args()

    spec = json.loads(Path(args.planted).read_text(encoding="utf-8"))
    published = date.fromisoformat(spec["published"])
    sentences = load_seeds(Path(args.seeds))
    encoder = get_encoder("")
    config = make_config(baseline=False, cosine=0.0, cross=not args.no_cross, threshold=None)
    rows = []
    for edit in spec["edits"]:
        original = sentences[edit["seed"]]
        k = locate(sentences, edit["seed"], edit["sentence"])
        if "rewrite" in edit:
            new = edit["rewrite"]
        else:
            if original[k].count(edit["find"]) != 1:
                raise SystemExit(f"fragment {edit['find']!r} is not unique in sentence {k}")
            new = original[k].replace(edit["find"], edit["replace"])
        rewritten = [*original[:k], new, *original[k + 1 :]]
        matches = align_pair(
            original,
            rewritten,
            encoder.encode(original),
            encoder.encode(rewritten),
            config=config,
            encode=encoder.encode,
        )
        aligned = any(m.a == k and m.b == k for m in matches)
        result = compare_pair(original[k], new, published_a=published, published_b=published, ner=args.ner)
        types = sorted({d.type for d in result.discrepancies})
        rows.append(
            {
                "expected": edit["expected"],
                "sentence": edit["sentence"],
                "aligned": aligned,
                "verdict": result.verdict,
                "types": types,
                "found": aligned and result.verdict == "discrepancy",
                "right_type": aligned and edit["expected"] in types,
            }
        )
    planted = [r for r in rows if r["expected"] != "paraphrase"]
    paraphrases = [r for r in rows if r["expected"] == "paraphrase"]
    print(
        json.dumps(
            {
                "planted": len(planted),
                "found": round(sum(r["found"] for r in planted) / max(len(planted), 1), 3),
                "right_type": round(sum(r["right_type"] for r in planted) / max(len(planted), 1), 3),
                "paraphrases": len(paraphrases),
                "paraphrases_aligned": round(
                    sum(r["aligned"] for r in paraphrases) / max(len(paraphrases), 1), 3
                ),
                "false_discrepancy": round(
                    sum(r["verdict"] == "discrepancy" for r in paraphrases) / max(len(paraphrases), 1), 3
                ),
                "rows": rows,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
