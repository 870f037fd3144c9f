"""A verb of preventing or stopping denies the gerund it governs (claims/pipeline/compare/prevention.py)."""

from __future__ import annotations

import pytest

from claims.pipeline.compare.negation import flips
from claims.pipeline.compare.prevention import prevented
from claims.pipeline.textutil import tokenize


def _denied(text: str) -> list[str]:
    tokens = tokenize(text)
    return [tokens[k].text for k in sorted(prevented(tokens))]


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("The league barred the club from ever joining the cup.", ["joining"]),
        ("A court order kept the firm from selling its stake.", ["selling"]),
        ("The judge told them to stop using the name.", ["using"]),
        ("Crews worked to prevent it spreading inland.", ["spreading"]),
        ("Police stopped a man carrying a knife.", []),  # he did carry one
        ("The firm will keep using the name.", []),  # "keep using" goes on using
        ("The league barred the club, citing its debts from trading.", []),  # "from" of another clause
    ],
)
def test_the_gerund_a_verb_of_preventing_denies(text: str, denied: list[str]) -> None:
    assert _denied(text) == denied


@pytest.mark.parametrize(
    ("a", "b", "flip"),
    [
        (  # two ways to say the club is not to join
            "The league rejected a demand that the club never join the cup.",
            "The league answered demands that it bar the club from ever joining the cup.",
            False,
        ),
        ("The league barred the club from joining the cup.", "The club joined the cup.", True),
        ("The league did not bar the club from joining the cup.", "The club joined the cup.", False),
        (
            "A judge issued an order preventing Acme from using the name.",
            "A judge ordered Acme to stop using the name.",
            False,
        ),
        ("The firm will keep using the name.", "The firm will stop using the name.", True),
    ],
)
def test_prevented_and_negated_agree(a: str, b: str, flip: bool) -> None:
    assert bool(flips(a, b)) == flip
    assert bool(flips(b, a)) == flip
