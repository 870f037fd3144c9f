"""The editors' story tools through the pages: rename, merge (with its confirmation), split,
move an article, set its outlet; who may use them; where saved links to a merged story lead;
the story list's order, filters and counts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Article, Outlet, Story, StoryRedirect
from claims.services.stories import story_create, story_split
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client: Client, name: str = "bob") -> Client:
    assert client.login(username=name, password=PASSWORD)
    return client


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def split_off(story: Story, slug: str, user: Any) -> Story:
    article = Article.objects.get(story=story, outlet__slug=slug)
    return story_split(story=story, articles=[article], user=user, title=f"{slug} angle").story


def test_story_page_offers_the_tools_to_editors_and_admins_only(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    url = reverse("claims:story_detail", args=[sample_story.pk])
    for name in ("alice", "bob"):
        html = login(client, name).get(url).content.decode()
        assert reverse("claims:story_rename", args=[sample_story.pk]) in html
        assert reverse("claims:story_split", args=[sample_story.pk]) in html
        assert reverse("claims:story_merge", args=[sample_story.pk]) in html
        assert html.count('name="articles"') == 3
        client.logout()
    html = login(client, "carol").get(url).content.decode()
    assert "/rename/" not in html and "/split/" not in html and "/merge/" not in html


def test_fact_checkers_are_refused_and_nothing_changes(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    article = Article.objects.filter(story=sample_story).first()
    assert article is not None
    other = story_create(title="Elsewhere")
    posts = [
        (reverse("claims:story_rename", args=[sample_story.pk]), {"title": "Mine"}),
        (reverse("claims:story_merge_confirm", args=[sample_story.pk]), {"into": other.pk}),
        (reverse("claims:story_split", args=[sample_story.pk]), {"articles": [article.pk]}),
        (reverse("claims:article_move", args=[article.pk]), {"story": "new"}),
        (reverse("claims:article_outlet", args=[article.pk]), {"outlet": "Elsewhere Daily"}),
    ]
    gets = [reverse("claims:story_merge", args=[sample_story.pk]), reverse("claims:story_choices")]
    for url, data in posts:
        assert client.post(url, data).status_code == 302  # signed out: to the login page
    login(client, "carol")
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    for url in gets:
        assert client.get(url).status_code == 403, url
    assert Story.objects.count() == 2 and not StoryRedirect.objects.exists()
    assert Article.objects.filter(story=sample_story).count() == 3
    assert not Outlet.objects.filter(name="Elsewhere Daily").exists()


def test_rename_then_reset_to_the_headlines(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    url = reverse("claims:story_rename", args=[sample_story.pk])
    response = login(client).post(url, {"title": "Port Elsby spill: day one"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("claims:story_detail", args=[sample_story.pk])
    assert "kept as you set it" in messages_of(response)[0]
    assert "<h1>Port Elsby spill: day one</h1>" in response.content.decode()
    response = client.post(url, {"title": ""}, follow=True)
    sample_story.refresh_from_db()
    assert not sample_story.title_edited
    assert "follows the headlines again" in messages_of(response)[0]


def test_merge_chooses_confirms_then_merges_and_old_links_follow(
    client: Client,
    users: dict[str, Any],
    sample_story: Story,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        source = split_off(sample_story, "valley-courier", users["bob"])
    login(client)
    page = client.get(reverse("claims:story_merge", args=[source.pk]))
    assert [s.pk for s in page.context["choices"]] == [sample_story.pk]  # never itself
    assert not client.get(reverse("claims:story_merge", args=[source.pk]) + "?q=zzzz").context["choices"]
    # The confirmation says what will happen and changes nothing yet.
    confirm = client.get(reverse("claims:story_merge", args=[source.pk]) + f"?into={sample_story.pk}")
    html = confirm.content.decode()
    assert confirm.context["target"].pk == sample_story.pk
    assert "Saved links to it will lead to" in html
    assert reverse("claims:story_merge_confirm", args=[source.pk]) in html
    assert Story.objects.filter(pk=source.pk).exists()
    source_id, title = source.pk, source.title
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("claims:story_merge_confirm", args=[source_id]), {"into": sample_story.pk}, follow=True
        )
    assert response.redirect_chain[-1][0] == reverse("claims:story_detail", args=[sample_story.pk])
    assert f"Merged “{title}” into this story" in messages_of(response)[0]
    assert Article.objects.filter(story=sample_story).count() == 3
    # A saved link to the merged story, any of its pages, leads to the same page of the target.
    old = client.get(reverse("claims:story_detail", args=[source_id]), follow=True)
    assert old.redirect_chain[0][0] == reverse("claims:story_detail", args=[sample_story.pk])
    assert f"“{title}” was merged into this story." in messages_of(old)
    old_compare = client.get(reverse("claims:compare", args=[source_id]) + "?filter=discrepancies")
    assert old_compare.status_code == 302
    assert (
        old_compare["Location"] == reverse("claims:compare", args=[sample_story.pk]) + "?filter=discrepancies"
    )
    assert client.get(reverse("claims:story_detail", args=[987654])).status_code == 404


def test_merge_refuses_a_missing_target_and_itself(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    login(client)
    url = reverse("claims:story_merge_confirm", args=[sample_story.pk])
    for into in (sample_story.pk, 987654, "x"):
        response = client.post(url, {"into": into}, follow=True)
        assert response.redirect_chain[-1][0] == reverse("claims:story_merge", args=[sample_story.pk])
        assert "pick another" in messages_of(response)[0]
    assert Story.objects.filter(pk=sample_story.pk).exists()


def test_split_from_the_story_page(
    client: Client, users: dict[str, Any], sample_story: Story, django_capture_on_commit_callbacks: Any
) -> None:
    login(client, "alice")
    url = reverse("claims:story_split", args=[sample_story.pk])
    everything = list(Article.objects.filter(story=sample_story).values_list("pk", flat=True))
    refused = client.post(url, {"articles": everything}, follow=True)
    assert "at least one article" in messages_of(refused)[0]
    assert "Pick the articles" in messages_of(client.post(url, {}, follow=True))[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"articles": everything[:2], "title": "Second front"}, follow=True)
    new = Story.objects.get(title="Second front")
    assert response.redirect_chain[-1][0] == reverse("claims:story_detail", args=[new.pk])
    assert "2 articles" in messages_of(response)[0]
    assert set(Article.objects.filter(story=new).values_list("pk", flat=True)) == set(everything[:2])


def test_move_an_article_to_a_story_or_to_a_new_one(
    client: Client, users: dict[str, Any], sample_story: Story, django_capture_on_commit_callbacks: Any
) -> None:
    article = Article.objects.get(story=sample_story, outlet__slug="northline")
    page = login(client).get(reverse("claims:article_detail", args=[article.pk]))
    assert reverse("claims:article_move", args=[article.pk]) in page.content.decode()
    url = reverse("claims:article_move", args=[article.pk])
    assert "no longer exists" in messages_of(client.post(url, {"story": "987654"}, follow=True))[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"story": "new"}, follow=True)
    article.refresh_from_db()
    assert article.story_id != sample_story.pk
    assert response.redirect_chain[-1][0] == reverse("claims:article_detail", args=[article.pk])
    assert "Moved to" in messages_of(response)[0]
    lone = article.story_id
    # The article page offers the other stories, and typing narrows them (htmx partial).
    page = client.get(reverse("claims:article_detail", args=[article.pk]))
    assert [s.pk for s in page.context["choices"]] == [sample_story.pk]
    options = client.get(
        reverse("claims:story_choices") + f"?q=tanker&exclude={lone}", HTTP_HX_REQUEST="true"
    )
    assert (
        f'value="{sample_story.pk}"' in options.content.decode() and "<html" not in options.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"story": str(sample_story.pk)}, follow=True)
    # Its own story was left empty: removed, and its address leads to where the article went.
    assert "was removed" in messages_of(response)[0]
    assert StoryRedirect.objects.get(old_id=lone).story_id == sample_story.pk
    again = client.post(url, {"story": str(sample_story.pk)}, follow=True)
    assert "already in that story" in messages_of(again)[0]


def test_an_unknown_outlet_is_shown_prominently_and_can_be_set(
    client: Client, users: dict[str, Any], sample_story: Story, django_capture_on_commit_callbacks: Any
) -> None:
    article = Article.objects.get(story=sample_story, outlet__slug="northline")
    Article.objects.filter(pk=article.pk).update(outlet=None)
    page_url = reverse("claims:article_detail", args=[article.pk])
    assert "Unknown outlet — set it" in login(client).get(page_url).content.decode()
    client.logout()
    assert "Unknown outlet — set it" not in login(client, "carol").get(page_url).content.decode()
    client.logout()
    login(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("claims:article_outlet", args=[article.pk]), {"outlet": "Harbour Bugle"}, follow=True
        )
    article.refresh_from_db()
    assert article.outlet is not None and article.outlet.name == "Harbour Bugle"
    assert "Credited to Harbour Bugle" in messages_of(response)[0]
    assert "Unknown outlet — set it" not in response.content.decode()
    blank = client.post(reverse("claims:article_outlet", args=[article.pk]), {"outlet": ""}, follow=True)
    assert "required" in messages_of(blank)[0]


def test_story_list_newest_reporting_first_with_date_and_outlet_filters(
    client: Client,
    users: dict[str, Any],
    sample_story: Story,
    django_assert_max_num_queries: Any,
) -> None:
    spans = {
        "Old news": (date(2020, 1, 1), date(2020, 1, 3)),
        "Last week": (date(2030, 5, 1), date(2030, 5, 8)),
        "Undated": (None, None),
    }
    for title, (start, end) in spans.items():
        story = story_create(title=title)
        Story.objects.filter(pk=story.pk).update(published_from=start, published_to=end)
    login(client)
    url = reverse("claims:story_list")
    with django_assert_max_num_queries(10):
        response = client.get(url)
    titles = [s.title for s in response.context["page"].object_list]
    assert titles[0] == "Last week" and titles[-1] == "Undated"
    assert titles.index(sample_story.title) < titles.index("Old news")
    listed = next(s for s in response.context["page"].object_list if s.pk == sample_story.pk)
    assert listed.article_count == 3 and len(listed.outlet_names) == 3
    assert listed.claim_count > 0 and listed.discrepancy_count > 0

    def shown(query: str) -> list[str]:
        return [s.title for s in client.get(url + query).context["page"].object_list]

    # A story matches a date range its span overlaps.
    assert shown("?from=2030-05-05&to=2030-06-01") == ["Last week"]
    assert shown("?from=2019-12-01&to=2020-01-01") == ["Old news"]
    assert shown("?outlet=northline") == [sample_story.title]
    assert "No story matches these filters" in client.get(url + "?from=2099-01-01").content.decode()


def test_story_list_pages_keep_their_filters(client: Client, users: dict[str, Any]) -> None:
    for n in range(25):
        story = story_create(title=f"Story {n:02}")
        Story.objects.filter(pk=story.pk).update(
            published_from=date(2024, 1, 1 + n), published_to=date(2024, 1, 1 + n)
        )
    response = login(client).get(reverse("claims:story_list") + "?from=2024-01-01")
    page = response.context["page"]
    assert page.paginator.num_pages == 2 and page.object_list[0].title == "Story 24"
    assert "page=2&amp;q=&amp;outlet=&amp;from=2024-01-01" in response.content.decode()
