"""The cross-encoder: the shipped adapter file, folding, blending, and what it decides."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from claims.pipeline.align import cross


def test_blend_is_cross_alone_without_weights() -> None:
    scorer = object.__new__(cross.CrossScorer)
    scorer.meta = {}
    assert scorer.combine([0.1, 0.9], [0.7, 0.2]).tolist() == pytest.approx([0.7, 0.2])


def test_blend_rises_with_either_scorer() -> None:
    scorer = object.__new__(cross.CrossScorer)
    scorer.meta = {"blend": {"bias": -0.2, "w_classifier": 0.4, "w_cross": 0.9}}
    low = scorer.combine([0.3], [0.3])[0]
    assert scorer.combine([0.6], [0.3])[0] > low
    assert scorer.combine([0.3], [0.6])[0] > low
    assert 0.0 < low < 1.0


@pytest.fixture(scope="module")
def scorer() -> cross.CrossScorer:
    return cross.load()


@pytest.mark.slow
def test_shipped_file_is_small_and_described(scorer: cross.CrossScorer) -> None:
    assert cross.DEFAULT_PATH.stat().st_size < 3_000_000
    assert 0.0 < scorer.threshold < 1.0
    assert "MRPC train" in scorer.meta["trained_on"]
    assert {"bias", "w_classifier", "w_cross"} <= set(scorer.meta["blend"])


@pytest.mark.slow
def test_folded_weights_give_the_adapter_model_outputs(scorer: cross.CrossScorer) -> None:
    import torch
    from safetensors.torch import load_file
    from transformers import AutoTokenizer

    base = cross.base_model_path()
    unfolded: Any = cross.build(base, rank=int(scorer.meta["rank"]), alpha=float(scorer.meta["alpha"]))
    state = {k: v.float() for k, v in load_file(str(cross.DEFAULT_PATH)).items()}
    unfolded.load_state_dict(state, strict=False)
    unfolded.eval()
    pairs = [
        ("The council approved the budget on Monday.", "On Monday the budget was approved by the council."),
        ("Rain is expected tomorrow.", "The factory will close in March, the owner said."),
    ]
    tokenizer = AutoTokenizer.from_pretrained(base)
    enc = tokenizer([a for a, _ in pairs], [b for _, b in pairs], padding=True, return_tensors="pt")
    with torch.inference_mode():
        expected = unfolded(**enc).numpy()
    assert np.allclose(scorer.logits(pairs), expected, atol=1e-3)


@pytest.mark.slow
def test_symmetric(scorer: cross.CrossScorer) -> None:
    a = "The ministry said 40 people were hurt in the blast."
    b = "Forty people were injured in the explosion, according to the ministry."
    assert scorer.probability([(a, b)])[0] == pytest.approx(scorer.probability([(b, a)])[0])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("a", "same", "different"),
    [
        (
            "The mayor announced on Tuesday that the bridge will reopen in June.",
            "The bridge will reopen in June, the mayor said Tuesday.",
            "The mayor visited the bridge on Tuesday with engineers.",
        ),
        (
            "About 2,000 soldiers of the northern brigade crossed the river overnight.",
            "Some 2,000 troops from the northern brigade crossed the river during the night.",
            "About 2,000 soldiers of the coastal regiment returned to their barracks.",
        ),
        (
            "Shares of the airline fell 12 percent after it cut its profit forecast.",
            "The airline's stock dropped 12% when it lowered its earnings outlook.",
            "The airline said it would add twelve new routes next summer.",
        ),
    ],
)
def test_same_claim_outscores_same_topic(
    scorer: cross.CrossScorer, a: str, same: str, different: str
) -> None:
    p_same, p_diff = scorer.probability([(a, same), (a, different)])
    # 0.5 is the cross-encoder's own decision, before any blending.
    assert p_same > 0.5 > p_diff


@pytest.mark.slow
def test_pairs_read_once_are_remembered(scorer: cross.CrossScorer, monkeypatch: pytest.MonkeyPatch) -> None:
    pairs = [("Prices rose 3 percent in May.", "In May prices went up by 3%."), ("A", "B")]
    first = scorer.probability(pairs)
    calls: list[int] = []
    real = scorer.logits

    def counting(p: Any) -> Any:
        calls.append(len(p))
        return real(p)

    monkeypatch.setattr(scorer, "logits", counting)
    again = scorer.probability([(b, a) for a, b in reversed(pairs)])
    assert calls == []  # both pairs, in either order, came from memory
    assert again.tolist() == pytest.approx(first[::-1].tolist())
    assert cross.load() is cross.load(str(cross.DEFAULT_PATH))  # one scorer per file per process
