"""Quantity and date extraction details."""

from __future__ import annotations

from datetime import date

import pytest

from claims.pipeline.compare import dates, numbers
from claims.pipeline.compare.number_pairs import disagreements
from claims.pipeline.compare.pair import compare_pair


def test_quantities_with_units_and_qualifiers() -> None:
    (q,) = numbers.extract("about 3,000 additional troops")
    assert q.text == "about 3,000" and q.low < 3000 < q.high and "troop" in q.unit
    (r,) = numbers.extract("between 2,000 and 3,000 people")
    assert (r.low, r.high) == (2000, 3000)
    (m,) = numbers.extract("a US$ 27.5 billion bill")
    assert m.kind == "money" and m.low == 27.5e9


def test_day_of_month_and_clock_times_are_not_quantities() -> None:
    assert numbers.extract("on Jan. 26 at 10:30") == []


def test_different_units_are_not_compared() -> None:
    assert disagreements("It sent 3,000 troops.", "It sent 40 tanks.") == []


def test_weekday_resolution_past_and_future() -> None:
    tuesday = date(2022, 3, 8)
    (past,) = dates.extract("They met on Monday.", tuesday)
    assert past.low == date(2022, 3, 7)
    (future,) = dates.extract("They will meet on Monday.", tuesday)
    assert future.low == date(2022, 3, 14)


def test_weekday_checked_against_full_date_without_publication() -> None:
    assert dates.disagreements("They met on Monday.", "They met on March 7, 2022.") == []
    assert dates.disagreements("They met on Friday.", "They met on March 7, 2022.") != []


def test_a_hedge_widens_a_number_only_to_the_place_of_its_last_digit() -> None:
    (q,) = numbers.extract("about 45,000 liters")
    assert (round(q.low), round(q.high)) == (44_000, 46_000)
    (r,) = numbers.extract("roughly 60,000 liters")
    assert (round(r.low), round(r.high)) == (51_000, 69_000)  # the 15 % cap is the narrower here
    assert disagreements("about 45,000 liters spilled", "roughly 60,000 liters spilled")
    assert not disagreements("about 60,000 liters spilled", "some 55,000 liters spilled")
    assert not disagreements("about 3,000 troops", "3,000 troops")
    (m,) = numbers.extract("about 4.5 million people")
    assert (round(m.low), round(m.high)) == (4_400_000, 4_600_000)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Prices rose 4 percent in March.", "Prices rose 4.4 percent in March."),
        ("Prices rose 1.2 percent in March.", "Prices rose 1.23 percent in March."),
        ("The plan costs $2 billion.", "The plan costs $1.84 billion."),
    ],
)
def test_a_figure_rounded_to_fewer_places_is_no_number_discrepancy(a: str, b: str) -> None:
    assert disagreements(a, b, rounding=True) == []
    assert disagreements(a, b)  # the classifier's trained input still sees them apart
    assert "number" not in {d.type for d in compare_pair(a, b, ner="regex").discrepancies}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Prices rose 2 percent in March.", "Prices rose 2.5 percent in March."),  # half-way is no rounding
        ("Prices rose 4.1 percent in March.", "Prices rose 4.4 percent in March."),  # the same places
        ("The plan costs $2 billion.", "The plan costs $2.6 billion."),
        ("The tanker spilled 45,000 liters.", "The tanker spilled 60,000 liters."),
    ],
)
def test_figures_that_do_not_round_into_each_other_still_differ(a: str, b: str) -> None:
    assert "number" in {d.type for d in compare_pair(a, b, ner="regex").discrepancies}


def test_a_decimal_without_its_zero_and_a_vulgar_fraction() -> None:
    (q,) = numbers.extract("Rates rose .25 percent.")
    assert q.low == 0.25 and q.kind == "percent"
    assert disagreements("Rates rose .25 percent.", "Rates rose 0.25 percent.") == []
    assert len(disagreements("Rates rose .5 percent.", "Rates rose 0.9 percent.")) == 1
    assert [q.low for q in numbers.extract("It holds 2 ½ cups, or 2½ at most.")] == [2.5, 2.5]
    assert numbers.extract("He was No. 2 in line.") == []
    # The feature classifier reads quantities as it was trained, before these rules.
    assert [q.low for q in numbers.extract("Rates rose .25 percent.", trained=True)] == [25.0]
    assert [q.low for q in numbers.extract("It holds 2 ½ cups.", trained=True)] == [2.0]


def test_an_age_is_not_a_count() -> None:
    assert disagreements("Three of the sailors were rescued.", "Rui Costa, 44, was rescued.") == []
    assert len(disagreements("Rui Costa, 44, was rescued.", "Rui Costa, 45, was rescued.")) == 1
    assert disagreements("Three of the sailors were rescued.", "Rui Costa, 44, was rescued.", trained=True)


def test_when_something_was_said_is_not_when_it_happened() -> None:
    assert dates.disagreements("The dam failed, officials said Tuesday.", "The dam failed Monday.") == []
    assert (
        dates.disagreements("The dam failed, officials told reporters on Tuesday.", "It failed Monday.") == []
    )
    said = dates.disagreements(
        "The dam failed, officials said Tuesday.", "The dam failed, officials said Friday."
    )
    assert [(x.text, y.text) for x, y in said] == [("Tuesday", "Friday")]
    assert len(dates.disagreements("The dam failed Tuesday, officials said.", "The dam failed Monday.")) == 1


def test_two_and_three_is_a_range_and_a_part_counts_its_whole() -> None:
    (r,) = numbers.extract("between two and three inches of rain")
    assert (r.low, r.high) == (2, 3)
    assert [q.low for q in numbers.extract("one hundred and five ships")] == [105]
    assert disagreements("It got 2 to 3 inches of rain.", "It got between two and three inches.") == []
    # "Seven of the nine candidates" counts candidates, like the other side's "Seven candidates".
    assert disagreements("Seven of the nine candidates spoke.", "Seven candidates spoke.") == []
    assert len(disagreements("Seven of the nine candidates spoke.", "Six candidates spoke.")) == 1


def test_a_change_is_never_compared_with_a_level() -> None:
    # "to $2,800 from $2,500" and "by $300 to $2,800" tell one rise.
    assert disagreements("Fares will jump to $2,800 from $2,500.", "Fares rise by $300 to $2,800.") == []
    # Changes are compared with changes, levels with levels.
    (pair,) = disagreements("Shares rose 40 cents to $12.", "Shares rose 45 cents to $12.", rounding=True)
    assert (pair[0].text, pair[1].text) == ("40", "45")
    found = disagreements("Shares fell 96 cents to $42.72.", "Shares fell 96 cents to $50.26.")
    assert [(x.text, y.text) for x, y in found] == [("$42.72", "$50.26")]
    # "from ... to" without a move is a range, not an old level.
    assert numbers.extract("Chips are priced from $125 to $300.")[0].role == ""


@pytest.mark.parametrize(
    "a",
    [
        "Analysts' predictions ranged from 16 cents a share to 27 cents a share.",
        "Trans fats are 1 percent to 3 percent of the fat eaten.",
    ],
)
def test_a_range_with_its_unit_said_twice_holds_a_figure_inside_it(a: str) -> None:
    inside = "Analysts had expected 22 cents a share." if "cents" in a else "Trans fats are 2.5 percent."
    assert disagreements(a, inside, rounding=True) == []
    outside = "Analysts had expected 35 cents a share." if "cents" in a else "Trans fats are 5 percent."
    assert len(disagreements(a, outside, rounding=True)) == 1


def test_a_change_and_a_level_in_one_unit_are_no_range() -> None:
    [change, level] = numbers.extract("Unemployment rose 0.2 percent to 5.6 percent.")
    assert (change.low, change.high, change.role, level.low, level.role) == (0.2, 0.2, "change", 5.6, "level")


def test_dozen_after_a_number_multiplies_it() -> None:
    [q] = numbers.extract("Some three dozen troops were killed.")
    assert (q.low, q.high) == (35.0, 37.0)
    assert disagreements("At least 29 troops were killed.", "Some three dozen troops were killed.") == []


def test_a_groups_total_and_each_members_figure_count_different_things() -> None:
    total = "When the four boys were removed from the home, they weighed 136 pounds combined."
    each = "Each boy weighed less than 50 pounds when they were removed from the home."
    assert disagreements(total, each, rounding=True) == []
    # Two totals, or two figures for each, still compare.
    assert len(disagreements(total, "The four boys weighed 180 pounds combined.", rounding=True)) == 1
    assert len(disagreements(each, "Each boy weighed about 80 pounds.", rounding=True)) == 1


def test_pounds_that_weigh_are_no_money() -> None:
    [weight] = numbers.extract("The sailor weighed about 62 pounds when he was found.")
    assert (weight.kind, weight.currency) == ("count", "")
    [cargo] = numbers.extract("The tanker carried 3,000 pounds of fireworks.")
    assert cargo.kind == "count"
    [money] = numbers.extract("The port fined the owner 300 pounds.")
    assert (money.kind, money.currency) == ("money", "gbp")
    # A weight is compared with a weight, not with a sum of money.
    assert disagreements("The boy weighed 50 pounds.", "The fine was 80 pounds.", rounding=True) == []
