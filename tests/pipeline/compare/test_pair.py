"""compare_pair: every discrepancy type found when present and silent when absent.

Fast tests use the regex name finder (ner="regex"); one slow test uses spaCy.
"""

from __future__ import annotations

from datetime import date

import pytest

from claims.pipeline.compare.pair import Comparison, compare_pair, word_diff

TUESDAY = date(2022, 3, 8)


def cmp(a: str, b: str, **kw: object) -> Comparison:
    return compare_pair(a, b, ner="regex", **kw)  # type: ignore[arg-type]


def types(result: Comparison) -> set[str]:
    return {d.type for d in result.discrepancies}


def test_identical_sentences_agree() -> None:
    r = cmp("NATO rejected the demand on Wednesday.", "NATO rejected the demand on Wednesday.")
    assert r.verdict == "agree" and not r.discrepancies and 0 < r.confidence <= 1


# --- numbers ---------------------------------------------------------------


def test_number_difference_found_with_spans() -> None:
    a, b = "The army sent 3,000 troops to the border.", "The army sent 2,000 troops to the border."
    r = cmp(a, b)
    assert r.verdict == "discrepancy" and types(r) == {"number"}
    d = r.discrepancies[0]
    assert (d.a, d.b) == ("3,000", "2,000")
    assert d.a_span and a[d.a_span[0] : d.a_span[1]] == "3,000"
    assert d.b_span and b[d.b_span[0] : d.b_span[1]] == "2,000"


def test_about_vs_exact_is_not_a_discrepancy() -> None:
    assert cmp("About 3,000 troops were sent.", "3,000 troops were sent.").verdict == "agree"


def test_vague_amounts_that_cannot_overlap_differ() -> None:
    r = cmp("About 3,000 troops were sent.", "Some 2,000 troops were sent.")
    assert types(r) == {"number"}


def test_magnitude_class_discrepancy() -> None:
    r = cmp("Russia has massed 120,000 troops.", "Russia has massed tens of thousands of troops.")
    assert types(r) == {"number"}
    assert (
        cmp("Russia massed 50,000 troops.", "Russia massed tens of thousands of troops.").verdict == "agree"
    )


def test_written_numbers_money_and_percent() -> None:
    assert cmp("Three thousand soldiers arrived.", "3,000 soldiers arrived.").verdict == "agree"
    assert types(cmp("It paid $2.5 billion.", "It paid $1.8 billion.")) == {"number"}
    assert types(cmp("Sales fell 20 percent.", "Sales fell 12%.")) == {"number"}


def test_extra_number_on_one_side_is_not_a_discrepancy() -> None:
    assert cmp("It sent 2,000 troops and 50 tanks.", "It sent 50 tanks.").verdict == "agree"


# --- dates -----------------------------------------------------------------


def test_weekday_resolving_to_same_date_agrees() -> None:
    r = cmp("They met on Monday.", "They met on March 7.", published_a=TUESDAY, published_b=TUESDAY)
    assert r.verdict == "agree"


def test_different_weekdays_differ() -> None:
    r = cmp("They met on Monday.", "They met on Thursday.", published_a=TUESDAY, published_b=TUESDAY)
    assert types(r) == {"date"}


def test_relative_dates_across_publication_days() -> None:
    # Published a day apart: "yesterday" in the later one is "today" in the earlier one.
    r = cmp("They met today.", "They met yesterday.", published_a=TUESDAY, published_b=date(2022, 3, 9))
    assert r.verdict == "agree"
    assert types(cmp("They met last week.", "They met today.", published_a=TUESDAY, published_b=TUESDAY)) == {
        "date"
    }


# --- entities ----------------------------------------------------------------


def test_different_place_is_entity_discrepancy() -> None:
    r = cmp("The talks were held in Geneva.", "The talks were held in Vienna.")
    assert types(r) == {"entity"}
    assert (r.discrepancies[0].a, r.discrepancies[0].b) == ("Geneva", "Vienna")


def test_role_change_is_entity_discrepancy() -> None:
    r = cmp("Foreign Minister Anna Kovac attended.", "Deputy Foreign Minister Anna Kovac attended.")
    assert types(r) == {"entity"}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Officials met in Kyiv.", "Officials met in Kiev."),
        ("Mikhail Mishustin spoke.", "Michail Mishustin spoke."),
        ("Dmitri Peskov spoke to reporters.", "Dmitry Peskov spoke to reporters."),
        # Arabic dhal written "dh" or "d": one name.
        ("It looks like al-Qaddafi is going to win.", "It looks like Gadhafi is going to win."),
        ("It was published by El País.", "It was published by El Pais."),
        ("Antony J. Blinken spoke in Washington.", "Antony Blinken spoke in Washington."),
        ("The plan was sent to Mr. Putin.", "The plan was sent to Vladimir V. Putin."),
        ("The U.S. rejected the demand.", "The United States rejected the demand."),
    ],
)
def test_name_variants_are_not_discrepancies(a: str, b: str) -> None:
    assert cmp(a, b).verdict == "agree"


# --- negation ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The ministry confirmed the report.", "The ministry denied the report."),
        ("She will attend the summit.", "She will not attend the summit."),
        ("There was no comment yet from the ministry.", "The ministry commented at once."),
        ("The council rejected the plan.", "The council accepted the plan."),
    ],
)
def test_polarity_flips_found(a: str, b: str) -> None:
    assert types(cmp(a, b)) == {"negation"}
    assert types(cmp(b, a)) == {"negation"}


def test_negated_antonym_is_agreement() -> None:
    assert cmp("The council did not accept the plan.", "The council rejected the plan.").verdict == "agree"


# --- attribution and quotes ------------------------------------------------------------


def test_different_speaker_is_attribution() -> None:
    r = cmp("The troops will leave soon, Mr. Kirby said.", "The troops will leave soon, Mr. Blinken said.")
    assert types(r) == {"attribution"}
    r = cmp(
        "According to Mr. Kirby, the troops will leave.", "According to Ms. Psaki, the troops will leave."
    )
    assert types(r) == {"attribution"}


def test_same_speaker_other_form_and_missing_speaker_agree() -> None:
    assert (
        cmp("The deal is off, Vladimir V. Putin said.", "The deal is off, Mr. Putin said.").verdict == "agree"
    )
    assert cmp("“The deal is off,” Mr. Putin said.", "“The deal is off.”").verdict == "agree"


def test_speaker_appositive_is_not_a_second_speaker() -> None:
    a = "Jens Stoltenberg, NATO's secretary general, said the reply was sent."
    b = "The reply was sent, Mr. Stoltenberg said."
    assert cmp(a, b).verdict == "agree"


def test_quote_wording_differs() -> None:
    r = cmp(
        "He called it “a serious diplomatic path forward.”",
        "He called it “a serious diplomatic way forward.”",
    )
    assert types(r) == {"quote"}


def test_quote_fragment_and_punctuation_agree() -> None:
    assert (
        cmp(
            "He called it “a serious diplomatic path forward.”", "He called it a “serious diplomatic path.”"
        ).verdict
        == "agree"
    )
    assert cmp('He said "We are ready."', "He said “we are ready”.").verdict == "agree"


# --- diff ------------------------------------------------------------------------------


def test_word_diff_keeps_text_and_marks_discrepancies() -> None:
    a, b = "The talks were held in Geneva on Monday.", "The talks were held in Vienna on Monday."
    ops = word_diff(a, b)
    assert "".join(op.a + " " for op in ops).split() == a.split()
    r = cmp(a, b)
    replaced = [op for op in r.diff if op.op == "replace"]
    assert replaced and replaced[0].a == "Geneva" and replaced[0].types == ("entity",)
    assert all(op.types == () for op in r.diff if op.op == "equal")


def test_insert_and_delete_ops() -> None:
    ops = word_diff("NATO rejected the demand.", "NATO firmly rejected the demand.")
    assert [op.op for op in ops] == ["equal", "insert", "equal"]
    assert ops[1].b == "firmly" and ops[1].a == ""


def test_discrepancy_as_dict_is_json_ready() -> None:
    d = cmp("The army sent 3,000 troops.", "The army sent 2,000 troops.").discrepancies[0].as_dict()
    assert d["type"] == "number" and d["a_span"] == [14, 19]


@pytest.mark.slow
def test_spacy_entities_path() -> None:
    r = compare_pair("The talks were held in Geneva.", "The talks were held in Vienna.", ner="spacy")
    assert types(r) == {"entity"}
    assert compare_pair("Officials met in Kyiv.", "Officials met in Kiev.", ner="spacy").verdict == "agree"


def test_a_question_left_open_differs_from_an_answer() -> None:
    from claims.pipeline.compare.negation import flips

    stated = "The shipping company said it would pay for the cleanup in full."
    for open_ in (
        "The shipping company has not said whether it will pay for the cleanup.",
        "The shipping company declined to say if it would pay for the cleanup.",
    ):
        result = compare_pair(stated, open_)
        assert result.verdict == "discrepancy"
        assert [d.type for d in result.discrepancies] == ["negation"]
    both_open = flips(
        "The company has not decided whether it will pay.", "The company has not said whether it will pay."
    )
    assert both_open == []
    assert (
        flips("If the rain holds, the match will be played.", "The match will be played if the rain holds.")
        == []
    )


def test_a_question_both_sides_leave_open_is_no_difference() -> None:
    from claims.pipeline.compare.negation import flips

    assert (
        flips(
            "Officials did not say whether the patrol crossed the border and were vague about the rest.",
            "Officials did not say whether the patrol, acting on a tip, crossed the border.",
        )
        == []
    )
    assert (
        flips("I don't know whether that means two years.", "Whether that means two years, I don't know.")
        == []
    )
