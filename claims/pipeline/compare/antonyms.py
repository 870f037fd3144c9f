"""Antonyms of news reporting, each pair one concept with two signs.

"confirm" and "deny" are one concept, stated (+1) and denied (-1); polarity
(negation.py) compares the signs two sentences give a concept they share.
"""

from __future__ import annotations

from claims.pipeline.textutil import stem

# (positive, negative) stems of one concept. General antonyms of news
# reporting, not words of any one story.
ANTONYMS: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("confirm", "admit", "acknowledge"), ("deny", "dispute")),
    (("accept", "approve", "endorse", "embrace"), ("reject", "disapprove", "rebuff", "spurn", "dismiss")),
    (("agree", "consent"), ("refuse", "disagree")),
    (("support", "back", "favor", "favour", "welcome"), ("oppose", "condemn", "criticize", "criticise")),
    (
        ("allow", "permit", "authorize", "authorise", "legalize"),
        ("ban", "forbid", "prohibit", "bar", "block"),
    ),
    (("win", "won"), ("lose", "lost")),
    (
        ("rise", "rose", "risen", "gain", "climb", "increase", "grow", "grew"),
        ("fall", "fell", "drop", "decline", "decrease", "shrink", "slump"),
    ),
    (("raise", "expand", "boost"), ("cut", "lower", "reduce", "curb")),
    (("include",), ("exclude", "omit")),
    (("succeed", "success"), ("fail", "failure")),
    (("attend", "join"), ("skip", "boycott", "miss", "leave", "quit")),
    (("guilty", "convict"), ("innocent", "acquit")),
    (("legal", "lawful"), ("illegal", "unlawful")),
    (("open", "reopen"), ("close", "shut")),
    (("start", "begin", "began", "launch", "resume"), ("stop", "halt", "end", "suspend", "cease")),
    (("true", "accurate", "authentic", "genuine"), ("false", "inaccurate", "fake")),
    (("possible", "likely", "able", "willing"), ("impossible", "unlikely", "unable", "unwilling")),
    (("present",), ("absent",)),
    (("impose",), ("lift",)),
    (("arrive",), ("depart",)),
    (("alive", "survive"), ("dead", "die", "died")),
    (("more", "higher", "larger"), ("less", "fewer", "lower", "smaller")),
]
LEXICON: dict[str, tuple[str, int]] = {}
for _pos, _neg in ANTONYMS:
    _concept = stem(_pos[0])
    for _w in _pos:
        LEXICON.setdefault(stem(_w), (_concept, 1))
    for _w in _neg:
        LEXICON.setdefault(stem(_w), (_concept, -1))
