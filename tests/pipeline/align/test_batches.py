"""Batches of like token length: every index once, padding within the slack."""

from __future__ import annotations

import pytest

from claims.pipeline.align.batches import PAD_SLACK, length_batches, padded_tokens


@pytest.mark.parametrize("lengths", [[], [7], [5, 90, 6, 88, 7, 30, 31, 120, 5, 5], list(range(3, 200, 2))])
def test_length_batches_keep_padding_within_the_slack(lengths: list[int]) -> None:
    batches = length_batches(lengths, batch_size=8)
    assert sorted(k for batch in batches for k in batch) == list(range(len(lengths)))  # each pair once
    for batch in batches:
        assert len(batch) <= 8
        padded = max(lengths[k] for k in batch) * len(batch)
        assert len(batch) == 1 or padded <= PAD_SLACK * sum(lengths[k] for k in batch)


def test_length_batches_fill_up_when_lengths_are_equal() -> None:
    assert [len(b) for b in length_batches([40] * 20, batch_size=8)] == [8, 8, 4]


def test_padded_tokens_are_members_times_the_longest() -> None:
    lengths = [5, 90, 6, 88, 7]
    batches = length_batches(lengths, batch_size=8)
    assert padded_tokens(batches, lengths) == [len(b) * max(lengths[k] for k in b) for b in batches]
