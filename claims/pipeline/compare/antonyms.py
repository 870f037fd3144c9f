"""Antonyms of news reporting, each pair one concept with two signs.

"confirm" and "deny" are one concept, stated (+1) and denied (-1); polarity
(negation.py) compares the signs two sentences give a concept they share.
"""

from __future__ import annotations

from claims.pipeline.textutil import stem

# (positive, negative) stems of one concept. General antonyms of news
# reporting, not words of any one story; a verb's noun is listed beside it
# ("approved dismissal of the charges" dismissed them), since stem() strips
# inflections only.
ANTONYMS: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (
        ("confirm", "admit", "acknowledge", "confirmation", "admission", "acknowledgment"),
        ("deny", "dispute", "denial"),
    ),
    (
        ("accept", "approve", "endorse", "embrace", "acceptance", "approval", "endorsement"),
        ("reject", "disapprove", "rebuff", "spurn", "dismiss", "rejection", "disapproval", "dismissal"),
    ),
    (("agree", "consent", "agreement"), ("refuse", "disagree", "disagreement")),
    (("support", "back", "favor", "favour", "welcome"), ("oppose", "condemn", "criticize", "criticise")),
    (
        ("allow", "permit", "authorize", "authorise", "legalize", "permission", "authorization"),
        ("ban", "forbid", "prohibit", "bar", "block", "prohibition"),
    ),
    (("win", "won"), ("lose", "lost")),
    (
        ("rise", "rose", "risen", "gain", "climb", "increase", "grow", "grew"),
        ("fall", "fell", "drop", "decline", "decrease", "shrink", "slump"),
    ),
    (("raise", "expand", "boost"), ("cut", "lower", "reduce", "curb")),
    (("include", "inclusion"), ("exclude", "omit", "exclusion", "omission")),
    (("succeed", "success"), ("fail", "failure")),
    (("attend", "join"), ("skip", "boycott", "miss", "leave", "quit")),
    (("guilty", "convict"), ("innocent", "acquit")),
    (("legal", "lawful"), ("illegal", "unlawful")),
    (("open", "reopen", "reopening"), ("close", "shut", "closure")),
    (("start", "begin", "began", "launch", "resume"), ("stop", "halt", "end", "suspend", "cease")),
    (("true", "accurate", "authentic", "genuine"), ("false", "inaccurate", "fake")),
    (("possible", "likely", "able", "willing"), ("impossible", "unlikely", "unable", "unwilling")),
    (("present",), ("absent",)),
    (("impose",), ("lift",)),
    (("arrive",), ("depart",)),
    (("alive", "survive", "survival"), ("dead", "die", "died", "death")),
    (("more", "higher", "larger"), ("less", "fewer", "lower", "smaller")),
]
LEXICON: dict[str, tuple[str, int]] = {}
for _pos, _neg in ANTONYMS:
    _concept = stem(_pos[0])
    for _w in _pos:
        LEXICON.setdefault(stem(_w), (_concept, 1))
    for _w in _neg:
        LEXICON.setdefault(stem(_w), (_concept, -1))
