"""The claim cross-encoder: the same claim whatever detail or wording either side adds."""

from __future__ import annotations

import pytest

from claims.pipeline.align import cross

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def claim() -> cross.CrossScorer:
    return cross.load(str(cross.CLAIM_PATH))


def test_shipped_file_is_small_and_described(claim: cross.CrossScorer) -> None:
    assert cross.CLAIM_PATH.stat().st_size < 3_000_000
    # The cut and the veto chosen on BASIL dev + dev2 with the seeds as a floor (docs/quality.md, "Round 4").
    assert claim.align_threshold == 0.9
    assert "training gold" in claim.meta["trained_on"] and "67 events" in claim.meta["trained_on"]
    # Its last epoch measured on the evaluation gold's dev pairs, never trained on: the first
    # stage found 0.244 of the same pairs at precision 0.85 there.
    assert claim.meta["dev"]["holdout"]["recall_at_precision_0.85"] > 0.3
    assert claim.meta["first_stage"]["dev"]["at_threshold"]["f1"] > 0.9
    # Trained on 67 events' hard negatives, it accepts alone: on 24 dev events the feature classifier's
    # veto cost more right links than wrong ones it kept out (docs/quality.md, "Round 4").
    assert not claim.veto
    # Its "no" (under 0.3) bars the aligner's other routes: on 24 dev events that kept 235 of 239 right
    # links and dropped 14 of 47 wrong ones (docs/quality.md, "Round 5").
    assert claim.reject == 0.3


ADDED_DETAIL = [
    (
        "The central bank raised its main interest rate by half a point on Thursday.",
        "On Thursday the central bank raised its main interest rate by half a point, its fourth increase "
        "this year, citing stubborn inflation in services and rents.",
    ),
    (
        "Rescue teams pulled 14 survivors from the collapsed hotel overnight, the regional governor said, "
        "adding that dozens were still missing and that cranes had arrived from the capital.",
        "Fourteen people were rescued alive from the ruins of the hotel during the night.",
    ),
]


@pytest.mark.parametrize(("a", "b"), ADDED_DETAIL)
def test_accepts_the_same_claim_told_with_other_detail(claim: cross.CrossScorer, a: str, b: str) -> None:
    mrpc = cross.load()
    p_claim, p_mrpc = claim.probability([(a, b)])[0], mrpc.probability([(a, b)])[0]
    assert p_claim >= claim.align_threshold
    # The question MRPC asks ("equivalent?") says no to exactly these pairs.
    assert p_mrpc < mrpc.align_threshold


def test_rejects_another_claim_of_the_same_story(claim: cross.CrossScorer) -> None:
    a = ADDED_DETAIL[1][0]
    b = "The hotel had been inspected by safety officials only last year, the governor said."
    assert claim.probability([(a, b)])[0] < claim.align_threshold


SAME_SUBJECT = (
    "The union said its members had voted to accept the pay offer, ending a strike that had shut the port "
    "for three weeks.",
    "The union said its members would hold another vote on pensions next month.",
)


def test_alone_rejects_another_claim_with_the_same_subject(claim: cross.CrossScorer) -> None:
    # The first-stage encoder accepted this pair (0.98; now 0.37): the hand-judged hard negatives
    # taught it otherwise. The aligner still asks the feature classifier to agree
    # (test_match.py checks that the pair is not aligned).
    assert claim.probability([SAME_SUBJECT])[0] < 0.5
