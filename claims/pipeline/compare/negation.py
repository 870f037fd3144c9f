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

from claims.pipeline.compare import prevention
from claims.pipeline.compare.antonyms import LEXICON
from claims.pipeline.textutil import STOP_WORDS, Token, fold, stem, tokenize

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
WINDOW = 3  # words a negator may reach across adverbs: "did not immediately confirm"
CLAUSE_BREAK = frozenset({",", ";", ":", "but", "and", "or", "because", "while", "although", "—", "–"})
# "not only X but also Y" asserts X; "no longer" and "not yet" still negate.
NOT_NEGATING_NEXT = frozenset({"only", "just", "least"})


@dataclass(frozen=True)
class Polar:
    concept: str
    sign: int  # +1 stated, -1 negated, 0 left open ("has not said whether")
    start: int  # span of the word, widened to its negator when negated
    end: int


def _is_negator(tokens: list[Token], k: int) -> bool:
    w = fold(tokens[k].text)
    if (w.endswith("n't") and len(w) > 3) or w in BARE_CONTRACTIONS:
        return True
    if w not in NEGATORS:
        return False
    nxt = fold(tokens[k + 1].text) if k + 1 < len(tokens) else ""
    if w == "no" and nxt == ".":
        return False  # "No. 2"
    return nxt not in NOT_NEGATING_NEXT


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
    if not _is_negator(tokens, k):
        return False
    if k + 1 < len(tokens) and tokens[k + 1].lower == "until":
        return False
    return not (counting and w == "nor" and any(tokens[m].lower == "neither" for m in range(k)))


def _negating_verb(tokens: list[Token], k: int, verbs: frozenset[str] = NEGATING_VERBS) -> bool:
    """Token k negates the verb after its "to": "refused to attend", "their failure to agree"."""
    return k + 1 < len(tokens) and stem(tokens[k].lower) in verbs and tokens[k + 1].lower == "to"


def _count_negators(text: str, *, bare: bool, verbs: frozenset[str]) -> int:
    tokens = tokenize(text)
    words = sum(
        1
        for k in range(len(tokens))
        if _is_negator(tokens, k)
        and (bare or fold(tokens[k].text) not in BARE_CONTRACTIONS | NEGATIVE_ADVERBS)
    )
    return words + sum(1 for k in range(len(tokens)) if _negating_verb(tokens, k, verbs))


def negator_count(text: str) -> int:
    """Negators and negating verbs with "to"."""
    return _count_negators(text, bare=True, verbs=NEGATING_VERBS)


# The feature classifier's negation input exactly as it was trained
# (claims/pipeline/align/data/pair_classifier.json): without the bare
# contractions, the negative adverbs and negating nouns, so its decisions do not drift.
_TRAINED_NEGATING_VERBS = frozenset(stem(w) for w in ("refused", "declined", "failed", "refuses", "declines"))


def trained_negator_count(text: str) -> int:
    return _count_negators(text, bare=False, verbs=_TRAINED_NEGATING_VERBS)


def _left_open(tokens: list[Token]) -> set[int]:
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
            opened = verb is not None and _negated_before(tokens, verb)
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
        if _is_negator(tokens, m):
            return True
    return False


def _verb_negated(tokens: list[Token], k: int) -> bool:
    """The verb itself is negated ("did not say", "neither said"), not its subject: "nobody says"
    comes close to a denial."""
    for m in range(max(k - 4, 0), k):
        w = fold(tokens[m].text)
        if (_is_negator(tokens, m) and w in ("not", "never", "neither")) or (
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
    open_question = _left_open(tokens)
    # For each token: the start offset of a negator in reach, if any.
    negated_by: dict[int, int] = {}
    for k, tok in enumerate(tokens):
        after = _aside_to(tokens, k)
        if after is None and not (_polar_negator(tokens, k) or _negating_verb(tokens, k)):
            continue
        reach = 0
        for m in range(after if after is not None else k + 1, len(tokens)):
            w = fold(tokens[m].text)
            if w in CLAUSE_BREAK or (not tokens[m].is_word and w not in ("'", "’")):
                break
            if w in STOP_WORDS or w == "to":
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
        if not tok.is_word or w in STOP_WORDS or _is_negator(tokens, k) or w.isdigit():
            continue
        if _negating_verb(tokens, k) or _aside_to(tokens, k) is not None or w in POLAR_NEGATORS:
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
    if _questions(a) and _questions(b):
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
        and not _negating_verb(tokens, k)  # "failure to agree" is counted once, as a negating noun
    )
    polar = sum(1 for k in range(len(tokens)) if _polar_negator(tokens, k, counting=True))
    verbs = sum(
        1 for k in range(len(tokens)) if _negating_verb(tokens, k) or _aside_to(tokens, k) is not None
    )
    return polar + verbs + lexical


def _same_polarity(a: str, b: str) -> bool:
    na, nb = negations(a), negations(b)
    return na > 0 and nb > 0 and na % 2 == nb % 2


def _questions(text: str) -> bool:
    """Whether the sentence leaves a question open anywhere, in any word order: a "whether" and
    a negated verb of saying ("Whether that means two years, I don't know"), or see _left_open."""
    tokens = tokenize(text)
    if any(t.lower in ("whether", "if") for t in tokens) and any(
        stem(t.lower) in OPEN_VERBS and _negated_before(tokens, k) for k, t in enumerate(tokens)
    ):
        return True
    return bool(_left_open(tokens))


def _negated_before(tokens: list[Token], k: int) -> bool:
    """A negator ("not", "hasn't") or a negating verb with "to" ("declined to") in the 4 words before k."""
    return any(_is_negator(tokens, m) or _negating_verb(tokens, m) for m in range(max(k - 4, 0), k))
