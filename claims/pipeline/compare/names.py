"""Whether two names name one entity, however outlets spell it.

Accents dropped ("País"/"Pais"), transliterations ("Kyiv"/"Kiev",
"Dmitri"/"Dmitry"), initials and honorifics ("Antony J. Blinken"/"Mr.
Blinken"), acronyms ("U.S."/"United States", "CDC"/"Centers for Disease
Control and Prevention"), short and long forms ("PG&E Corp."/"PG&E"), and
the names of one state (places.py: "Russian Federation"/"Russia",
"Washington"/"U.S."). entities.py finds the names.
"""

from __future__ import annotations

import difflib
import re

from claims.pipeline.compare import places
from claims.pipeline.compare.entities import CONNECTORS, HONORIFICS, Mention, knight_by_given_name
from claims.pipeline.textutil import fold

_TRANSLIT = [("kh", "h"), ("ch", "h"), ("dh", "d"), ("ph", "f"), ("ck", "k")]
_TRANSLIT += [("w", "v"), ("y", "i"), ("j", "i")]


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


def spelled_alike(x: str, y: str) -> bool:
    """Two spellings of one name: accents, transliteration ("Qaeda" / "Qaida"), doubled letters."""
    return _similar(x, y)


# Words that make a place another place.
COMPASS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "new", "upper", "lower"}
    | {"northeast", "northwest", "southeast", "southwest"}
)
# Words an acronym skips: "CDC" for the Centers for Disease Control.
ACRONYM_SKIPS = CONNECTORS | {"and", "for", "the", "on", "in", "at", "&"}


def _acronym(short: str, words: list[str]) -> bool:
    # "BofA" is B(ank) of A(merica): a mixed-case acronym's capitals are its initials.
    capitals = re.sub(r"[^A-Z]", "", short)
    mixed = len(capitals) >= 2 and any(c.islower() for c in short)
    letters = capitals.lower() if mixed else re.sub(r"[^a-z]", "", fold(short))
    if len(letters) < 2:
        return False
    # Most acronyms skip the little words (CDC, UCLA), some keep them (CHOGM's "of").
    for initials in (
        "".join(w[0] for w in words if w not in ACRONYM_SKIPS),
        "".join(w[0] for w in words if w not in {"the", "&"}),
    ):
        if letters == initials:
            return True
        # A name grows or loses a last word of its acronym ("Centers for Disease
        # Control and Prevention" is still the CDC; "Commonwealth Heads of
        # Government meeting" the CHOGM): three letters or more in order.
        shorter, longer = sorted((letters, initials), key=len)
        # Or loses a first word: the ATF of the Bureau of Alcohol, Tobacco, Firearms and Explosives.
        if len(shorter) >= 3 and len(longer) - len(shorter) <= 2 and shorter in longer:
            return True
    return False


def _cut_at_hyphen(x: str, y: str) -> bool:
    """x is the first part of a word broken at a hyphen ("Data- monitor"), y the whole word."""
    head = fold(x.strip()).removesuffix("-")
    return x.strip().endswith("-") and len(head) >= 3 and " " not in head and fold(y).startswith(head)


# Spaces between dotted initials: "S.& P." and "J. P. Morgan" as "S.&P." and "J.P. Morgan".
INITIALS_GAP = re.compile(r"(?<=\b[A-Z]\.)\s*(&?)\s*(?=[A-Z]\.)")


def same_entity(x: str, y: str) -> bool:
    x, y = INITIALS_GAP.sub(r"\1", x), INITIALS_GAP.sub(r"\1", y)
    if _cut_at_hyphen(x, y) or _cut_at_hyphen(y, x):
        return True
    if places.same_state(x, y):  # "Russian Federation" and "Russia", "Washington" and "the U.S."
        return True
    if _party(x, y) or _party(y, x):
        return True
    wx, wy = name_words(x), name_words(y)
    if not wx or not wy:
        return fold(x) == fold(y)
    if (len(wx) == 1 and _acronym(x, wy)) or (len(wy) == 1 and _acronym(y, wx)):
        return True
    if (set(wx) ^ set(wy)) & COMPASS:
        return False  # North Korea is not South Korea, West Virginia not Virginia, New Mexico not Mexico
    # "OGE Energy Corp" and "Oklahoma Gas and Electric": a leading acronym.
    raw_x, raw_y = x.split(), y.split()
    if (raw_x[0].isupper() and _acronym(raw_x[0], wy)) or (raw_y[0].isupper() and _acronym(raw_y[0], wx)):
        return True
    # A name and its longer form: "Wal-Mart" and "Wal-Mart Stores"; "Census" and
    # "Census Bureau". One word against two only when the longer name is two
    # words as written ("Simon" is not "Simon Property Group") and the one word
    # is no place ("Washington" is not "the Washington Post").
    (short, short_raw), (long, long_raw) = sorted(((wx, x), (wy, y)), key=lambda pair: len(pair[0]))
    if len(short) >= 2 and long[-len(short) :] == short:
        return True  # "Daughter Renee Jackson" and "Renee Jackson"
    if len(short) == 1 and short[0] in ORG_HEADS and short[0] in long:
        return True  # "the Institute" for the Institute for Supply Management
    if _inverted(wx, wy) or _inverted(wy, wx):
        return True  # "Defense Department" and "Department of Defense"
    if _joined(wx, wy) or _joined(wy, wx):
        return True  # "Business Week" and "BusinessWeek Online"
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


# The generic word of an institution's name that the press uses alone for it
# once the full name is known: "the Council", "the Department", "the Institute".
ORG_HEADS = frozenset(
    {"institute", "council", "department", "ministry", "committee", "commission", "agency", "bureau"}
    | {"board", "court", "parliament", "senate", "assembly", "legislature", "university", "college"}
)


def _inverted(x: list[str], y: list[str]) -> bool:
    """x is "<field> <institution>" and y names "<institution> of <field>"."""
    if len(x) != 2 or x[1] not in ORG_HEADS:
        return False
    words = [w for w in y if w != "the"]
    return any(words[k : k + 3] == [x[1], "of", x[0]] for k in range(len(words) - 2))


def _joined(x: list[str], y: list[str]) -> bool:
    """x's first words written as one in y, or the other way: "business week" / "businessweek"."""
    for k in range(2, len(x) + 1):
        merged = "".join(x[:k])
        if len(merged) >= 6 and y and y[0] == merged and x[k:] == y[1 : 1 + len(x) - k]:
            return True
    return False


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


def _maybe_same_person(given: Mention, other: Mention) -> bool:
    """Whether a person named by the given name alone ("Sir John") may be the other name: a
    surname alone ("Mr. Stevens") may be his; a full name is told apart by its given name."""
    words = other.text.split()
    return len(words) == 1 or same_entity(words[0], given.text)


def knight_either_side(a: str, x: Mention, b: str, y: Mention) -> bool:
    """Whether x (in a) or y (in b) is a knight named by the given name ("Sir John") whom the
    other name may be ("Mr. Stevens")."""
    return (knight_by_given_name(a, x) and _maybe_same_person(x, y)) or (
        knight_by_given_name(b, y) and _maybe_same_person(y, x)
    )


def matches_any(name: str, others: list[str]) -> bool:
    return any(same_entity(name, o) for o in others)
