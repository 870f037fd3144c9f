"""The search page and "who else reported this": roles, htmx partials, no-JS links, escaping, bad input."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Article, Sentence, Story
from claims.services.articles import article_ingest
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def login(client: Client, name: str = "bob") -> Client:
    assert client.login(username=name, password=PASSWORD)
    return client


def search_url(**params: str) -> str:
    from urllib.parse import urlencode

    return reverse("claims:search") + "?" + urlencode(params)


def hx_links(html: str) -> list[tuple[str, str]]:
    """(href, hx-get) of every element that has an hx-get."""
    tags = re.findall(r"<(?:a|form)\b[^>]*\bhx-get=[^>]*>", html)
    out = []
    for tag in tags:
        href = re.search(r'\b(?:href|action)="([^"]*)"', tag)
        hx = re.search(r'\bhx-get="([^"]*)"', tag)
        assert hx is not None
        out.append((href.group(1) if href else "", hx.group(1)))
    return out


def test_search_renders_for_each_role_in_every_mode(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    for name in ("alice", "bob", "carol"):
        login(client, name)
        assert client.get(reverse("claims:search")).status_code == 200
        for mode in ("combined", "semantic", "keyword"):
            response = client.get(search_url(q="drinking water", mode=mode))
            assert response.status_code == 200, (name, mode)
            assert response.context["results"].hits, (name, mode)
            assert b'class="hit"' in response.content
        client.logout()


def test_search_pages_need_a_login(client: Client, sample_story: Story) -> None:
    sentence = Sentence.objects.first()
    assert sentence is not None
    for url in (search_url(q="tanker"), reverse("claims:sentence_similar", args=[sentence.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_the_header_box_searches_from_every_page(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    html = login(client).get(reverse("claims:story_list")).content.decode()
    assert 'class="site-search" role="search"' in html and f'action="{reverse("claims:search")}"' in html


def test_htmx_gets_only_the_results_region(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    login(client)
    response = client.get(search_url(q="sandbar", mode="keyword"), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="results"' in html and "<mark>sandbar</mark>" in html
    # The form's mode follows the tab chosen, out of band.
    assert 'id="search-mode" hx-swap-oob="true"' in html and 'value="keyword"' in html
    assert "HX-Request" in response["Vary"]
    full = client.get(search_url(q="sandbar", mode="keyword")).content.decode()
    assert "<html" in full and 'id="search-mode" hx-swap-oob' not in full
    # A history restore htmx could not serve from its cache needs the whole page.
    restore = client.get(search_url(q="sandbar"), HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)
    assert b"<html" in restore.content


def test_every_htmx_link_is_also_a_real_link(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    login(client)
    html = client.get(search_url(q="harbor", mode="semantic")).content.decode()  # every sentence: two pages
    links = hx_links(html)
    assert len(links) >= 5  # the form, three mode tabs, the next page
    assert all(href == hx for href, hx in links), links
    assert 'rel="next"' in html
    tabs = re.findall(
        r'<a href="([^"]*)" hx-get="[^"]*" hx-target="#results"[^>]*>(Best match|Same meaning)', html
    )
    assert {label for _, label in tabs} == {"Best match", "Same meaning"}
    # Without JavaScript the tab is a plain page of its own.
    semantic = next(href for href, label in tabs if label == "Same meaning").replace("&amp;", "&")
    assert client.get(semantic).context["mode"] == "semantic"


def test_results_link_to_their_claim_on_the_compare_page(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    login(client)
    response = client.get(search_url(q='"drinking water"', mode="keyword"))
    shown = response.context["hits"][0]
    assert shown.hit.claim_id is not None
    assert shown.link.endswith(f"#claim-{shown.hit.claim_id}") and "/compare/?articles=" in shown.link
    assert f'href="{shown.link}"' in response.content.decode()
    compare = client.get(shown.link.split("#")[0])
    assert f'id="claim-{shown.hit.claim_id}"' in compare.content.decode()


def test_highlighting_is_html_safe(client: Client, users: dict[str, Any], sample_story: Story) -> None:
    text = (
        "Harbor diary\n\n"
        'Divers said <script>alert("x")</script> the diesel & <b>oil</b> "tanker" spread, officials said.'
    )
    result = article_ingest(
        data=text.encode(), source_name="evil.txt", outlet="evil-news", story=sample_story
    )
    assert result.article is not None, result.error
    login(client)
    html = client.get(search_url(q="divers diesel", mode="keyword")).content.decode()
    assert "<script>alert" not in html and "<b>oil</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<mark>Divers</mark>" in html and "<mark>diesel</mark> &amp; &lt;b&gt;oil&lt;/b&gt;" in html


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"q": "tanker", "mode": "fuzzy"}, "Mode: Select a valid choice"),
        ({"q": "tanker", "page": "two"}, "Page: Enter a whole number"),
        ({"q": "tanker", "page": "999"}, "Only the first 200 results are shown"),
        ({"q": "tanker", "from": "2025-13-01"}, "From: Enter a valid date"),
        ({"q": "tanker", "from": "2025-03-20", "to": "2025-03-01"}, "The From date is after the To date"),
        ({"q": "tanker", "story": "987654"}, "There is no story #987654"),
        ({"q": "tanker", "outlet": "no-such-outlet"}, "Outlet: Select a valid choice"),
        ({"q": "x" * 301}, "Query: Ensure this value has at most 300 characters"),
    ],
)
def test_bad_parameters_say_what_is_wrong(
    client: Client, users: dict[str, Any], sample_story: Story, params: dict[str, str], reason: str
) -> None:
    login(client)
    response = client.get(search_url(**params))
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert response.context["results"] is None
    # htmx swaps no 4xx: the partial carries the same reason with a 200.
    partial = client.get(search_url(**params), **HTMX)
    assert partial.status_code == 200 and reason in partial.content.decode()
    assert 'role="alert"' in partial.content.decode()


def test_filters_come_back_in_the_form_and_the_story_can_be_dropped(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    login(client)
    response = client.get(
        search_url(
            q="harbor",
            mode="keyword",
            outlet="northline",
            story=str(sample_story.pk),
            **{"from": "2025-03-14"},
        )
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert {h.hit.outlet for h in response.context["hits"]} == {"Northline Wire"}
    assert '<option value="northline" selected>' in html and 'value="2025-03-14"' in html
    assert f'<input type="hidden" name="story" value="{sample_story.pk}">' in html
    assert "search every story" in html and "story=" not in response.context["without_story"]


def test_a_query_of_stop_words_explains_itself(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    response = login(client).get(search_url(q="the of and", mode="keyword"))
    assert response.status_code == 200 and b"too common to search for" in response.content


def test_who_else_reported_this_is_a_page_and_a_partial(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    sentence = Sentence.objects.get(
        article__outlet__slug="harbor-gazette", text__startswith="Mayor Daniel Reyes"
    )
    url = reverse("claims:sentence_similar", args=[sentence.pk])
    login(client, "carol")
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "<h1>Who else reported this?</h1>" in html
    hits = page.context["hits"]
    assert hits and all(h.hit.article_id != sentence.article_id for h in hits)
    assert "Mayor Daniel Reyes" in hits[0].hit.text and "similarity" in html
    partial = client.get(url, **HTMX)
    assert b"<h1>" not in partial.content and f'id="similar-{sentence.pk}"'.encode() in partial.content
    assert client.get(reverse("claims:sentence_similar", args=[987654321])).status_code == 404


def test_compare_and_article_pages_link_every_sentence_to_who_else(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    login(client)
    ids = list(Article.objects.filter(story=sample_story).values_list("pk", flat=True))
    compare = client.get(
        reverse("claims:compare", args=[sample_story.pk]) + "?articles=" + ",".join(map(str, ids))
    )
    html = compare.content.decode()
    shown = set(re.findall(r'data-sentence="(\d+)"', html))
    linked = set(
        re.findall(r'<a class="similar-link" href="/sentences/(\d+)/similar/" hx-get="/sentences/\1/', html)
    )
    assert shown and shown == linked
    article = Article.objects.get(pk=ids[0])
    page = client.get(reverse("claims:article_detail", args=[article.pk])).content.decode()
    assert page.count('class="similar-link"') == article.sentences.count()
    assert all(href == hx for href, hx in hx_links(page) if "/similar/" in href)
