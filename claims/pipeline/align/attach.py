"""Attach a new article's sentences to a story's claims.

A story keeps its claims; a new article is matched against them, not against
every other article. Each claim is reached through its member sentences:
for every new sentence, the `claim_candidates` claims whose nearest member
is closest (by whole-sentence cosine, or by the cosine of one of the new
sentence's clauses) put that nearest member forward. The new article is then
aligned with this short list of members exactly as with another article
(align_pair: classifier, cross-encoders, margin, many-to-one), the
cross-encoders reading only each sentence's own k candidates, so the costly
scoring grows with the new article's sentences times a small k and stays
flat as the story grows.

A new sentence joins the claim of its best match; a sentence that matches
none starts a claim of its own. Building a story this way one article at a
time in arrival order is also what a full re-alignment does, so both give
the same claims.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from claims.pipeline.align.clauses import clauses
from claims.pipeline.align.embed import Matrix
from claims.pipeline.align.match import AlignConfig, align_pair


@dataclass(frozen=True)
class Link:
    new: int  # index into the new article's sentences
    member: int  # index into the story's member sentences
    score: float


def candidate_pairs(
    sim: np.ndarray, member_claims: Sequence[int], *, k: int, min_cosine: float
) -> list[tuple[int, int]]:
    """(row, member) pairs put forward for scoring: each row with the nearest member of each of its k
    nearest claims."""
    pairs: list[tuple[int, int]] = []
    order = np.argsort(-sim, axis=1)
    for row in range(sim.shape[0]):
        seen: set[int] = set()
        for member in order[row]:
            if sim[row, member] < min_cosine or len(seen) >= k:
                break
            claim = member_claims[int(member)]
            if claim in seen:
                continue
            seen.add(claim)
            pairs.append((row, int(member)))
    return pairs


def clause_rows(
    texts: Sequence[str], emb_members: Matrix, encode: Callable[[Sequence[str]], Matrix]
) -> np.ndarray:
    """Best cosine of any clause of each text against each member (-1 where a text has no clauses)."""
    split = [(n, piece) for n, text in enumerate(texts) for piece in clauses(text)]
    out = np.full((len(texts), len(emb_members)), -1.0)
    if not split:
        return out
    piece_emb = np.asarray(encode([piece for _, piece in split]), dtype=np.float64)
    piece_sim = piece_emb @ np.asarray(emb_members, dtype=np.float64).T
    np.maximum.at(out, np.asarray([n for n, _ in split]), piece_sim)
    return out


def attach(
    texts: Sequence[str],
    emb: Matrix,
    member_texts: Sequence[str],
    member_emb: Matrix,
    member_claims: Sequence[int],
    *,
    config: AlignConfig,
    k: int = 3,
    encode: Callable[[Sequence[str]], Matrix] | None = None,
) -> list[Link]:
    """Matches between a new article's sentences and the story's member sentences."""
    if len(texts) == 0 or len(member_texts) == 0:
        return []
    emb_new = np.asarray(emb, dtype=np.float32)
    emb_members = np.asarray(member_emb, dtype=np.float32)
    sim = np.asarray(emb_new @ emb_members.T, dtype=np.float64)
    if encode is not None and config.clause_candidates and config.cross_encoder:
        sim = np.maximum(sim, clause_rows(texts, emb_members, encode))
    pairs = candidate_pairs(sim, member_claims, k=k, min_cosine=config.min_cosine)
    chosen = sorted({m for _, m in pairs})
    if not chosen:
        return []
    # Only each sentence's own k candidates are read by the cross-encoders, so
    # the model passes per new sentence stay at k however large the story is.
    column = {m: n for n, m in enumerate(chosen)}
    allowed = np.zeros((len(texts), len(chosen)), dtype=bool)
    for row, member in pairs:
        allowed[row, column[member]] = True
    matches = align_pair(
        texts,
        [member_texts[m] for m in chosen],
        emb_new,
        emb_members[chosen],
        config=config,
        encode=encode,
        allowed=allowed,
    )
    return [Link(new=m.a, member=chosen[m.b], score=m.score) for m in matches]


def joined_claims(links: Sequence[Link], member_claims: Sequence[int]) -> dict[int, int]:
    """The claim each linked new sentence joins: its best link's (ties: the earlier member)."""
    best: dict[int, Link] = {}
    for link in links:
        held = best.get(link.new)
        if held is None or (link.score, -link.member) > (held.score, -held.member):
            best[link.new] = link
    return {n: member_claims[link.member] for n, link in best.items()}
