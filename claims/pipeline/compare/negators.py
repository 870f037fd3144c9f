"""Words that deny what follows them: "not", "never", "no", "refused to".

Shared by polarity (negation.py) and open questions (questions.py).
"""

from __future__ import annotations

from claims.pipeline.textutil import Token, fold, stem

# Adverbs that deny the usual case: "operators rarely keep lists" is "do not keep"
# them as a rule. Not "barely": "barely survived" survived.
NEGATIVE_ADVERBS = frozenset({"rarely", "seldom", "scarcely"})
NEGATORS = (
    frozenset(
        {"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot", "hardly"}
    )
    | NEGATIVE_ADVERBS
)
# Contractions as scraped text often spells them, without the apostrophe ("dont know").
BARE_CONTRACTIONS = frozenset(
    {
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "wasnt",
        "arent",
        "werent",
        "wont",
        "cant",
        "couldnt",
        "wouldnt",
        "shouldnt",
        "hasnt",
        "havent",
        "hadnt",
        "aint",
        "mustnt",
        "neednt",
    }
)
# Verbs, and their nouns, that negate the verb they introduce: "refused to
# attend", "her refusal to attend", "their failure to agree".
NEGATING_VERBS = frozenset(
    {stem(w) for w in ("refused", "declined", "failed", "refuses", "declines", "refusal", "failure")}
)
AUXILIARIES = frozenset(
    [
        "would",
        "will",
        "could",
        "can",
        "may",
        "might",
        "should",
        "shall",
        "must",
        "had",
        "has",
        "have",
        "was",
        "were",
        "is",
        "are",
    ]
)
CLAUSE_BREAK = frozenset({",", ";", ":", "but", "and", "or", "because", "while", "although", "—", "–"})
# "not only X but also Y" asserts X; "no longer" and "not yet" still negate.
NOT_NEGATING_NEXT = frozenset({"only", "just", "least"})


def is_negator(tokens: list[Token], k: int) -> bool:
    w = fold(tokens[k].text)
    if (w.endswith("n't") and len(w) > 3) or w in BARE_CONTRACTIONS:
        return True
    if w not in NEGATORS:
        return False
    nxt = fold(tokens[k + 1].text) if k + 1 < len(tokens) else ""
    if w == "no" and nxt == ".":
        return False  # "No. 2"
    return nxt not in NOT_NEGATING_NEXT


def negating_verb(tokens: list[Token], k: int, verbs: frozenset[str] = NEGATING_VERBS) -> bool:
    """Token k negates the verb after its "to": "refused to attend", "their failure to agree"."""
    return k + 1 < len(tokens) and stem(tokens[k].lower) in verbs and tokens[k + 1].lower == "to"
