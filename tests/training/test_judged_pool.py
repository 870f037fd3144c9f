"""The training gold is well formed and never shares an event with the evaluation gold;
training/judged_pool.py turns judgments into phrases and phrases back into texts."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

from eval_basil_claims import GOLD as EVAL_GOLD  # noqa: E402
from eval_basil_claims import chosen_events  # noqa: E402

from training.judged_pool import GOLD, collect, gold_text, resolve  # noqa: E402

BASIL = REPO.parent / "shared" / "eval" / "basil"
OUTLETS = {"nyt", "fox", "huffpost"}


def test_training_gold_is_cross_outlet_phrases_with_enough_same_pairs() -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    assert {e["split"] for e in gold["events"].values()} == {"train"}
    seen = set()
    for pair in gold["pairs"]:
        assert pair["event"] in gold["events"]
        (oa, pa), (ob, pb) = pair["a"], pair["b"]
        assert {oa, ob} <= OUTLETS and oa != ob
        assert all(p.strip() and len(p.split()) <= 8 for p in (pa, pb))
        key = (pair["event"], frozenset([(oa, pa.lower()), (ob, pb.lower())]))
        assert key not in seen, pair
        seen.add(key)
    same = sum(p["same"] for p in gold["pairs"])
    assert same >= 300 and len(gold["pairs"]) - same >= 3000


def test_training_events_are_never_dev_or_test_events() -> None:
    train = set(json.loads(GOLD.read_text(encoding="utf-8"))["events"])
    evaluation = set(json.loads(EVAL_GOLD.read_text(encoding="utf-8"))["events"])
    assert train and evaluation and not train & evaluation


@pytest.mark.skipif(not BASIL.is_dir(), reason=f"BASIL not found at {BASIL}")
def test_chosen_training_events_sit_between_the_evaluation_events() -> None:
    training, evaluation = chosen_events(training=True), chosen_events()
    assert not set(training) & set(evaluation)
    assert set(json.loads(GOLD.read_text(encoding="utf-8"))["events"]) == set(training)


def _pool() -> dict[str, Any]:
    sentences = {
        "fox": [{"text": "The Senate voted 97-1 on Tuesday.", "phrase": "Senate voted 97-1"}],
        "nyt": [
            {"text": "Senators voted 97 to 1.", "phrase": "Senators voted 97 to 1."},
            {"text": "It rained in Washington all day.", "phrase": "It rained"},
        ],
    }
    return {
        "ev1": {
            "split": "train",
            "articles": {"fox": "2010/x_2.json", "nyt": "2010/x_1.json"},
            "sentences": sentences,
            "pairs": [["fox", 0, "nyt", 0, 0.8], ["fox", 0, "nyt", 1, 0.2]],
        }
    }


def _labels(tmp_path: Path, labels: dict[str, str], extra: list[list[Any]] | None = None) -> Path:
    body = {"labels": labels, "extra_same": extra or []}
    (tmp_path / "ev1.labels.json").write_text(json.dumps(body))
    return tmp_path


def test_collect_names_sentences_by_phrase_and_adds_extra_pairs_once(tmp_path: Path) -> None:
    gold = collect(_pool(), _labels(tmp_path, {"p0": "S", "p1": "D"}, [["nyt", 0, "fox", 0]]))
    assert gold["pairs"] == [
        {
            "event": "ev1",
            "a": ["fox", "Senate voted 97-1"],
            "b": ["nyt", "Senators voted 97 to 1."],
            "same": True,
        },
        {"event": "ev1", "a": ["fox", "Senate voted 97-1"], "b": ["nyt", "It rained"], "same": False},
    ]
    assert resolve(_pool(), gold) == [
        {
            "a": "The Senate voted 97-1 on Tuesday.",
            "b": "Senators voted 97 to 1.",
            "label": 1,
            "event": "ev1",
        },
        {
            "a": "The Senate voted 97-1 on Tuesday.",
            "b": "It rained in Washington all day.",
            "label": 0,
            "event": "ev1",
        },
    ]


def test_collect_refuses_a_pair_left_unjudged(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="1 pairs not judged"):
        collect(_pool(), _labels(tmp_path, {"p0": "S", "p1": "maybe"}))


def test_collect_keeps_an_unlabelled_event_from_the_gold_written_before(tmp_path: Path) -> None:
    kept = collect(_pool(), _labels(tmp_path, {"p0": "S", "p1": "D"}))
    pool = _pool()
    pool["ev2"] = pool["ev1"]
    (tmp_path / "ev1.labels.json").unlink()
    (tmp_path / "ev2.labels.json").write_text(json.dumps({"labels": {"p0": "D", "p1": "D"}}))
    gold = collect(pool, tmp_path, kept)
    assert set(gold["events"]) == {"ev1", "ev2"}
    assert [(p["event"], p["same"]) for p in gold["pairs"]] == [
        ("ev1", True),
        ("ev1", False),
        ("ev2", False),
        ("ev2", False),
    ]


def test_collect_without_a_kept_gold_needs_every_labels_file(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="no labels for event ev1 and no pairs kept"):
        collect(_pool(), tmp_path)


def test_collect_gives_each_event_the_pools_split_and_can_keep_the_description(tmp_path: Path) -> None:
    pool = _pool()
    pool["ev1"]["split"] = "dev2"
    kept = {"about": "the evaluation gold", "events": {}, "pairs": []}
    labels = _labels(tmp_path, {"p0": "S", "p1": "D"})
    gold = collect(pool, labels, kept, keep_about=True)
    assert gold["events"]["ev1"]["split"] == "dev2"
    assert gold["about"] == "the evaluation gold"
    assert collect(pool, labels, kept)["about"].startswith(
        "Same-claim sentence pairs across outlets in the BASIL training"
    )


def test_gold_text_is_the_same_json_with_one_pair_per_line(tmp_path: Path) -> None:
    gold = collect(_pool(), _labels(tmp_path, {"p0": "S", "p1": "D"}))
    text = gold_text(gold)
    assert json.loads(text) == gold
    pair_lines = [line for line in text.splitlines() if line.lstrip().startswith('{"event"')]
    assert len(pair_lines) == len(gold["pairs"]) == 2


@pytest.mark.parametrize("path", [GOLD, EVAL_GOLD])
def test_both_gold_files_are_kept_as_gold_text_writes_them(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert gold_text(json.loads(text)) == text
