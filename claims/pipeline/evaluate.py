"""Measure the same-claim decision and contradiction detection on public data.

Readers for MRPC (original release format), a plain TSV
(label<TAB>sentence1<TAB>sentence2) and RTE-3 JSONL; metrics are computed
here so the management command and the bench scripts report the same numbers.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from claims.pipeline.align import classifier as clf
from claims.pipeline.align.embed import Encoder
from claims.pipeline.align.features import analyse, pair_features

if TYPE_CHECKING:
    from claims.pipeline.align.cross import CrossScorer


@dataclass(frozen=True)
class LabelledPair:
    label: int
    a: str
    b: str


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    accuracy: float
    n: int
    positives: int
    predicted_positive: int

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def stratified_split(
    pairs: Sequence[LabelledPair], share: float, seed: int
) -> tuple[list[LabelledPair], list[LabelledPair]]:
    """(rest, held_out): `share` of each label held out, drawn with a fixed seed."""
    rng = random.Random(seed)
    rest: list[LabelledPair] = []
    held: list[LabelledPair] = []
    for label in (0, 1):
        group = [p for p in pairs if p.label == label]
        rng.shuffle(group)
        cut = round(len(group) * share)
        held += group[:cut]
        rest += group[cut:]
    return rest, held


def load_mrpc(path: str | Path) -> list[LabelledPair]:
    """MRPC's `Quality #1 ID #2 ID #1 String #2 String`, UTF-8 with BOM and a header."""
    pairs = []
    with open(path, encoding="utf-8-sig") as fh:
        next(fh, None)
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 5:
                pairs.append(LabelledPair(int(parts[0]), parts[3], parts[4]))
    return pairs


def load_tsv(path: str | Path) -> list[LabelledPair]:
    """label<TAB>sentence1<TAB>sentence2; a header line whose label is not a digit is skipped."""
    pairs = []
    with open(path, encoding="utf-8-sig") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3 and parts[0].strip().isdigit():
                pairs.append(LabelledPair(int(parts[0]), parts[1], parts[2]))
    return pairs


def load_pairs(path: str | Path, fmt: str = "mrpc") -> list[LabelledPair]:
    if fmt == "mrpc":
        return load_mrpc(path)
    if fmt == "tsv":
        return load_tsv(path)
    raise ValueError(f"unknown format {fmt!r}: use mrpc or tsv")


def load_rte(path: str | Path) -> list[tuple[str, str, str]]:
    """RTE-3 3-way: (text, hypothesis, label) with label ENTAILMENT/UNKNOWN/CONTRADICTION."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                item = json.loads(line)
                rows.append((item["t"], item["h"], item["label_3way"]))
    return rows


def scores(gold: Sequence[int], predicted: Sequence[int]) -> Scores:
    g = np.asarray(gold, dtype=bool)
    p = np.asarray(predicted, dtype=bool)
    tp = int((g & p).sum())
    precision = tp / int(p.sum()) if p.any() else 0.0
    recall = tp / int(g.sum()) if g.any() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = float((g == p).mean()) if len(g) else 0.0
    return Scores(precision, recall, f1, accuracy, len(g), int(g.sum()), int(p.sum()))


def cosines(encoder: Encoder, pairs: Sequence[LabelledPair]) -> np.ndarray:
    emb_a = encoder.encode([p.a for p in pairs])
    emb_b = encoder.encode([p.b for p in pairs])
    return np.asarray((emb_a * emb_b).sum(axis=1), dtype=np.float64)


def feature_matrix(pairs: Sequence[LabelledPair], cos: npt.ArrayLike) -> np.ndarray:
    return np.asarray(
        [
            pair_features(analyse(p.a), analyse(p.b), float(c))
            for p, c in zip(pairs, np.asarray(cos).tolist(), strict=True)
        ],
        dtype=np.float64,
    )


def same_claim_probability(
    pairs: Sequence[LabelledPair], cos: npt.ArrayLike, model: clf.PairClassifier | None = None
) -> np.ndarray:
    model = model or clf.load()
    return model.probability(feature_matrix(pairs, cos))


def evaluate_pairs(
    pairs: Sequence[LabelledPair],
    encoder: Encoder,
    *,
    threshold: float | None = None,
    model: clf.PairClassifier | None = None,
    scorer: CrossScorer | None = None,
) -> dict[str, object]:
    """Same-claim decision on labelled pairs: the feature classifier alone and,
    given a cross-encoder, the blend the aligner uses ("same_claim")."""
    model = model or clf.load()
    cos = cosines(encoder, pairs)
    prob = same_claim_probability(pairs, cos, model)
    gold = [p.label for p in pairs]
    result: dict[str, object] = {
        "classifier_threshold": model.threshold,
        "classifier": scores(gold, list(prob >= model.threshold)).as_dict(),
    }
    final, cut = prob, model.threshold
    if scorer is not None:
        cross_prob = scorer.probability([(p.a, p.b) for p in pairs])
        result["cross_encoder_alone"] = scores(gold, list(cross_prob >= 0.5)).as_dict()
        final, cut = scorer.combine(prob, cross_prob), scorer.threshold
    cut = cut if threshold is None else threshold
    result["threshold"] = cut
    result["same_claim"] = scores(gold, list(final >= cut)).as_dict()
    return result


def best_threshold(values: Sequence[float], gold: Sequence[int]) -> float:
    """The cut on values that maximises F1 (ties: the lowest cut)."""
    candidates = np.unique(np.round(np.asarray(values, dtype=np.float64), 4))
    best, best_f1 = float(candidates[0]), -1.0
    for cut in candidates:
        f1 = scores(gold, [v >= cut for v in values]).f1
        if f1 > best_f1:
            best, best_f1 = float(cut), f1
    return best


def cosine_baseline(
    train: Sequence[LabelledPair], test: Sequence[LabelledPair], encoder: Encoder
) -> dict[str, object]:
    """Plain cosine with the F1-best threshold on train, scored on test."""
    cut = best_threshold(list(cosines(encoder, train)), [p.label for p in train])
    test_cos = cosines(encoder, test)
    return {"threshold": cut, "scores": scores([p.label for p in test], list(test_cos >= cut)).as_dict()}


def evaluate_rte(
    rows: Sequence[tuple[str, str, str]],
    encoder: Encoder,
    *,
    compare: Callable[[str, str], bool],
    same_claim_threshold: float | None = None,
    model: clf.PairClassifier | None = None,
    scorer: CrossScorer | None = None,
) -> dict[str, object]:
    """CONTRADICTION precision/recall: predicted when the pair would be aligned
    (the same claim, differences allowed) and `compare` (compare_pair found a
    discrepancy) says so — the app's own path from alignment to a flag."""
    model = model or clf.load()
    pairs = [LabelledPair(0, t, h) for t, h, _ in rows]
    cos = cosines(encoder, pairs)
    prob = same_claim_probability(pairs, cos, model)
    cut = model.threshold
    if scorer is not None:
        prob = scorer.combine(prob, scorer.probability([(p.a, p.b) for p in pairs]))
        # Not the paraphrase cut: a contradiction is never a paraphrase.
        cut = scorer.align_threshold
    cut = cut if same_claim_threshold is None else same_claim_threshold
    gold = [label == "CONTRADICTION" for _, _, label in rows]
    flagged = [compare(t, h) for t, h, _ in rows]
    same = [bool(p >= cut) for p in prob]
    predicted = [f and s for f, s in zip(flagged, same, strict=True)]
    return {
        "same_claim_threshold": cut,
        "contradiction": scores([int(g) for g in gold], predicted).as_dict(),
        "discrepancy_only": scores([int(g) for g in gold], flagged).as_dict(),
        "judged_same_claim": int(sum(same)),
    }
