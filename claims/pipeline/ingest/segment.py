"""Sentence segmentation with spaCy, paragraph by paragraph.

Paragraphs are split first so a headline, a dateline or a caption can never be
glued to the sentence after it; spaCy only ever sees one paragraph at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from claims.pipeline.nlp import load_nlp, unused_for_sentences

PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n(?=\S)")
# A dateline opens a story's first paragraph: "BRUSSELS —", "WASHINGTON AP --",
# "MOSCOW—". It says where the story was filed, not a claim, so it is kept out
# of the first sentence's text.
DATELINE = re.compile(
    r"^(?P<dateline>[A-Z][A-Z .,'’-]{1,40}?(?:\s*\(?(?:AP|Reuters|AFP)\)?)?\s*(?:—|–|--|-)\s*)(?=\S)"
)


@dataclass(frozen=True)
class SentenceSpan:
    text: str
    start: int  # character offsets into the cleaned body
    end: int
    paragraph: int


def paragraphs(body: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) offsets of non-empty paragraphs in body."""
    pos = 0
    for match in PARAGRAPH_BREAK.finditer(body):
        yield from _trimmed(body, pos, match.start())
        pos = match.end()
    yield from _trimmed(body, pos, len(body))


def _trimmed(body: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def strip_dateline(body: str, start: int, end: int) -> int:
    """Return the offset where the paragraph's text starts after any dateline."""
    match = DATELINE.match(body, start, end)
    if match and len(match.group("dateline").strip(" —–-")) >= 3:
        return match.end()
    return start


def segment(body: str, *, model: str, nlp: Any = None) -> list[SentenceSpan]:
    """Split a cleaned article body into sentences with offsets into body."""
    nlp = nlp or load_nlp(model)
    spans: list[SentenceSpan] = []
    paras = list(paragraphs(body))
    starts = [strip_dateline(body, s, e) if i == 0 else s for i, (s, e) in enumerate(paras)]
    texts = [body[s:e] for s, (_, e) in zip(starts, paras, strict=True)]
    # Tagger and NER change no boundary (checked on the seeds and 60 BASIL
    # articles: identical spans) and cost most of the time: skip them here.
    docs = nlp.pipe(texts, batch_size=32, disable=unused_for_sentences(nlp))
    for index, (doc, offset) in enumerate(zip(docs, starts, strict=True)):
        pending: tuple[int, int] | None = None
        for sent in doc.sents:
            s, e = sent.start_char, sent.end_char
            if pending is not None and _continues(doc.text, pending, (s, e)):
                pending = (pending[0], e)
                continue
            if pending is not None:
                spans.append(_span(body, offset, pending, index))
            pending = (s, e)
        if pending is not None:
            spans.append(_span(body, offset, pending, index))
    return [span for span in spans if any(ch.isalnum() for ch in span.text)]


def _continues(text: str, prev: tuple[int, int], cur: tuple[int, int]) -> bool:
    """True when spaCy split inside a quotation or before a lowercase continuation."""
    before = text[prev[0] : prev[1]]
    current = text[cur[0] : cur[1]].lstrip()
    if before.count("“") > before.count("”") or before.count('"') % 2 == 1:
        return True
    # Fragments such as `he said.` or `”` split off after a closing quote.
    return bool(current) and (current[0].islower() or current[0] in "”’,;:)")


def _span(body: str, offset: int, local: tuple[int, int], paragraph: int) -> SentenceSpan:
    start, end = offset + local[0], offset + local[1]
    while end > start and body[end - 1].isspace():
        end -= 1
    return SentenceSpan(text=body[start:end], start=start, end=end, paragraph=paragraph)
