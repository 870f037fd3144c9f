"""Every page renders for the roles that may see it, and only for them."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Article, Story
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client: Client, name: str) -> Client:
    assert client.login(username=name, password=PASSWORD)
    return client


def page_urls(story: Story) -> list[str]:
    a, b = list(Article.objects.filter(story=story).order_by("id"))[:2]
    return [
        reverse("claims:story_list"),
        reverse("claims:story_list") + "?q=tanker&outlet=northline",
        reverse("claims:story_detail", args=[story.pk]),
        reverse("claims:compare", args=[story.pk]) + f"?a={a.pk}&b={b.pk}",
        reverse("claims:article_detail", args=[a.pk]),
    ]


def test_every_page_renders_for_each_role(client: Client, users: dict[str, Any], sample_story: Story) -> None:
    for name in ("alice", "bob", "carol"):
        login(client, name)
        for url in page_urls(sample_story):
            response = client.get(url)
            assert response.status_code == 200, (name, url)
        client.logout()


def test_pages_need_a_login(client: Client, sample_story: Story) -> None:
    for url in [*page_urls(sample_story), reverse("claims:upload")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_upload_is_for_admins_only(client: Client, users: dict[str, Any]) -> None:
    login(client, "bob")
    assert client.get(reverse("claims:upload")).status_code == 302
    client.logout()
    login(client, "alice")
    assert client.get(reverse("claims:upload")).status_code == 200


def test_compare_puts_aligned_sentences_on_one_row(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    gazette = Article.objects.get(story=sample_story, outlet__slug="harbor-gazette")
    courier = Article.objects.get(story=sample_story, outlet__slug="valley-courier")
    login(client, "bob")
    url = reverse("claims:compare", args=[sample_story.pk]) + f"?a={gazette.pk}&b={courier.pk}"
    response = client.get(url)
    rows = response.context["rows"]
    pairs = {
        (r.cells[0][0].sentence.text[:30], r.cells[1][0].sentence.text[:30])
        for r in rows
        if r.kind != "unique"
    }
    assert ("The port will remain closed un", "The port will remain closed un") in pairs
    # Both columns keep every sentence, each exactly once, in reading order.
    for col, article in enumerate((gazette, courier)):
        indexes = [item.sentence.index for r in rows for item in r.cells[col]]
        assert sorted(indexes) == list(range(article.sentences.count()))
        assert len(indexes) == len(set(indexes))
    assert b'tr class="row' in response.content


def test_compare_with_one_article_explains_what_to_do(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    login(client, "bob")
    a = Article.objects.filter(story=sample_story).first()
    assert a is not None
    response = client.get(
        reverse("claims:compare", args=[sample_story.pk]) + f"?a={a.pk}&b={a.pk}", follow=True
    )
    assert b"Choose two different articles" in response.content
