"""Questions a sentence leaves open: "has not said whether it will pay".

What follows "whether" or "if" after a negated verb of saying or deciding is
neither stated nor denied; polarity (negation.py) reads it as open, not as a
yes or a no.
"""

from __future__ import annotations

from claims.pipeline.compare.negators import (
    AUXILIARIES,
    BARE_CONTRACTIONS,
    CLAUSE_BREAK,
    is_negator,
    negating_verb,
)
from claims.pipeline.textutil import Token, fold, stem, tokenize

# Verbs after which a negated "whether" leaves a question open: "has not said whether".
OPEN_VERBS = frozenset(
    stem(w)
    for w in (
        "say",
        "said",
        "says",
        "disclose",
        "reveal",
        "announce",
        "decide",
        "decided",
        "know",
        "confirm",
        "indicate",
        "specify",
        "comment",
        "determine",
    )
)
# Verbs whose negation leaves what they report unsaid, not denied: "did not say it would pay".
# "cannot rule out that X" leaves X as open as "cannot say whether X".
SAY_VERBS = frozenset(
    stem(w) for w in ("say", "said", "says", "tell", "told", "indicate", "announce", "rule")
)


def left_open(tokens: list[Token]) -> set[int]:
    """Tokens of a question left open: "has not said whether it will pay", "declined to say if".

    What follows "whether" or "if" after a negated verb of saying or deciding
    is neither stated nor denied; against a side that states it, that is a
    difference of commitment. So is "without word on whether it will pay"
    (a negated noun asks it too) and "did not say it would pay" (a claim not
    made is not denied).
    """
    out: set[int] = set()
    for k, tok in enumerate(tokens):
        if tok.lower in ("whether", "if"):
            verb = next(
                (
                    m
                    for m in range(k - 1, max(k - 6, -1), -1)
                    if stem(tokens[m].lower) in OPEN_VERBS
                    and not any(fold(t.text) in CLAUSE_BREAK for t in tokens[m + 1 : k])
                ),
                None,
            )  # "we don't know at this point if"
            opened = verb is not None and negated_before(tokens, verb)
            if not opened and tok.lower == "whether":
                opened = _negated_in_clause(tokens, k)
            first = k
        elif stem(tok.lower) in SAY_VERBS and _verb_negated(tokens, k) and _clause_follows(tokens, k + 1):
            opened, first = True, k + 1
        else:
            continue
        if not opened:
            continue
        for m in range(first, len(tokens)):
            # "whether he is a Christian when he referred to ...": the "when" clause is told, not asked.
            if m > first and fold(tokens[m].text) in CLAUSE_BREAK | {"when"}:
                break
            out.add(m)
    return out


def _negated_in_clause(tokens: list[Token], k: int) -> bool:
    """A negator among the 6 words before token k, with no clause break between."""
    for m in range(k - 1, max(k - 7, -1), -1):
        if fold(tokens[m].text) in CLAUSE_BREAK:
            return False
        if is_negator(tokens, m):
            return True
    return False


def _verb_negated(tokens: list[Token], k: int) -> bool:
    """The verb itself is negated ("did not say", "neither said"), not its subject: "nobody says"
    comes close to a denial."""
    for m in range(max(k - 4, 0), k):
        w = fold(tokens[m].text)
        if (is_negator(tokens, m) and w in ("not", "never", "neither")) or (
            w.endswith("n't") or w in BARE_CONTRACTIONS
        ):
            return True
    return False


def _clause_follows(tokens: list[Token], k: int) -> bool:
    """Whether a reported clause starts at k: "(that) his agency would appeal", not "when it was made"."""
    if k < len(tokens) and tokens[k].lower == "out" and stem(tokens[k - 1].lower) == "rule":
        k += 1  # "rule out (that)"
    if k < len(tokens) and tokens[k].lower == "that":
        k += 1
    if k < len(tokens) and tokens[k].lower in ("when", "where", "how", "why", "who", "what", "which"):
        return False
    for m in range(k, min(k + 5, len(tokens))):
        w = fold(tokens[m].text)
        if w in CLAUSE_BREAK:
            return False
        if w in AUXILIARIES:
            return m > k  # a subject first: "his agency would", not "would" alone
    return False


def questions(text: str) -> bool:
    """Whether the sentence leaves a question open anywhere, in any word order: a "whether" and
    a negated verb of saying ("Whether that means two years, I don't know"), or see left_open."""
    tokens = tokenize(text)
    if any(t.lower in ("whether", "if") for t in tokens) and any(
        stem(t.lower) in OPEN_VERBS and negated_before(tokens, k) for k, t in enumerate(tokens)
    ):
        return True
    return bool(left_open(tokens))


def negated_before(tokens: list[Token], k: int) -> bool:
    """A negator ("not", "hasn't") or a negating verb with "to" ("declined to") in the 4 words before k."""
    return any(is_negator(tokens, m) or negating_verb(tokens, m) for m in range(max(k - 4, 0), k))
