"""What train_claim_gold.py writes into the file the aligner loads."""

from __future__ import annotations

import argparse

import pytest

from training.train_claim_gold import metadata


def _args(**over: object) -> argparse.Namespace:
    base: dict[str, object] = {
        "pairs": "var/basil_train_pairs.jsonl",
        "holdout_pairs": "var/basil_dev_pairs.jsonl",
        "mrpc": "mrpc.txt",
        "init": "var/claim_stage1.safetensors",
        "out": "var/claim_train.safetensors",
        "holdout": 3,
        "align_threshold": 0.9,
        "no_veto": False,
        "reject": 0.0,
        "save_each_epoch": True,
        "epochs": 2,
        "lr": 1e-4,
        "batch": 16,
        "replay": 2000,
        "seed": 0,
    }
    return argparse.Namespace(**{**base, **over})


STAGE1 = {"rank": 16, "alpha": 32.0, "threshold": 0.99, "trained_on": "first stage", "dev": {"epoch": 1}}


@pytest.mark.parametrize(("no_veto", "veto"), [(False, True), (True, False)])
def test_the_cut_and_the_veto_go_into_the_file(no_veto: bool, veto: bool) -> None:
    meta = metadata(STAGE1, {"epoch": 2}, set(), _args(no_veto=no_veto))
    # cross.CrossScorer reads these two keys; a missing "veto" would mean the veto is on.
    assert meta["align_threshold"] == 0.9
    assert meta["veto"] is veto
    assert meta["dev"] == {"epoch": 2}
    assert meta["first_stage"] == {"trained_on": "first stage", "dev": {"epoch": 1}}
    assert "reported on the evaluation gold's dev split" in str(meta["trained_on"])


@pytest.mark.parametrize("reject", [0.0, 0.5])
def test_the_rejection_level_goes_into_the_file(reject: float) -> None:
    meta = metadata(STAGE1, {"epoch": 2}, set(), _args(reject=reject))
    # cross.CrossScorer reads it; a missing "reject" would mean its "no" bars nothing.
    assert meta["reject"] == reject
