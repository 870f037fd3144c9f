"""Choose the story-clustering weights on the BASIL dev events.

    .venv/bin/python bench/eval_clusters.py --dump /tmp/basil.npz
    .venv/bin/python training/fit_clusters.py /tmp/basil.npz

Replays the dev events' articles in date order through the same decision the
app makes (claims.pipeline.cluster.assign: decide, centroid_of,
story_entities) for every threshold, entity weight and date window of a
grid, and prints the best by pairwise F1 (ties: the most central setting).
It reads only the dev events: the test events are reported by
bench/eval_clusters.py --report-test and never choose a setting. The values
go into newsdiff/settings.py (CLUSTER_*) by hand, with the figure.
"""

from __future__ import annotations

import itertools
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_clusters import pairwise  # noqa: E402

from claims.pipeline.cluster import assign  # noqa: E402


def replay(articles: list[dict[str, Any]], config: assign.ClusterConfig) -> dict[str, int]:
    stories: list[dict[str, Any]] = []
    assigned: dict[str, int] = {}
    for a in articles:
        candidates = [
            assign.Candidate(
                story_id=i,
                centroid=s["centroid"],
                entities=s["entities"],
                published_from=min(s["dates"]) if s["dates"] else None,
                published_to=max(s["dates"]) if s["dates"] else None,
            )
            for i, s in enumerate(stories)
        ]
        decision = assign.decide(
            vector=a["vector"],
            entities=a["entities"],
            published=a["date"],
            candidates=candidates,
            config=config,
        )
        if decision.story_id is None:
            stories.append({"members": [], "dates": []})
            index = len(stories) - 1
        else:
            index = decision.story_id
        story = stories[index]
        story["members"].append(a)
        story["dates"] += [a["date"]] if a["date"] else []
        story["centroid"] = assign.centroid_of([m["vector"] for m in story["members"]])
        story["entities"] = assign.story_entities([m["entities"] for m in story["members"]])
        assigned[a["name"]] = index
    return assigned


def main() -> None:
    import numpy as np

    data = np.load(sys.argv[1])
    articles = [
        {
            "name": str(name),
            "vector": vector,
            "entities": json.loads(str(entities)),
            "date": date.fromisoformat(str(day)) if str(day) else None,
            "event": str(event),
        }
        for name, vector, entities, day, event, split in zip(
            data["names"],
            data["vectors"],
            data["entities"],
            data["dates"],
            data["events"],
            data["splits"],
            strict=True,
        )
        if str(split) == "dev"
    ]
    gold = {a["name"]: a["event"] for a in articles}
    thresholds = [x / 100 for x in range(30, 86, 5)]
    weights = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]
    windows = [3, 5, 7, 14]
    f1: dict[tuple[int, int, int], float] = {}
    scores: dict[tuple[int, int, int], dict[str, Any]] = {}
    for key in itertools.product(range(len(thresholds)), range(len(weights)), range(len(windows))):
        t, w, d = key
        config = assign.ClusterConfig(
            threshold=thresholds[t], entity_weight=weights[w], window_days=windows[d]
        )
        scores[key] = pairwise(replay(articles, config), gold)
        f1[key] = scores[key]["f1"]

    def smoothed(key: tuple[int, int, int]) -> float:
        # A setting is only as good as its neighbours on the grid: a lone peak is fitted to the dev set.
        near = [
            (key[0] + dt, key[1] + dw, key[2] + dd)
            for dt, dw, dd in itertools.product((-1, 0, 1), repeat=3)
            if abs(dt) + abs(dw) + abs(dd) <= 1
        ]
        return sum(f1[k] for k in near if k in f1) / sum(1 for k in near if k in f1)

    chosen = max(f1, key=lambda k: (smoothed(k), f1[k]))
    t, w, d = chosen
    print(
        json.dumps(
            {
                "dev_articles": len(articles),
                "settings_tried": len(f1),
                "best_dev_f1": max(f1.values()),
                "chosen": {
                    "threshold": thresholds[t],
                    "entity_weight": weights[w],
                    "window_days": windows[d],
                },
                "chosen_neighbourhood_f1": round(smoothed(chosen), 4),
                "dev": scores[chosen],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
