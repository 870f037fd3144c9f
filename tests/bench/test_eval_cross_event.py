"""bench/eval_cross_event.py counts a story's links within one event and across two."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

from eval_cross_event import cross_event, event_of  # noqa: E402


def _article(pk: int, source_name: str, ids: list[int]) -> dict[str, Any]:
    return {"id": pk, "source_name": source_name, "sentences": [{"id": i, "text": f"s{i}"} for i in ids]}


def test_event_is_the_basil_triplet_in_the_file_name() -> None:
    # what basil_upload names the upload, as the export keeps it
    assert event_of("2b95d2cf-e979-4f9c-ae27-9a5370934f23_2.txt") == "2b95d2cf-e979-4f9c-ae27-9a5370934f23"


def test_links_are_counted_within_one_event_and_across_two() -> None:
    story = {
        "articles": [
            _article(1, "ev-a_1.txt", [1, 2]),
            _article(2, "ev-a_2.txt", [3, 4]),
            _article(3, "ev-b_1.txt", [5, 6]),
        ],
        # 1-3 within event a; 2-5 across a and b; 3-4 inside one article, never a cross-article link
        "alignments": [{"a": 1, "b": 3}, {"a": 2, "b": 5}, {"a": 3, "b": 4}],
        # one claim joins 4 (event a) and 6 (event b) without an alignment row
        "claims": [{"sentences": [1, 3]}, {"sentences": [4, 6]}, {"sentences": [2, 5]}],
    }
    report = cross_event(story)
    assert (report["articles"], report["events"], report["claims"]) == (3, 2, 3)
    assert report["linked_pairs"] == 3 and report["aligned_pairs"] == 2
    assert report["within_event"] == 1
    assert report["across_events"] == 2 and report["aligned_across_events"] == 1
    assert report["claims_spanning_events"] == 2
    assert sorted(report["_across"]) == [["s2", "s5"], ["s4", "s6"]]
