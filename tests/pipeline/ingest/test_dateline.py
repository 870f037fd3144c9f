import pytest

from claims.pipeline.ingest.clean_meta import split_dateline


@pytest.mark.parametrize(
    ("paragraph", "dateline"),
    [
        (
            "PORT ELSBY (Northline) — The tanker ran aground early on Thursday morning.",
            "PORT ELSBY (Northline)",
        ),
        (
            "NEW YORK (The Daily Ledger) — A fire broke out in Queens overnight.",
            "NEW YORK (The Daily Ledger)",
        ),
        ("LONDON (Reuters) - Britain said on Monday it would act.", "LONDON (Reuters)"),
        ("BRUSSELS — The confrontation deepened on Wednesday as talks stalled.", "BRUSSELS"),
    ],
)
def test_a_dateline_with_any_outlet_credit_is_not_part_of_the_claim(paragraph: str, dateline: str) -> None:
    place, rest = split_dateline(paragraph)
    assert place == dateline
    assert not rest.startswith(("(", "—", "-"))


def test_a_hyphenated_opening_is_not_a_dateline() -> None:
    assert split_dateline("U.S.-Russia talks ended on Friday without a deal.")[0] is None
    assert split_dateline("NATO (the alliance) said nothing about the talks on Friday.")[0] is None
