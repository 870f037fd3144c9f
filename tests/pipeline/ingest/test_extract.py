"""Cleaning rules on text nobody scraped: each rule on a small article of our own."""

from __future__ import annotations

from datetime import date

import pytest

from claims.pipeline.ingest import clean_rules as rules
from claims.pipeline.ingest.clean_lang import guess_language
from claims.pipeline.ingest.clean_meta import byline_names, date_in_url, split_dateline, split_glued_names
from claims.pipeline.ingest.extract import Extracted, ExtractError, extract_text

STORY = [
    "The regional council approved a new flood barrier on Tuesday after two years of debate.",
    "The barrier will cost about 80 million euros and protect some 12,000 homes, officials said.",
    "“We cannot wait for the next flood to decide,” said the council leader, Maria Feld.",
    "Opponents argued that the money would be better spent on moving homes away from the river.",
    "Construction is expected to begin next spring and to last three years.",
]

KNOWN_REASONS = {
    value
    for name, value in vars(rules).items()
    if name.isupper() and isinstance(value, str) and " " not in name
}


def article(*blocks: str, sep: str = "\n\n") -> str:
    return sep.join(blocks) + "\n"


def paragraphs(ex: Extracted) -> list[str]:
    return ex.body.split("\n\n")


def reasons(ex: Extracted) -> dict[str, str]:
    return {block.text: block.reason for block in ex.removed}


def assert_story_kept(ex: Extracted, story: list[str] = STORY) -> None:
    for sentence in story:
        assert sentence in ex.body, sentence


def test_clean_article_passes_through_untouched() -> None:
    ex = extract_text(article("Council Backs Flood Barrier", *STORY))
    assert ex.title == "Council Backs Flood Barrier"
    assert paragraphs(ex) == STORY
    assert ex.removed == []
    assert ex.language == "en"


def test_title_is_none_when_the_text_starts_with_body() -> None:
    ex = extract_text(article(*STORY))
    assert ex.title is None
    assert paragraphs(ex)[0] == STORY[0]


def test_header_date_and_url_lines_become_metadata() -> None:
    url = "https://example.org/news/2021/03/09/flood-barrier/"
    ex = extract_text(article("Council Backs Flood Barrier", "20210310", url, *STORY, sep="\n"))
    assert ex.published == date(2021, 3, 10)
    assert ex.url == url
    assert paragraphs(ex) == STORY


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.example.com/news/2022/jan/27/some-story/", date(2022, 1, 27)),
        ("https://example.com/2022/01/27/some-story", date(2022, 1, 27)),
        ("https://example.com/world/2019-11-05/story.html", date(2019, 11, 5)),
        ("https://example.com/world/story-12345", None),
        ("https://example.com/2022/13/40/bad", None),
    ],
)
def test_published_date_from_url_path(url: str, expected: date | None) -> None:
    assert date_in_url(url) == expected
    assert extract_text(article(*STORY), url=url).published == expected


def test_single_newline_paragraphs_and_blank_line_paragraphs_both_work() -> None:
    single = extract_text(article(*STORY, sep="\n"))
    blank = extract_text(article(*STORY, sep="\n\n\n"))
    assert paragraphs(single) == paragraphs(blank) == STORY


def test_soft_wrapped_lines_are_joined_in_blank_line_text() -> None:
    wrapped = "The regional council approved a new flood barrier\non Tuesday after two years of debate."
    ex = extract_text(article(wrapped, *STORY[1:]))
    assert paragraphs(ex) == STORY


def test_a_quote_broken_over_a_line_stays_one_paragraph() -> None:
    broken = "“We cannot wait for the next flood\nto decide,” said the council leader, Maria Feld."
    ex = extract_text(article(STORY[0], STORY[1], broken, *STORY[3:], sep="\n"))
    assert paragraphs(ex) == STORY


def test_a_name_split_onto_its_own_line_is_rejoined() -> None:
    text = article(
        STORY[0],
        "The plan was defended on Wednesday by the regional planning director",
        "Ilse Varga",
        "who said the river had burst its banks four times in a decade.",
        *STORY[1:],
    )
    ex = extract_text(text)
    assert (
        "The plan was defended on Wednesday by the regional planning director Ilse Varga "
        "who said the river had burst its banks four times in a decade."
    ) in paragraphs(ex)
    assert ex.removed == []


def test_a_name_completing_a_sentence_is_rejoined_not_dropped() -> None:
    ex = extract_text(
        article(
            STORY[0], "The vote followed a meeting with the regional governor", "Anton Meyer.", *STORY[1:]
        )
    )
    assert "The vote followed a meeting with the regional governor Anton Meyer." in paragraphs(ex)


@pytest.mark.parametrize(
    ("opening", "dateline"),
    [
        ("BRUSSELS — ", "BRUSSELS"),
        ("WASHINGTON AP -- ", "WASHINGTON AP"),
        ("MOSCOW—", "MOSCOW"),
        ("KYIV, Ukraine (AP) — ", "KYIV, Ukraine (AP)"),
        ("LONDON (Reuters) - ", "LONDON (Reuters)"),
        ("NEW YORK — ", "NEW YORK"),
    ],
)
def test_dateline_goes_to_metadata_not_the_first_sentence(opening: str, dateline: str) -> None:
    ex = extract_text(article("Council Backs Flood Barrier", opening + STORY[0], *STORY[1:]))
    assert ex.dateline == dateline
    assert paragraphs(ex)[0] == STORY[0]
    assert reasons(ex)[opening.strip()] == rules.DATELINE


@pytest.mark.parametrize(
    "paragraph",
    [
        "U.S.-EU talks resumed on Monday in a cautious mood after months of silence.",
        "NATO - the alliance of 30 countries - met on Friday to discuss the barrier plan.",
        "AI tools are changing how councils plan flood defences, officials said.",
    ],
)
def test_no_false_datelines(paragraph: str) -> None:
    assert split_dateline(paragraph) == (None, paragraph)


def test_captions_and_credits_are_removed_with_reasons() -> None:
    text = article(
        STORY[0],
        "Image",
        "Sandbags stacked along the riverbank in the old town on Monday.",
        "Credit…Jonas Weber for The Daily Example",
        STORY[1],
        "Photo 3",
        "Residents watch the water rise near the main bridge.",
        "Karin Holm/Getty Images",
        STORY[2],
        "The river at its highest point this winter. Photo: Lars Eck/Associated Press",
        STORY[3],
        "/Reuters",
        STORY[4],
    )
    ex = extract_text(text)
    assert paragraphs(ex) == STORY
    got = reasons(ex)
    assert got["Sandbags stacked along the riverbank in the old town on Monday."] == rules.CAPTION
    assert got["Credit…Jonas Weber for The Daily Example"] == rules.CREDIT
    assert got["Karin Holm/Getty Images"] == rules.CREDIT
    assert got["Photo 3"] == rules.IMAGE
    assert (
        got["The river at its highest point this winter. Photo: Lars Eck/Associated Press"] == rules.CAPTION
    )
    assert got["/Reuters"] == rules.CREDIT


def test_a_story_sentence_before_a_credit_is_not_taken_for_a_caption() -> None:
    text = article(STORY[0], STORY[1], "Credit…Karin Holm/Getty Images", *STORY[2:])
    ex = extract_text(text)
    assert_story_kept(ex)


def test_lone_name_label_between_paragraphs_is_removed() -> None:
    ex = extract_text(article(STORY[0], STORY[1], STORY[2], "Maria Feld.", *STORY[3:]))
    assert paragraphs(ex) == STORY
    assert reasons(ex)["Maria Feld."] == rules.NAME_LABEL


def test_bylines_become_metadata() -> None:
    glued = extract_text(article("Council Backs Flood Barrier", "Anna KleinTomas J. Berg", *STORY))
    assert glued.byline == "Anna Klein, Tomas J. Berg"
    assert paragraphs(glued) == STORY
    by = extract_text(article("Council Backs Flood Barrier", "By Anna Klein and Tomas Berg", *STORY))
    assert by.byline == "Anna Klein, Tomas Berg"
    assert reasons(by)["By Anna Klein and Tomas Berg"] == rules.BYLINE


def test_contributor_and_contact_lines_are_credits_not_claims() -> None:
    ex = extract_text(
        article(
            *STORY,
            "Anna Klein reported from Hamburg and Tomas Berg from Bremen. Olga Lind contributed reporting.",
            "Write to Anna Klein at",
        )
    )
    assert paragraphs(ex) == STORY
    assert ex.byline == "Anna Klein, Tomas Berg"
    assert len(ex.credits) == 2
    assert {b.reason for b in ex.removed} == {rules.CONTRIBUTORS, rules.CONTACT}


def test_related_posts_after_the_story_are_dropped_whatever_their_language() -> None:
    tail = [
        "Related Posts",
        "Local bakery wins national prize thumbnail",
        "Local bakery wins national prize",
        "A família recebeu a notícia na noite de sexta-feira, quando o prefeito anunciou o prêmio.",
        "Read More",
        "新的公園將於明年春天開放,市民可以在湖邊散步和騎自行車。",
        "Read More",
        "Index Of News",
        "Total",
        "0",
        "Share",
    ]
    ex = extract_text(article(*STORY, *tail, sep="\n"))
    assert paragraphs(ex) == STORY
    got = reasons(ex)
    assert got["Related Posts"] == rules.RELATED
    assert got["Local bakery wins national prize"] == rules.RELATED
    assert got["0"] == rules.SHARE
    assert len(ex.removed) == len(tail)


def test_boilerplate_lines_are_removed_with_reasons() -> None:
    junk = {
        "Source : Dailyexample": rules.SOURCE,
        "Copyright ©2021 Example Media Group. All Rights Reserved.": rules.COPYRIGHT,
        "9f86d081884c7d659a2feaa0c55ad015": rules.HASH,
        "Note: This article have been indexed to our site. We do not claim ownership of the content.": (
            rules.SYNDICATION
        ),
        "News in Association with Source link": rules.SYNDICATION,
        "error: Content is protected !!": rules.FURNITURE,
        "Advertisement": rules.FURNITURE,
        "Card 2 of 7": rules.INTERACTIVE,
        "READ MORE: Storm damage worse than feared": rules.RELATED_LINK,
        "Share": rules.SHARE,
        "1.2K Shares": rules.SHARE,
        "___": rules.SEPARATOR,
        "https://example.org/another-story": rules.LINK,
    }
    story = [
        f"On day {n} of the session the council heard {n} more witnesses on the plan." for n in range(20)
    ]
    blocks = [story[0]]
    for n, line in enumerate(junk, start=1):
        blocks += [line, story[n]]
    ex = extract_text(article(*blocks))
    got = reasons(ex)
    for line, reason in junk.items():
        assert got.get(line) == reason, line
    assert paragraphs(ex) == story[: len(junk) + 1]


def test_a_tracking_hash_inside_a_line_is_cut_out() -> None:
    ex = extract_text(article(STORY[0], STORY[1] + " 0cc175b9c0f1b6a831c399e269772661", *STORY[2:]))
    assert paragraphs(ex) == STORY
    assert reasons(ex)["0cc175b9c0f1b6a831c399e269772661"] == rules.HASH


def test_explainer_heading_and_cards_are_removed() -> None:
    ex = extract_text(article(*STORY[:3], "What to Know About the Flood Barrier", "Card 1 of 4", *STORY[3:]))
    assert paragraphs(ex) == STORY
    assert reasons(ex)["What to Know About the Flood Barrier"] == rules.HEADING


def test_a_paragraph_in_another_language_is_removed() -> None:
    portuguese = (
        "O conselho aprovou o projeto na terça-feira, mas os moradores ainda não foram ouvidos pela cidade."
    )
    ex = extract_text(article(*STORY[:2], portuguese, *STORY[2:]))
    assert paragraphs(ex) == STORY
    assert reasons(ex)[portuguese] == rules.OTHER_LANGUAGE


def test_repeated_paragraph_is_removed_once() -> None:
    ex = extract_text(article(*STORY, STORY[2]))
    assert paragraphs(ex) == STORY
    assert [b.reason for b in ex.removed] == [rules.REPEATED]


def test_every_removal_has_a_known_reason_and_a_position() -> None:
    text = article(
        "Council Backs Flood Barrier", "Image", "Credit…Jonas Weber", *STORY, "Related Posts", "Other story"
    )
    ex = extract_text(text)
    assert ex.removed
    assert all(b.reason in KNOWN_REASONS for b in ex.removed)
    assert [b.position for b in ex.removed] == sorted(b.position for b in ex.removed)
    assert ex.removed[0].position == 1  # counted over the raw text's non-empty lines, title included


def test_text_in_another_language_is_refused_unless_allowed() -> None:
    spanish = [
        "El consejo regional aprobó el martes una nueva barrera contra las inundaciones.",
        "La obra costará unos 80 millones de euros y protegerá a miles de viviendas, según los responsables.",
        "Los vecinos dijeron que el dinero sería mejor usado para trasladar las casas lejos del río.",
    ]
    with pytest.raises(ExtractError, match="not in English"):
        extract_text(article(*spanish))
    ex = extract_text(article(*spanish), allow_other_languages=True)
    assert ex.language == "es"
    assert paragraphs(ex) == spanish


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (STORY[1] + " " + STORY[3], "en"),
        ("A família recebeu a notícia na noite de sexta-feira, quando o prefeito anunciou o prêmio.", "pt"),
        ("新的公園將於明年春天開放,市民可以在湖邊散步和騎自行車。", "zh"),
        ("Die Stadt hat am Dienstag beschlossen, dass die neue Brücke im Sommer nicht gebaut wird.", "de"),
        ("Maria Feld.", None),
    ],
)
def test_language_guess(text: str, expected: str | None) -> None:
    assert guess_language(text) == expected


@pytest.mark.parametrize(
    "line",
    [
        "By Tuesday the river had risen two meters.",
        "Israeli/Palestinian talks resumed on Monday.",
        "Updated figures show 3 more homes were flooded.",
        "Posted guards stood at 4 bridges overnight.",
        "Source of the leak remains unknown, officials said.",
        "Share prices fell 4 percent after the vote.",
        "Written by hand, the petition carried 900 signatures.",
    ],
)
def test_story_sentences_that_look_a_little_like_junk_are_kept(line: str) -> None:
    ex = extract_text(article(*STORY[:2], line, *STORY[2:]))
    assert line in paragraphs(ex)
    assert ex.removed == []


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Published Jan. 27, 2022 Updated 6:05 p.m. ET", rules.TIMESTAMP),
        ("Updated 14:32 GMT", rules.TIMESTAMP),
        ("AP Photo/Evan Whitfield", rules.CREDIT),
        ("Jane Doe/EPA, via Shutterstock", rules.CREDIT),
        ("Pool photo by Karl Berg", rules.CREDIT),
        ("BY ANNA KLEIN | Staff writer", rules.BYLINE),
        ("Follow Anna Klein on Twitter: @annaklein", rules.CONTACT),
        ("Associated Press writer Tomas Berg in Bremen contributed to this report.", rules.CONTRIBUTORS),
        ("Reporting by Anna Klein; Editing by Tomas Berg", rules.CONTRIBUTORS),
    ],
)
def test_more_junk_shapes(line: str, reason: str) -> None:
    ex = extract_text(article(*STORY[:2], line, *STORY[2:]))
    assert reasons(ex).get(line) == reason


def test_names_helpers() -> None:
    assert split_glued_names("Steven McDonald") == ["Steven McDonald"]
    assert split_glued_names("Ann LeeBo Chan Park") == ["Ann Lee", "Bo Chan Park"]
    assert byline_names("By Ann Lee, Bo Park and Cy Moss | Staff writers") == "Ann Lee, Bo Park, Cy Moss"


def test_empty_after_cleaning_is_an_error() -> None:
    with pytest.raises(ExtractError, match="no article text"):
        extract_text(article("Related Posts", "Share", "0", "Advertisement"))


@pytest.mark.parametrize(
    ("opening", "label"),
    [
        ("UPDATE: 7:19 p.m. -- ", "UPDATE: 7:19 p.m. --"),
        ("UPDATE - May 30, 10 p.m.: ", "UPDATE - May 30, 10 p.m.:"),
        ("UPDATE 2:52 p.m. -- ", "UPDATE 2:52 p.m. --"),
        ("UPDATE: ", "UPDATE:"),
    ],
)
def test_an_update_label_is_no_part_of_the_paragraph_it_opens(opening: str, label: str) -> None:
    ex = extract_text(article("Council Backs Flood Barrier", *STORY[:2], opening + STORY[2], *STORY[3:]))
    assert paragraphs(ex)[2] == STORY[2]
    assert reasons(ex)[label] == rules.UPDATE_LABEL


def test_a_lone_update_label_is_no_paragraph_and_update_in_prose_stays() -> None:
    ex = extract_text(article("Council Backs Flood Barrier", STORY[0], "UPDATE:", *STORY[1:]))
    assert paragraphs(ex) == list(STORY)
    prose = "UPDATED flood maps were published by the council on Monday, officials said."
    assert paragraphs(extract_text(article("Council Backs Flood Barrier", prose, *STORY[1:])))[0] == prose
