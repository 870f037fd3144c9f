"""tests/gold/basil_claims.json is well formed; bench/eval_basil_claims.py scores an export as it should."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

from eval_basil_claims import GOLD, score_events  # noqa: E402

OUTLETS = {"nyt", "fox", "huffpost"}


def _gold() -> dict[str, Any]:
    return json.loads(GOLD.read_text(encoding="utf-8"))


def test_gold_events_have_a_split_and_three_outlets() -> None:
    gold = _gold()
    assert len(gold["events"]) == 32
    splits = Counter(e["split"] for e in gold["events"].values())
    assert splits == {"dev": 8, "test": 8, "dev2": 16}
    for event in gold["events"].values():
        assert set(event["articles"]) == OUTLETS
        assert all(path.endswith(".json") for path in event["articles"].values())


def test_gold_pairs_are_cross_outlet_short_phrases_and_enough_per_split() -> None:
    gold = _gold()
    split_of = {e: info["split"] for e, info in gold["events"].items()}
    same = Counter()
    seen = set()
    for pair in gold["pairs"]:
        assert (
            pair["event"] in split_of
        )  # dev and test are disjoint: each pair has one event, each event one split
        (oa, pa), (ob, pb) = pair["a"], pair["b"]
        assert {oa, ob} <= OUTLETS and oa != ob
        for phrase in (pa, pb):
            assert phrase.strip() and len(phrase.split()) <= 8
        assert isinstance(pair["same"], bool)
        key = (pair["event"], frozenset([(oa, pa.lower()), (ob, pb.lower())]))
        assert key not in seen, pair
        seen.add(key)
        same[split_of[pair["event"]]] += pair["same"]
    assert same["dev"] >= 25 and same["test"] >= 25 and same["dev2"] >= 50


def _export() -> dict[str, Any]:
    """One story: three articles of two sentences each, two alignments and one claim."""
    return {
        "id": 1,
        "title": "t",
        "articles": [
            {
                "id": 10,
                "outlet": "fox",
                "sentences": [
                    {"id": 1, "text": "The Senate voted 97-1."},
                    {"id": 2, "text": "Reid voted no."},
                ],
            },
            {
                "id": 11,
                "outlet": "nyt",
                "sentences": [{"id": 3, "text": "Senators voted 97 to 1."}, {"id": 4, "text": "It rained."}],
            },
            {
                "id": 12,
                "outlet": "huffpost",
                "sentences": [
                    {"id": 5, "text": "The final tally was 97-1."},
                    {"id": 6, "text": "Reid was the lone no."},
                ],
            },
        ],
        # fox 1 ~ nyt 3 directly; fox 2 ~ nyt 4 wrongly; huffpost 5 joins their claim with no alignment row.
        "alignments": [{"a": 1, "b": 3}, {"a": 2, "b": 4}],
        "claims": [{"id": 1, "sentences": [1, 3, 5], "outlets": ["fox", "nyt", "huffpost"]}],
    }


def test_score_finds_pairs_by_alignment_or_claim_and_counts_precision() -> None:
    e = "ev"
    gold = {
        "events": {e: {"split": "dev"}},
        "pairs": [
            {
                "event": e,
                "a": ["fox", "Senate voted"],
                "b": ["nyt", "Senators voted"],
                "same": True,
            },  # aligned
            {
                "event": e,
                "a": ["huffpost", "final tally"],
                "b": ["nyt", "97 to 1"],
                "same": True,
            },  # same claim
            {"event": e, "a": ["fox", "Reid voted"], "b": ["huffpost", "lone no"], "same": True},  # missed
            {"event": e, "a": ["fox", "Reid voted"], "b": ["nyt", "rained"], "same": False},  # false link
            {"event": e, "a": ["fox", "voted"], "b": ["nyt", "rained"], "same": False},  # ambiguous phrase
        ],
    }
    out = score_events(gold, {e: _export()}, keep_lists=True)
    assert out["same_pairs"] == 3 and out["found"] == 2
    assert out["recall"] == round(2 / 3, 4)
    # Linked: 1-3 and 2-4 (alignments), 1-5 and 3-5 (the claim).
    # Judged among them: 1-3 and 3-5 right, 2-4 wrong; 1-5 unjudged.
    assert out["linked_pairs"] == 4 and out["aligned_pairs"] == 2
    assert (out["linked_right"], out["linked_wrong"], out["linked_unjudged"]) == (2, 1, 1)
    assert out["precision_judged"] == round(2 / 3, 4)
    assert out["hard_negatives_linked"] == 1
    assert out["unlocated"] == 1
    assert len(out["misses"]) == 1 and "lone no" in out["misses"][0]
    assert len(out["false_links"]) == 1 and "(aligned)" in out["false_links"][0]
