"""Split a sentence into the clauses that could each be a claim.

News sentences often carry two claims ("X happened — and Y said Z") or bury
the claim another outlet reports alone behind an aside. Alignment re-scores
near misses clause by clause (align.py); a split happens only where
punctuation marks a boundary (dash, semicolon, colon) or a comma is followed
by a word that opens a new clause, and a piece must keep enough content words
to state something by itself.
"""

from __future__ import annotations

import re

from claims.pipeline.textutil import content_stems

# Words that, after a comma, open a clause of their own.
_OPENERS = (
    "and|but|while|whereas|though|although|even as|as|which|who|whose|where|after|before|"
    "because|since|so|yet|instead|including|saying|adding|with|when|once|if|unless|until"
)
_BOUNDARY = re.compile(rf"\s*(?:[;:—–]|\s-{{1,2}}\s|,\s+(?=(?:{_OPENERS})\b))\s*", re.IGNORECASE)
MIN_CONTENT = 4


def clauses(text: str) -> list[str]:
    """The sentence's clauses with at least MIN_CONTENT content words; [] when it has fewer than two."""
    pieces = [p.strip(' ,"“”') for p in _BOUNDARY.split(text)]
    pieces = [p for p in pieces if len(content_stems(p)) >= MIN_CONTENT]
    return pieces if len(pieces) > 1 else []
