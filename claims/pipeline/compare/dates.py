"""Date expressions resolved against the article's published date.

Each mention becomes an interval of days: "Monday" in a story published
Tuesday 8 March 2022 is 7 March (news reports look back unless the sentence
speaks of the future), "March 7" is 7 March of the published year, "last
week" is the seven days of the previous week. Two mentions disagree when
their intervals are disjoint. Without a published date a weekday can still
be checked against a full date ("Monday" vs "March 7, 2022").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from claims.pipeline.compare.entities import SPEECH_VERBS

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|Jun\.|July|Jul\.|"
    r"Aug(?:ust|\.)?|Sept(?:ember|\.)?|Sep\.|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
PATTERNS = [
    re.compile(rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"),
    re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(r"\b(?P<weekday>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b"),
    re.compile(
        r"\b(?P<relative>yesterday|today|tonight|tomorrow|last night|this morning|this afternoon|"
        r"this evening|(?:last|this|next|earlier this) (?:week|month|year))\b",
        re.IGNORECASE,
    ),
]
FUTURE = re.compile(
    r"\b(?:will|would|shall|plans? to|planned to|is (?:expected|scheduled|set|due) to|"
    r"are (?:expected|scheduled|set|due) to|next|upcoming|going to)\b",
    re.IGNORECASE,
)


# A date right after a verb of saying dates the saying: "a military statement
# said Tuesday", "Lefforge said Sunday", "told reporters on Monday".
SPOKEN = re.compile(
    rf"\b(?:{'|'.join(sorted(SPEECH_VERBS))}|told(?:\s+[\w.]+){{1,2}}?|in an? (?:statement|interview))"
    r",?\s+(?:on\s+|late\s+|early\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int
    end: int
    low: date | None = None  # inclusive interval, when it can be resolved
    high: date | None = None
    weekday: int | None = None  # 0 = Monday, for an unresolved weekday
    month_day: tuple[int, int] | None = None  # for a date without a year and no published date
    spoken: bool = False  # when something was said ("officials said Tuesday"), not when it happened


def _week(d: date, offset_weeks: int) -> tuple[date, date]:
    monday = d - timedelta(days=d.weekday()) + timedelta(weeks=offset_weeks)
    return monday, monday + timedelta(days=6)


def _relative(word: str, published: date) -> tuple[date, date]:
    w = word.lower()
    if w in ("yesterday", "last night"):
        d = published - timedelta(days=1)
        return d, d
    if w == "tomorrow":
        d = published + timedelta(days=1)
        return d, d
    if w in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return published, published
    unit = w.split()[-1]
    if w.startswith("earlier"):
        lo, _ = _week(published, 0) if unit == "week" else (published, published)
        if unit == "month":
            lo = published.replace(day=1)
        elif unit == "year":
            lo = published.replace(month=1, day=1)
        return lo, published
    offset = {"last": -1, "this": 0, "next": 1}[w.split()[0]]
    if unit == "week":
        return _week(published, offset)
    if unit == "month":
        month = published.month + offset
        year = published.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        lo = date(year, month, 1)
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        return lo, nxt - timedelta(days=1)
    year = published.year + offset
    return date(year, 1, 1), date(year, 12, 31)


def extract(text: str, published: date | None = None) -> list[DateMention]:
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    future = bool(FUTURE.search(text))
    for pattern in PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            groups = m.groupdict()
            mention = _resolve(m.group(), s, e, groups, published, future)
            if mention is not None:
                found.append(replace(mention, spoken=SPOKEN.search(text[:s]) is not None))
                taken.append((s, e))
    return sorted(found, key=lambda x: x.start)


def _resolve(
    text: str, s: int, e: int, groups: dict[str, str | None], published: date | None, future: bool
) -> DateMention | None:
    if groups.get("relative"):
        if published is None:
            return None
        lo, hi = _relative(str(groups["relative"]), published)
        return DateMention(text, s, e, lo, hi)
    if groups.get("weekday"):
        wd = WEEKDAYS.index(str(groups["weekday"]).lower())
        if published is None:
            return DateMention(text, s, e, weekday=wd)
        delta = (wd - published.weekday()) % 7 if future else -((published.weekday() - wd) % 7)
        d = published + timedelta(days=delta)
        return DateMention(text, s, e, d, d, weekday=wd)
    month = MONTHS[str(groups["month"])[:3].lower()] if groups.get("month") else int(str(groups["mon"]))
    day = int(str(groups["day"]))
    year = int(str(groups["year"])) if groups.get("year") else (published.year if published else None)
    if year is None:
        return DateMention(text, s, e, month_day=(month, day))
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    return DateMention(text, s, e, d, d)


def compatible(x: DateMention, y: DateMention) -> bool | None:
    """True/False when the two mentions can/cannot name the same day; None when unknown."""
    if x.low and x.high and y.low and y.high:
        return x.low <= y.high and y.low <= x.high
    for p, q in ((x, y), (y, x)):
        if p.weekday is not None and p.low is None and q.low and q.high and q.low == q.high:
            return q.low.weekday() == p.weekday
        if p.month_day and q.low and q.low == q.high:
            return (q.low.month, q.low.day) == p.month_day
    if x.weekday is not None and y.weekday is not None and x.low is None and y.low is None:
        return x.weekday == y.weekday
    if x.month_day and y.month_day:
        return x.month_day == y.month_day
    return None


def disagreements(
    a: str, b: str, published_a: date | None = None, published_b: date | None = None
) -> list[tuple[DateMention, DateMention]]:
    """Date mentions on each side that no mention on the other side can match."""
    da, db = extract(a, published_a), extract(b, published_b)
    if not da or not db:
        return []
    # When a thing was said and when it happened are two different days to compare.
    lone_a = [x for x in da if _unmatched(x, [y for y in db if y.spoken == x.spoken])]
    lone_b = [y for y in db if _unmatched(y, [x for x in da if x.spoken == y.spoken])]
    pairs: list[tuple[DateMention, DateMention]] = []
    for spoken in (False, True):
        xs = [x for x in lone_a if x.spoken == spoken]
        pairs += zip(xs, [y for y in lone_b if y.spoken == spoken], strict=False)
    return sorted(pairs, key=lambda pair: pair[0].start)


def _unmatched(x: DateMention, others: list[DateMention]) -> bool:
    return bool(others) and all(compatible(x, y) is False for y in others)
