"""Polarity of the predicates two sentences share.

Each content word gets a concept and a sign: antonyms from a general lexicon
map onto one concept with opposite signs ("confirm" +, "deny" −), and a
negator shortly before a word flips its sign ("will not attend", "no
comment", "refused to attend"). Two sentences disagree in polarity when a
concept both mention carries opposite signs on the two sides. So "did not
accept" agrees with "rejected", and "denied" disagrees with "confirmed".
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from claims.pipeline.compare import prevention, questions
from claims.pipeline.compare.antonyms import LEXICON
from claims.pipeline.compare.negators import (
    AUXILIARIES,
    BARE_CONTRACTIONS,
    CLAUSE_BREAK,
    NEGATING_VERBS,
    NEGATIVE_ADVERBS,
    is_negator,
    negating_verb,
)
from claims.pipeline.textutil import STOP_WORDS, Token, fold, stem, tokenize

INVERTING = AUXILIARIES | {"do", "does", "did"}
WINDOW = 3  # words a negator may reach across adverbs: "did not immediately confirm"


@dataclass(frozen=True)
class Polar:
    concept: str
    sign: int  # +1 stated, -1 negated, 0 left open ("has not said whether")
    start: int  # span of the word, widened to its negator when negated
    end: int


# Words that negate what follows for polarity only (the feature classifier's count,
# as trained, leaves them out): "unless the subsidies are repealed" is "if they
# are not repealed"; "lacked the authority" is "had no authority".
POLAR_NEGATORS = frozenset({"unless", "lack", "lacks", "lacked", "lacking"})


def _polar_negator(tokens: list[Token], k: int, *, counting: bool = False) -> bool:
    """A negator for polarity. "not until March" dates a thing, it does not deny it. When
    counting negations, the "nor" of "neither ... nor" continues that one negation ("neither
    I nor my film"); it still negates its own words."""
    w = fold(tokens[k].text)
    if w in POLAR_NEGATORS:
        return True
    if not is_negator(tokens, k):
        return False
    if k + 1 < len(tokens) and tokens[k + 1].lower == "until":
        return False
    return not (counting and w == "nor" and any(tokens[m].lower == "neither" for m in range(k)))


def _count_negators(text: str, *, bare: bool, verbs: frozenset[str]) -> int:
    tokens = tokenize(text)
    words = sum(
        1
        for k in range(len(tokens))
        if is_negator(tokens, k)
        and (bare or fold(tokens[k].text) not in BARE_CONTRACTIONS | NEGATIVE_ADVERBS)
    )
    return words + sum(1 for k in range(len(tokens)) if negating_verb(tokens, k, verbs))


def negator_count(text: str) -> int:
    """Negators and negating verbs with "to"."""
    return _count_negators(text, bare=True, verbs=NEGATING_VERBS)


# The feature classifier's negation input exactly as it was trained
# (claims/pipeline/align/data/pair_classifier.json): without the bare
# contractions, the negative adverbs and negating nouns, so its decisions do not drift.
_TRAINED_NEGATING_VERBS = frozenset(stem(w) for w in ("refused", "declined", "failed", "refuses", "declines"))


def trained_negator_count(text: str) -> int:
    return _count_negators(text, bare=False, verbs=_TRAINED_NEGATING_VERBS)


def _aside_to(tokens: list[Token], k: int) -> int | None:
    """Where the negated words start after "declined, through a spokesman, to comment" or
    "declined comment"; None unless token k is such a negating verb."""
    if stem(tokens[k].lower) not in NEGATING_VERBS or k + 1 >= len(tokens):
        return None
    if tokens[k + 1].lower in ("comment", "comments"):
        return k + 1
    if tokens[k + 1].text != ",":
        return None
    for m in range(k + 2, min(k + 9, len(tokens) - 1)):
        if tokens[m].text == ",":
            return m + 2 if tokens[m + 1].lower == "to" else None
    return None


def polar_items(text: str) -> list[Polar]:
    tokens = tokenize(text)
    out: list[Polar] = []
    open_question = questions.left_open(tokens)
    # For each token: the start offset of a negator in reach, if any.
    negated_by: dict[int, int] = {}
    for k, tok in enumerate(tokens):
        after = _aside_to(tokens, k)
        if after is None and not (_polar_negator(tokens, k) or negating_verb(tokens, k)):
            continue
        reach = 0
        # "nor has significant evidence (turned up)": an auxiliary after "nor" puts the
        # subject first; the negation is the verb's, after the subject or left out.
        inverted = (
            tok.lower in ("nor", "neither") and k + 1 < len(tokens) and tokens[k + 1].lower in INVERTING
        )
        for m in range(after if after is not None else k + 1, len(tokens)):
            w = fold(tokens[m].text)
            if w in CLAUSE_BREAK or (not tokens[m].is_word and w not in ("'", "’")):
                break
            if w in STOP_WORDS or w == "to":
                continue
            if inverted and not w.endswith(("ed", "en")):
                if m - k > 6:
                    break
                continue
            if w.endswith(("'s", "’s")) and m + 1 < len(tokens) and tokens[m + 1].is_word:
                continue  # a possessive passes it on to its noun: "not the president's faith"
            negated_by.setdefault(m, tok.start)
            reach += 1
            # The negator binds the first word it can: adverbs in between
            # ("not immediately confirm") pass it on, anything else takes it.
            if reach >= WINDOW or not w.endswith("ly"):
                break
    # "bar Ukraine from ever joining" denies the joining, unless the barring is itself denied.
    for m, verb in prevention.prevented(tokens).items():
        if verb not in negated_by:
            negated_by.setdefault(m, tokens[verb].start)
    for k, tok in enumerate(tokens):
        w = fold(tok.text)
        if not tok.is_word or w in STOP_WORDS or is_negator(tokens, k) or w.isdigit():
            continue
        if negating_verb(tokens, k) or _aside_to(tokens, k) is not None or w in POLAR_NEGATORS:
            continue
        if tok.lower in ("whether", "if") or _proper(tokens, k):
            continue
        s = stem(w)
        concept, sign = LEXICON.get(s, (s, 1))
        start = tok.start
        if k in open_question:
            sign = 0  # neither stated nor denied
        elif k in negated_by:
            sign, start = -sign, negated_by[k]
        out.append(Polar(concept, sign, start, tok.end))
    return out


def _proper(tokens: list[Token], k: int) -> bool:
    """A capitalised word inside a sentence names someone or something ("President Obama"); a
    name is no predicate that could be stated or denied. The first word of a sentence or quote is
    capitalised whatever it is."""
    return tokens[k].text[:1].isupper() and k > 0 and tokens[k - 1].text not in OPENERS


OPENERS = frozenset({'"', "“", "'", "‘", "(", ":", "—", ".", "?", "!"})


def flips(a: str, b: str) -> list[tuple[Polar, Polar]]:
    """Concepts both sentences state with opposite polarity (first mention each)."""
    pa, pb = polar_items(a), polar_items(b)
    signs_a: dict[str, set[int]] = {}
    signs_b: dict[str, set[int]] = {}
    for p in pa:
        signs_a.setdefault(p.concept, set()).add(p.sign)
    for p in pb:
        signs_b.setdefault(p.concept, set()).add(p.sign)
    out: list[tuple[Polar, Polar]] = []
    for concept in signs_a.keys() & signs_b.keys():
        if signs_a[concept] & signs_b[concept]:
            continue
        # A plain word on both sides differs only through a negator; a lexicon
        # concept may differ through the word itself ("confirmed"/"denied").
        first_a = next(p for p in pa if p.concept == concept)
        first_b = next(p for p in pb if p.concept == concept)
        out.append((first_a, first_b))
    out.sort(key=lambda pair: pair[0].start)
    opened = [pair for pair in out if 0 in (pair[0].sign, pair[1].sign)]
    if _same_polarity(a, b):
        # Both sides negate, and an even number of negations apart: the same
        # statement with its negation in another place ("No pill is expected to
        # replace earplugs" / "Nobody says a pill could replace earplugs",
        # "confirmed it was not affected" / "denied it had been affected").
        out = opened
    # A question both sides leave open, in whatever word order, is no difference;
    # one open question is one difference, however many of its words both share.
    if questions.questions(a) and questions.questions(b):
        return [pair for pair in out if pair not in opened]
    return [pair for pair in out if pair not in opened[1:]]


@functools.lru_cache(maxsize=16384)
def negations(text: str) -> int:
    """Negators (as polarity reads them), negating verbs with "to", and negative words of the
    lexicon ("denied", "fell")."""
    tokens = tokenize(text)
    lexical = sum(
        1
        for k, t in enumerate(tokens)
        if t.is_word
        and LEXICON.get(stem(fold(t.text)), ("", 1))[1] < 0
        and not negating_verb(tokens, k)  # "failure to agree" is counted once, as a negating noun
    )
    polar = sum(1 for k in range(len(tokens)) if _polar_negator(tokens, k, counting=True))
    verbs = sum(1 for k in range(len(tokens)) if negating_verb(tokens, k) or _aside_to(tokens, k) is not None)
    return polar + verbs + lexical


def _same_polarity(a: str, b: str) -> bool:
    na, nb = negations(a), negations(b)
    return na > 0 and nb > 0 and na % 2 == nb % 2
