"""Quotations and who a sentence credits its words to.

A quote differs when two outlets print overlapping quotations whose words
differ beyond case and punctuation; quoting a shorter fragment of the same
words is not a difference. Attribution differs when both sentences name a
speaker and no speaker on one side can be the other's.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from claims.pipeline.compare.entities import (
    CONNECTORS,
    HONORIFICS,
    SPEECH_VERBS,
    TITLES,
    Mention,
    knight_by_given_name,
)
from claims.pipeline.compare.names import maybe_same_person, same_entity, spelled_alike
from claims.pipeline.compare.number_words import UNITS
from claims.pipeline.textutil import Token, fold, tokenize

QUOTE = re.compile(r"“([^”]{3,})”|\"([^\"]{3,})\"|''(.{3,}?)''")  # '' '' as typewriters print them
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "who", "which"})
ADVERBS = frozenset({"also", "again", "then", "later", "previously", "have", "has", "had"})
DETERMINERS = frozenset(
    {"the", "a", "an", "their", "his", "her", "its", "our", "my", "your", "these", "those", "such", "any"}
)
SPEAKER_WINDOW = 6  # tokens between a speaker and the verb: "Mr. Kirby, the press secretary, said"


@dataclass(frozen=True)
class Quote:
    text: str  # inside the quotation marks
    start: int
    end: int

    @property
    def words(self) -> list[str]:
        # Editorial insertions ("Admiral (Harold) Gehman") are not the speaker's words.
        return spoken_words(re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", self.text))

    @property
    def pieces(self) -> list[list[str]]:
        """The quote split at ellipses: each piece must appear verbatim."""
        parts = re.split(r"\.\.\.|…", re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", self.text))
        return [w for w in (spoken_words(p) for p in parts) if w]


# One spoken word in the spellings outlets print it: a contraction written out
# ("it's" / "it is"), "per cent" / "percent", British / American spelling.
CONTRACTIONS = [
    (re.compile(r"\b(won)['’]t\b"), "will not"),
    (re.compile(r"\b(can)['’]t\b|\bcannot\b"), "can not"),
    (re.compile(r"n['’]t\b"), " not"),
    (re.compile(r"\b(it|that|there|here|what|who|he|she)['’]s\b"), r"\1 is"),
    (re.compile(r"['’]re\b"), " are"),
    (re.compile(r"['’]ve\b"), " have"),
    (re.compile(r"['’]ll\b"), " will"),
    (re.compile(r"\bi['’]m\b"), "i am"),
    (re.compile(r"\bper cent\b"), "percent"),
    # A suspended hyphen: "short- or long-lived" is "short-lived or long-lived".
    (re.compile(r"\b(\w+)-\s+(or|and|to)\s+(\w+)-(\w+)\b"), r"\1-\4 \2 \3-\4"),
    # Scraped without the apostrophe ("isnt"), and "going to" for "will".
    (re.compile(r"\b(is|was|are|were|do|does|did|has|have|had|could|would|should)nt\b"), r"\1 not"),
    (re.compile(r"\b(?:going to|gonna)\b"), "will"),
    # A possessive is its noun: "NASA's culture" / "the NASA culture", "proposal's going to win".
    (re.compile(r"['’]s?(?=\s|$|[,.;:!?])"), ""),
]
SPELLINGS = [
    (re.compile(r"(?<=\w{3})our$"), "or"),  # honour, labour, favour
    (re.compile(r"(?<=\w{3})is(e|ed|es|ing|ation)$"), r"iz\1"),  # organise, recognised
    (re.compile(r"(?<=\w{3})yse$"), "yze"),
    (re.compile(r"(?<=\w{3})tre$"), "ter"),  # centre
    (re.compile(r"(?<=\w{2}[aeiou])ll(er|ed|ing)$"), r"l\1"),  # traveller, cancelled, modelling
]


# House styles abbreviate a month even inside a quote ("Sept. 11"; AP style).
MONTHS = {"jan": "january", "feb": "february", "aug": "august", "sept": "september", "oct": "october"}
MONTHS |= {"nov": "november", "dec": "december"}


def _spelling(word: str) -> str:
    word = MONTHS.get(word, word)
    if re.fullmatch(r"(?:[a-z]\.)+[a-z]\.?", word):
        word = word.replace(".", "")  # an acronym with or without its dots: "F.B.I." / "FBI"
    # Number agreement is not what a misquote is about: two outlets transcribing
    # one speaker print "terrorist attack" and "terrorist attacks".
    if len(word) >= 5 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-3] + "y" if word.endswith("ies") else word[:-1]
    for pattern, repl in SPELLINGS:
        word = pattern.sub(repl, word)
    return word


def spoken_words(text: str) -> list[str]:
    """The words of a quotation, each in one spelling, singular; "third-quarter" is "third quarter";
    a number in digits ("two" is "2")."""
    text = fold(text)
    for pattern, repl in CONTRACTIONS:
        text = pattern.sub(repl, text)
    words = [_spelling(t.text) for t in tokenize(text.replace("-", " ")) if t.is_word]
    return [str(UNITS[w]) if w in UNITS else w for w in words]


# Words that carry no claim of their own inside a quotation: articles,
# prepositions (not those of opposite senses: before/after, under, against,
# without, since, until), conjunctions, pronouns, auxiliaries, a few
# intensifiers, and the article of Arabic names ("al-Ghozi" / "Ghozi").
# Two transcriptions of one remark differ in these all the time ("we have sent
# a message" / "we have sent a message out"); a change in any other word, a
# negation or a modal ("will" / "may") is a misquote.
FILLER = frozenset(
    (  # noqa: SIM905 (one word list, easier to read as text)
        "a an the this that these those of to in on at for by with from into out up about over as "
        "through toward towards across onto upon via per among within around during "
        "and or but so then there here it its we our us i me my you your he him his she her they "
        "them their is are was were be been being am has have had having do does did very really "
        "just still even also quite too al el"
    ).split()
)


def quotes(text: str) -> list[Quote]:
    out: list[Quote] = []
    for m in QUOTE.finditer(text):
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        quote = Quote(m.group(group), m.start(group), m.end(group))
        if out and _interrupted(out[-1], text[out[-1].end : quote.start]):
            # '"Instead of X," Graham said, "this administration chose Y."' is one
            # quotation broken by its attribution.
            quote = Quote(f"{out[-1].text} {quote.text}", out[-1].start, quote.end)
            out.pop()
        out.append(quote)
    return out


def _interrupted(first: Quote, gap: str) -> bool:
    """Whether the text between two quotations is only their attribution: '," he added, "'."""
    words = [fold(t.text) for t in tokenize(gap) if t.is_word]
    return (
        first.text.rstrip().endswith(",")
        and 0 < len(words) <= SPEAKER_WINDOW
        and any(w in SPEECH_VERBS for w in words)
        and re.search(r",\s*[\"“]$", gap.rstrip()) is not None
    )


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    if any(longer[k : k + n] == shorter for k in range(len(longer) - n + 1)):
        return True
    # The same letters with a space more or less ("cyber assets" / "cyberassets"),
    # starting and ending where words do ("able to" is not in "unable to").
    joined, letters = "".join(longer), "".join(shorter)
    bounds = {0, *itertools.accumulate(len(word) for word in longer)}
    at = joined.find(letters)
    while at >= 0:
        if at in bounds and at + len(letters) in bounds:
            return True
        at = joined.find(letters, at + 1)
    return False


def quote_differences(a: str, b: str) -> list[tuple[Quote, Quote]]:
    out = []
    qb = quotes(b)
    for x in quotes(a):
        for y in qb:
            # One name transliterated two ways ("al-Qaeda" / "al-Qaida") is one word.
            spelled = _transliterated(x, y)
            wx, wy = [spelled.get(w, w) for w in x.words], y.words
            x_pieces = [[spelled.get(w, w) for w in piece] for piece in x.pieces]
            shorter, longer = (wx, wy) if len(wx) <= len(wy) else (wy, wx)
            if not shorter:
                continue
            # Filler words are shared by any two quotations: overlap is counted in the others.
            content = set(_content(shorter)) or set(shorter)
            shared = content & set(longer)
            if len(shared) < min(3, max(2, len(content) - 1)) or len(shared) / len(content) < 0.6:
                continue  # a different quotation (or a title), not a variant of this one
            short_pieces, long_w = (x_pieces, wy) if len(wx) <= len(wy) else (y.pieces, wx)
            if all(_contains(long_w, piece) for piece in short_pieces):
                continue
            if all(_contains(_content(long_w), _content(piece)) for piece in short_pieces):
                continue  # only filler words differ
            if len(x_pieces) + len(y.pieces) > 2 and _excerpts(x_pieces, y.pieces):
                continue
            out.append((x, y))
    return out


def _names(quote: Quote) -> set[str]:
    """The quotation's capitalised words past its first, as spoken_words spells them."""
    words = [t.text for t in tokenize(quote.text.replace("-", " ")) if t.is_word][1:]
    return set(spoken_words(" ".join(w for w in words if w[:1].isupper())))


def _transliterated(x: Quote, y: Quote) -> dict[str, str]:
    """x's names that y spells another way, mapped to y's spelling (alike by names.spelled_alike)."""
    in_y = _names(y)
    return {
        w: v for w in _names(x) - in_y for v in in_y if len(w) >= 4 and len(v) >= 4 and spelled_alike(w, v)
    }


def _excerpts(xs: list[list[str]], ys: list[list[str]]) -> bool:
    """Whether two quotations cut at ellipses are excerpts of one remark: every piece that shares
    a word (beyond filler) with a piece of the other holds it or is held by it; a piece that
    shares none is more of the remark, quoted by one outlet only."""
    for x in xs:
        for y in ys:
            cx, cy = _content(x), _content(y)
            if set(cx) & set(cy) and not (_contains(cx, cy) or _contains(cy, cx)):
                return False
    return True


def _content(words: list[str]) -> list[str]:
    return [w for w in words if w not in FILLER]


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


def _appositive_head(text: str, verb_start: int, before: list[Mention]) -> Mention | None:
    """The name an appositive describes when the appositive ends just before the verb:
    "Clark, one of nine Democrats seeking the nomination, said"; "Sen. Patrick Leahy of
    Vermont, the committee's senior Democrat, later said"."""
    for n, name in enumerate(before):
        gap = text[name.end : verb_start]
        inner = re.sub(r"(?:\s+(?:also|later|again|then|\w+ly))+\s*$", "", gap.strip())
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
    gap = re.sub(r"(?:\s+(?:also|later|again|then|\w+ly))+\s*$", "", text[:verb_start].rstrip())
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
    if any(_given_name(a, x, y) for x in sa for y in sb) or any(_given_name(b, y, x) for y in sb for x in sa):
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


def _given_name(text: str, name: Mention, other: Mention) -> bool:
    """A knight or dame named by the given name ("Sir John") may be the other side's surname."""
    return knight_by_given_name(text, name) and maybe_same_person(name, other)
