"""Tokens, a light stemmer and stop words shared by alignment and comparison.

Pure Python on purpose: features are computed for every candidate sentence
pair of a story, so they must be cheap and must not need spaCy to load.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

# Words with inner apostrophes, dots ("U.S."), commas and hyphens stay whole so
# "3,000", "U.S." and "well-known" are single tokens.
TOKEN = re.compile(r"\w+(?:[’'.,\-]\w+)*\.?(?<=[A-Z]\.)|\w+(?:[’'.,\-]\w+)*|[^\w\s]")
WORD = re.compile(r"\w")

_STOP_TEXT = """
a an the and or but if then than so as at by for from in into of off on onto out over to up
with without within about above after again against all am any are be been being before below
between both can could did do does doing down during each few further had has have having he
her here hers herself him himself his how i is it its itself just me more most my myself nor
now once only other our ours ourselves own same she should some such that their theirs them
themselves there these they this those through too under until very was we were what when
where which while who whom why will would you your yours yourself yourselves also said says
say told tell according mr mrs ms dr s t ’s 's may might must shall
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return bool(WORD.match(self.text))


def tokenize(text: str) -> list[Token]:
    return list(_tokens(text))


# The detectors compare one sentence with every other member of its claim, so
# the same texts and words come back pair after pair: both are pure functions.
@functools.lru_cache(maxsize=16384)
def _tokens(text: str) -> tuple[Token, ...]:
    return tuple(Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text))


@functools.lru_cache(maxsize=131072)
def fold(text: str) -> str:
    """Lower case without accents and with straight quotes: 'País' -> 'pais'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("’", "'").replace("‘", "'").lower()


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A small suffix stripper: enough to equate 'denied'/'denies'/'deny'.

    Not Porter: it only removes inflections (plural, past, gerund, 3rd person)
    because derivational stripping merges words whose meaning differs.
    """
    w = fold(word)
    if len(w) <= 3 or not w.isalpha():
        return w
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ying", "y")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            return w[: -len(suffix)] + repl
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            base = w[: -len(suffix)]
            if len(base) > 2 and base[-1] == base[-2] and base[-1] not in "lsz":
                return base[:-1]  # "stopped" -> "stop"
            if base.endswith(("at", "iz", "bl", "ur", "ac", "iv", "uc", "ag", "ov", "os", "rg")):
                return base + "e"  # "created" -> "create", "moved" -> "move"
            return base
    if (w.endswith("es") and w[-3:-2] in ("s", "x", "z")) or w.endswith(("ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def words(text: str) -> list[str]:
    return [t.lower for t in tokenize(text) if t.is_word]


def content_stems(text: str) -> list[str]:
    return [stem(w) for w in words(text) if w not in STOP_WORDS and not w.isdigit()]
