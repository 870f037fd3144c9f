"""Who a sentence credits its words to, and whether two sentences credit different people.

"X said", "said X", "according to X", with the appositives, titles and
affiliations news copy wraps around a name. Attribution differs when both
sentences name a speaker and no speaker on one side can be the other's.
"""

from __future__ import annotations

import re

from claims.pipeline.compare.entities import (
    CONNECTORS,
    HONORIFICS,
    SPEECH_VERBS,
    TITLES,
    Mention,
)
from claims.pipeline.compare.names import knight_either_side, same_entity
from claims.pipeline.compare.quotes import FILLER, SPEAKER_WINDOW
from claims.pipeline.textutil import Token, fold, tokenize

PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "who", "which"})
ADVERBS = frozenset({"also", "again", "then", "later", "previously", "have", "has", "had"})
DETERMINERS = frozenset(
    {"the", "a", "an", "their", "his", "her", "its", "our", "my", "your", "these", "those", "such", "any"}
)


def speakers(text: str, names: list[Mention]) -> list[Mention]:
    """Names credited with the sentence's words: 'X said', 'said X', 'according to X'."""
    tokens = tokenize(text)
    found: list[Mention] = []
    for k, tok in enumerate(tokens):
        w = tok.lower
        if w == "according" and k + 1 < len(tokens) and tokens[k + 1].lower == "to":
            after = [n for n in names if n.start >= tokens[k + 1].end]
            if after and _gap_words(text, tokens[k + 1].end, after[0].start) <= 3:
                found.append(after[0])
            continue
        if w not in SPEECH_VERBS:
            continue
        if k > 0 and tokens[k - 1].lower in DETERMINERS:
            continue  # a noun: "certify their claims", "the notes", "the states"
        if any(n.start <= tok.start < n.end for n in names):
            continue  # part of a name: "the United States"
        # "the Arizona-based group said": a place that qualifies the speaker is not the speaker.
        # A nationality or a party ("the Connecticut Democrat", "Americans") is no named speaker.
        named = [n for n in names if n.label != "NORP"]
        before = [
            part
            for n in named
            if n.end <= tok.start and not (n.text.endswith("-based") or text[n.end :].startswith("-based"))
            for part in _last_of_list(text, n, tok.start)
        ]
        after = [n for n in named if n.start >= tok.end]
        # "told the Register" names who heard it, not who spoke.
        inverted = None if w in ("told", "tells") else _said_name(text, tok.end, after)
        if inverted is not None and k > 0 and tokens[k - 1].text in (",", "”", '"'):
            found.append(inverted)  # "... near Spinboldak, said Lt. Col. Douglas Lefforge."
            continue
        if k > 0 and tokens[k - 1].lower in ("but", "and"):
            # "A draft ... stopped short of endorsing the U.S. charge but said": the
            # subject is the clause's, far before the nearest name.
            if inverted is not None:
                found.append(inverted)
            continue
        if _common_subject(tokens, k, named):
            # "the Redmond, Wash., company said", "In Toronto, police said": the
            # speaker is the noun before the verb; the names before it qualify it.
            if inverted is not None:
                found.append(inverted)
            continue
        # Every name in reach before the verb is a candidate: with an appositive
        # ("Jens Stoltenberg, NATO's secretary general, said") the nearest name
        # is not the speaker. A pronoun in between means someone else speaks.
        # Nearest first: in "Acme spokeswoman Dana Ruiz said" the person speaks, the
        # company qualifies her, and the first speaker is the one a difference shows.
        near = [
            n
            for n in reversed(before)
            if _gap_words(text, n.end, tok.start) <= SPEAKER_WINDOW
            and not any(p in fold(text[n.end : tok.start]).split() for p in PRONOUNS)
            and not any(q in text[n.end : tok.start] for q in ("”", '"', "''"))  # a name inside the quote
        ]
        head = _appositive_head(text, tok.start, before)
        if head is not None:
            # "Vasile Ionescu, of the Roma Centre for public policies, said": he comes first.
            near = [head, *(n for n in near if n != head)]
        elif (described := _described(text, tok.start)) is not None:
            # "Southwest, the largest U.S. discount airline, said", Southwest not found as a
            # name: the names in a description qualify what it describes, which is unnamed.
            near = [n for n in near if not described[0] <= n.start < described[1]]
        if near:
            found.extend(near)
            continue
        if inverted is not None:
            found.append(inverted)
    return found


def _common_subject(tokens: list[Token], verb: int, names: list[Mention]) -> bool:
    """Whether the word before the verb is a common noun of its own, no name, title or pronoun."""
    k = verb - 1
    while k >= 0 and (tokens[k].lower in ADVERBS or tokens[k].lower.endswith("ly")):
        k -= 1  # "police also said", "officials reportedly said"
    if k < 0 or not tokens[k].is_word:
        return False
    word = tokens[k]
    if any(n.start <= word.start < n.end for n in names):
        return False
    folded = fold(word.text).strip(".")
    if folded in TITLES and k > 0 and tokens[k - 1].lower == "the":
        return True  # "As he left for Utah, the president said": the president, not Utah
    return not (
        folded in PRONOUNS
        or folded in HONORIFICS
        or folded in TITLES
        or folded in SPEECH_VERBS
        or folded in FILLER
        or word.text.endswith(("'s", "’s"))
    )


# Adverbs between an appositive's closing comma and the verb: "..., just told reporters".
VERB_ADVERBS = re.compile(r"(?:\s+(?:also|later|again|then|just|now|still|\w+ly))+\s*$")


def _appositive_head(text: str, verb_start: int, before: list[Mention]) -> Mention | None:
    """The name an appositive describes when the appositive ends just before the verb:
    "Clark, one of nine Democrats seeking the nomination, said"; "Sen. Patrick Leahy of
    Vermont, the committee's senior Democrat, later said"."""
    for n, name in enumerate(before):
        gap = text[name.end : verb_start]
        inner = VERB_ADVERBS.sub("", gap.strip())
        if not (inner.startswith(",") and inner.endswith(",")) or any(c in gap for c in '"“”;:'):
            continue
        if 0 < _gap_words(text, name.end, verb_start) <= 2 * SPEAKER_WINDOW:
            if n > 0 and text[before[n - 1].end : name.start].strip() == "of":
                return before[n - 1]  # the person, not the place they are of
            named = [m for m in before[n + 1 :] if inner.strip(", ") == m.text]
            if named:
                return named[0]  # "A spokesman for Mr. Hunter, Michael Harrison, said": he speaks
            return name
    return None


def _described(text: str, verb_start: int) -> tuple[int, int] | None:
    """The span of a description set off by commas just before the verb: lower-case words
    beyond its article ("Clark, one of nine Democrats seeking the nomination, said"); not a
    name between commas ("The group, the League of Women Voters, said": that name speaks)."""
    gap = VERB_ADVERBS.sub("", text[:verb_start].rstrip())
    if not gap.endswith(","):
        return None
    opening = gap.rfind(",", 0, len(gap) - 1)
    inner = gap[opening + 1 : -1]
    words = [t.text for t in tokenize(inner) if t.is_word]
    if opening < 0 or not words or not words[0].islower() or any(c in inner for c in '"“”;:'):
        return None
    if not any(w.islower() and w not in DETERMINERS and w not in CONNECTORS for w in words):
        return None
    return opening + 1, len(gap) - 1


def _last_of_list(text: str, name: Mention, verb_start: int) -> list[Mention]:
    """The name, and its last part when NER joined the last two names before the verb into
    one ("... had no connection to Colby, Doyle said"): the part next to the verb speaks. A
    name with commas of its own ("the Bureau of Alcohol, Tobacco, Firearms and Explosives")
    stays a candidate whole."""
    cut = name.text.rfind(", ")
    if cut < 0 or _gap_words(text, name.end, verb_start) > 0:
        return [name]
    start = name.start + cut + 2
    # In text order: the nearest candidate, the part, is shown first.
    return [name, Mention(text[start : name.end], start, name.end, name.label)]


def _said_name(text: str, verb_end: int, after: list[Mention]) -> Mention | None:
    """The name of "said Mr. Kirby." / "said John Kirby, the press secretary" / "said U.S.
    military spokesman Lt. Col. Douglas Lefforge." — but not of "said Russia would ...",
    where the name opens what was said."""
    for k, name in enumerate(after[:3]):
        gap = text[verb_end : name.start]
        # The names and lower-case words before it describe the speaker ("U.S. military spokesman").
        if not (_only_titles(gap) or (k > 0 and _describes(gap, after[:k]))):
            return None
        rest = text[name.end :].lstrip()
        if not rest or rest[0] in ",.;:—":
            return name
        # "said Dr. Ana Silva of the Centers for Disease Control": she spoke; her employer did not.
        if name.label in ("", "PERSON") and k + 1 < len(after) and _affiliation(text, name, after[k + 1]):
            return name
    return None


AFFILIATED = re.compile(r"\s*(?:of|from|at|with)\s+(?:the\s+)?", re.IGNORECASE)


def _affiliation(text: str, person: Mention, place: Mention) -> bool:
    """Whether "<person> of the <place>" ends the attribution: only the place's name follows the link word."""
    link = AFFILIATED.match(text, person.end)
    if link is None or link.end() != place.start:
        return False
    rest = text[place.end :].lstrip()
    return not rest or rest[0] in ",.;:—"


def _describes(gap: str, names: list[Mention]) -> bool:
    """Whether the text is only earlier names, titles and at most three lower-case words."""
    for n in names:
        gap = gap.replace(n.text, " ")
    words = [t.text for t in tokenize(gap) if t.is_word]
    lower = [w for w in words if w.islower() and fold(w) not in TITLES]
    return (
        len(lower) <= 3
        and not any(c in gap for c in ',;:"“”')
        and all(w.islower() or fold(w).strip(".") in HONORIFICS | TITLES for w in words)
    )


def _only_titles(gap: str) -> bool:
    words = [fold(t.text).strip(".") for t in tokenize(gap) if t.is_word]
    return all(w in HONORIFICS or w in TITLES for w in words)


def _gap_words(text: str, s: int, e: int) -> int:
    return len([t for t in tokenize(text[s:e]) if t.is_word])


def attribution_differences(
    a: str, b: str, names_a: list[Mention], names_b: list[Mention]
) -> list[tuple[Mention, Mention]]:
    sa, sb = speakers(a, names_a), speakers(b, names_b)
    if not sa or not sb:
        return []  # one side does not say who spoke: not a contradiction
    if any(same_entity(x.text, y.text) for x in sa for y in sb):
        return []
    if any(knight_either_side(a, x, b, y) for x in sa for y in sb):
        return []
    # A person may be the voice of an organisation or a government ("Duisenberg said" / "the
    # ECB said"): only two people, or two bodies, can be told to differ.
    if all(_voice_of(x, y) or _voice_of(y, x) for x in sa for y in sb):
        return []
    return [(sa[0], sb[0])]


LISTENED = re.compile(r"\b(?:told|tells|telling)\s+(?:[^\s.;:\"“”]+\s+){0,5}$", re.IGNORECASE)


def listener(text: str, name: Mention) -> bool:
    """Whether the name is who was told: "he told the plaintiffs' lawyer, Joseph M. Sellers"."""
    return LISTENED.search(text[: name.start]) is not None


def _voice_of(person: Mention, body: Mention) -> bool:
    """Whether the person may speak for the body. NER often types a lone surname as an
    organisation ("Stoltenberg said"), so a body must look like one: an acronym or more words."""
    looks_like_body = body.text.isupper() or len(body.text.split()) > 1
    return person.label == "PERSON" and body.label in ("ORG", "GPE") and looks_like_body
