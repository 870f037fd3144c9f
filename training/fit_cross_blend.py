"""Fit the blend of feature classifier and cross-encoder on the held-out MRPC train split.

    .venv/bin/python training/fit_cross_blend.py
        [--file claims/pipeline/align/data/pair_cross_encoder.safetensors]

The cross-encoder never saw its development split (train_cross_encoder.py
held it out), so both scorers are judged there on unseen pairs: the feature
classifier is refitted on the rest of MRPC train with the shipped parameters,
the cross-encoder read as trained. A two-weight logistic regression over
their log-odds is fitted on the split, its threshold chosen on 10-fold
out-of-fold probabilities; the weights go into the file's metadata. MRPC
test is never read. Prints JSON.
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
from claims.pipeline.align.embed import get_encoder  # noqa: E402
from training.train_pair_classifier import PARAMS  # noqa: E402

DEFAULT_TRAIN = ROOT.parent / "shared" / "eval" / "mrpc" / "msr_paraphrase_train.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", default=str(cross.DEFAULT_PATH))
    parser.add_argument("--train", default=str(DEFAULT_TRAIN))
    parser.add_argument(
        "--align-recall", type=float, default=0.95, help="paraphrase recall the align cut keeps"
    )
    args = parser.parse_args()

    from safetensors.torch import load_file, save_file
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    scorer = cross.CrossScorer(args.file)
    params = scorer.meta["params"]
    pairs = evaluate.load_mrpc(args.train)
    rest, dev = evaluate.stratified_split(pairs, float(params["dev_share"]), int(params["seed"]))
    encoder = get_encoder("")
    x_rest = evaluate.feature_matrix(rest, evaluate.cosines(encoder, rest))
    x_dev = evaluate.feature_matrix(dev, evaluate.cosines(encoder, dev))
    gb = GradientBoostingClassifier(**PARAMS).fit(x_rest, [p.label for p in rest])
    p_gb = gb.predict_proba(x_dev)[:, 1]
    p_ce = scorer.probability([(p.a, p.b) for p in dev])
    y = np.array([p.label for p in dev])
    z = np.column_stack([cross.logit(p_gb), cross.logit(p_ce)])
    lr = LogisticRegression(C=1.0)
    folds = StratifiedKFold(n_splits=10, shuffle=True, random_state=0)
    oof = cross_val_predict(lr, z, y, cv=folds, method="predict_proba")[:, 1]
    cut = evaluate.best_threshold(list(oof), list(y))
    lr.fit(z, y)
    # Alignment wants recall: a pair it misses hides its discrepancies, while a
    # wrong pair must still beat the margin and mutual-best tests. Its cut is
    # the highest that keeps ALIGN_RECALL of the held-out paraphrases.
    align_cut = float(np.quantile(oof[y == 1], 1.0 - args.align_recall, method="lower"))
    blend = {
        "bias": round(float(lr.intercept_[0]), 6),
        "w_classifier": round(float(lr.coef_[0][0]), 6),
        "w_cross": round(float(lr.coef_[0][1]), 6),
    }
    report = {
        "dev_pairs": len(dev),
        "classifier_alone": evaluate.scores(list(y), list(p_gb >= 0.5)).as_dict(),
        "cross_alone": evaluate.scores(list(y), list(p_ce >= 0.5)).as_dict(),
        "blend_out_of_fold": evaluate.scores(list(y), list(oof >= cut)).as_dict(),
        "blend": blend,
        "threshold": cut,
        "align_threshold": round(align_cut, 4),
        "blend_at_align_threshold": evaluate.scores(list(y), list(oof >= align_cut)).as_dict(),
    }
    meta = dict(scorer.meta)
    meta["cross_threshold"] = meta.get("cross_threshold", meta["threshold"])
    meta["blend"] = blend
    meta["threshold"] = round(cut, 4)
    meta["blend_dev"] = report["blend_out_of_fold"]
    meta["align_threshold"] = round(align_cut, 4)
    meta["align_recall"] = args.align_recall
    state = load_file(args.file)
    save_file(state, args.file, metadata={"newsdiff": json.dumps(meta)})
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
