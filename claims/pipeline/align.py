"""Sentence alignment between two articles of one story.

First cut: cosine similarity of normalised embeddings, mutual best match above
a threshold, plus a second counterpart when it scores within a margin of the
best one (one sentence in A stating what two sentences in B state).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from claims.pipeline.embed import Matrix


@dataclass(frozen=True)
class AlignConfig:
    threshold: float = 0.5
    many_to_one_margin: float = 0.05


@dataclass(frozen=True)
class Match:
    a: int  # index into article A's sentences
    b: int  # index into article B's sentences
    score: float


def align_pair(
    texts_a: Sequence[str],
    texts_b: Sequence[str],
    emb_a: Matrix,
    emb_b: Matrix,
    *,
    config: AlignConfig,
) -> list[Match]:
    if len(texts_a) == 0 or len(texts_b) == 0:
        return []
    sim = np.asarray(emb_a @ emb_b.T, dtype=np.float64)
    best_b = sim.argmax(axis=1)
    best_a = sim.argmax(axis=0)
    matches: dict[tuple[int, int], float] = {}
    for i, j in enumerate(best_b):
        if best_a[j] == i and sim[i, j] >= config.threshold:
            matches[(i, int(j))] = float(sim[i, j])
    # Many-to-one: a sentence left unmatched whose best counterpart is already
    # matched may join it when it scores nearly as well as that match.
    matched_a = {i for i, _ in matches}
    matched_b = {j for _, j in matches}
    for i in range(len(texts_a)):
        j = int(best_b[i])
        if i not in matched_a and j in matched_b and sim[i, j] >= config.threshold:
            anchor = max(score for (_, jj), score in matches.items() if jj == j)
            if anchor - sim[i, j] <= config.many_to_one_margin:
                matches[(i, j)] = float(sim[i, j])
    for j in range(len(texts_b)):
        i = int(best_a[j])
        if j not in matched_b and i in matched_a and sim[i, j] >= config.threshold:
            anchor = max(score for (ii, _), score in matches.items() if ii == i)
            if anchor - sim[i, j] <= config.many_to_one_margin:
                matches[(i, j)] = float(sim[i, j])
    return [Match(a=i, b=j, score=s) for (i, j), s in sorted(matches.items())]
