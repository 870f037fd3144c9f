"""The same-claim pair classifier: gradient-boosted trees stored as JSON.

Trained by training/train_pair_classifier.py on MRPC train only. JSON, not a
pickle, so the shipped model is readable, diffable and cannot execute code.
Prediction is vectorised over many pairs because alignment scores every
candidate pair of two articles.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from claims.pipeline.align.features import DETAIL_FEATURE_NAMES, FEATURE_NAMES

DEFAULT_PATH = Path(__file__).with_name("data") / "pair_classifier.json"
DETAIL_PATH = Path(__file__).with_name("data") / "detail_classifier.json"


@dataclass(frozen=True)
class Tree:
    left: npt.NDArray[np.int64]  # child indices, -1 at leaves
    right: npt.NDArray[np.int64]
    feature: npt.NDArray[np.int64]
    threshold: npt.NDArray[np.float64]
    value: npt.NDArray[np.float64]

    def predict(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        node = np.zeros(len(x), dtype=np.int64)
        rows = np.arange(len(x))
        while True:
            inner = self.left[node] >= 0
            if not inner.any():
                return self.value[node]
            go_left = x[rows, np.maximum(self.feature[node], 0)] <= self.threshold[node]
            nxt = np.where(go_left, self.left[node], self.right[node])
            node = np.where(inner, nxt, node)


@dataclass(frozen=True)
class PairClassifier:
    feature_names: tuple[str, ...]
    init: float  # prior log-odds
    learning_rate: float
    trees: tuple[Tree, ...]
    threshold: float  # probability cut tuned by cross-validation on MRPC train

    def probability(self, features: npt.ArrayLike) -> npt.NDArray[np.float64]:
        x = np.asarray(features, dtype=np.float64).reshape(-1, len(self.feature_names))
        raw = np.full(len(x), self.init)
        for tree in self.trees:
            raw += self.learning_rate * tree.predict(x)
        return 1.0 / (1.0 + np.exp(-raw))


def from_dict(data: dict[str, object], expected: tuple[str, ...] = FEATURE_NAMES) -> PairClassifier:
    names = tuple(str(n) for n in data["feature_names"])  # type: ignore[attr-defined]
    if names != expected:
        raise ValueError("pair classifier was trained on other features; retrain it")
    trees = []
    for t in data["trees"]:  # type: ignore[attr-defined]
        trees.append(
            Tree(
                left=np.asarray(t["left"], dtype=np.int64),
                right=np.asarray(t["right"], dtype=np.int64),
                feature=np.asarray(t["feature"], dtype=np.int64),
                threshold=np.asarray(t["threshold"], dtype=np.float64),
                value=np.asarray(t["value"], dtype=np.float64),
            )
        )
    return PairClassifier(
        feature_names=names,
        init=float(data["init"]),  # type: ignore[arg-type]
        learning_rate=float(data["learning_rate"]),  # type: ignore[arg-type]
        trees=tuple(trees),
        threshold=float(data["threshold"]),  # type: ignore[arg-type]
    )


def load(path: str = "") -> PairClassifier:
    return _read(str(path or DEFAULT_PATH), FEATURE_NAMES)


def load_detail(path: str = "") -> PairClassifier:
    """The classifier of "the same claim, whatever detail either side adds" (align.py)."""
    return _read(str(path or DETAIL_PATH), DETAIL_FEATURE_NAMES)


@functools.cache
def _read(path: str, expected: tuple[str, ...]) -> PairClassifier:
    with open(path, encoding="utf-8") as fh:
        return from_dict(json.load(fh), expected)
