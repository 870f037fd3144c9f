"""Deciding whether an article joins a candidate story or starts a new one.

The score is the cosine between the article's lead vector and the story's
centroid, plus a bonus for the named entities the two share. Stories outside
the date window never match: next year's article on the same topic reports
another event. The weights are fitted on the BASIL dev events
(`bench/eval_clusters.py --split dev`), never on the test events.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

# How many of an article's entities, and of a story's, take part in the overlap.
ARTICLE_ENTITIES = 10
STORY_ENTITIES = 25


@dataclass(frozen=True)
class ClusterConfig:
    threshold: float = 0.55
    entity_weight: float = 0.1
    window_days: int = 5
    candidates: int = 10  # nearest stories read from the index


@dataclass(frozen=True)
class Candidate:
    story_id: int
    centroid: Any
    entities: Sequence[str]
    published_from: date | None = None
    published_to: date | None = None


@dataclass(frozen=True)
class Decision:
    story_id: int | None  # None: start a new story
    score: float
    cosine: float
    overlap: float


def in_window(published: date | None, candidate: Candidate, window_days: int) -> bool:
    """Whether the article's date falls within window_days of the story's dates (undated always does)."""
    if published is None or candidate.published_from is None or candidate.published_to is None:
        return True
    window = timedelta(days=window_days)
    return candidate.published_from - window <= published <= candidate.published_to + window


def entity_overlap(article: Sequence[str], story: Sequence[str]) -> float:
    """Share of the smaller entity list found in the other: 1.0 when every name of the lead recurs."""
    mine = set(article[:ARTICLE_ENTITIES])
    theirs = set(story[:STORY_ENTITIES])
    if not mine or not theirs:
        return 0.0
    return len(mine & theirs) / min(len(mine), len(theirs))


def cosine(a: Any, b: Any) -> float:
    import numpy as np

    a = np.asarray(a, dtype=np.float32)
    b = np.asarray(b, dtype=np.float32)
    denominator = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b) / denominator if denominator else 0.0


def decide(
    *,
    vector: Any,
    entities: Sequence[str],
    published: date | None,
    candidates: Sequence[Candidate],
    config: ClusterConfig,
) -> Decision:
    """The best candidate story when it scores at or above the threshold; otherwise a new story."""
    best = Decision(story_id=None, score=0.0, cosine=0.0, overlap=0.0)
    for candidate in candidates:
        if not in_window(published, candidate, config.window_days):
            continue
        cos = cosine(vector, candidate.centroid)
        overlap = entity_overlap(entities, candidate.entities)
        score = cos + config.entity_weight * overlap
        if score > best.score:
            best = Decision(story_id=candidate.story_id, score=score, cosine=cos, overlap=overlap)
    if best.story_id is not None and best.score < config.threshold:
        return Decision(story_id=None, score=best.score, cosine=best.cosine, overlap=best.overlap)
    return best


def central_index(vectors: Sequence[Any], centroid: Any) -> int:
    """The member nearest the centroid: its headline titles the story."""
    scores = [cosine(v, centroid) for v in vectors]
    return max(range(len(scores)), key=scores.__getitem__)


def centroid_of(vectors: Sequence[Any]) -> Any:
    import numpy as np

    mean = np.mean(np.stack([np.asarray(v, dtype=np.float32) for v in vectors]), axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else mean


def story_entities(members: Sequence[Sequence[str]]) -> list[str]:
    """A story's names: those its members' leads share most, each member voting once per name."""
    counts: Counter[str] = Counter()
    for entities in members:
        counts.update(set(entities[:ARTICLE_ENTITIES]))
    return [key for key, _ in counts.most_common(STORY_ENTITIES)]
