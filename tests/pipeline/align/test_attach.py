"""Candidate pruning and claim choice for attaching an article to a story's claims (issue #14)."""

from __future__ import annotations

from typing import Any

import numpy as np

from claims.pipeline.align.attach import Link, attach, candidate_pairs, joined_claims
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
    assert candidate_pairs(sim, claims, k=2, min_cosine=0.3) == [(0, 0), (0, 2), (1, 4)]
    assert candidate_pairs(sim, claims, k=3, min_cosine=0.3) == [(0, 0), (0, 2), (0, 3), (1, 4)]
    assert candidate_pairs(sim, claims, k=1, min_cosine=0.99) == []


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


class RecordingScorer:
    """Stands in for a cross-encoder: accepts every pair and remembers which it read."""

    threshold = 0.5
    align_threshold = 0.5
    veto = True
    reject = 0.0

    def __init__(self) -> None:
        self.read: list[tuple[str, str]] = []

    def probability(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        self.read.extend(pairs)
        return np.full(len(pairs), 0.9)

    def combine(self, classifier_prob: Any, cross_prob: Any) -> np.ndarray:
        return np.asarray(cross_prob, dtype=np.float64)


def test_the_cross_encoders_read_only_each_sentence_s_own_k_candidates(monkeypatch: Any) -> None:
    from claims.pipeline.align import cross

    scorer = RecordingScorer()
    monkeypatch.setattr(cross, "load", lambda *a, **k: scorer)
    rng = np.random.default_rng(7)
    members = [f"Member sentence {n} about the harbor closure and item {n}." for n in range(30)]
    new = [f"New sentence {n} about the harbor closure and item {n}." for n in range(4)]
    emb_members = rng.normal(size=(30, 16)).astype(np.float32)
    emb_members /= np.linalg.norm(emb_members, axis=1, keepdims=True)
    emb_new = emb_members[[0, 7, 14, 21]] + 0.05 * rng.normal(size=(4, 16)).astype(np.float32)
    emb_new /= np.linalg.norm(emb_new, axis=1, keepdims=True)
    claims = [n // 2 for n in range(30)]  # 15 claims of two members each
    config = AlignConfig(cross_encoder=True, detail_classifier=False, clause_rescore=False, min_cosine=-1.0)
    attach(new, emb_new, members, emb_members, claims, config=config, k=2)
    sim = emb_new @ emb_members.T
    allowed = {(new[r], members[m]) for r, m in candidate_pairs(sim, claims, k=2, min_cosine=-1.0)}
    read = set(scorer.read)
    assert read and read <= allowed
    assert len(allowed) == 4 * 2  # k claims for each of the four sentences, whatever the story holds
