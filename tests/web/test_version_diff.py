"""Two versions of one article, NewsDiffs style."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Article, Story
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def make_version(old: Article) -> Article:
    paras = [p for p in old.body.split("\n\n") if p.strip()]
    paras[0] = paras[0].replace("the", "THE", 1) + " Officials added a detail."
    paras = [*paras[:-1], "A wholly new closing paragraph about the inquiry."]
    return Article.objects.create(
        story=old.story,
        outlet=old.outlet,
        title=(old.title or "") + " (updated)",
        body="\n\n".join(paras),
        raw=b"",
        content_hash="v2-" + old.content_hash[:40],
        version_of=old,
        status=Article.Status.READY,
    )


def test_version_diff_shows_headline_and_paragraph_changes(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    old = Article.objects.filter(story=sample_story).order_by("id").first()
    assert old is not None
    new = make_version(old)
    assert client.login(username="bob", password=PASSWORD)
    response = client.get(reverse("claims:version_diff", args=[old.pk, new.pk]))
    assert response.status_code == 200
    diff = response.context["diff"]
    assert diff["headline_changed"]
    assert diff["added"] + diff["edited"] >= 1
    html = response.content.decode()
    assert "<ins>" in html and "<del>" in html and "A wholly new closing paragraph" in html
    # Linked from the article page and from the story overview.
    link = reverse("claims:version_diff", args=[old.pk, new.pk])
    assert link in client.get(reverse("claims:article_detail", args=[new.pk])).content.decode()
    assert link in client.get(reverse("claims:article_detail", args=[old.pk])).content.decode()
    assert link in client.get(reverse("claims:story_detail", args=[sample_story.pk])).content.decode()


def test_article_page_has_restore_forms_for_editors_and_admins_only(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    article = Article.objects.filter(story=sample_story).exclude(removed=[]).first()
    if article is None:
        pytest.skip("no sample article had blocks removed")
    url = reverse("claims:article_detail", args=[article.pk])
    restore = reverse("claims:article_restore", args=[article.pk])
    assert client.login(username="alice", password=PASSWORD)
    html = client.get(url).content.decode()
    assert restore in html and 'name="position"' in html and article.raw_text[:20] in html
    client.logout()
    assert client.login(username="bob", password=PASSWORD)
    assert restore in client.get(url).content.decode()
    client.logout()
    assert client.login(username="carol", password=PASSWORD)
    assert restore not in client.get(url).content.decode()
