"""HTML pages: trafilatura for the main text, then the same cleaning rules as text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claims.pipeline.ingest import clean_rules as rules
from claims.pipeline.ingest.extract import ExtractError, extract_html

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "html"
STORY_PHRASES = [
    "The harbour bridge reopened to traffic",
    "repairs cost about 4.2 million euros",
    "owe the crews who worked through",
    "safer today than it was before",
    "Commuters had faced detours",
    "Engineers will return in May",
]
JUNK = [
    "Subscribe",
    "Sign in",
    "Advertisement",
    "Related stories",
    "Storm batters the northern coast",
    "Ferry fares",
    "Most viewed",
    "Celebrity chef",
    "Privacy policy",
    "Photograph:",
    "Credit…",
    "Share",
    "dataLayer",
    "gtag",
    "font-family",
    "All rights reserved",
    "contributed reporting",
    "PORTHAVEN",
    "Workers inspect the eastern span",
    "Ferry passengers queue",
]


@pytest.fixture(scope="module")
def page() -> str:
    return (FIXTURES / "harbour_article.html").read_text(encoding="utf-8")


def test_metadata_comes_from_the_html(page: str) -> None:
    ex = extract_html(page)
    assert ex.title == "Harbour bridge reopens after storm repairs"
    assert ex.published == date(2023, 3, 14)
    assert ex.byline == "Jane Marlowe"
    assert ex.outlet == "guardian"
    assert (
        ex.url == "https://www.theguardian.com/world/2023/mar/14/harbour-bridge-reopens-after-storm-repairs"
    )
    assert ex.dateline == "PORTHAVEN"
    assert ex.language == "en"


def test_story_is_kept_and_furniture_is_not(page: str) -> None:
    ex = extract_html(page)
    for phrase in STORY_PHRASES:
        assert phrase in ex.body, phrase
    for junk in JUNK:
        assert junk not in ex.body, junk
    assert len(ex.body.split("\n\n")) == len(STORY_PHRASES) - 1  # the quote's two sentences share a paragraph


def test_what_trafilatura_lets_through_is_removed_with_reasons(page: str) -> None:
    got = {b.reason for b in extract_html(page).removed}
    assert {rules.CAPTION, rules.RELATED_LINK, rules.CREDIT, rules.SHARE, rules.DATELINE} <= got


def test_the_url_argument_is_used_when_the_page_has_none(page: str) -> None:
    bare = page.replace('<link rel="canonical"', '<link rel="x"').replace('property="og:url"', 'property="x"')
    ex = extract_html(bare, url="https://www.bbc.co.uk/news/world-1234")
    assert ex.url == "https://www.bbc.co.uk/news/world-1234"


def test_a_page_without_article_text_is_an_error() -> None:
    with pytest.raises(ExtractError, match="no article text"):
        extract_html("<html><head><script>var a = 1;</script></head><body><nav>Home</nav></body></html>")
