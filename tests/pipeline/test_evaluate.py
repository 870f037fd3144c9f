"""Loaders, metrics and the shipped classifier file."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from claims.pipeline import evaluate
from claims.pipeline.align import classifier
from claims.pipeline.align.features import FEATURE_NAMES, analyse, pair_features


def test_load_mrpc_with_bom_and_header(tmp_path: Path) -> None:
    path = tmp_path / "mrpc.txt"
    path.write_text(
        "\ufeffQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\n"
        "1\t1\t2\tA cat sat.\tThe cat sat.\n0\t3\t4\tX.\tY.\n",
        encoding="utf-8",
    )
    pairs = evaluate.load_pairs(path, "mrpc")
    assert [(p.label, p.a, p.b) for p in pairs] == [(1, "A cat sat.", "The cat sat."), (0, "X.", "Y.")]


def test_load_tsv_skips_header(tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text("label\ts1\ts2\n1\tA.\tB.\n", encoding="utf-8")
    assert [(p.label, p.a) for p in evaluate.load_pairs(path, "tsv")] == [(1, "A.")]


def test_scores() -> None:
    s = evaluate.scores([1, 1, 0, 0], [1, 0, 1, 0])
    assert (s.precision, s.recall, s.f1, s.accuracy) == (0.5, 0.5, 0.5, 0.5)
    assert evaluate.scores([0, 0], [0, 0]).f1 == 0.0


def test_best_threshold_maximises_f1() -> None:
    assert evaluate.best_threshold([0.1, 0.4, 0.6, 0.9], [0, 0, 1, 1]) == 0.6


def test_shipped_classifier_is_json_with_current_features() -> None:
    data = json.loads(classifier.DEFAULT_PATH.read_text(encoding="utf-8"))
    assert data["feature_names"] == list(FEATURE_NAMES)
    model = classifier.load()
    assert 0.0 < model.threshold < 1.0


def test_classifier_prefers_paraphrase_over_topic_match() -> None:
    model = classifier.load()
    a = "The company said its profit rose 12 percent in the third quarter."
    para = "The company said third-quarter profit rose 12 percent."
    topic = "The company said it will open a new factory in Ohio next year."
    p = model.probability(
        [pair_features(analyse(a), analyse(para), 0.9), pair_features(analyse(a), analyse(topic), 0.6)]
    )
    assert p[0] > 0.5 > p[1]
    assert np.all((p >= 0) & (p <= 1))
