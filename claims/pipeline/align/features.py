"""Features of a sentence pair for the same-claim classifier.

Embedding cosine alone cannot tell "the same claim" from "the same topic":
two sentences about the same troops are close in embedding space whether or
not they say the same thing. These features add what lexical paraphrase
work found useful (Madnani et al. 2012; Ji & Eisenstein 2013): n-gram
overlap in both directions, how much of each side is left unexplained, and
whether numbers, names and negation agree.
"""

from __future__ import annotations

import difflib
import math
from collections import Counter
from dataclasses import dataclass

from claims.pipeline.compare import negation, number_pairs, numbers
from claims.pipeline.textutil import STOP_WORDS, fold, stem, tokenize

FEATURE_NAMES = (
    "cosine",
    "jaccard_words",
    "jaccard_content",
    "coverage_min",
    "coverage_max",
    "ngram1",
    "ngram2",
    "ngram3",
    "ngram4",
    "ngram2_min",
    "length_ratio",
    "length_diff_log",
    "unmatched_content_max",
    "unmatched_content_min",
    "numbers_unmatched",
    "numbers_conflict",
    "numbers_all_match",
    "names_jaccard",
    "names_unmatched",
    "negation_mismatch",
    "sequence_ratio",
    "char_trigram_jaccard",
)


@dataclass(frozen=True)
class SentenceInfo:
    """What the features need from one sentence, computed once per sentence."""

    text: str
    words: tuple[str, ...]
    content: frozenset[str]
    names: frozenset[str]
    numbers: frozenset[float]
    negated: int
    trigrams: frozenset[str]


def analyse(text: str) -> SentenceInfo:
    toks = [t for t in tokenize(text) if t.is_word]
    lowered = tuple(fold(t.text) for t in toks)
    content = frozenset(stem(w) for w in lowered if w not in STOP_WORDS)
    # Capitalised words past the first are a cheap stand-in for names; the
    # first word of a sentence is capitalised whatever it is.
    names = frozenset(fold(t.text) for n, t in enumerate(toks) if n > 0 and t.text[:1].isupper())
    nums = frozenset(round(q.low, 3) for q in numbers.extract(text, trained=True))
    joined = " ".join(lowered)
    trigrams = frozenset(joined[k : k + 3] for k in range(max(len(joined) - 2, 0)))
    return SentenceInfo(text, lowered, content, names, nums, negation.trained_negator_count(text), trigrams)


def _jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 1.0


def _ngram_precision(a: tuple[str, ...], b: tuple[str, ...], n: int) -> float:
    """Clipped n-gram precision of a against b, as in BLEU."""
    grams_a = Counter(a[k : k + n] for k in range(len(a) - n + 1))
    grams_b = Counter(b[k : k + n] for k in range(len(b) - n + 1))
    total = sum(grams_a.values())
    if total == 0:
        return 1.0 if not grams_b else 0.0
    return sum(min(c, grams_b[g]) for g, c in grams_a.items()) / total


# The detail classifier adds signals that stay high when one side tells the
# same claim with more detail: how much of the *shorter* side the longer one
# contains (the mean and min n-gram precisions above fall with every added
# word), the longest shared run of words, and the cross-encoder's log-odds.
DETAIL_FEATURE_NAMES = (*FEATURE_NAMES, "ngram2_max", "ngram3_max", "longest_run", "cross_logit")


def detail_features(a: SentenceInfo, b: SentenceInfo, cosine: float, cross_logit: float) -> list[float]:
    return [*pair_features(a, b, cosine, detail=True), cross_logit]


def pair_features(a: SentenceInfo, b: SentenceInfo, cosine: float, *, detail: bool = False) -> list[float]:
    """FEATURE_NAMES; with detail, also the detail classifier's own (all of
    DETAIL_FEATURE_NAMES but the cross-encoder's log-odds), from one pass."""
    cov_a = len(a.content & b.content) / len(a.content) if a.content else 1.0
    cov_b = len(a.content & b.content) / len(b.content) if b.content else 1.0
    grams = []
    for n in (1, 2, 3, 4):
        grams.append((_ngram_precision(a.words, b.words, n), _ngram_precision(b.words, a.words, n)))
    la, lb = len(a.words), len(b.words)
    unmatched = (len(a.content - b.content), len(b.content - a.content))
    num_unmatched = len(a.numbers ^ b.numbers)
    conflict = 1.0 if number_pairs.disagreements(a.text, b.text, trained=True) else 0.0
    all_match = 1.0 if a.numbers and a.numbers == b.numbers else 0.0
    names_unmatched = len(a.names ^ b.names)
    neg = 1.0 if (a.negated % 2) != (b.negated % 2) else 0.0
    matcher = difflib.SequenceMatcher(a=a.words, b=b.words, autojunk=False)
    features = [
        cosine,
        _jaccard(set(a.words), set(b.words)),
        _jaccard(a.content, b.content),
        min(cov_a, cov_b),
        max(cov_a, cov_b),
        *[(x + y) / 2 for x, y in grams],
        min(grams[1]),
        min(la, lb) / max(la, lb, 1),
        math.log1p(abs(la - lb)),
        float(max(unmatched)),
        float(min(unmatched)),
        float(num_unmatched),
        conflict,
        all_match,
        _jaccard(a.names, b.names),
        float(names_unmatched),
        neg,
        matcher.ratio(),
        _jaccard(a.trigrams, b.trigrams),
    ]
    if detail:
        run = matcher.find_longest_match().size
        features += [max(grams[1]), max(grams[2]), float(min(run, 20))]
    return features
