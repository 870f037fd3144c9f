"""Train the detail classifier (same claim, any detail) on training/build_detail_pairs.py's pairs.

    .venv/bin/python training/train_align_classifier.py [--pairs var/detail_pairs.jsonl] \
        [--out claims/pipeline/align/data/detail_classifier.json] [--cache var/detail_pairs_cross.npz]

Gradient-boosted trees over the pair classifier's features, three that stay
high when one side adds detail (shorter side's bigram and trigram coverage,
longest shared run of words) and the shipped cross-encoder's symmetric
log-odds. Cross-validation keeps each BASIL event's pairs in one fold; the
probability cut is the F1-best one on the out-of-fold probabilities. The
seed articles and MRPC test are never read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.pipeline import evaluate  # noqa: E402
from claims.pipeline.align import cross  # noqa: E402
from claims.pipeline.align.classifier import from_dict  # noqa: E402
from claims.pipeline.align.embed import get_encoder  # noqa: E402
from claims.pipeline.align.features import DETAIL_FEATURE_NAMES, analyse, detail_features  # noqa: E402
from training.build_detail_pairs import share_by_kind  # noqa: E402
from training.train_pair_classifier import PARAMS, export  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", default=str(ROOT / "var" / "detail_pairs.jsonl"))
    parser.add_argument("--out", default=str(ROOT / "claims/pipeline/align/data/detail_classifier.json"))
    parser.add_argument("--cache", default="", help="a .npz keeping cosines and cross logits")
    args = parser.parse_args()

    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.model_selection import GroupKFold, cross_val_predict

    rows = [json.loads(line) for line in Path(args.pairs).read_text(encoding="utf-8").splitlines()]
    pairs = [(r["a"], r["b"]) for r in rows]
    cache = Path(args.cache) if args.cache else None
    keys = np.array([f"{a}\t{b}" for a, b in pairs])
    known: dict[str, tuple[float, float]] = {}
    if cache and cache.exists():
        saved = np.load(cache)
        values = zip(saved["cos"].tolist(), saved["logits"].tolist(), strict=True)
        known = dict(zip(saved["keys"].tolist(), values, strict=True))
    todo = [n for n, k in enumerate(keys) if k not in known]
    if todo:
        encoder = get_encoder("")
        ea = np.asarray(encoder.encode([pairs[n][0] for n in todo]))
        eb = np.asarray(encoder.encode([pairs[n][1] for n in todo]))
        # Symmetric, as the aligner reads it.
        fresh = cross.logit(cross.load().probability([pairs[n] for n in todo]))
        for n, c, z in zip(todo, (ea * eb).sum(axis=1), fresh, strict=True):
            known[str(keys[n])] = (float(c), float(z))
    cos = np.array([known[k][0] for k in keys])
    logits = np.array([known[k][1] for k in keys])
    if cache and todo:
        np.savez(cache, keys=keys, cos=cos, logits=logits)
    x = np.array(
        [
            detail_features(analyse(a), analyse(b), float(c), float(z))
            for (a, b), c, z in zip(pairs, cos, logits, strict=True)
        ]
    )
    y = np.array([int(r["label"]) for r in rows])
    groups = np.array([str(r["group"]) for r in rows])
    model = GradientBoostingClassifier(**PARAMS)
    folds = GroupKFold(n_splits=5)
    cv_prob = cross_val_predict(model, x, y, cv=folds, groups=groups, method="predict_proba")[:, 1]
    threshold = evaluate.best_threshold(list(cv_prob), list(y))
    cv = {
        "threshold": round(threshold, 4),
        "at_threshold": evaluate.scores(list(y), list(cv_prob >= threshold)).as_dict(),
        "by_kind": share_by_kind(rows, cv_prob, threshold),
    }
    model.fit(x, y)
    data = export(model, threshold, cv, feature_names=DETAIL_FEATURE_NAMES)
    data["trained_on"] = (
        "training/build_detail_pairs.py: BASIL sentences with modifiers removed or a number changed "
        "(same claim), against the most similar other sentence of the article (different claim); "
        "MRPC train's held-out split"
    )
    out = Path(args.out)
    out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    mine = from_dict(data, DETAIL_FEATURE_NAMES).probability(x)
    theirs = model.predict_proba(x)[:, 1]
    error = float(np.abs(mine - theirs).max())
    print(json.dumps({"cv": cv, "max_export_error": error, "out": str(out)}, indent=1))


if __name__ == "__main__":
    main()
