"""What a sentence says is kept from happening: "bar Ukraine from ever joining".

A verb of preventing with "from" and a gerund denies the gerund: "barred
Ukraine from joining" says Ukraine does not join, as "Ukraine will never
join" does. Polarity (negation.py) reads the gerund as negated, so the two
agree, and "allowed Ukraine to join" still differs from both.
"""

from __future__ import annotations

from claims.pipeline.compare.negators import CLAUSE_BREAK
from claims.pipeline.textutil import STOP_WORDS, Token, fold, stem

PREVENTING = frozenset(
    stem(w)
    for forms in (
        "bar barred",
        "ban banned",
        "block blocked",
        "prevent prevented",
        "prohibit prohibited",
        "forbid forbade forbidden",
        "preclude precluded",
        "stop stopped",
        "keep kept",
        "deter deterred",
        "discourage discouraged",
        "restrain restrained",
        "refrain refrained",
        "exclude excluded",
        "protect protected",
        "shield shielded",
    )
    for w in forms.split()
)
# Verbs of stopping deny a gerund right after them: "ordered Viacom to stop
# using the name". Not "keep": "keep using" goes on using.
STOPPING = frozenset(stem(w) for w in ["stop", "stopped", "cease", "ceased", "quit", "halt", "halted"])
# "prevent it spreading", as British writing drops "from"; only "prevent":
# "police stopped a man carrying a knife" says he carried one.
WITHOUT_FROM = frozenset(stem(w) for w in ["prevent", "prevented"])
# Words between the verb and "from": its object ("Ukraine", "the alliance's
# members"). A clause break means "from" belongs to something else.
OBJECT_REACH = 5
BREAKS = CLAUSE_BREAK | {"."}


def prevented(tokens: list[Token]) -> dict[int, int]:
    """Index of each gerund a verb of preventing denies -> index of that verb."""
    out: dict[int, int] = {}
    for k, tok in enumerate(tokens):
        verb = stem(fold(tok.text)) if tok.is_word else ""
        if verb in STOPPING:
            gerund = _gerund_after(tokens, k + 1)
            if gerund is not None:
                out[gerund] = k
                continue
        if verb not in PREVENTING:
            continue
        for m in range(k + 1, min(k + 2 + OBJECT_REACH, len(tokens))):
            w = fold(tokens[m].text)
            if w in BREAKS:
                break
            if w == "from" or (verb in WITHOUT_FROM and m > k + 1):
                gerund = _gerund_after(tokens, m + 1 if w == "from" else m)
                if gerund is not None:
                    out[gerund] = k
                    break
                if w == "from":
                    break
    return out


def _gerund_after(tokens: list[Token], k: int) -> int | None:
    """The first content word from k when it is a gerund ("from ever joining", "from being
    sold"); adverbs and little words in between pass."""
    for m in range(k, min(k + 4, len(tokens))):
        tok = tokens[m]
        w = fold(tok.text)
        if not tok.is_word:
            return None
        if w in STOP_WORDS or w in ("ever", "being") or (w.endswith("ly") and len(w) > 4):
            continue
        return m if w.endswith("ing") and len(w) > 4 else None
    return None
