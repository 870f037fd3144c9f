"""Quantities in a sentence and whether two sentences' quantities disagree.

Each quantity becomes an interval: "3,000" is [3000, 3000], "about 3,000" is
±15 % at most and no wider than the place of its last significant digit,
"more than 3,000" is [3000, 6000), "tens of thousands" is [10k, 100k). Two
quantities disagree when their intervals do not overlap, which makes "about
3,000" vs "3,000" agree, "about 3,000" vs "some 2,000" disagree, and
"120,000" vs "tens of thousands" disagree in magnitude class.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from claims.pipeline.compare.number_words import (
    ABOUT,
    CURRENCY,
    CURRENCY_WORDS,
    MAGNITUDES,
    MONTHS,
    MOVES,
    QUALIFIERS,
    SCALES,
    UNITS,
    VULGAR,
)
from claims.pipeline.textutil import STOP_WORDS, Token, stem, tokenize

Kind = Literal["count", "money", "percent", "year"]

DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
TOLERANCE = 0.02  # reporters round "2,463" to "2,460"; smaller gaps are not disagreements


@dataclass(frozen=True)
class Quantity:
    text: str
    start: int
    end: int
    low: float
    high: float
    kind: Kind
    unit: tuple[str, ...]  # stems of the words that follow: what is being counted
    currency: str = ""
    vague: bool = False
    # "change" ("rose $300", "by 4 percent"), "from" (the old level) or "level" ("to $2,800",
    # "at $43.67"); "" when the sentence does not say. A change and a level are never one figure.
    role: str = ""

    def overlaps(self, other: Quantity) -> bool:
        lo = max(self.low, other.low)
        hi = min(self.high, other.high)
        scale = max(abs(self.high), abs(other.high), 1e-9)
        return lo <= hi + TOLERANCE * scale


def _word_value(tokens: list[Token], i: int, revised: bool = True) -> tuple[float, int] | None:
    """Parse a run of number words from tokens[i]; return (value, next index).

    "and" joins only after a scale ("one hundred and five"): "between two and
    three" is a range (revised=False reads it as the classifier was trained)."""
    total, current, j, seen = 0.0, 0.0, i, False
    while j < len(tokens):
        w = tokens[j].lower
        parts = w.split("-")
        if revised and w == "dozen" and current:
            current *= 12  # "three dozen" is 36, not 3 + 12
        elif all(p in UNITS for p in parts):
            current += sum(UNITS[p] for p in parts)
        elif w in ("a", "an") and j + 1 < len(tokens) and tokens[j + 1].lower in SCALES and not seen:
            current += 1
        elif w in SCALES and w not in ("m", "bn", "mln") and (seen or current):
            scale = SCALES[w]
            if scale == 100:
                current *= 100
            else:
                total += current * scale
                current = 0
        elif (
            w == "and"
            and seen
            and j + 1 < len(tokens)
            and tokens[j + 1].lower in UNITS
            and (not revised or tokens[j - 1].lower in SCALES)
        ):
            pass
        else:
            break
        seen = True
        j += 1
    if not seen or j == i:
        return None
    return total + current, j


def _number_at(tokens: list[Token], i: int, revised: bool = True) -> tuple[float, int] | None:
    text = tokens[i].text
    if revised and text[-1:] in VULGAR and DIGITS.match(text[:-1] or "0"):
        text = str(float(text[:-1] or "0") + VULGAR[text[-1]])  # "2½"
    if DIGITS.match(text):
        value = float(text.replace(",", ""))
        j = i + 1
        if revised and j < len(tokens) and tokens[j].text in VULGAR:
            value, j = value + VULGAR[tokens[j].text], j + 1  # "2 ½ servings"
        if j < len(tokens) and tokens[j].lower in SCALES:
            value *= SCALES[tokens[j].lower]
            j += 1
        return value, j
    return _word_value(tokens, i, revised)


def _last_digit_unit(value: float) -> float:
    """The place of a number's last significant digit: 45,000 -> 1,000; 60,000 -> 10,000; 4.5 -> 0.1."""
    if value <= 0:
        return 0.0
    if value != int(value):
        decimals = len(repr(value).split(".")[1].rstrip("0")) if "." in repr(value) else 0
        return float(10**-decimals) if decimals else 1.0
    n, unit = int(value), 1.0
    while n % 10 == 0:
        n //= 10
        unit *= 10
    return unit


def _qualifier(tokens: list[Token], i: int) -> tuple[tuple[float, float], int] | None:
    """Return the qualifier that ends right before tokens[i], with its start index."""
    for phrase, factors in QUALIFIERS.items():
        n = len(phrase)
        if i - n >= 0 and tuple(t.lower for t in tokens[i - n : i]) == phrase:
            start = i - n
            if start > 0 and tokens[start - 1].lower == "an" and phrase == ("estimated",):
                start -= 1
            return factors, start
    return None


def _unit(tokens: list[Token], j: int) -> tuple[str, ...]:
    found: list[str] = []
    k = j
    while k < len(tokens) and k < j + 4 and len(found) < 2:
        w = tokens[k].lower
        if not tokens[k].is_word:
            break
        if w not in STOP_WORDS and not DIGITS.match(w):
            found.append(stem(w))
        elif found:
            break
        k += 1
    return tuple(found)


def extract(text: str, *, trained: bool = False) -> list[Quantity]:
    """The sentence's quantities. trained=True reads them as the feature classifier was
    trained to (claims/pipeline/align/data/pair_classifier.json): without the later rules
    for ".85", vulgar fractions, ages, partitives and "two and three", so its decisions do
    not drift."""
    tokens = tokenize(text)
    out: list[Quantity] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        low_word = tok.lower
        # Magnitude words: "tens of thousands", "hundreds of thousands", "thousands".
        if low_word in ("tens", "hundreds") and i + 2 < len(tokens) and tokens[i + 1].lower == "of":
            inner = tokens[i + 2].lower
            if inner in MAGNITUDES:
                base = 10.0 if low_word == "tens" else 100.0
                lo, hi = MAGNITUDES[inner]
                lo_v, hi_v = base * lo / 2, base * hi
                end = i + 3
                out.append(_make(text, tokens, i, end, lo_v, hi_v, "count", "", True))
                i = end
                continue
        if low_word in MAGNITUDES and not (
            i > 0 and tokens[i - 1].is_word and _number_at(tokens, i - 1, not trained)
        ):
            lo, hi = MAGNITUDES[low_word]
            out.append(_make(text, tokens, i, i + 1, lo, hi, "count", "", True))
            i += 1
            continue
        currency = ""
        start = i
        if tok.text in CURRENCY and i + 1 < len(tokens):
            currency = CURRENCY[tok.text]
            if i > 0 and tokens[i - 1].text == "US" and tokens[i - 1].end == tok.start:
                start = i - 1
            i += 1
        parsed = _number_at(tokens, i, not trained)
        if parsed is None:
            i = i if currency else i + 1
            continue
        value, j = parsed
        if not trained and _leading_point(tokens, i) and not currency:
            value, start = value / 10 ** len(tok.text), i - 1  # ".85 cent" is 0.85
        back = start - 1
        if back > 0 and tokens[back].text == ".":
            back -= 1  # "Jan. 26", "No. 2"
        prev = tokens[back].lower.rstrip(".") if back >= 0 else ""
        clock = (j < len(tokens) and tokens[j].text == ":") or (start > 0 and tokens[start - 1].text == ":")
        if prev in MONTHS or prev == "no" or clock:
            i = j  # a day of a month, "No. 2" or a clock time: dates.py or nothing
            continue
        if j < len(tokens) and tokens[j].lower.rstrip(".") in MONTHS:
            i = j  # "7 March"
            continue
        low_v, high_v, vague = value, value, False
        qualifier = _qualifier(tokens, start)
        if qualifier:
            (f_lo, f_hi), start = qualifier
            low_v, high_v, vague = value * f_lo, value * f_hi, True
            if (f_lo, f_hi) == ABOUT:
                spread = min(value * (f_hi - 1), _last_digit_unit(value))
                low_v, high_v = value - spread, value + spread
        kind: Kind = "count"
        # Ranges: "2,000 to 3,000", "2,000-3,000", "between 2,000 and 3,000"; with the
        # unit said twice, "1 percent to 3 percent", "16 cents a share to 27 cents a share".
        # Not after a verb of moving: "rose 0.2 percent to 5.6 percent" is a change and a level.
        if (
            not trained
            and _role(tokens, start, out) not in ("change", "from")
            and (unit_end := _unit_range(tokens, j, not trained)) is not None
        ):
            j = unit_end
        if j + 1 < len(tokens) and tokens[j].lower in ("to", "-", "–", "and"):
            second = _number_at(tokens, j + 1, not trained)
            if second and (tokens[j].lower != "and" or (start > 0 and tokens[start - 1].lower == "between")):
                other, j = second
                if other >= value:
                    low_v, high_v, vague = min(low_v, value), max(high_v, other), True
                    if tokens[start - 1].lower == "between":
                        start -= 1
        if j < len(tokens) and tokens[j].lower in ("%", "percent", "pct"):
            kind, j = "percent", j + 1
        elif j + 1 < len(tokens) and tokens[j].lower == "per" and tokens[j + 1].lower == "cent":
            kind, j = "percent", j + 2
        elif currency:
            kind = "money"
        elif (
            j < len(tokens)
            and stem(tokens[j].lower) in CURRENCY_WORDS
            and (trained or not _weight(tokens, start, j))
        ):
            kind, currency, j = "money", CURRENCY_WORDS[stem(tokens[j].lower)], j + 1
        elif (
            re.fullmatch(r"(1[89]|20)\d\d", tokens[i].text)
            and not qualifier
            and high_v == low_v
            and i + 1 == j
        ):
            kind = "year"
        quantity = _make(text, tokens, start, j, low_v, high_v, kind, currency, vague)
        if not trained and kind == "count" and not vague and _age(tokens, start, j, value):
            quantity = replace(quantity, unit=("age",))
        elif not trained and kind == "count" and (whole := _partitive(tokens, j)) is not None:
            quantity = replace(quantity, unit=_unit(tokens, whole))  # "Seven of the nine candidates"
        if not trained:
            quantity = replace(quantity, role=_role(tokens, start, out))
        out.append(quantity)
        i = j
    return out


WEIGHING = frozenset({"weigh", "weighed", "weighing", "weighs", "weight", "weighted", "heavy", "heavier"})


def _weight(tokens: list[Token], start: int, unit: int) -> bool:
    """Whether "pounds" weighs here: "weighed 136 pounds", "3,000 pounds of fireworks"."""
    if stem(tokens[unit].lower) != "pound":
        return False
    if unit + 1 < len(tokens) and tokens[unit + 1].lower == "of":
        return True
    return any(t.lower in WEIGHING for t in tokens[max(0, start - 4) : start])


def _unit_range(tokens: list[Token], j: int, revised: bool) -> int | None:
    """Where "to" stands when the unit after the first number (tokens[j:]) is said again after
    the second one: "1 percent to 3 percent". The first unit's words are then skipped."""
    for k in range(j + 1, min(j + 4, len(tokens) - 1)):
        if tokens[k].lower != "to":
            continue
        unit = [t.lower for t in tokens[j:k]]
        second = _number_at(tokens, k + 1, revised)
        if not all(t.is_word for t in tokens[j:k]) or second is None:
            return None
        after = [t.lower for t in tokens[second[1] : second[1] + len(unit)]]
        return k if after == unit else None
    return None


def _leading_point(tokens: list[Token], i: int) -> bool:
    """A decimal written without its zero: ".85", but not the "." that ends "No." or a sentence."""
    dot = tokens[i - 1] if i > 0 else None
    return (
        dot is not None
        and dot.text == "."
        and dot.end == tokens[i].start
        and tokens[i].text.isdigit()
        and (i < 2 or tokens[i - 2].end < dot.start)
    )


def _role(tokens: list[Token], start: int, before: list[Quantity]) -> str:
    """What the figure starting at tokens[start] is: a change, the old level or the new one."""
    prev = tokens[start - 1].lower if start > 0 else ""
    if prev in (",", "(") and start > 1:
        prev = tokens[start - 2].lower
    if prev == "or" and before:
        return before[-1].role  # "rose $2.11, or 11 percent"
    if prev == "from":  # the old level of a move, or the start of a range ("priced from $125 to $300")
        return "from" if any(stem(t.lower) in MOVES - {"by"} for t in tokens[:start]) else ""
    if prev in ("to", "at"):
        return "level"
    return "change" if stem(prev) in MOVES else ""


def _partitive(tokens: list[Token], j: int) -> int | None:
    """Where the counted noun starts in "seven of the nine candidates", or None."""
    if j + 1 >= len(tokens) or tokens[j].lower != "of":
        return None
    k = j + 1 + (tokens[j + 1].lower in ("the", "its", "their", "his", "her"))
    parsed = _number_at(tokens, k) if k < len(tokens) else None
    return parsed[1] if parsed else None


def _age(tokens: list[Token], start: int, end: int, value: float) -> bool:
    """A person's age set off by commas after the name: "Sandy Mitchell, 44, from Glasgow"."""
    return (
        value == int(value)
        and 0 < value < 120
        and start >= 2
        and tokens[start - 1].text == ","
        and tokens[start - 2].text[:1].isupper()
        and end < len(tokens)
        and tokens[end].text in (",", ".")
    )


def _make(
    text: str,
    tokens: list[Token],
    i: int,
    j: int,
    low: float,
    high: float,
    kind: Kind,
    currency: str,
    vague: bool,
) -> Quantity:
    s, e = tokens[i].start, tokens[j - 1].end
    unit = ("%",) if kind == "percent" else _unit(tokens, j)
    return Quantity(text[s:e], s, e, low, high, kind, unit, currency, vague)
