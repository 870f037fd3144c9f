"""One entity under its other names: acronyms, company suffixes, state abbreviations, title forms."""

from __future__ import annotations

import pytest

from claims.pipeline.compare.entities import _clean_span, mentions, regex_mentions
from claims.pipeline.compare.names import same_entity
from claims.pipeline.compare.pair import compare_pair


@pytest.mark.parametrize(
    ("x", "y"),
    [
        ("CDC", "Centers for Disease Control and Prevention"),  # a skipped "for", a last word grown
        ("NTSB", "National Transportation Safety Board"),
        ("Acme Corp.", "Acme"),
        ("Northwind Traders Inc", "Northwind Traders"),
        ("Springfield-based", "Springfield"),
        ("Colo.", "Colorado"),
        ("Mo.", "Missouri"),
        ("K-M", "KM"),  # one acronym, spelled with hyphens or without
        ("UN Refugee Agency", "United Nations Refugee Agency"),  # a leading acronym of the first words
        ("Northwind", "Northwind Traders's"),  # a one-word short form, a possessive
        ("Katherine Osei", "Kath Osei"),  # a first name and its short form
        ("Myanmar", "Burma"),
        ("GOP", "Republican Party"),
        ("S.& P. 500", "Standard & Poor's"),  # dotted initials written with spaces
        ("J. R. Tolkien Society", "J.R. Tolkien Society"),
    ],
)
def test_other_names_of_one_entity(x: str, y: str) -> None:
    assert same_entity(x, y) and same_entity(y, x)


@pytest.mark.parametrize(
    ("x", "y"),
    [
        ("CIA", "Central Bank"),
        ("New York", "New Jersey"),
        ("Bank of America", "Bank of England"),
        ("Simon", "Simon Property Group"),  # one shared first word is not enough
        ("Ala.", "Arizona"),
        ("Washington", "Washington Courier"),  # a place is no short form of a newspaper
        ("UN Refugee Agency", "United Nations Food Agency"),
        ("Katherine Osei", "Karl Osei"),
        ("A. & P.", "Standard & Poor's"),
    ],
)
def test_different_entities_stay_apart(x: str, y: str) -> None:
    assert not same_entity(x, y)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Acme spokeswoman Dana Ruiz said the plant would reopen.",
            "Acme spokesman Dana Ruiz said the plant would reopen.",
        ),
        ("Chief executive officer Dana Ruiz will lead the group.", "CEO Dana Ruiz will lead the group."),
        (
            '"We regret nothing," said Dana Ruiz, the mayor’s press secretary.',
            '"We regret nothing," said Dana Ruiz, the mayor’s spokeswoman.',
        ),
    ],
)
def test_one_title_in_other_words_is_no_role_change(a: str, b: str) -> None:
    assert "entity" not in {d.type for d in compare_pair(a, b, ner="regex").discrepancies}


def test_a_real_role_change_is_still_found() -> None:
    a = "Acme spokeswoman Dana Ruiz said the plant would reopen."
    b = "Acme deputy spokeswoman Dana Ruiz said the plant would reopen."
    assert "entity" in {d.type for d in compare_pair(a, b, ner="regex").discrepancies}


@pytest.mark.parametrize(
    ("x", "y", "same"),
    [
        ("R-Ore.", "Republican", True),  # a legislator's party as the press abbreviates it
        ("D-Maine", "Democrat", True),
        ("R-Ore.", "Democrat", False),
        ("St. Anne's", "Saint Anne Hospital", True),
        ("Main St.", "Main Street", True),
        ("Mt. Hood", "Mount Hood", True),
        ("BofA", "Bank of America", True),  # a mixed-case acronym's capitals
        ("ATF", "Bureau of Alcohol, Tobacco, Firearms and Explosives", True),  # a first word lost
        ("Coach Ana Ruiz", "Ana Ruiz", True),  # a word before the whole name
        ("Ana Ruiz", "Rui Costa", False),
        ("North Korea", "South Korea", False),  # a compass word makes another place
        ("West Virginia", "Virginia", False),
        ("New Mexico", "Mexico", False),
        ("NY", "New York", True),
        ("Council", "City Council's Finance Committee", True),  # an institution's generic word alone
        ("Institute", "Institute for Harbor Studies", True),
        ("Senate", "House", False),
        ("Harbor Week's", "HarborWeek Online", True),  # two words written as one
    ],
)
def test_party_labels_abbreviations_acronyms_and_short_forms(x: str, y: str, same: bool) -> None:
    assert same_entity(x, y) is same


def test_a_word_capitalised_only_by_the_sentence_is_no_part_of_the_name() -> None:
    assert [m.text for m in regex_mentions("None of Harbor Plant's crews came.")] == ["Harbor Plant's"]
    assert [m.text for m in regex_mentions("Within NTSB rules, the crews came.")] == ["NTSB"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (  # "former" qualifies her title on both sides, in two places of the sentence
            "The panel's head, Maria Lopez, a former U.S. senator from Ohio, spoke first.",
            "The panel's head, former Sen. Maria Lopez of Ohio, spoke first.",
        ),
        (  # one side lists more of his titles, the other's among them
            "Jan Berg, the firm's chief executive, called the deal fair.",
            "Jan Berg, the firm's chairman and CEO, called the deal fair.",
        ),
    ],
)
def test_a_role_the_other_side_gives_elsewhere_is_no_change(a: str, b: str) -> None:
    for x, y in ((a, b), (b, a)):
        assert "entity" not in {d.type for d in compare_pair(x, y, ner="regex").discrepancies}


def test_a_role_given_where_the_other_side_names_none_adds_detail() -> None:
    a = "Ana Silva, the agency's deputy director, said the plant would reopen."
    b = "Ana Silva of the agency said the plant would reopen."
    for x, y in ((a, b), (b, a)):
        assert "entity" not in {d.type for d in compare_pair(x, y, ner="regex").discrepancies}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Jan Berg, the firm's chief executive, called the deal fair.",
            "Jan Berg, the firm's chairman, called the deal fair.",
        ),
        (
            "The panel's head, former Sen. Maria Lopez of Ohio, spoke first.",
            "The panel's head, Sen. Maria Lopez of Ohio, spoke first.",
        ),
        (
            "Ana Silva, the agency's deputy director, said the plant would reopen.",
            "Ana Silva, the agency's director, said the plant would reopen.",
        ),
    ],
)
def test_a_role_the_other_side_lacks_is_still_a_change(a: str, b: str) -> None:
    for x, y in ((a, b), (b, a)):
        assert "entity" in {d.type for d in compare_pair(x, y, ner="regex").discrepancies}


@pytest.mark.parametrize(
    ("a", "b", "differs"),
    [
        ("The vice-chairman of the board spoke.", "The vice chair of the board spoke.", False),
        ("then-Governor Ana Ruiz signed it.", "former Governor Ana Ruiz signed it.", False),
        ("then-Governor Ana Ruiz signed it.", "Governor Ana Ruiz signed it.", False),
        ("Deputy Governor Ana Ruiz signed it.", "Governor Ana Ruiz signed it.", True),
    ],
)
def test_a_hyphenated_or_dated_title_is_the_same_role(a: str, b: str, differs: bool) -> None:
    found = {d.type for d in compare_pair(a, b, ner="regex").discrepancies}
    assert ("entity" in found) is differs


@pytest.mark.parametrize(
    ("x", "y"),
    [
        ("Pentagon", "Defense Department"),  # a building for its institution
        ("Fed", "Federal Open Market Committee"),
        ("Health Ministry", "Ministry of Health"),  # "<field> <institution>" / "<institution> of <field>"
        ("Defense Department's", "Department of Defense's Inspector General"),
    ],
)
def test_one_institution_under_its_names(x: str, y: str) -> None:
    assert same_entity(x, y) and same_entity(y, x)
    assert not same_entity("Health Ministry", "Ministry of Defense")


def test_a_former_before_an_adjective_qualifies_no_name() -> None:
    a, b = "His former Lisbon boss said the port was safe.", "His Lisbon boss said the port was safe."
    assert "entity" not in {d.type for d in compare_pair(a, b, ner="regex").discrepancies}
    a, b = "Former Governor Ana Ruiz said the port was safe.", "Governor Ana Ruiz said the port was safe."
    assert "entity" in {d.type for d in compare_pair(a, b, ner="regex").discrepancies}


@pytest.mark.slow
def test_an_organisation_keeps_its_leading_title_word() -> None:
    from claims.pipeline.compare.entities import mentions

    found = mentions(
        "A warning from General Electric Co. and the Defense Department came first.", ner="spacy"
    )
    assert {"General Electric Co", "Defense Department"} <= {m.text for m in found}
    assert [m.text for m in mentions("President Ana Ruiz spoke.", ner="spacy")] == ["Ana Ruiz"]


@pytest.mark.parametrize(
    ("x", "y", "same"),
    [
        ("UEHC", "University of Eastport at Harbor City", True),  # an acronym skips "of" and "at"
        ("EHOGM", "Eastport Heads of Government", True),  # another keeps the "of", and a last word
        ("EHOGM", "Westport Heads of Government", False),
        ("Harbor-", "Harborline", True),  # a word broken at a line-end hyphen
        ("Harbor-", "Eastport Research", False),
        ("Ha-", "Harborline", False),  # too short a piece to say
    ],
)
def test_acronyms_with_little_words_and_words_broken_at_a_hyphen(x: str, y: str, same: bool) -> None:
    assert same_entity(x, y) is same and same_entity(y, x) is same


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Analysts at Harbor- line said sales of ferries fell last year.",
            "Analysts at Harborline said sales of ferries fell last year.",
        ),
        (
            "Sales fell, according to Harbor- line, a research firm.",
            "Sales fell, according to Harborline, a research firm.",
        ),
        (
            "Doctors at the University of Eastport at Harbor City and two clinics agreed.",
            "Doctors at UEHC and two clinics agreed.",
        ),
    ],
)
def test_one_name_written_two_ways_is_no_discrepancy(a: str, b: str) -> None:
    assert compare_pair(a, b, ner="auto").discrepancies == []


def test_a_name_span_does_not_end_in_a_conjunction() -> None:
    text = "Doctors at the University of Eastport at Harbor City and two clinics agreed."
    span = _clean_span(text, text.index("University"), text.index(" two"))
    assert span is not None and text[span[0] : span[1]] == "University of Eastport at Harbor City"


def test_a_day_of_the_week_is_no_part_of_a_name() -> None:
    found = [m.text for m in regex_mentions("Asked Wednesday about the testimony, Clinton noted the budget.")]
    assert found == ["Clinton"]
    # A month may be a name.
    assert [m.text for m in regex_mentions("Prime Minister Theresa May spoke.")] == ["Theresa May"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("WASHINGTON ― Speaker Ann Berg was re-elected on Wednesday.", ["Ann Berg"]),  # a dateline
        ("LONDON (Reuters) - The Acme board met on Monday.", ["Acme"]),
        ("She lied to the F.B.I. Nothing happened to her.", ["F.B.I."]),  # the next sentence starts
        ("Tom Lee kept the No. 2 job of whip.", ["Tom Lee"]),  # a number's sign
        ("The U.S. Army said so.", ["U.S. Army"]),  # an abbreviation inside a name stays
        ("Rep. Ann Berg (D-Calif.) and Tom Lee, R-Texas, spoke.", ["Ann Berg", "Tom Lee"]),  # party tags
        ("“As mayor, I’ll end it,” Tom Lee says.", ["Tom Lee"]),  # a pronoun
        ("Her last day will be Feb. 28, after last September's vote.", []),  # months
    ],
)
def test_what_is_no_name_around_names(text: str, names: list[str]) -> None:
    assert [m.text for m in mentions(text, ner="regex")] == names


def test_a_title_in_the_possessive_names_an_office_no_one_holds() -> None:
    a = "He also worked in the Oregon attorney general's office."
    b = "Before that he held posts in Oregon, including deputy attorney general."
    for x, y in ((a, b), (b, a)):
        assert "entity" not in {d.type for d in compare_pair(x, y, ner="regex").discrepancies}
    # Where the title is held, the deputy is still another role.
    held = "Before that he was the Oregon attorney general."
    assert "entity" in {d.type for d in compare_pair(held, b, ner="regex").discrepancies}


def test_a_name_starts_after_an_opening_quote_and_adverb() -> None:
    text = "The paper notes, “Strikingly, Lee finishes first among the harbor pilots.”"
    start = text.index("“")
    assert _clean_span(text, start, text.index(" finishes")) == (text.index("Lee"), text.index("Lee") + 3)


def test_a_hashtag_a_link_and_a_posts_author_are_no_names() -> None:
    text = "The mayor says 'the port is safe.' #PortNews pic.twitter.com/tB5aXWhB — Port Desk (@PortDesk)"
    assert [m.text for m in mentions(text)] == []
    assert [m.text for m in mentions("The mayor met Port Desk staff.")] == ["Port Desk"]


@pytest.mark.parametrize(
    ("a", "b", "differs"),
    [
        # A title after the place it is of, against a sentence naming no title: a role added.
        (
            "In the poll, former Oregon Gov. Ana Ruiz leads.",
            "In the poll, Tom Lee leads, followed by Ruiz.",
            False,
        ),
        # "Former" against a title held before: both past.
        (
            "Former Oregon Gov. Ana Ruiz said she will run.",
            "Ana Ruiz, who became Oregon governor, said she will run.",
            False,
        ),
        # "Former" against the title held now: a change, abbreviated or not.
        ("Former Oregon Gov. Ana Ruiz said she will run.", "Oregon Gov. Ana Ruiz said she will run.", True),
        (
            "Former Oregon Gov. Ana Ruiz said she will run.",
            "Ana Ruiz, the Oregon governor, said she will run.",
            True,
        ),
    ],
)
def test_former_changes_only_a_title_the_other_side_gives_as_held_now(a: str, b: str, differs: bool) -> None:
    assert ("entity" in {d.type for d in compare_pair(a, b, ner="regex").discrepancies}) == differs


@pytest.mark.slow
def test_a_state_describing_a_party_member_is_no_replaced_name() -> None:
    # spaCy reads "California" as a place and "Democrat" as a party, as in the real text.
    a = "Pelosi said afterward that she was exhilarated by the vote."
    b = "The California Democrat spoke afterward, saying she was exhilarated by the vote."
    assert "entity" not in {d.type for d in compare_pair(a, b, ner="spacy").discrepancies}
    # Two members of two states are two people.
    c = "The Texas Republican spoke afterward, saying she was exhilarated by the vote."
    assert "entity" in {d.type for d in compare_pair(b, c, ner="spacy").discrepancies}
