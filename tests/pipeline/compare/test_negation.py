"""Polarity: a negation moved to another word is no flip; an odd one out still is."""

from __future__ import annotations

import pytest

from claims.pipeline.compare.negation import (
    flips,
    negations,
    negator_count,
    polar_items,
    trained_negator_count,
)
from claims.pipeline.compare.pair import compare_pair


def negation_found(a: str, b: str) -> bool:
    return "negation" in {d.type for d in compare_pair(a, b, ner="regex").discrepancies}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # The negation sits on another word of the same statement.
        (
            "No vaccine is expected to replace masks this winter.",
            "Nobody says a vaccine could replace masks.",
        ),
        ("The board would not publish the report.", "The board had no plans to publish the report."),
        ("None of the ministers opposed the plan outright.", "But none of them opposed the plan outright."),
        # Two negations on one side say what one says on the other.
        ("The mayor confirmed the water was not affected.", "The mayor denied the water had been affected."),
        # Scraped text drops apostrophes; a noun negates like its verb.
        ('"I don\'t know anyone who wants it," he said.', '"I dont know anyone who wants it," he said.'),
        ("Their failure to agree on a budget ended the talks.", "They failed to agree on a budget."),
    ],
)
def test_a_negation_in_another_place_is_no_flip(a: str, b: str) -> None:
    assert not negation_found(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The mayor confirmed the water was not affected.",
            "The mayor confirmed the water had been affected.",
        ),
        ("The union accepted the offer.", "The union rejected the offer."),
        ("The Kremlin has denied it plans an attack.", "The Kremlin has confirmed it plans an attack."),
        ("Officials said no decisions had been made.", "Officials said decisions had been made."),
        ("He dont support the bill.", "He supports the bill."),
    ],
)
def test_an_odd_number_of_negations_apart_is_a_flip(a: str, b: str) -> None:
    assert negation_found(a, b)


def test_an_open_question_differs_whatever_the_count() -> None:
    # Both sides negate once, but one leaves open what the other states.
    a = "The company did not deny it would pay for the cleanup."
    b = "The company has not said whether it will pay for the cleanup."
    assert any(0 in (x.sign, y.sign) for x, y in flips(a, b))


def test_negations_count_negators_negating_verbs_and_negative_words() -> None:
    assert negations("The plan was approved.") == 0
    assert negations("The plan was not approved.") == 1
    assert negations("The board rejected the plan.") == 1
    assert negations("Its refusal to sign did not surprise anyone.") == 2
    assert negations("Their failure to agree") == 1  # counted once, as a negating noun


def test_the_feature_classifier_counts_negations_as_it_was_trained() -> None:
    from claims.pipeline.compare.negation import trained_negator_count

    text = "I dont know, but he did not go and refused to sign; their refusal to pay"
    assert trained_negator_count(text) == 2  # "not", "refused to": not the later additions
    assert negations(text) == 4


def test_a_question_a_negated_noun_leaves_open_and_a_claim_not_made() -> None:
    # "without word on whether" leaves the question open like "nobody knew whether".
    assert (
        flips(
            "The port reopened without any word on whether the tanker would be moved.",
            "The port reopened, though nobody knew whether the tanker would be moved.",
        )
        == []
    )
    # "did not say it would pay" is as open as "has not said whether it will pay"...
    assert (
        flips(
            "The insurer did not say it would pay for the repairs.",
            "The insurer has not said whether it will pay for the repairs.",
        )
        == []
    )
    # ... and against a side that states it, still a difference of commitment.
    assert negation_found(
        "The insurer has not said whether it will pay for the repairs.",
        "The insurer said it would pay for the repairs.",
    )
    # A question about something else ("when") leaves the shared words stated.
    assert (
        flips("The agency could not say when the tape was made.", "The agency put no date on the tape.") == []
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # An aside between the negating verb and its "to"; "declined comment".
        (
            "The mayor declined, through an aide, to comment on the spill.",
            "The mayor declined to comment on the spill.",
        ),
        ("The mayor would not comment on the spill.", "The mayor declined comment on the spill."),
        # "not until" dates a thing, it does not deny it.
        ("The vote is not until March 9.", "The vote will be March 9."),
        # "neither ... nor" is one negation.
        ("Neither the mayor nor her deputy was hurt.", "The mayor and her deputy were not hurt."),
        # "unless" is "if not"; "lacked" is "had no".
        ("If the fees are not paid, the port will close.", "The port will close unless the fees are paid."),
        ("The court said the board lacked the authority.", "The court said the board had no authority."),
    ],
)
def test_other_ways_of_saying_one_negation(a: str, b: str) -> None:
    assert flips(a, b) == []


def test_those_ways_still_differ_from_the_positive() -> None:
    assert flips(
        "The court said the board lacked the authority.", "The court said the board had the authority."
    )
    assert flips(
        "The mayor declined, through an aide, to comment on it.", "The mayor chose to comment on it."
    )


def test_cannot_rule_out_leaves_it_open() -> None:
    a = "Officials said it was not possible to rule out that the dam would fail."
    assert flips(a, "Officials said it was not possible to say whether the dam would fail.") == []
    assert flips(a, "Officials said the dam would fail.")


@pytest.mark.parametrize(
    ("a", "b", "flip"),
    [
        ("Ferry operators rarely keep full lists.", "Ferry operators usually do not keep full lists.", False),
        ("Ferry operators rarely keep full lists.", "Ferry operators keep full lists.", True),
        ("The mayor seldom attends the hearings.", "The mayor attends the hearings.", True),
        ("The crew barely survived the storm.", "The crew survived the storm.", False),
    ],
)
def test_an_adverb_that_denies_the_usual_case_negates(a: str, b: str, flip: bool) -> None:
    assert bool(flips(a, b)) == flip
    assert bool(flips(b, a)) == flip


def test_the_feature_classifier_still_counts_negators_as_trained() -> None:
    # Its input must not drift with the polarity rules: the negative adverbs are left out.
    assert trained_negator_count("Operators rarely keep lists and seldom say so.") == 0
    assert negator_count("Operators rarely keep lists and seldom say so.") == 2


def test_a_possessive_passes_the_negation_to_its_noun() -> None:
    signs = {p.concept: p.sign for p in polar_items("He meant not the mayor's record but her plan.")}
    assert signs["record"] == -1
    assert all(sign == 1 for concept, sign in signs.items() if "mayor" in concept)


def test_a_name_is_no_predicate() -> None:
    # An open question about "President Obama" against a sentence that names him states nothing of him.
    a = "Rob Lane said he was not questioning whether President Obama is a Christian."
    b = "Rob Lane tried to clarify his comment that President Obama held a phony theology."
    assert flips(a, b) == [] and flips(b, a) == []
    # The first word of a sentence is capitalised whatever it is, and still counts.
    assert flips("Confirmed: the plant will reopen.", "The plant will not reopen.")


def test_a_when_clause_after_an_open_question_is_told_not_asked() -> None:
    a = "Rob Lane said he was not questioning whether the mayor is honest when he referred to her phony plan."
    b = "Rob Lane tried to clarify, saying he was referring not to the mayor's honesty but to her plan."
    assert flips(a, b) == []
    # What the question asks stays open.
    assert flips("Acme has not said whether it will pay when the money runs out.", "Acme said it will pay.")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The charges were dismissed in county court.",
            "The county judge approved dismissal of the charges.",
        ),
        ("The ministry confirmed the leak.", "The ministry issued a confirmation of the leak."),
    ],
)
def test_a_verbs_noun_carries_its_sign(a: str, b: str) -> None:
    assert flips(a, b) == []


def test_a_noun_of_the_opposite_sign_still_flips() -> None:
    assert [
        (x.concept, y.concept)
        for x, y in flips("The ministry confirmed the leak.", "The ministry issued a denial of the leak.")
    ] == [("confirm", "confirm")]


def test_nor_with_an_auxiliary_negates_the_verb_not_its_subject() -> None:
    a = "The searches have not found the drums or significant traces of the dye."
    b = "The drums have not turned up, nor has significant evidence of the dye."
    assert flips(a, b) == []
    # The verb after the subject is still denied.
    c = "The mayor did not resign, nor has she been charged."
    assert [x.concept for x, _ in flips(c, "The mayor was charged.")] == ["charge"]
