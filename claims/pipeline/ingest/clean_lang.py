"""A cheap language guess for a paragraph: writing system first, then stopwords.

Good enough to tell an English story from the Portuguese or Chinese teasers a
scraper glued under it; not a general language identifier. Returns None when
a text is too short to judge, so short quotes and names never count.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

# Function words that are frequent in one language and rare in the others.
# Shared short words ("a", "de", "en") are left out on purpose.


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


STOPWORDS: dict[str, frozenset[str]] = {
    "en": _set(
        "the and of to is that was for with as by at from it he his are were have has had be this which "
        "not but said would will they their an or its been who after we our she her about than there"
    ),
    "es": _set(
        "el los las del y que por con para una es se su al lo como más pero sus fue ha este esta dijo "
        "también entre sobre cuando muy hay"
    ),
    "pt": _set(
        "o os do da dos das em um uma não na com para foi é ao onde seu sua desta deste pela pelo "
        "também então isso está são"
    ),
    "fr": _set(
        "le les des du et un une est qui dans pour pas sur au avec il elle ce sont été aux cette mais "
        "leur ont"
    ),
    "de": _set(
        "der die das und ist nicht ein eine zu den mit von sich auf für dem des im auch wird wurde nach bei"
    ),
    "it": _set("il di che la per non con del della sono gli nel alla anche questo delle dei è"),
}

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
MIN_WORDS = 6


@functools.lru_cache(maxsize=8192)  # called for every letter of every block; few distinct letters
def script_of(char: str) -> str:
    """A coarse writing system for a letter: latin, cjk, cyrillic, arabic, ..."""
    try:
        name = unicodedata.name(char)
    except ValueError:
        return "other"
    if name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "FULLWIDTH")):
        return "cjk"
    for script in ("LATIN", "CYRILLIC", "ARABIC", "HEBREW", "GREEK", "DEVANAGARI", "THAI"):
        if name.startswith(script):
            return script.lower()
    return "other"


SCRIPT_LANGUAGE = {"cjk": "zh", "cyrillic": "ru", "arabic": "ar", "hebrew": "he", "greek": "el"}


def guess_language(text: str) -> str | None:
    """An ISO 639-1 code, "und" for an unknown non-Latin script, or None when unsure."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 12:
        return None
    if not text.isascii():  # ASCII letters are all Latin
        top_script, top_count = Counter(map(script_of, letters)).most_common(1)[0]
        if top_script != "latin" and top_count >= 0.3 * len(letters):
            return SCRIPT_LANGUAGE.get(top_script, "und")
    words = [w.lower() for w in WORD.findall(text)]
    if len(words) < MIN_WORDS:
        return None
    hits = {lang: sum(w in stop for w in words) for lang, stop in STOPWORDS.items()}
    ranked = sorted(hits.items(), key=lambda kv: kv[1], reverse=True)
    (best, best_hits), (_, second_hits) = ranked[0], ranked[1]
    # Require a clear winner: a few stopwords in a short line prove little.
    if best_hits < 2 or best_hits < 1.5 * second_hits + 1:
        return None
    return best
