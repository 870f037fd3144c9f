"""Compare two aligned sentences: verdict, typed discrepancies, word diff.

First cut: numbers only. The Alignment issue extends this to dates, entities,
negation, attribution and quotes.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Literal

DiscrepancyType = Literal["number", "date", "entity", "negation", "attribution", "quote"]
Verdict = Literal["agree", "discrepancy"]

TOKEN = re.compile(r"\w+(?:[’'.,-]\w+)*|[^\w\s]")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Discrepancy:
    type: DiscrepancyType
    a: str  # the differing text as it stands in sentence A
    b: str
    a_span: tuple[int, int] | None = None  # character offsets into sentence A
    b_span: tuple[int, int] | None = None

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["a_span"] = list(self.a_span) if self.a_span else None
        data["b_span"] = list(self.b_span) if self.b_span else None
        return data


@dataclass(frozen=True)
class DiffOp:
    op: Literal["equal", "insert", "delete", "replace"]
    a: str  # text in A ("" for insert)
    b: str  # text in B ("" for delete)


@dataclass
class Comparison:
    verdict: Verdict
    confidence: float
    discrepancies: list[Discrepancy] = field(default_factory=list)
    diff: list[DiffOp] = field(default_factory=list)


def tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def word_diff(a: str, b: str) -> list[DiffOp]:
    """Token-level diff that keeps the original spacing of each side."""
    ta, tb = tokens(a), tokens(b)
    matcher = difflib.SequenceMatcher(a=[t[0].lower() for t in ta], b=[t[0].lower() for t in tb], autojunk=False)
    ops: list[DiffOp] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        text_a = a[ta[i1][1] : ta[i2 - 1][2]] if i2 > i1 else ""
        text_b = b[tb[j1][1] : tb[j2 - 1][2]] if j2 > j1 else ""
        ops.append(DiffOp(op=tag, a=text_a, b=text_b))  # type: ignore[arg-type]
    return ops


def compare_pair(
    a: str,
    b: str,
    *,
    published_a: date | None = None,
    published_b: date | None = None,
) -> Comparison:
    found: list[Discrepancy] = []
    nums_a = {m.group().replace(",", ""): m for m in NUMBER.finditer(a)}
    nums_b = {m.group().replace(",", ""): m for m in NUMBER.finditer(b)}
    only_a = [m for k, m in nums_a.items() if k not in nums_b]
    only_b = [m for k, m in nums_b.items() if k not in nums_a]
    for ma, mb in zip(only_a, only_b, strict=False):
        found.append(
            Discrepancy(type="number", a=ma.group(), b=mb.group(), a_span=ma.span(), b_span=mb.span())
        )
    verdict: Verdict = "discrepancy" if found else "agree"
    return Comparison(verdict=verdict, confidence=0.6, discrepancies=found, diff=word_diff(a, b))
