"""The N-column compare page: rows by claim, word diffs, filters, htmx partials, bounded queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Article, Story
from claims.services.alignment import story_align
from claims.services.articles import article_ingest
from claims.services.outlets import outlet_get_or_create
from claims.services.stories import story_create
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client: Client, name: str = "bob") -> Client:
    assert client.login(username=name, password=PASSWORD)
    return client


def build_story(*, articles: int, sentences: int) -> Story:
    """A synthetic story: every outlet reports the same facts, some with other numbers."""
    story = story_create(title=f"Synthetic {articles}x{sentences}")
    places = ["Harbor", "Valley", "Ridge", "Lake", "Mill", "Stone", "River", "Oak"]
    for k in range(articles):
        slug = f"outlet-{k}"
        outlet_get_or_create(slug=slug, name=f"Outlet {k}")
        lines = [f"Headline {k} about the council vote", ""]
        for i in range(sentences):
            count = 10 + i if (i + k) % 7 else 500 + i  # every 7th differs per outlet
            lines.append(
                f"The {places[i % len(places)]} council approved {count} new buses for route {i} "
                f"after a long meeting on item {i}."
            )
            lines.append("")
        lines.append(f"Outlet {k} alone adds that its reporter {k} watched from the gallery.")
        result = article_ingest(
            data="\n".join(lines).encode(), source_name=f"{slug}.txt", outlet=slug, story=story
        )
        assert result.status == "created", result.error
    story_align(story=story)
    return story


def compare_url(story: Story, ids: list[int], **params: str) -> str:
    query = "&".join([f"articles={','.join(map(str, ids))}", *(f"{k}={v}" for k, v in params.items())])
    return reverse("claims:compare", args=[story.pk]) + "?" + query


def test_three_columns_with_rows_by_claim(client: Client, users: dict[str, Any], sample_story: Story) -> None:
    ids = list(Article.objects.filter(story=sample_story).order_by("id").values_list("pk", flat=True))
    assert len(ids) == 3
    response = login(client).get(compare_url(sample_story, ids))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert all(len(r.cells) == 3 for r in rows)
    assert any(sum(1 for c in r.cells if c) == 3 for r in rows), "some claim is in all three"
    for col, pk in enumerate(ids):
        indexes = [item.sentence.index for r in rows for item in r.cells[col]]
        assert sorted(indexes) == list(range(Article.objects.get(pk=pk).sentences.count()))
    html = response.content.decode()
    assert html.count('<th scope="col">') >= 1 and 'id="claim-' in html
    assert 'href="#claim-' in html  # permalinks


def test_discrepancy_rows_show_typed_badges_and_marked_spans(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    ids = list(Article.objects.filter(story=sample_story).values_list("pk", flat=True))
    response = login(client).get(compare_url(sample_story, ids, filter="discrepancies"))
    rows = response.context["rows"]
    assert rows and all(r.kind == "discrepancy" for r in rows)
    html = response.content.decode()
    assert "data-discrepancy" in html
    assert '<mark class="disc' in html
    assert "<ins>" in html or "<del>" in html
    assert any(
        t in html for t in ("number</span>", "date</span>", "name</span>", "quote</span>", "negation</span>")
    )


def test_unique_filter_and_legacy_a_b(client: Client, users: dict[str, Any], sample_story: Story) -> None:
    a, b = list(Article.objects.filter(story=sample_story).order_by("id"))[:2]
    login(client)
    url = reverse("claims:compare", args=[sample_story.pk]) + f"?a={a.pk}&b={b.pk}&filter=unique"
    response = client.get(url)
    assert response.status_code == 200
    assert [x.pk for x in response.context["chosen"]] == [a.pk, b.pk]
    assert all(r.kind == "unique" for r in response.context["rows"])


def test_htmx_filter_returns_only_the_grid(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    ids = list(Article.objects.filter(story=sample_story).values_list("pk", flat=True))
    response = login(client).get(
        compare_url(sample_story, ids, filter="discrepancies"), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="grid"')
    assert "<html" not in html
    # Every htmx link is also a real link.
    assert 'hx-get="?articles=' in html and 'href="?articles=' in html


def test_escapes_sentence_text(client: Client, users: dict[str, Any], sample_story: Story) -> None:
    from claims.web.render.markup import side_markup

    html = side_markup(
        "A <b> 5 ships", [{"op": "replace", "a_span": [6, 7]}], [{"type": "number", "a_span": [6, 7]}], "a"
    )
    assert "&lt;b&gt;" in html and '<mark class="disc t-number"' in html and "<del>5</del>" in html


@pytest.mark.parametrize("articles,sentences", [(2, 6), (5, 40)])
def test_compare_and_overview_queries_are_bounded(
    client: Client,
    users: dict[str, Any],
    fake_encoder: Any,
    django_assert_max_num_queries: Any,
    articles: int,
    sentences: int,
) -> None:
    story = build_story(articles=articles, sentences=sentences)
    ids = list(Article.objects.filter(story=story).values_list("pk", flat=True))
    overview = reverse("claims:story_detail", args=[story.pk])
    login(client)
    # The page cache starts empty (tests/web/conftest.py): these render.
    with django_assert_max_num_queries(12):
        response = client.get(compare_url(story, ids))
    assert response.status_code == 200
    assert len(response.context["chosen"]) == articles and response.context["rows"] is not None
    with django_assert_max_num_queries(12):
        assert client.get(overview).context["overview"] is not None
    # Served from the cache: only what the keys and the page around the fragment need.
    with django_assert_max_num_queries(6):
        assert client.get(compare_url(story, ids)).context["rows"] is None
    with django_assert_max_num_queries(5):
        assert client.get(overview).context["overview"] is None
    with django_assert_max_num_queries(10):
        assert client.get(reverse("claims:story_list")).status_code == 200
    # A fact-checker's grid (flag forms, one more read for flag states) is bounded too.
    client.logout()
    login(client, "carol")
    with django_assert_max_num_queries(12):
        assert client.get(compare_url(story, ids)).context["rows"] is not None


def test_fewer_than_two_articles_redirects(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    a = Article.objects.filter(story=sample_story).first()
    assert a is not None
    response = login(client).get(compare_url(sample_story, [a.pk]), follow=True)
    assert b"Choose two different articles" in response.content
