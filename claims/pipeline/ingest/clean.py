"""Clean scraped article text: drop furniture, keep every sentence of the story.

The input is text after the header (title, date, URL lines) was taken off.
Lines are judged first on their own (clean_rules), then in context: the end
of the story, captions next to credits, names split off a sentence, bylines,
headings, datelines, paragraphs in another language, repeats. Nothing is
dropped silently: every removal is a RemovedBlock with a reason, so an
editor can see it and put it back.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from claims.pipeline.ingest import clean_meta as meta
from claims.pipeline.ingest import clean_rules as rules
from claims.pipeline.ingest.clean_lang import guess_language

SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
MAX_CAPTION_WORDS = 50
# Words a caption almost never has but a story sentence often does: a caption
# describes a picture, it does not report speech or predict.
NOT_CAPTION = re.compile(r"[“”\"]|\b(?:said|says|told|tells|will|would|according|added|asked)\b")
HEADER_ZONE = 3  # paragraphs at the top where a lone name is a byline, not a caption label
BLANK_LINE_MODE = 0.3  # share of blank-line gaps above which a single newline is a soft wrap
# Reasons for removed lines that can sit between two halves of one sentence in scraped
# pages (an image dropped in mid-paragraph); other removals end the paragraph.
INTERRUPTIONS = {rules.IMAGE, rules.CAPTION, rules.CREDIT, rules.HASH, rules.SHARE}


@dataclass(frozen=True)
class RemovedBlock:
    text: str
    reason: str
    position: int  # index of the line among the raw text's non-empty lines


@dataclass
class Line:
    text: str
    position: int
    block: int  # blank-line separated block the line sits in
    reason: str | None = None


@dataclass
class Paragraph:
    text: str
    position: int
    last_position: int
    block: int


@dataclass
class Cleaned:
    paragraphs: list[str]
    removed: list[RemovedBlock] = field(default_factory=list)
    byline: str | None = None
    credits: list[str] = field(default_factory=list)
    dateline: str | None = None
    language: str | None = None


def normalise(text: str) -> str:
    """NFC, Unix newlines, one plain space between words, no invisible characters."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = INVISIBLE.sub("", text)
    return "\n".join(SPACES.sub(" ", line).strip() for line in text.split("\n"))


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with their position and blank-line block."""
    lines: list[Line] = []
    block = 0
    for raw in normalise(text).split("\n"):
        if not raw:
            block += 1
            continue
        lines.append(Line(raw, len(lines), block))
    return lines


def clean(
    lines: list[Line],
    *,
    title: str | None = None,
    agency_names: Iterable[str] = (),
    language: str | None = None,
) -> Cleaned:
    """Clean the body lines of an article; language forces the expected language (else guessed)."""
    removed: list[RemovedBlock] = []
    _classify(lines, removed, list(agency_names))
    _mark_end_of_story(lines)
    _mark_captions(lines)
    paragraphs = _join(lines, blank_lines=_blank_line_mode(lines))
    out = Cleaned(paragraphs=[])
    for line in lines:
        if line.reason:
            removed.append(RemovedBlock(line.text, line.reason, line.position))
            _harvest(line, out)
    paragraphs = _names_and_headings(paragraphs, removed, out)
    paragraphs = _dateline(paragraphs, removed, out)
    paragraphs = _update_labels(paragraphs, removed)
    paragraphs = _language(paragraphs, removed, out, language)
    paragraphs = _repeats(paragraphs, removed, title)
    # A byline line beats the names a closing credit gives ("X reported from Y").
    for credit in out.credits:
        out.byline = out.byline or meta.names_from_credit(credit)
    out.paragraphs = [p.text for p in paragraphs]
    out.removed = sorted(removed, key=lambda b: b.position)
    return out


def _classify(lines: list[Line], removed: list[RemovedBlock], agency_names: list[str]) -> None:
    line_rules = rules.line_rules(agency_names)
    for line in lines:
        line.reason = rules.classify(line.text, line_rules)
        if line.reason:
            continue
        if len(rules.words(line.text)) <= MAX_CAPTION_WORDS and rules.INLINE_CREDIT.search(line.text):
            line.reason = rules.CAPTION  # "A caption sentence. Photo: Jane Doe/Getty Images"
            continue
        hashes = rules.HEX_HASH.findall(line.text)
        if hashes:
            for found in hashes:
                removed.append(RemovedBlock(found, rules.HASH, line.position))
            line.text = SPACES.sub(" ", rules.HEX_HASH.sub("", line.text)).strip()


def _mark_end_of_story(lines: list[Line]) -> None:
    """After a related-stories header or teaser, nothing is the story any more."""
    seen_story = False
    for index, line in enumerate(lines):
        if line.reason is None and len(rules.words(line.text)) >= 8:
            seen_story = True
        if seen_story and rules.is_end_marker(line.text):
            for later in lines[index:]:
                if later.reason is None or later.reason == rules.RELATED_LINK:
                    later.reason = rules.RELATED
            return


def _mark_captions(lines: list[Line]) -> None:
    """The block between an image marker and a credit, or a caption-like one right before a credit."""
    for index, line in enumerate(lines):
        if line.reason != rules.CREDIT or index == 0:
            continue
        before = lines[index - 1]
        if before.reason is not None:
            continue
        after_marker = index >= 2 and lines[index - 2].reason == rules.IMAGE
        caption_like = (
            len(rules.words(before.text)) <= MAX_CAPTION_WORDS
            and before.text.count(". ") <= 1
            and not NOT_CAPTION.search(before.text)
        )
        if after_marker or caption_like:
            before.reason = rules.CAPTION


def _blank_line_mode(lines: list[Line]) -> bool:
    gaps = [b.block != a.block for a, b in itertools.pairwise(lines)]
    return bool(gaps) and sum(gaps) >= BLANK_LINE_MODE * len(gaps)


def _continues(prev: Paragraph, line: Line, *, blank_lines: bool, interrupted: bool) -> bool:
    """Whether line continues the sentence prev was cut in, rather than starting a paragraph."""
    text, before = line.text, prev.text
    if rules.is_terminated(before):
        return False
    lower = text[0].islower() or text[0] in ",;:)”’"
    long_enough = len(rules.words(before)) >= 5
    if long_enough and (lower or rules.is_name_fragment(text)):
        return True  # "Presidential spokesman" / "Dmitry Peskov" / "told reporters ..."
    if interrupted:
        return False
    if rules.open_quote(before) and long_enough:
        return True  # a quotation broken over a line
    # Blank-line separated text: a single newline inside a block is a soft wrap.
    return blank_lines and line.block == prev.block and long_enough


def _join(lines: list[Line], *, blank_lines: bool) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    interrupted = False
    barrier = False
    for line in lines:
        if line.reason:
            interrupted = True
            barrier = barrier or line.reason not in INTERRUPTIONS
            continue
        prev = paragraphs[-1] if paragraphs else None
        if prev and not barrier and _continues(prev, line, blank_lines=blank_lines, interrupted=interrupted):
            prev.text = f"{prev.text} {line.text}"
            prev.last_position, prev.block = line.position, line.block
        else:
            paragraphs.append(Paragraph(line.text, line.position, line.position, line.block))
        interrupted = barrier = False
    return paragraphs


def _harvest(line: Line, out: Cleaned) -> None:
    """Keep the metadata that removed lines carry: bylines and reporting credits."""
    if line.reason == rules.BYLINE and not out.byline:
        out.byline = meta.byline_names(line.text)
    elif line.reason in (rules.CONTRIBUTORS, rules.CONTACT):
        out.credits.append(line.text)


def _is_name_line(text: str) -> bool:
    parts = meta.split_glued_names(text)
    return all(rules.is_name_fragment(p) for p in parts)


def _names_and_headings(
    paragraphs: list[Paragraph], removed: list[RemovedBlock], out: Cleaned
) -> list[Paragraph]:
    kept: list[Paragraph] = []
    first_dateline = next(
        (i for i, p in enumerate(paragraphs[:5]) if meta.split_dateline(p.text)[0]), HEADER_ZONE
    )
    for index, para in enumerate(paragraphs):
        reason = None
        if _is_name_line(para.text) or (
            index < first_dateline and rules.BYLINE_LINE.match(para.text.replace(" and ", ", "))
        ):
            if index < first_dateline and not out.byline:
                out.byline = meta.byline_names(para.text)
                reason = rules.BYLINE
            else:
                reason = rules.NAME_LABEL  # "Vladimir Putin." under a photo
        elif rules.is_heading(para.text) and len(paragraphs) > 1:
            reason = rules.HEADING
        if reason:
            removed.append(RemovedBlock(para.text, reason, para.position))
        else:
            kept.append(para)
    return kept


def _dateline(paragraphs: list[Paragraph], removed: list[RemovedBlock], out: Cleaned) -> list[Paragraph]:
    for para in paragraphs[:4]:
        place, rest = meta.split_dateline(para.text)
        if place:
            out.dateline = place
            opening = para.text[: len(para.text) - len(rest)].strip()
            removed.append(RemovedBlock(opening, rules.DATELINE, para.position))
            para.text = rest
            break
    return paragraphs


def _update_labels(paragraphs: list[Paragraph], removed: list[RemovedBlock]) -> list[Paragraph]:
    """Drop the "UPDATE: 7:19 p.m. --" a live story puts before a paragraph it added; a label
    alone is no paragraph. Two outlets' labels would otherwise align as one claim."""
    kept = []
    for para in paragraphs:
        label = rules.UPDATE_OPENING.match(para.text)
        if label is not None:
            opening, rest = label.group(), para.text[label.end() :]
            if not rest or re.search(r"[:—–]|--", opening):
                removed.append(RemovedBlock(opening.strip(), rules.UPDATE_LABEL, para.position))
                para.text = rest.strip()
                if not para.text:
                    continue
        kept.append(para)
    return kept


def _language(
    paragraphs: list[Paragraph], removed: list[RemovedBlock], out: Cleaned, expected: str | None
) -> list[Paragraph]:
    whole = guess_language("\n".join(p.text for p in paragraphs))
    out.language = expected or whole or ("en" if paragraphs else None)
    kept: list[Paragraph] = []
    for para in paragraphs:
        lang = guess_language(para.text)
        if lang is not None and lang != out.language:
            removed.append(RemovedBlock(para.text, rules.OTHER_LANGUAGE, para.position))
        else:
            kept.append(para)
    return kept


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _repeats(paragraphs: list[Paragraph], removed: list[RemovedBlock], title: str | None) -> list[Paragraph]:
    seen = {_key(title)} if title else set()
    kept: list[Paragraph] = []
    for para in paragraphs:
        key = _key(para.text)
        if key in seen:
            removed.append(RemovedBlock(para.text, rules.REPEATED, para.position))
        else:
            seen.add(key)
            kept.append(para)
    return kept
