"""Candidate pruning and claim choice for attaching an article to a story's claims (issue #14)."""

from __future__ import annotations

import numpy as np

from claims.pipeline.align.attach import Link, attach, candidate_members, joined_claims
from claims.pipeline.align.match import AlignConfig


def test_each_row_puts_forward_the_nearest_member_of_its_k_nearest_claims() -> None:
    sim = np.array(
        [
            # members: claim 7, 7, 8, 9, 9
            [0.95, 0.90, 0.80, 0.70, 0.20],
            [0.10, 0.20, 0.25, 0.35, 0.90],
        ]
    )
    claims = [7, 7, 8, 9, 9]
    # Row 0: claims 7 (member 0), 8 (member 2); row 1: claim 9 (member 4); nothing under 0.3.
    assert candidate_members(sim, claims, k=2, min_cosine=0.3) == [0, 2, 4]
    assert candidate_members(sim, claims, k=3, min_cosine=0.3) == [0, 2, 3, 4]
    assert candidate_members(sim, claims, k=1, min_cosine=0.99) == []


def test_a_sentence_joins_the_claim_of_its_best_link() -> None:
    links = [
        Link(new=0, member=1, score=0.6),
        Link(new=0, member=3, score=0.9),
        Link(new=2, member=0, score=0.7),
    ]
    assert joined_claims(links, [5, 5, 6, 7]) == {0: 7, 2: 5}


def test_attach_matches_the_same_wording_and_nothing_else() -> None:
    def unit(v: list[float]) -> list[float]:
        n = float(np.linalg.norm(v))
        return [x / n for x in v]

    new = ["The council approved 12 new buses on Monday.", "Rain is expected all week in the valley."]
    members = [
        "The council approved twelve new buses on Monday.",
        "The mayor opened a library downtown.",
        "Ticket prices stay the same this year.",
    ]
    emb_new = np.array([unit([1, 0.1, 0, 0]), unit([0, 0, 0, 1])], dtype=np.float32)
    emb_members = np.array(
        [unit([1, 0.12, 0, 0]), unit([0.2, 1, 0, 0]), unit([0.1, 0, 1, 0])], dtype=np.float32
    )
    config = AlignConfig(cross_encoder=False)
    links = attach(new, emb_new, members, emb_members, [1, 2, 3], config=config, k=2)
    assert [(link.new, link.member) for link in links] == [(0, 0)]
    assert attach(new, emb_new, [], np.zeros((0, 4), dtype=np.float32), [], config=config) == []
