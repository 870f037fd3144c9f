"""bench/eval_real_flags.py reads an export's cross-article alignments and picks its events right."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

from eval_real_flags import events_of, story_flags  # noqa: E402


def test_story_flags_keeps_cross_article_alignments_with_their_texts() -> None:
    story = {
        "articles": [
            {
                "id": 1,
                "sentences": [{"id": 10, "text": "The port closed."}, {"id": 11, "text": "It rained."}],
            },
            {"id": 2, "sentences": [{"id": 20, "text": "The port shut on Friday."}]},
        ],
        "alignments": [
            {"a": 10, "b": 20, "discrepancies": [{"type": "date", "a": "", "b": "Friday"}]},
            {"a": 10, "b": 11, "discrepancies": []},  # one article's own sentences: not a cross-outlet pair
        ],
    }
    rows = story_flags(story)
    assert rows == [
        {
            "a": "The port closed.",
            "b": "The port shut on Friday.",
            "discrepancies": [{"type": "date", "a": "", "b": "Friday"}],
        }
    ]


def test_the_dev_splits_come_from_the_gold_and_never_the_test_split() -> None:
    import json

    from eval_basil_claims import GOLD

    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    for split, count in (("dev", 8), ("dev2", 16)):
        events = events_of(split, 0)
        assert len(events) == count
        assert all(gold["events"][e]["split"] == split for e in events)
        assert all(len(paths) == 3 for paths in events.values())
