"""Search reads: keyword ranking and highlighting, nearest vectors, rank fusion, filters, the HNSW plan."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection, transaction

from claims.models import Article, Outlet, Sentence, Story
from claims.selectors import search
from claims.selectors.search import MARK_START, MARK_STOP, SearchFilters
from claims.services.articles import article_ingest
from claims.services.stories import story_create

pytestmark = pytest.mark.django_db

NONE = SearchFilters()


def ingest(text: str, *, outlet: str, story: Story, published: date | None = None) -> Article:
    result = article_ingest(
        data=text.encode(),
        source_name=f"{outlet}-{story.pk}.txt",
        outlet=outlet,
        story=story,
        published=published,
    )
    assert result.article is not None, result.error
    return result.article


@pytest.fixture
def other_story(sample_story: Story) -> Story:
    """A later event, reported by an outlet of the sample story and a new one."""
    story = story_create(title="Port Elsby reopens")
    ingest(
        "Port Elsby reopens to shipping\n\n"
        "The port of Port Elsby reopened to shipping on Monday after the diesel spill was contained.\n\n"
        "Harbor master Lena Okafor said all 18 crew members of the Meridian Star had been rescued.\n\n"
        "Diesel diesel diesel: the word of the week on the quay, fishermen joked.",
        outlet="harbor-gazette",
        story=story,
        published=date(2025, 4, 2),
    )
    ingest(
        "Ships return to Port Elsby\n\n"
        "Cargo ships returned to Port Elsby on Monday, the harbor authority said.\n\n"
        "Mayor Daniel Reyes thanked the cleanup crews for their work.",
        outlet="coast-times",
        story=story,
        published=date(2025, 4, 3),
    )
    return story


def texts(hits: list[search.SearchHit]) -> list[str]:
    return [h.text for h in hits]


def test_keyword_ranks_more_matches_first_and_highlights_them(other_story: Story) -> None:
    page = search.sentence_search(text="diesel", mode="keyword", filters=NONE)
    assert page.hits and all("diesel" in h.text.lower() for h in page.hits)
    assert page.hits[0].text.startswith("Diesel diesel diesel")  # three matches outrank one
    assert page.hits[0].score > page.hits[-1].score
    assert f"{MARK_START}Diesel{MARK_STOP} {MARK_START}diesel{MARK_STOP}" in page.hits[0].headline
    # Stemming: "spills" finds "spill" and "spilled", and the headline marks the word as written.
    stemmed = search.sentence_search(text="spills", mode="keyword", filters=NONE)
    assert any(f"{MARK_START}spilled{MARK_STOP}" in h.headline for h in stemmed.hits)


def test_keyword_takes_web_search_syntax(other_story: Story) -> None:
    phrase = search.sentence_search(text='"drinking water"', mode="keyword", filters=NONE)
    assert phrase.hits and all("drinking water" in t for t in texts(phrase.hits))
    apart = search.sentence_search(text='"water drinking"', mode="keyword", filters=NONE)
    assert apart.hits == []
    everything = texts(search.sentence_search(text="harbor", mode="keyword", filters=NONE).hits)
    without = texts(search.sentence_search(text="harbor -fog", mode="keyword", filters=NONE).hits)
    assert any("fog" in t for t in everything)
    assert without and not any("fog" in t for t in without)
    assert set(without) < set(everything)
    either = texts(search.sentence_search(text="sanctuary or booms", mode="keyword", filters=NONE).hits)
    assert any("sanctuary" in t for t in either) and any("booms" in t for t in either)


def test_a_query_of_stop_words_says_why_it_finds_nothing(sample_story: Story) -> None:
    page = search.sentence_search(text="the and of", mode="keyword", filters=NONE)
    assert page.hits == [] and "too common" in page.notice


def test_semantic_returns_the_nearest_sentences(other_story: Story, fake_encoder: Any) -> None:
    wanted = Sentence.objects.get(text__startswith="Mayor Daniel Reyes thanked")
    page = search.sentence_search(text=wanted.text, mode="semantic", filters=NONE)
    assert page.hits[0].sentence_id == wanted.pk
    assert page.hits[0].score == pytest.approx(1.0, abs=1e-5)
    scores = [h.score for h in page.hits]
    assert scores == sorted(scores, reverse=True)
    assert page.hits[0].headline == ""  # meaning, not words: nothing to mark


def test_fusion_adds_reciprocal_ranks() -> None:
    # 1: 1/61 + 1/62; 3: 1/63 + 1/61; 2: 1/62 only.
    fused = search.fused([[1, 2, 3], [3, 1]])
    assert [pk for pk, _ in fused] == [1, 3, 2]
    assert fused[0][1] == pytest.approx(1 / 61 + 1 / 62)


def test_combined_ranks_what_both_modes_find_first(other_story: Story, fake_encoder: Any) -> None:
    text = "drinking water"
    depth = search.FUSION_DEPTH
    by_words = [pk for pk, _ in search.sentences_matching(text=text, filters=NONE, limit=depth)]
    vector = fake_encoder.encode([text])[0]
    by_meaning = [pk for pk, _ in search.sentences_nearest(vector=vector, filters=NONE, limit=depth)]
    assert by_words and len(by_meaning) > len(by_words)
    combined = search.sentence_search(text=text, mode="combined", filters=NONE)
    expected = [pk for pk, _ in search.fused([by_meaning, by_words])][: search.PAGE_SIZE]
    assert [h.sentence_id for h in combined.hits] == expected
    assert "drinking water" in combined.hits[0].text
    assert MARK_START in combined.hits[0].headline


def test_filters_narrow_every_mode(other_story: Story, sample_story: Story, fake_encoder: Any) -> None:
    gazette = Outlet.objects.get(slug="harbor-gazette")
    for mode in search.MODES:
        by_outlet = search.sentence_search(
            text="harbor", mode=mode, filters=SearchFilters(outlet_id=gazette.pk)
        )
        assert by_outlet.hits and {h.outlet for h in by_outlet.hits} == {"Harbor Gazette"}, mode
        by_story = search.sentence_search(
            text="harbor", mode=mode, filters=SearchFilters(story_id=other_story.pk)
        )
        assert by_story.hits and {h.story_id for h in by_story.hits} == {other_story.pk}, mode
        april = SearchFilters(date_from=date(2025, 4, 1), date_to=date(2025, 4, 2))
        dated = search.sentence_search(text="harbor", mode=mode, filters=april)
        assert dated.hits and {h.published for h in dated.hits} == {date(2025, 4, 2)}, mode


def test_filtered_semantic_search_still_fills_the_page(other_story: Story, fake_encoder: Any) -> None:
    # One outlet of four: the index returns rows of every outlet, iterative scans keep going.
    gazette = Outlet.objects.get(slug="harbor-gazette")
    mine = Sentence.objects.filter(article__outlet=gazette).count()
    page = search.sentence_search(text="port", mode="semantic", filters=SearchFilters(outlet_id=gazette.pk))
    assert len(page.hits) == min(mine, search.PAGE_SIZE)


def test_only_ready_articles_are_searched(sample_story: Story) -> None:
    article = Article.objects.filter(story=sample_story).first()
    assert article is not None
    Article.objects.filter(pk=article.pk).update(status=Article.Status.FAILED)
    page = search.sentence_search(text="harbor", mode="keyword", filters=NONE)
    assert page.hits and article.pk not in {h.article_id for h in page.hits}


def test_hits_link_to_their_claim_and_label_earlier_versions(sample_story: Story) -> None:
    page = search.sentence_search(text='"drinking water"', mode="keyword", filters=NONE)
    hit = page.hits[0]
    assert hit.claim_id is not None
    claim_articles = set(
        Sentence.objects.filter(claims__id=hit.claim_id).values_list("article_id", flat=True)
    )
    assert hit.compare_ids[0] == hit.article_id and set(hit.compare_ids) == claim_articles
    assert not hit.earlier_version
    old = Article.objects.get(pk=hit.article_id)
    Article.objects.create(
        story=old.story, outlet=old.outlet, raw=b"", content_hash="v2", version_of=old, status="ready"
    )
    again = search.sentence_search(text='"drinking water"', mode="keyword", filters=NONE)
    assert next(h for h in again.hits if h.article_id == old.pk).earlier_version


def test_a_sentence_in_no_claim_has_no_compare_link(other_story: Story) -> None:
    # The second story was never aligned: no claims, the hit links to its article.
    page = search.sentence_search(text="reopened", mode="keyword", filters=NONE)
    assert page.hits and page.hits[0].claim_id is None and page.hits[0].compare_ids == []


def test_pages_follow_on_and_stop_at_the_result_cap(
    other_story: Story, fake_encoder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    total = Sentence.objects.count()
    first = search.sentence_search(text="port", mode="semantic", filters=NONE, page=1)
    assert first.has_next == (total > search.PAGE_SIZE)
    last = search.sentence_search(text="port", mode="semantic", filters=NONE, page=2)
    assert len(last.hits) == min(search.PAGE_SIZE, total - search.PAGE_SIZE) and not last.has_next
    # Nearest first across pages too. (Exact ties may fall on either page: the index orders by distance only.)
    assert min(h.score for h in first.hits) >= max(h.score for h in last.hits) - 1e-6
    words = search.sentence_search(text="harbor or port or the", mode="keyword", filters=NONE, page=1)
    more = search.sentence_search(text="harbor or port or the", mode="keyword", filters=NONE, page=2)
    assert words.has_next and more.hits
    assert {h.sentence_id for h in words.hits}.isdisjoint({h.sentence_id for h in more.hits})
    monkeypatch.setattr(search, "MAX_RESULTS", search.PAGE_SIZE)
    capped = search.sentence_search(text="port", mode="semantic", filters=NONE, page=1)
    assert len(capped.hits) == search.PAGE_SIZE and not capped.has_next and capped.truncated


def test_who_else_reported_this_leaves_out_the_article_and_its_outlet_in_the_story(
    other_story: Story, sample_story: Story
) -> None:
    sentence = Sentence.objects.select_related("article").get(
        article__story=sample_story, article__outlet__slug="harbor-gazette", text__startswith="Harbor master"
    )
    similar = search.sentence_similar(sentence=sentence)
    assert similar
    assert all(h.article_id != sentence.article_id for h in similar)
    assert not any(h.story_id == sample_story.pk and h.outlet == "Harbor Gazette" for h in similar)
    # The same outlet reporting it again in another story counts, and so do the other outlets.
    assert any(h.story_id == other_story.pk and "Lena Okafor" in h.text for h in similar)
    assert any(h.story_id == sample_story.pk for h in similar)
    assert all(h.score >= search.SIMILAR_MIN for h in similar)
    scores = [h.score for h in similar]
    assert scores == sorted(scores, reverse=True)


def test_semantic_search_reads_the_hnsw_index(sample_story: Story) -> None:
    """The plan must use sentence_embedding_hnsw: if the cast or the dims condition drifted, it would not."""
    vector = [1.0] + [0.0] * 383
    with transaction.atomic(), connection.cursor() as cursor:
        # A test database is tiny: without this the planner rightly prefers a scan.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        queryset = search.nearest_queryset(vector=vector, filters=NONE).values_list("pk", "distance")[:10]
        plan = queryset.explain()
    assert "sentence_embedding_hnsw" in plan, plan
