"""Batches of like token length, for the transformer models on a CPU.

A batch is padded to its longest member, and on a CPU the linear layers'
work follows the padded tokens, while one batch more costs little. Sorting
by characters (what sentence-transformers and a plain loop do) leaves a
third of the tokens padding on news sentences (docs/performance.md);
grouping by token count leaves a few per cent.
"""

from __future__ import annotations

from collections.abc import Sequence

# Padded tokens a batch may hold, as a multiple of its real ones.
PAD_SLACK = 1.15


def length_batches(lengths: Sequence[int], *, batch_size: int, slack: float = PAD_SLACK) -> list[list[int]]:
    """Indices grouped shortest first, at most batch_size each, padding within `slack`."""
    batches: list[list[int]] = []
    current: list[int] = []
    real = 0
    for k in sorted(range(len(lengths)), key=lengths.__getitem__):
        # Sorted ascending, so the newcomer sets the batch's padded length.
        if current and (
            len(current) >= batch_size or lengths[k] * (len(current) + 1) > slack * (real + lengths[k])
        ):
            batches.append(current)
            current, real = [], 0
        current.append(k)
        real += lengths[k]
    if current:
        batches.append(current)
    return batches


def padded_tokens(batches: Sequence[Sequence[int]], lengths: Sequence[int]) -> list[int]:
    """Each batch's padded size, its work on a CPU: members times the longest (the last, as grouped)."""
    return [len(batch) * lengths[batch[-1]] for batch in batches]
