"""Clause splitting for the clause-by-clause re-reading of near misses (align.py)."""

from __future__ import annotations

from claims.pipeline.align.clauses import clauses


def test_splits_at_a_dash_into_two_claims() -> None:
    text = (
        "The outlines of the replies had been known for days — and the president said Tuesday "
        "that his main demands had been ignored."
    )
    assert clauses(text) == [
        "The outlines of the replies had been known for days",
        "and the president said Tuesday that his main demands had been ignored.",
    ]


def test_splits_at_semicolons_and_clause_opening_commas() -> None:
    text = (
        "The ministry denied any plan to close the northern border crossings, "
        "but aid groups reported long queues of lorries; officials promised an update on Friday."
    )
    assert clauses(text) == [
        "The ministry denied any plan to close the northern border crossings",
        "but aid groups reported long queues of lorries",
        "officials promised an update on Friday.",
    ]


def test_keeps_a_sentence_whole_when_a_piece_would_say_nothing() -> None:
    # "which she denied" has a single content word: not a claim of its own.
    assert clauses("The council accused the mayor of misusing city funds, which she denied.") == []
    # A list of names separated by commas is not a clause boundary.
    assert clauses("Leaders of France, Germany, Italy and Spain met in Brussels on Friday.") == []


def test_a_single_clause_sentence_gives_nothing() -> None:
    assert clauses("Prosecutors opened an inquiry into the payments on Monday.") == []
