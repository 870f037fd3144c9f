"""Compare two aligned sentences: verdict, typed discrepancies, word diff.

Each detector lives in its own module (numbers, dates, entities, quotes,
negation) and reports the exact text and character span on each side; this
module runs them, drops duplicates, and marks which diff operations each
discrepancy touches so the UI can highlight them.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Literal

from claims.pipeline.compare import dates, entities, names, negation, number_pairs, places, quotes, speakers
from claims.pipeline.textutil import fold, tokenize

DiscrepancyType = Literal["number", "date", "entity", "negation", "attribution", "quote"]
Verdict = Literal["agree", "discrepancy"]
Span = tuple[int, int]


@dataclass(frozen=True)
class Discrepancy:
    type: DiscrepancyType
    a: str  # the differing text as it stands in sentence A
    b: str
    a_span: Span | None = None  # character offsets into sentence A
    b_span: Span | None = None
    confidence: float = 0.7

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
    a_span: Span | None = None
    b_span: Span | None = None
    types: tuple[str, ...] = ()  # discrepancy types whose spans touch this op


@dataclass
class Comparison:
    verdict: Verdict
    confidence: float
    discrepancies: list[Discrepancy] = field(default_factory=list)
    diff: list[DiffOp] = field(default_factory=list)


def word_diff(a: str, b: str) -> list[DiffOp]:
    """Token-level diff that keeps the original spacing of each side."""
    ta, tb = tokenize(a), tokenize(b)
    matcher = difflib.SequenceMatcher(
        a=[fold(t.text) for t in ta], b=[fold(t.text) for t in tb], autojunk=False
    )
    ops: list[DiffOp] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        span_a = (ta[i1].start, ta[i2 - 1].end) if i2 > i1 else None
        span_b = (tb[j1].start, tb[j2 - 1].end) if j2 > j1 else None
        text_a = a[span_a[0] : span_a[1]] if span_a else ""
        text_b = b[span_b[0] : span_b[1]] if span_b else ""
        ops.append(DiffOp(op=tag, a=text_a, b=text_b, a_span=span_a, b_span=span_b))
    return ops


@functools.lru_cache(maxsize=4096)
def _mentions(text: str, ner: str) -> tuple[entities.Mention, ...]:
    return tuple(entities.mentions(text, ner=ner))


def _overlaps(x: Span | None, y: Span | None) -> bool:
    return bool(x and y and x[0] < y[1] and y[0] < x[1])


def _entity_discrepancies(
    a: str, b: str, ma: list[entities.Mention], mb: list[entities.Mention], diff: list[DiffOp]
) -> list[Discrepancy]:
    out: list[Discrepancy] = []
    lone_a = [m for m in ma if not names.matches_any(m.text, [n.text for n in mb])]
    lone_b = [m for m in mb if not names.matches_any(m.text, [n.text for n in ma])]
    for op in diff:
        if op.op == "equal":
            continue
        # A name replaced by another name in the same place of the sentence.
        xs = [m for m in lone_a if _overlaps((m.start, m.end), op.a_span)]
        ys = [m for m in lone_b if _overlaps((m.start, m.end), op.b_span)]
        if xs and ys and _inside(a, xs[0], b, ys[0]):
            continue  # "Blaine, Wash." where the other names the United States: more detail
        if xs and ys and names.knight_either_side(a, xs[0], b, ys[0]):
            continue  # "Sir John" where the other says "Mr. Stevens"
        if xs and ys and _describes_member(a, xs[0]) != _describes_member(b, ys[0]):
            continue  # "the California Democrat" for "Pelosi": the state describes her
        if xs and ys and speakers.listener(a, xs[0]) != speakers.listener(b, ys[0]):
            continue  # "he told the lawyer, Joseph Sellers": who heard it is no replaced speaker
        if xs and ys and entities.comparable(xs[0], ys[0]):
            out.append(
                Discrepancy(
                    "entity", xs[0].text, ys[0].text, (xs[0].start, xs[0].end), (ys[0].start, ys[0].end)
                )
            )
            continue
        # A role changed: "minister" vs "deputy minister", "foreign" vs "defense
        # minister". Only short edits count, and a modifier only where it
        # qualifies a title or a name ("former President", not "former farmers").
        if len(op.a.split()) > 3 or len(op.b.split()) > 3:
            continue
        roles_a = _roles(op.a)
        roles_b = _roles(op.b)
        if THEN.search(op.a) or THEN.search(op.b):
            # "then-President Clinton" was the President and is now the former one.
            roles_a, roles_b = roles_a - {"former"}, roles_b - {"former"}
        # A role the other sentence also gives, in another place, is no change:
        # "Tillie Fowler, a former U.S. representative" / "former Rep. Tillie
        # Fowler"; "National's chief executive" / "chairman, president and CEO".
        roles_a, roles_b = roles_a - (_held_roles(b) - roles_b), roles_b - (_held_roles(a) - roles_a)
        changed = (roles_a ^ roles_b) & entities.ROLE_MODIFIERS
        # A modifier of a title counts only where the other sentence gives that
        # title: "CDC's deputy director" against a sentence naming no role of
        # his adds a role, it does not change one.
        modifier_changed = any(
            qualified is not None
            and (qualified == "" or qualified in _held_roles(other))
            # "Former Arkansas Gov. Mike Huckabee" / "who became Arkansas governor": both past.
            and not (word == "former" and qualified and _past_title(other, qualified))
            for word in changed
            for text, span, other in ((a, op.a_span, b), (b, op.b_span, a))
            if span and word in {fold(w) for w in text[span[0] : span[1]].split()}
            for qualified in [_qualified(text, span, word)]
        )
        # One side naming more of the titles ("chairman and CEO" for "chief
        # executive") adds detail; a modifier that changes the role is caught above.
        titles_swapped = roles_a and roles_b and not (roles_a <= roles_b or roles_b <= roles_a)
        if modifier_changed or titles_swapped:
            out.append(Discrepancy("entity", op.a, op.b, op.a_span, op.b_span, 0.6))
    return out


THEN = re.compile(r"\bthen-", re.IGNORECASE)


PARTY_MEMBER = re.compile(
    r"\s+(?:Democrat|Republican|Democratic|GOP|Independent)s?\b(?!\s+(?:Party|National))"
)


def _describes_member(text: str, name: entities.Mention) -> bool:
    """Whether the name is a place qualifying a party member: "the California Democrat"."""
    return PARTY_MEMBER.match(text, name.end) is not None


def _inside(a: str, x: entities.Mention, b: str, y: entities.Mention) -> bool:
    """Whether one name is the United States and the other a place in it."""
    return (places.is_united_states(x.text) and places.in_united_states(b, y.start, y.end)) or (
        places.is_united_states(y.text) and places.in_united_states(a, x.start, x.end)
    )


def _roles(text: str) -> set[str]:
    """The title words and role modifiers of an edit, each title in one form."""
    # "vice-chairman" is a vice chairman; "then-" only dates the title (see THEN).
    text = THEN.sub(" ", text)
    # A press secretary is the spokesman of whoever employs her.
    text = PRESS_SECRETARY.sub("spokesman", text)
    words = {fold(w).strip(".,") for w in re.split(r"[\s\-]+", text)}
    words = {entities.ABBREVIATED_TITLES.get(w, w) for w in words} & (
        entities.ROLE_MODIFIERS | entities.TITLES
    )
    roles = {entities.TITLE_FORMS.get(w, w) for w in words}
    return roles - {"officer"} if "chief" in roles else roles  # a chief executive officer is the CEO


PRESS_SECRETARY = re.compile(r"\bpress\s+secretary\b", re.IGNORECASE)
# A title in the possessive names an office, not a role anyone in the sentence holds:
# "worked in the attorney general's office" gives no attorney general.
OFFICE = re.compile(
    r"\b(?:[\w\-]+\s+){0,2}[\w\-]+['’]s\s+(?:office|department|staff|aides?)\b", re.IGNORECASE
)


@functools.lru_cache(maxsize=4096)
def _held_roles(text: str) -> frozenset[str]:
    """The titles a whole sentence gives, and the role modifiers in it that qualify a title or a name."""
    roles = _roles(OFFICE.sub(lambda m: " " * len(m.group()), text))
    whole = (0, len(text))
    return frozenset(
        w for w in roles if w not in entities.ROLE_MODIFIERS or _qualified(text, whole, w) is not None
    )


PAST_TITLE = r"\b(?:became|was|served as|had been)\s+(?:the\s+)?(?:[\w.\-]+\s+){{0,3}}{title}\b"


def _past_title(text: str, title: str) -> bool:
    """Whether the sentence gives the title only as one held before: "who became Arkansas governor"."""
    said = re.findall(rf"\b{title}\b", text, re.IGNORECASE)
    past = re.findall(PAST_TITLE.format(title=title), text, re.IGNORECASE)
    return bool(said) and len(past) == len(said)


def _qualified(text: str, span: Span, word: str) -> str | None:
    """What `word` inside span qualifies: the title after it (in one form), "" for a
    capitalised name, None for an adjective of a common noun ("his former Australian boss")."""
    tokens = [t for t in tokenize(text) if t.is_word]
    for k, tok in enumerate(tokens[:-1]):
        if span[0] <= tok.start < span[1] and fold(tok.text) == word:
            nxt = tokens[k + 1].text
            # The title may come after the place it is of: "former Massachusetts Gov. Mitt Romney".
            for later in tokens[k + 1 : k + 4]:
                folded = fold(later.text).strip(".")
                title = entities.ABBREVIATED_TITLES.get(folded, folded)
                if title in entities.TITLES:
                    return entities.TITLE_FORMS.get(title, title)
                if not later.text[:1].isupper():
                    break
            after = tokens[k + 2].text if k + 2 < len(tokens) else ""
            name = nxt[:1].isupper() and not (after[:1].islower() and fold(after) not in entities.TITLES)
            return "" if name else None
    return None


def compare_pair(
    a: str,
    b: str,
    *,
    published_a: date | None = None,
    published_b: date | None = None,
    ner: str = "auto",
) -> Comparison:
    """Compare sentence a with sentence b. ner: 'auto' (spaCy when installed), 'spacy' or 'regex'."""
    diff = word_diff(a, b)
    found: list[Discrepancy] = []
    for qa, qb in number_pairs.disagreements(a, b, rounding=True):
        conf = 0.7 if (qa.vague or qb.vague) else 0.85
        found.append(Discrepancy("number", qa.text, qb.text, (qa.start, qa.end), (qb.start, qb.end), conf))
    for da, db in dates.disagreements(a, b, published_a, published_b):
        conf = 0.8 if published_a and published_b else 0.6
        found.append(Discrepancy("date", da.text, db.text, (da.start, da.end), (db.start, db.end), conf))
    ma, mb = list(_mentions(a, ner)), list(_mentions(b, ner))
    speakers_differ = speakers.attribution_differences(a, b, ma, mb)
    for sa, sb in speakers_differ:
        found.append(
            Discrepancy("attribution", sa.text, sb.text, (sa.start, sa.end), (sb.start, sb.end), 0.75)
        )
    credited = {(s.start, s.end) for s, _ in speakers_differ} | {(s.start, s.end) for _, s in speakers_differ}
    for d in _entity_discrepancies(a, b, ma, mb, diff):
        if d.a_span not in credited and d.b_span not in credited:
            found.append(d)
    for qa_, qb_ in quotes.quote_differences(a, b):
        found.append(
            Discrepancy("quote", qa_.text, qb_.text, (qa_.start, qa_.end), (qb_.start, qb_.end), 0.7)
        )
    for pa, pb in negation.flips(a, b):
        found.append(
            Discrepancy(
                "negation",
                a[pa.start : pa.end],
                b[pb.start : pb.end],
                (pa.start, pa.end),
                (pb.start, pb.end),
                0.7,
            )
        )
    found = _dedupe(found)
    diff = [_mark(op, found) for op in diff]
    if found:
        miss = 1.0
        for d in found:
            miss *= 1.0 - d.confidence
        return Comparison("discrepancy", round(1.0 - miss, 3), found, diff)
    same = difflib.SequenceMatcher(
        a=[fold(t.text) for t in tokenize(a)], b=[fold(t.text) for t in tokenize(b)], autojunk=False
    ).ratio()
    # Agreement is surer when the wording is close: fewer places for a
    # difference the detectors do not know about.
    return Comparison("agree", round(0.55 + 0.4 * same, 3), [], diff)


def _dedupe(found: list[Discrepancy]) -> list[Discrepancy]:
    """One report per place: a number inside a quote is a number, not also a quote."""
    priority = ["number", "date", "attribution", "entity", "negation", "quote"]
    kept: list[Discrepancy] = []
    for d in sorted(found, key=lambda d: priority.index(d.type)):
        clash = any(
            k.type != d.type and _overlaps(k.a_span, d.a_span) and _overlaps(k.b_span, d.b_span) for k in kept
        )
        same_place = any(k.type == d.type and k.a_span == d.a_span and k.b_span == d.b_span for k in kept)
        if not clash and not same_place:
            kept.append(d)
    return sorted(kept, key=lambda d: (d.a_span or (0, 0), priority.index(d.type)))


def _mark(op: DiffOp, found: list[Discrepancy]) -> DiffOp:
    types = tuple(
        sorted({d.type for d in found if _overlaps(op.a_span, d.a_span) or _overlaps(op.b_span, d.b_span)})
    )
    if not types or op.op == "equal":
        return op
    return DiffOp(op.op, op.a, op.b, op.a_span, op.b_span, types)
