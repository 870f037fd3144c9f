"""Quotations, and whether two outlets print one remark in different words.

A quote differs when two outlets print overlapping quotations whose words
differ beyond case and punctuation; quoting a shorter fragment of the same
words is not a difference. Who said it is speakers.py.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from claims.pipeline.compare.entities import ABBREVIATED_TITLES, SPEECH_VERBS
from claims.pipeline.compare.names import spelled_alike
from claims.pipeline.compare.number_words import UNITS
from claims.pipeline.textutil import fold, tokenize

QUOTE = re.compile(r"“([^”]{3,})”|\"([^\"]{3,})\"|''(.{3,}?)''")  # '' '' as typewriters print them
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


# House styles abbreviate a month, and a title before a name, even inside a quote
# ("Sept. 11", "Sen. Reid"; AP style).
ABBREVIATED = {"jan": "january", "feb": "february", "aug": "august", "sept": "september", "oct": "october"}
ABBREVIATED |= {"nov": "november", "dec": "december"}
ABBREVIATED |= ABBREVIATED_TITLES


def _spelling(word: str) -> str:
    word = ABBREVIATED.get(word, word)
    if re.fullmatch(r"(?:[a-z]\.)+[a-z]\.?", word):
        word = word.replace(".", "")  # an acronym with or without its dots: "F.B.I." / "FBI"
    # Number agreement is not what a misquote is about: two outlets transcribing
    # one speaker print "terrorist attack" and "terrorist attacks".
    if len(word) >= 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")) and word not in FILLER:
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
        "just still even also quite too al el however"
    ).split()
)


# Question words tell no two remarks apart ("how to exercise discretion" in two
# different quotes); in a quote both outlets print, a changed one still differs.
QUESTION_WORDS = frozenset(
    {"how", "what", "when", "where", "why", "which", "who", "whom", "whose", "whether"}
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
    # Each quotation's words, pieces and names, spelled once, not once per pair.
    read_b = [(y, y.words, y.pieces, _names(y)) for y in quotes(b)]
    for x in quotes(a):
        x_words, x_parts, x_names = x.words, x.pieces, _names(x)
        for y, wy, y_pieces, y_names in read_b:
            # One name transliterated two ways ("al-Qaeda" / "al-Qaida") is one word.
            spelled = _transliterated(x_names, y_names)
            wx = [spelled.get(w, w) for w in x_words]
            x_pieces = [[spelled.get(w, w) for w in piece] for piece in x_parts]
            shorter, longer = (wx, wy) if len(wx) <= len(wy) else (wy, wx)
            if not shorter:
                continue
            # Filler words are shared by any two quotations: overlap is counted in the others.
            content = (set(_content(shorter)) - QUESTION_WORDS) or set(shorter)
            shared = content & set(longer)
            if len(shared) < min(3, max(2, len(content) - 1)) or len(shared) / len(content) < 0.6:
                continue  # a different quotation (or a title), not a variant of this one
            short_pieces, long_w = (x_pieces, wy) if len(wx) <= len(wy) else (y_pieces, wx)
            if all(_contains(long_w, piece) for piece in short_pieces):
                continue
            if all(_contains(_content(long_w), _content(piece)) for piece in short_pieces):
                continue  # only filler words differ
            if len(x_pieces) + len(y_pieces) > 2 and _excerpts(x_pieces, y_pieces):
                continue
            out.append((x, y))
    return out


def _names(quote: Quote) -> set[str]:
    """The quotation's capitalised words past its first, as spoken_words spells them."""
    words = [t.text for t in tokenize(quote.text.replace("-", " ")) if t.is_word][1:]
    return set(spoken_words(" ".join(w for w in words if w[:1].isupper())))


def _transliterated(x_names: set[str], y_names: set[str]) -> dict[str, str]:
    """x's names that y spells another way, mapped to y's spelling (alike by names.spelled_alike)."""
    return {
        w: v
        for w in x_names - y_names
        for v in y_names
        if len(w) >= 4 and len(v) >= 4 and spelled_alike(w, v)
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
