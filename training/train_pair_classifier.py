"""Train the same-claim pair classifier on MRPC train only; write it as JSON.

    .venv/bin/python training/train_pair_classifier.py \
        [--train ../shared/eval/mrpc/msr_paraphrase_train.txt] \
        [--out claims/pipeline/align/data/pair_classifier.json] [--cache /tmp/mrpc_train.npy]

The probability threshold is the F1-best cut on 5-fold cross-validated
probabilities over train, so MRPC test is never looked at.
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
from claims.pipeline.align.embed import get_encoder  # noqa: E402
from claims.pipeline.align.features import FEATURE_NAMES  # noqa: E402

DEFAULT_TRAIN = ROOT.parent / "shared" / "eval" / "mrpc" / "msr_paraphrase_train.txt"
PARAMS = {"n_estimators": 200, "max_depth": 3, "learning_rate": 0.05, "subsample": 0.8, "random_state": 0}


def export(
    model: object, threshold: float, cv: dict[str, object], *, feature_names: tuple[str, ...] = FEATURE_NAMES
) -> dict[str, object]:
    trees = []
    for (estimator,) in model.estimators_:  # type: ignore[attr-defined]
        t = estimator.tree_
        trees.append(
            {
                "left": t.children_left.tolist(),
                "right": t.children_right.tolist(),
                "feature": t.feature.tolist(),
                "threshold": [round(float(v), 6) for v in t.threshold],
                "value": [round(float(v), 6) for v in t.value[:, 0, 0]],
            }
        )
    init = float(model._raw_predict_init(np.zeros((1, len(feature_names))))[0, 0])  # type: ignore[attr-defined]
    return {
        "kind": "gradient_boosting",
        "trained_on": "MRPC train (msr_paraphrase_train.txt), all-MiniLM-L6-v2 cosine + lexical features",
        "params": PARAMS,
        "feature_names": list(feature_names),
        "init": round(init, 8),
        "learning_rate": PARAMS["learning_rate"],
        "threshold": round(threshold, 4),
        "cross_validation": cv,
        "trees": trees,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", default=str(DEFAULT_TRAIN))
    parser.add_argument("--out", default=str(ROOT / "claims/pipeline/align/data/pair_classifier.json"))
    parser.add_argument("--model", default="", help="sentence-transformers model ('' = shipped MiniLM)")
    parser.add_argument("--cache", default="", help="a .npy file to keep train cosines between runs")
    args = parser.parse_args()

    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    pairs = evaluate.load_mrpc(args.train)
    cache = Path(args.cache) if args.cache else None
    if cache and cache.exists():
        cos = np.load(cache)
    else:
        cos = evaluate.cosines(get_encoder(args.model), pairs)
        if cache:
            np.save(cache, cos)
    x = evaluate.feature_matrix(pairs, cos)
    y = np.array([p.label for p in pairs])
    model = GradientBoostingClassifier(**PARAMS)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    cv_prob = cross_val_predict(model, x, y, cv=folds, method="predict_proba")[:, 1]
    threshold = evaluate.best_threshold(list(cv_prob), list(y))
    cv = {
        "threshold": round(threshold, 4),
        "at_threshold": evaluate.scores(list(y), list(cv_prob >= threshold)).as_dict(),
        "at_0.5": evaluate.scores(list(y), list(cv_prob >= 0.5)).as_dict(),
    }
    model.fit(x, y)
    data = export(model, threshold, cv)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    # The JSON must reproduce sklearn's probabilities, or the export is wrong.
    from claims.pipeline.align.classifier import from_dict

    mine = from_dict(data).probability(x)
    theirs = model.predict_proba(x)[:, 1]
    print(json.dumps({"cv": cv, "max_export_error": float(np.abs(mine - theirs).max()), "out": str(out)}))


if __name__ == "__main__":
    main()
