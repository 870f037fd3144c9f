"""Quotes: the same spoken words in other spellings agree; changed words differ; who spoke."""

from __future__ import annotations

import pytest

from claims.pipeline.compare.entities import regex_mentions
from claims.pipeline.compare.pair import compare_pair
from claims.pipeline.compare.quotes import quote_differences, quotes, spoken_words
from claims.pipeline.compare.speakers import attribution_differences, speakers


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("\"It's the best harbour we've got,\" she said.", '"It is the best harbor we have got," she said.'),
        (
            '"About 60 per cent of the cyber assets are safe," he said.',
            '"About 60 percent of the cyberassets are safe."',
        ),
        ('"We won\'t organise a second vote," he said.', '"We will not organize a second vote."'),
        # Number agreement and a house-style month: two transcriptions of one sentence.
        (
            '"The levees failed on Sept. 3 under the storms," she said.',
            '"The levees failed on September 3 under the storm," she said.',
        ),
        ('"The harbor histories tell us why," he said.', '"The harbor history tells us why," he said.'),
        (
            '"The travellers cancelled their trips," she said.',
            '"The travelers canceled their trip," she said.',
        ),
        ('"The death of al-Rashid changed the city," he said.', '"The death of Rashid changed the city."'),
        # A possessive, a number in words or digits, "isnt", "going to" for "will".
        ('"The port\'s crews saved the harbor," he said.', '"The port crews saved the harbor," he said.'),
        ('"It took 2 years and three ships," she said.', '"It took two years and 3 ships," she said.'),
        ('"The levee isnt safe," he said.', '"The levee is not safe," he said.'),
        (
            '"The fix will be short-lived or long-lived," he said.',
            '"The fix will be short- or long-lived," he said.',
        ),
        ('"This is going to cost us the season," he said.', '"This will cost us the season," he said.'),
    ],
)
def test_one_quote_in_other_spellings_agrees(a: str, b: str) -> None:
    assert quote_differences(a, b) == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            '"We are able to pay the whole bill now," he said.',
            '"We are unable to pay the whole bill now," he said.',
        ),
        ('"The talks will resume in spring," she said.', '"The talks may resume in spring," she said.'),
        ('"The levees failed on Sept. 3," she said.', '"The levees failed on Oct. 3," she said.'),
        ('"The crews fixed the pumps," he said.', '"The crews fixed the pipes," he said.'),
    ],
)
def test_changed_words_in_a_quote_differ(a: str, b: str) -> None:
    assert len(quote_differences(a, b)) == 1


def test_spoken_words_spell_contractions_out() -> None:
    assert spoken_words("It's what they've said they won't do") == [
        "it",
        "is",
        "what",
        "they",
        "have",
        "said",
        "they",
        "will",
        "not",
        "do",
    ]


def test_the_name_after_an_inverted_said_is_the_speaker() -> None:
    text = "The convoy was ambushed near the town of Kallo, said Maj. Ann Berg."
    assert [m.text for m in speakers(text, regex_mentions(text))] == ["Ann Berg"]  # the rank is no name


def test_a_place_that_qualifies_the_speaker_is_not_the_speaker() -> None:
    text = "Sales rose again, the Denver-based group said."
    assert speakers(text, regex_mentions(text)) == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            '"We have sent a message to the town," she said.',
            '"We have sent a message out to the town," she said.',
        ),
        ('"I am happy to be home," he said.', '"I am very happy to be home," he told reporters.'),
        ('"It was its worst season," he said.', '"It was our worst season," he said.'),
    ],
)
def test_quotes_that_differ_only_in_filler_words_agree(a: str, b: str) -> None:
    assert quote_differences(a, b) == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ('"We will pay for the repairs," he said.', '"We will not pay for the repairs," he said.'),
        ('"We will pay for the repairs," he said.', '"We might pay for the repairs," he said.'),
        ('"The crews sealed the hull," she said.', '"The divers sealed the hull," she said.'),
    ],
)
def test_a_negation_a_modal_or_a_content_word_in_a_quote_still_differs(a: str, b: str) -> None:
    assert len(quote_differences(a, b)) == 1


def test_a_quote_broken_by_its_attribution_is_one_quote() -> None:
    text = '"The levee held," the mayor said, "and the town is dry."'
    assert [q.text for q in quotes(text)] == ["The levee held, and the town is dry."]
    # Two quoted sentences stay two quotes.
    assert len(quotes('"The levee held." the mayor said. "The town is dry."')) == 2
    # Split at another place by the other outlet: still the same words.
    other = '"The levee held and the town," the mayor said, "is dry."'
    assert quote_differences(text, other) == []


@pytest.mark.parametrize(
    "text",
    [
        "In Lisbon, police said the harbor was closed.",
        "The Porto shipping company said the harbor was closed.",
        "A senior Navy engineer also said the harbor was closed.",
    ],
)
def test_a_common_noun_before_the_verb_is_the_speaker_not_the_names_before_it(text: str) -> None:
    assert speakers(text, regex_mentions(text)) == []


def test_the_name_an_appositive_describes_is_the_speaker() -> None:
    text = "Ana Ruiz, a spokeswoman for the port authority of Lisbon, said the harbor was closed."
    assert speakers(text, regex_mentions(text))[0].text == "Ana Ruiz"


def test_who_was_told_and_a_verb_after_but_name_no_speaker() -> None:
    told = 'He told the Harbor Gazette: "We will reopen the port."'
    assert speakers(told, regex_mentions(told)) == []
    but = "The report stopped short of blaming the Lisbon pilots but said the rules had failed."
    assert speakers(but, regex_mentions(but)) == []


def test_a_rank_before_a_name_and_typewriter_quotes() -> None:
    text = "No sailors were hurt, said Capt. Rui Costa, the port spokesman."
    assert [m.text for m in speakers(text, regex_mentions(text))] == ["Rui Costa"]
    typed = "The levee ''held through the night,'' the mayor said."
    assert [q.text for q in quotes(typed)] == ["held through the night,"]


def test_a_speaker_described_before_the_name_after_said() -> None:
    text = "The tanker ran aground near Leixoes, said Portuguese navy spokesman Capt. Rui Costa."
    assert [m.text for m in speakers(text, regex_mentions(text))] == ["Rui Costa"]
    opens = "The navy said Portugal would reply."
    assert speakers(opens, regex_mentions(opens)) == []


def test_a_person_of_a_place_before_an_appositive_is_the_speaker() -> None:
    from claims.pipeline.compare.entities import Mention

    text = "Sen. Ana Ruiz of Oregon, the panel's senior member, later said the port was safe."
    names = [Mention("Ana Ruiz", 5, 13, "PERSON"), Mention("Oregon", 17, 23, "GPE")]
    assert speakers(text, names)[0].text == "Ana Ruiz"


def test_a_nationality_or_party_is_no_named_speaker() -> None:
    from claims.pipeline.compare.entities import Mention

    text = "The war was unjust, the Oregon Democrat told reporters."
    names = [Mention("Oregon", 24, 30, "GPE"), Mention("Democrat", 31, 39, "NORP")]
    assert speakers(text, names) == []


def test_two_quotes_sharing_only_filler_words_are_two_quotes_not_a_misquote() -> None:
    a = '"We know of no leak," she said.'
    b = '"We know of nobody who leaked," she said.'
    assert quote_differences(a, b) == []


@pytest.mark.parametrize("link", ["of the", "from", "at the", "with the"])
def test_a_person_of_an_organisation_after_said_is_the_speaker(link: str) -> None:
    text = f'"The water is safe," said Dr. Ana Silva {link} Harbor Authority.'
    assert [m.text for m in speakers(text, regex_mentions(text))] == ["Ana Silva"]
    # Something else after the organisation: the name there opens what follows, as before.
    longer = f'"The water is safe," said Dr. Ana Silva {link} Harbor Authority on Monday night.'
    assert "Harbor Authority" not in [m.text for m in speakers(longer, regex_mentions(longer))]


@pytest.mark.parametrize(
    ("a", "speaker"),
    [
        ('"The ruling is fair," Acme spokeswoman Dana Ruiz said.', "Dana Ruiz"),
        ("At least 700 computers were hit, Assistant U.S. Attorney Paul Lee said.", "Paul Lee"),
        ('"The door is open," Jens Stoltenberg, NATO\'s secretary general, said.', "Jens Stoltenberg"),
    ],
)
@pytest.mark.slow
def test_a_speaker_difference_shows_the_person_not_what_qualifies_them(a: str, speaker: str) -> None:
    # spaCy's NER finds the organisation or place before the title as a name of its own.
    found = compare_pair(a, '"The ruling is fair," said Tom Lee.', ner="spacy").discrepancies
    assert [(d.type, d.a) for d in found if d.type == "attribution"] == [("attribution", speaker)]


@pytest.mark.parametrize("noun", ["their claims", "the notes", "its states"])
def test_a_verb_of_saying_after_a_determiner_is_a_noun(noun: str) -> None:
    text = f"The question was whether the Acme workers could certify {noun} in one case."
    assert speakers(text, regex_mentions(text)) == []


def test_the_title_before_the_verb_speaks_not_the_names_before_it() -> None:
    text = "As he left for Utah on Monday, the president said he felt badly for Mr. Lee."
    assert speakers(text, regex_mentions(text)) == []


def test_an_acronym_with_or_without_dots_is_one_word_of_a_quote() -> None:
    a = '"She lied many times to the FBI, nothing happened to her," he said.'
    b = '"I feel badly. She lied many times to the F.B.I. Nothing happened to her."'
    assert quote_differences(a, b) == []


def test_a_verb_of_saying_inside_a_name_is_no_verb() -> None:
    text = "The dye is legal in Portugal but banned in the United States."
    assert speakers(text, regex_mentions(text)) == []


def test_names_in_a_description_of_an_unnamed_speaker_do_not_speak() -> None:
    from claims.pipeline.compare.entities import Mention

    # NER missed the company at the sentence's start; the place describes it.
    text = "Acmeair, the largest U.S. discount airline, said its fleet was safe."
    assert speakers(text, [Mention("U.S.", 21, 25, "GPE")]) == []
    # A name between commas is no description: it speaks.
    named = "The group that sued the port, the League of Harbor Towns, said the water was safe."
    league = Mention("League of Harbor Towns", 34, 56, "ORG")
    assert speakers(named, [league]) == [league]


def test_two_names_ner_joined_before_the_verb_the_last_speaks() -> None:
    from claims.pipeline.compare.entities import Mention

    text = "Lee had no connection to Colby, Doyle said."
    joined = Mention("Colby, Doyle", 25, 37, "ORG")
    assert [m.text for m in speakers(text, [joined])] == ["Doyle", "Colby, Doyle"]
    assert attribution_differences(text, "Lt. Tim Doyle said Lee had no link.", [joined], []) == []


@pytest.mark.parametrize("source", ["Officials", "Police", "Prosecutors"])
def test_an_unnamed_source_is_no_other_speaker_than_a_named_one(source: str) -> None:
    a = f"{source} said the two men were never married."
    b = "According to the county bureau's Dana Ruiz, the two men were never married."
    assert [d for d in compare_pair(a, b).discrepancies if d.type == "attribution"] == []
    # Two named speakers still differ.
    c = "Tom Lee said the two men were never married."
    assert [d.type for d in compare_pair(c, b).discrepancies] == ["attribution"]


def test_a_name_transliterated_two_ways_in_a_quote_is_one_word() -> None:
    a = 'The judge said the plaintiffs "have shown that the group paid al-Qaeda in Kandahar."'
    b = 'The judge said the plaintiffs "have shown that the group paid al-Qaida in Qandahar."'
    assert quote_differences(a, b) == []
    # Another name, or a lower-case word spelled nearly alike, still differs.
    other = 'The judge said the plaintiffs "have shown that the group paid Hamas in Kandahar."'
    assert len(quote_differences(a, other)) == 1
    word = 'The judge said the plaintiffs "have shown that the group prayed al-Qaeda in Kandahar."'
    assert len(quote_differences(a, word)) == 1


def test_a_knight_named_by_his_given_name_may_be_the_surname_on_the_other_side() -> None:
    a = "Mr. Stevens has told his officers that more agents are in the country."
    b = "Sir John has told his officers that more agents are in the country."
    assert [d for d in compare_pair(a, b).discrepancies if d.type == "attribution"] == []
    # A full name with another given name is someone else.
    c = "Tom Lee has told his officers that more agents are in the country."
    assert [d.type for d in compare_pair(b, c).discrepancies] == ["attribution"]
    # Nor is the knight's given name against the surname another name.
    names_only = "The report names Mr. Stevens as the source."
    knight = "The report names Sir John as the source."
    assert compare_pair(names_only, knight).discrepancies == []


def test_a_preposition_of_the_same_sense_in_a_quote_is_filler() -> None:
    a = '"You cannot win a race by looking in the rear mirror," she said.'
    b = '"You cannot win a race by looking through the rear mirror," she said.'
    assert quote_differences(a, b) == []
    # One of the opposite sense is a misquote.
    c = '"You cannot win a race by looking behind the rear mirror," she said.'
    assert len(quote_differences(a, c)) == 1


def test_a_person_and_an_organisation_as_speakers_are_no_contradiction() -> None:
    from claims.pipeline.compare.entities import Mention

    a = "The outlook has improved, Duisen said."
    b = "The outlook has improved, the Harbor Bank said."
    person, bank = Mention("Duisen", 26, 32, "PERSON"), Mention("Harbor Bank", 30, 41, "ORG")
    assert attribution_differences(a, b, [person], [bank]) == []
    # Two people, or two organisations, still differ.
    c = "The outlook has improved, Tom Lee said."
    assert len(attribution_differences(a, c, [person], [Mention("Tom Lee", 26, 33, "PERSON")])) == 1
    d = "The outlook has improved, the Port Fund said."
    assert len(attribution_differences(b, d, [bank], [Mention("Port Fund", 30, 39, "ORG")])) == 1
    # NER types a lone surname as an organisation at times ("Stoltenberg said"): one word is no body.
    e = "The outlook has improved, Stolten said."
    assert (
        len(
            attribution_differences(
                e, c, [Mention("Stolten", 26, 33, "ORG")], [Mention("Tom Lee", 26, 33, "PERSON")]
            )
        )
        == 1
    )


def test_excerpts_cut_at_ellipses_that_agree_where_they_overlap_are_no_misquote() -> None:
    a = 'He said both "agree that healthy herds and clean rivers are vital...the permits are on hold..."'
    b = '"He and I have talked, and both agree that healthy herds and clean rivers are vital," it said.'
    assert quote_differences(a, b) == []
    # Where the pieces overlap, changed words are still a misquote.
    c = b.replace("clean", "dirty")
    assert len(quote_differences(a, c)) == 1


def test_who_was_told_is_no_replaced_name() -> None:
    a = "Justice Ana Ruiz said she was being whipsawed here."
    b = "She told lawyer Tom Sellers she was being whipsawed here."
    assert "entity" not in {d.type for d in compare_pair(a, b).discrepancies}
    # Two listeners are compared.
    c = "She told lawyer Dan Hill she was being whipsawed here."
    assert "entity" in {d.type for d in compare_pair(b, c).discrepancies}


def test_a_name_between_commas_after_a_description_speaks() -> None:
    text = "A spokesman for Mr. Hunter, Michael Harrison, said the charges were political."
    assert speakers(text, regex_mentions(text))[0].text == "Michael Harrison"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # A title abbreviated before a name, house style even inside a quote.
        (
            '"Sen. Reid thinks the mosque should be built someplace else."',
            '"Senator Reid thinks the mosque should be built someplace else."',
        ),
        # Number agreement of a short noun.
        (
            '"You need not be in the pew every Sunday," he said.',
            '"You need not be in the pews every Sunday," she said.',
        ),
        # An auxiliary stays filler whatever its ending: "does" is no plural.
        ('"She does like the plan," he said.', '"She did like the plan," he said.'),
        # "However" opens a remark as "but" does.
        (
            '"However, we would be remiss … if we did not object," it said.',
            '"We would be remiss in our duty if we did not object," it said.',
        ),
    ],
)
def test_house_style_and_connectives_in_a_quote_are_no_misquote(a: str, b: str) -> None:
    assert quote_differences(a, b) == []


def test_an_adverb_like_just_between_the_appositive_and_the_verb() -> None:
    text = "Ana Ruiz, the outgoing chair of the Harbor Council, just told reporters the port was safe."
    assert speakers(text, regex_mentions(text))[0].text == "Ana Ruiz"


def test_two_remarks_sharing_a_question_word_phrase_are_two_quotes() -> None:
    a = '"If somebody tells you how to exercise discretion, you don\'t have discretion," he said.'
    b = 'Managers, he went on, "are informed by the company about how to exercise that discretion."'
    assert quote_differences(a, b) == []
    # One remark with its question word changed is still a misquote.
    c = '"If somebody tells you when to exercise discretion, you don\'t have discretion," he said.'
    assert len(quote_differences(a, c)) == 1
