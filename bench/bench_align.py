"""Time to align every pair of the seed articles, with and without the cross-encoder.

    .venv/bin/python bench/bench_align.py [--seeds ../shared/seeds]

Segmentation, embedding and model loading happen before the clock starts, so
the numbers are alignment alone. Each configuration runs twice: the first run
is a story aligned for the first time, the second a re-alignment in the same
process (the cross-encoder remembers pairs it has read). Prints JSON: seconds,
matches, and the sentence pairs the cross-encoder actually read.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_seed_gold import load_seeds, make_config  # noqa: E402

from claims.pipeline.align import cross  # noqa: E402
from claims.pipeline.align.embed import get_encoder  # noqa: E402
from claims.pipeline.align.match import align_pair  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default=str(ROOT.parent / "shared" / "seeds"))
    args = parser.parse_args()
    sentences = load_seeds(Path(args.seeds))
    encoder = get_encoder("")
    emb = {p: encoder.encode(s) for p, s in sentences.items()}
    counted = {"pairs": 0}
    # Both cross-encoders (the MRPC one and the claim encoder) count, and load before the clock.
    for scorer in (cross.load(), cross.load(str(cross.CLAIM_PATH))):
        original = scorer.logits

        def counting(pairs: Any, original: Any = original) -> Any:
            counted["pairs"] += len(pairs)
            return original(pairs)

        scorer.logits = counting  # type: ignore[method-assign]
    result: dict[str, object] = {
        "articles": len(sentences),
        "sentences": sum(len(s) for s in sentences.values()),
        "article_pairs": len(list(itertools.combinations(sentences, 2))),
    }
    for use_cross in (False, True):
        config = make_config(baseline=False, cosine=0.0, cross=use_cross, threshold=None)
        runs = []
        for name in ("first", "again"):
            counted["pairs"] = 0
            start = time.perf_counter()
            matches = sum(
                len(
                    align_pair(
                        sentences[a], sentences[b], emb[a], emb[b], config=config, encode=encoder.encode
                    )
                )
                for a, b in itertools.combinations(sorted(sentences), 2)
            )
            runs.append(
                {
                    "run": name,
                    "seconds": round(time.perf_counter() - start, 2),
                    "matches": matches,
                    "cross_encoder_passes": counted["pairs"],
                }
            )
        result["cross_encoder" if use_cross else "classifier_only"] = runs
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
