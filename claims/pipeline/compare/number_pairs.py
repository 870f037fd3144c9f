"""Which quantities of two sentences count the same thing, and which of those cannot both be true.

numbers.py reads the quantities of one sentence; this module pairs them
across two: by unit, by role (a change, an old level, a new one), by scope (a
group's total or each member's), and decides whether a pair agrees, also when
one figure rounds the other.
"""

from __future__ import annotations

import re

from claims.pipeline.compare.number_words import UNIT_CLASSES
from claims.pipeline.compare.numbers import Quantity, extract


def _unit_class(stems: tuple[str, ...]) -> set[int]:
    return {n for n, group in enumerate(UNIT_CLASSES) for s in stems if s in group}


def same_unit(a: Quantity, b: Quantity) -> bool | None:
    """True/False when both name what they count, None when either does not."""
    if a.kind != b.kind:
        return False
    if a.kind == "money":
        return not (a.currency and b.currency and a.currency != b.currency)
    if a.kind in ("percent", "year"):
        return True
    if not a.unit or not b.unit:
        return None
    if set(a.unit) & set(b.unit):
        return True
    return bool(_unit_class(a.unit) & _unit_class(b.unit))


LITERAL = re.compile(r"(\d[\d,]*)(?:\.(\d+))?")


def written_unit(q: Quantity) -> float:
    """The place of the last digit as written, in the quantity's own terms: "4.4 percent" 0.1,
    "$1.8 billion" 100 million, "40,000" 1; 0 for a hedged or spelled-out figure."""
    m = LITERAL.search(q.text)
    if m is None or q.vague or q.low != q.high:
        return 0.0
    literal = float(m.group(0).replace(",", ""))
    return 10.0 ** -len(m.group(2) or "") * q.low / literal if literal else 0.0


def rounded(x: Quantity, y: Quantity) -> bool:
    """One figure is the other rounded to the places it gives: "4 percent" for 4.4, "1.2" for 1.23.

    Half-way does not round down ("2" is not 2.5), and figures written to the
    same place never round into each other: "40,000" and "40,400" still differ.
    """
    ux, uy = written_unit(x), written_unit(y)
    if not ux or not uy or ux == uy:
        return False
    coarse, fine = (x, y) if ux > uy else (y, x)
    return abs(fine.low - coarse.low) < max(ux, uy) / 2 - 1e-12


def _same_role(q: Quantity, r: Quantity) -> bool:
    return not (q.role and r.role and q.role != r.role)


# A figure for a whole group against one for each of its members: "weighed 136
# pounds combined" / "each boy weighed less than 50 pounds" count different things.
TOTAL_AFTER = re.compile(r"^\W*(?:\w+\W+)?(?:combined|altogether|in all|in total|together)\b", re.IGNORECASE)
TOTAL_BEFORE = re.compile(r"\b(?:a total of|a combined|combined|total(?:ing|led)?)\s+\S*\s*$", re.IGNORECASE)
EACH_AFTER = re.compile(
    r"^\W*(?:\w+\W+)?(?:each|apiece|a head|per (?:person|head|child|boy|girl|man|woman))\b", re.IGNORECASE
)
EACH_BEFORE = re.compile(r"\b(?:each|every)\b(?:\s+\S+){0,3}\s*$", re.IGNORECASE)


def _scope(text: str, q: Quantity) -> str:
    before, after = text[max(0, q.start - 40) : q.start], text[q.end : q.end + 30]
    if TOTAL_AFTER.search(after) or TOTAL_BEFORE.search(before):
        return "total"
    if EACH_AFTER.search(after) or EACH_BEFORE.search(before):
        return "each"
    return ""


def _same_scope(a: str, q: Quantity, b: str, r: Quantity) -> bool:
    sq, sr = _scope(a, q), _scope(b, r)
    return not (sq and sr and sq != sr)


def disagreements(
    a: str, b: str, *, rounding: bool = False, trained: bool = False
) -> list[tuple[Quantity, Quantity]]:
    """Pairs of quantities that count the same thing but cannot both be true.

    rounding=True also lets a figure stand for a more precise one it rounds
    (see `rounded`). The feature classifier reads this function without it and
    with trained=True (see `extract`), as it was trained.
    """
    qa, qb = extract(a, trained=trained), extract(b, trained=trained)

    def agree(q: Quantity, r: Quantity) -> bool:
        return q.overlaps(r) or (rounding and rounded(q, r))

    def alike(q: Quantity, r: Quantity) -> bool:
        """Same role (a change with a change, a level with a level) and, unless trained, same scope."""
        return _same_role(q, r) and (trained or _same_scope(a, q, b, r))

    # Quantities that have a compatible partner are accounted for first, so a
    # sentence listing "2,000" and "3,000" matches the other's "3,000".
    left_a = [q for q in qa if not any(same_unit(q, r) is not False and agree(q, r) for r in qb)]
    left_b = [r for r in qb if not any(same_unit(q, r) is not False and agree(q, r) for q in qa)]
    pairs: list[tuple[Quantity, Quantity]] = []
    used: set[int] = set()
    for q in left_a:
        for n, r in enumerate(left_b):
            if n not in used and same_unit(q, r) and alike(q, r):
                pairs.append((q, r))
                used.add(n)
                break
    # Unitless leftovers pair only when each side has exactly one of the kind,
    # so extra details on one side are not read as contradictions.
    rest_a = [q for q in left_a if all(q is not p for p, _ in pairs)]
    rest_b = [r for n, r in enumerate(left_b) if n not in used]
    for kind in ("count", "money", "percent"):
        ka = [q for q in rest_a if q.kind == kind]
        kb = [r for r in rest_b if r.kind == kind]
        if len(ka) == 1 and len(kb) == 1 and same_unit(ka[0], kb[0]) is None and alike(ka[0], kb[0]):
            pairs.append((ka[0], kb[0]))
    return sorted(pairs, key=lambda p: p[0].start)
