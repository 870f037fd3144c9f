"""An editor reshapes stories through the real pages: move an article, split, merge (confirmed)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from claims.models import Article, Story, StoryRedirect
from tests.e2e.test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_editor_moves_an_article_out_and_back_with_search_as_you_type(
    page: Any, shot: Any, live_server: Any, users: dict[str, Any], sample_story: Story
) -> None:
    base = live_server.url
    article = Article.objects.get(story=sample_story, outlet__slug="northline")
    Article.objects.filter(pk=article.pk).update(outlet=None)
    log_in(page, base, "bob")
    page.goto(f"{base}/articles/{article.pk}/")
    # Detection found no outlet: the page says so and the form is open.
    assert page.get_by_role("link", name="Unknown outlet — set it").is_visible()
    assert page.locator("#set-outlet").get_attribute("open") is not None
    page.locator("#move summary").click()
    shot(page, "manage-article-tools")
    page.fill("#outlet-name", "Northline Wire")
    page.get_by_role("button", name="Save outlet").click()
    page.get_by_text("Credited to Northline Wire").wait_for()
    page.locator("#move summary").click()
    page.select_option("#move-story", "new")
    page.get_by_role("button", name="Move", exact=True).click()
    page.get_by_text(re.compile("^Moved to")).wait_for()
    article.refresh_from_db()
    lone = article.story_id
    assert lone != sample_story.pk
    shot(page, "manage-article-moved", full=False)
    # Typing narrows the stories offered, without a reload.
    page.locator("#move summary").click()
    page.fill("#move-q", "zzzz-nothing")
    page.locator("#move-stories option[disabled]").wait_for(state="attached")
    page.fill("#move-q", "tanker")
    page.locator(f"#move-stories option[value='{sample_story.pk}']").wait_for(state="attached")
    page.select_option("#move-story", str(sample_story.pk))
    shot(page, "manage-article-move-search", full=False)
    page.get_by_role("button", name="Move", exact=True).click()
    page.get_by_text("was removed").wait_for()
    article.refresh_from_db()
    assert article.story_id == sample_story.pk
    assert StoryRedirect.objects.get(old_id=lone).story_id == sample_story.pk


def test_editor_splits_a_story_then_merges_it_back_after_confirming(
    page: Any, shot: Any, live_server: Any, users: dict[str, Any], sample_story: Story
) -> None:
    base = live_server.url
    log_in(page, base, "bob")
    page.goto(f"{base}/stories/{sample_story.pk}/")
    page.locator("#split summary").click()
    page.get_by_label(re.compile("Valley Courier")).check()
    page.fill("#split-title", "Courier angle")
    shot(page, "manage-split-form")
    page.get_by_role("button", name="Split into a new story").click()
    page.locator("h1", has_text="Courier angle").wait_for()
    new = Story.objects.get(title="Courier angle")
    assert Article.objects.filter(story=new).count() == 1
    assert Article.objects.filter(story=sample_story).count() == 2
    page.get_by_text("1 article; both stories are being aligned again").wait_for()
    shot(page, "manage-split-done")
    page.goto(f"{base}/")
    assert page.locator("table.stories tbody tr").count() == 2
    shot(page, "manage-story-list", full=False)

    page.goto(f"{base}/stories/{new.pk}/")
    page.get_by_role("link", name="Merge into…").click()
    page.fill("#merge-q", "zzzz-nothing")
    page.locator("#merge-into option[disabled]").wait_for(state="attached")
    page.fill("#merge-q", "tanker")
    page.locator(f"#merge-into option[value='{sample_story.pk}']").wait_for(state="attached")
    page.select_option("#merge-into", str(sample_story.pk))
    shot(page, "manage-merge-choose", full=False)
    page.get_by_role("button", name="Continue").click()
    # The confirmation says what will happen; nothing has changed yet.
    page.get_by_text("Saved links to it will lead to").wait_for()
    assert Story.objects.filter(pk=new.pk).exists()
    shot(page, "manage-merge-confirm")
    page.get_by_role("button", name=re.compile("^Merge into")).click()
    page.get_by_text("Merged “Courier angle” into this story").wait_for()
    assert not Story.objects.filter(pk=new.pk).exists()
    assert Article.objects.filter(story=sample_story).count() == 3
    shot(page, "manage-merge-done", full=False)
    # A saved link to the merged story lands on the story it joined.
    page.goto(f"{base}/stories/{new.pk}/")
    page.get_by_text("“Courier angle” was merged into this story.").wait_for()
    assert page.url.rstrip("/").endswith(f"/stories/{sample_story.pk}")
