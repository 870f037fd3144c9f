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


# News sentence pairs in MRPC's manner: restatements, and the same story told
# with another claim, another number or another actor.
NEWS_PAIRS = [
    (
        "The company said profit rose 8 percent to $1.2 billion.",
        "Profit climbed 8% to $1.2 billion, the company said.",
    ),
    (
        "Police arrested two men after the shooting on Friday.",
        "Two men were arrested by police following Friday's shooting.",
    ),
    (
        "The senator voted against the bill, citing its cost.",
        "Citing the cost, the senator voted no on the bill.",
    ),
    (
        "The storm left 300,000 homes without power.",
        "About 300,000 households lost electricity in the storm.",
    ),
    ("The judge delayed the trial until next month.", "The trial was postponed by the judge to next month."),
    ("Oil prices fell below $60 a barrel on Tuesday.", "On Tuesday crude dropped under $60 per barrel."),
    ("The president will visit Japan in November.", "In November the president is to travel to Japan."),
    (
        "The museum reopened after a two-year renovation.",
        "After two years of renovation, the museum has reopened.",
    ),
    (
        "The union said 5,000 workers joined the strike.",
        "Some 5,000 workers took part in the strike, according to the union.",
    ),
    (
        "The drug cut the risk of heart attack by a third.",
        "Heart attack risk fell by one third with the drug.",
    ),
    (
        "The company said profit rose 8 percent to $1.2 billion.",
        "The company plans to hire 2,000 workers next year.",
    ),
    (
        "Police arrested two men after the shooting on Friday.",
        "The shooting happened outside a bar shortly after midnight.",
    ),
    (
        "The senator voted against the bill, citing its cost.",
        "The bill passed the House by a wide margin last week.",
    ),
    ("The storm left 300,000 homes without power.", "Forecasters expect the storm to weaken by Sunday."),
    ("The judge delayed the trial until next month.", "The defendant pleaded not guilty to all charges."),
    ("Oil prices fell below $60 a barrel on Tuesday.", "Gold prices rose to a six-month high on Tuesday."),
    (
        "The president will visit Japan in November.",
        "The prime minister of Japan met the president in Washington.",
    ),
    (
        "The museum reopened after a two-year renovation.",
        "The renovation cost $40 million, paid mostly by donors.",
    ),
    (
        "The union said 5,000 workers joined the strike.",
        "The company said fewer than 1,000 workers stayed away.",
    ),
    ("The drug cut the risk of heart attack by a third.", "The drug will go on sale in Europe next spring."),
]


@pytest.fixture(scope="module")
def int8(scorer: cross.CrossScorer) -> cross.CrossScorer:
    return cross.load(quantize=True)


@pytest.fixture
def restore_precision() -> Any:
    before = cross.quantized()
    yield
    cross.set_quantized(before)


@pytest.mark.slow
def test_int8_is_its_own_scorer(scorer: cross.CrossScorer, int8: cross.CrossScorer) -> None:
    def quantized_layers(s: cross.CrossScorer) -> int:
        return sum(m.__class__.__module__.startswith("torch.ao.nn.quantized") for m in s._model.modules())

    assert int8 is not scorer and int8.version == scorer.version + ":int8"
    assert quantized_layers(scorer) == 0 and quantized_layers(int8) >= 6 * 6  # every adapted layer
    assert int8.threshold == scorer.threshold and int8.meta == scorer.meta


@pytest.mark.slow
def test_int8_scores_close_to_fp32(scorer: cross.CrossScorer, int8: cross.CrossScorer) -> None:
    full, small = scorer.probability(NEWS_PAIRS), int8.probability(NEWS_PAIRS)
    diff = np.abs(full - small)
    # Most pairs move by a hundredth or two; a pair near 0.5 may move by a
    # quarter (MRPC test: mean |logit change| 0.31, largest probability change 0.47).
    assert np.median(diff) < 0.03 and (diff < 0.06).sum() >= len(NEWS_PAIRS) - 3
    assert diff.max() < 0.35
    for cut in (scorer.threshold, scorer.align_threshold):
        assert ((full >= cut) == (small >= cut)).sum() >= len(NEWS_PAIRS) - 1
    # And the int8 scorer still tells the restatements (first half) from the rest.
    assert (small[:10] > 0.5).sum() >= 9 and (small[10:] < 0.5).sum() >= 9


@pytest.mark.slow
def test_one_order_scores_the_pair_key_order(scorer: cross.CrossScorer) -> None:
    one = cross.CrossScorer(quantize=True, one_order=True)
    assert one.version == scorer.version + ":int8:one-order"
    a, b = NEWS_PAIRS[0]
    assert one.probability([(a, b)])[0] == one.probability([(b, a)])[0]
    assert one.passes == 1
    assert cross.logit(one.probability([(a, b)]))[0] == pytest.approx(
        one.logits([cross.pair_key(a, b)])[0], abs=1e-4
    )


@pytest.mark.slow
def test_load_follows_the_process_precision(
    scorer: cross.CrossScorer, int8: cross.CrossScorer, restore_precision: Any
) -> None:
    cross.set_quantized(True)
    assert cross.load() is int8
    assert cross.load(quantize=False) is scorer
    cross.set_quantized(False)
    assert cross.load() is scorer


@pytest.mark.slow
def test_align_int8_setting_reaches_every_alignment_load(
    settings: Any, int8: cross.CrossScorer, restore_precision: Any
) -> None:
    from claims import engines
    from claims.services.pair_scores import pair_scorers

    settings.ALIGN_INT8 = True
    settings.ALIGN_CLAIM_ENCODER = False
    assert engines.cross_scorer() is int8
    engines.align_config()
    # match.score_matrix calls cross.load(config.cross_encoder_path): the same scorer.
    assert pair_scorers() == [int8] and cross.load(engines.align_config().cross_encoder_path) is int8
    settings.ALIGN_INT8 = False
    assert engines.cross_scorer() is not int8


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_a_pairs_logit_does_not_depend_on_its_batch_mates(
    scorer: cross.CrossScorer, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claims.pipeline.align import threads

    monkeypatch.setattr(threads, "cpu_workers", lambda: workers)  # batches here, or side by side
    short = ("Rain fell.", "It rained.")
    long = (
        "The harbor master said on Monday that the spill, which began when a fuel line on the tanker "
        "split during unloading, had reached the northern breakwater by nightfall.",
        "By Monday night the fuel from the tanker's split line had spread to the northern breakwater, "
        "according to the harbor master, who called it the worst spill in twenty years.",
    )
    together = cross.pair_logits(scorer._model, scorer._tokenizer, [short, long, short])
    alone = [cross.pair_logits(scorer._model, scorer._tokenizer, [p])[0] for p in (short, long)]
    assert together == pytest.approx([alone[0], alone[1], alone[0]], abs=1e-4)
