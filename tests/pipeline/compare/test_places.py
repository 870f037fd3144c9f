"""Names of one state are one entity (issue #14): official name, short name, capital, seat of government."""

from __future__ import annotations

import pytest

from claims.pipeline.compare.names import same_entity
from claims.pipeline.compare.pair import compare_pair
from claims.pipeline.compare.places import same_state


def test_names_of_one_state_match_and_other_states_do_not() -> None:
    assert same_state("the Russian Federation", "Russia")
    assert same_state("Washington", "U.S.") and same_state("the White House", "United States")
    assert same_state("the Kremlin", "Moscow") and same_state("Kyiv", "Kiev")
    assert not same_state("U.S.", "Russia") and not same_state("Moscow", "Kyiv")
    assert not same_state("Blinken", "Washington")  # a person is not listed
    assert same_entity("Russian Federation", "Russia")


def test_a_government_named_by_its_capital_is_no_entity_discrepancy() -> None:
    for a, b in (
        (
            "The Russian Federation rejected the proposal on Monday.",
            "Russia rejected the proposal on Monday.",
        ),
        (
            "The U.S. delivered its written reply on Wednesday.",
            "Washington delivered its written reply on Wednesday.",
        ),
    ):
        result = compare_pair(a, b)
        assert not [d for d in result.discrepancies if d.type == "entity"], (a, b)
    changed = compare_pair("The U.S. delivered its reply.", "Russia delivered its reply.")
    assert [d.type for d in changed.discrepancies] == ["entity"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The men were smuggled into the United States from Canada.",
            "The men were smuggled into Blaine, Wash., from Canada.",
        ),
        (
            "Oil producers matter to U.S. plans for energy security.",
            "Oil producers matter to Texas plans for energy security.",
        ),
    ],
)
def test_a_place_inside_the_country_the_other_names_adds_detail(a: str, b: str) -> None:
    for x, y in ((a, b), (b, a)):
        assert "entity" not in {d.type for d in compare_pair(x, y, ner="regex").discrepancies}


def test_a_city_of_the_country_is_still_another_city() -> None:
    a = "The lawyer spoke in Washington on Monday."
    b = "The lawyer spoke in Birmingham, Ala., on Monday."
    assert "entity" in {d.type for d in compare_pair(a, b, ner="regex").discrepancies}
    # And another country is another place.
    c = "The men were smuggled into Blaine, Wash., from Canada."
    assert "entity" in {
        d.type
        for d in compare_pair("The men were smuggled into Mexico from Canada.", c, ner="regex").discrepancies
    }


def test_capitol_hill_is_congress() -> None:
    a = "The harbor bill now goes to Capitol Hill for a vote."
    b = "The harbor bill now goes to Congress for a vote."
    assert "entity" not in {d.type for d in compare_pair(a, b, ner="regex").discrepancies}
