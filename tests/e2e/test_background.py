"""An upload in a web process that works in the background, followed live in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

from claims.models import Article, Story
from claims.services import schedule
from tests.conftest import SAMPLE_DIR, hold_alignment
from tests.e2e.test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_upload_page_follows_the_article_and_its_alignment_without_a_reload(
    page: Any, shot: Any, live_server: Any, users: dict[str, Any], sample_story: Story, monkeypatch: Any
) -> None:
    release = hold_alignment(monkeypatch, timeout=60)
    schedule.use_background_threads()
    try:
        base = live_server.url
        log_in(page, base, "alice")
        page.goto(f"{base}/upload/")
        text = (SAMPLE_DIR / "valley-courier.txt").read_text().replace("Thursday", "Thursday morning")
        page.fill("textarea[name=text]", text)
        page.fill("input[name=outlet]", "valley-courier")
        page.click("form.stack button[type=submit]")
        page.locator("#upload-results").wait_for()
        # The response came before the pipeline: the row says where it stands.
        shot(page, "upload-queued")
        # htmx polls: the article turns into a version, its story shows the held alignment.
        page.locator("#upload-results .badge.version").wait_for(timeout=60_000)
        page.locator(
            "#upload-results .align-status.aligning, #upload-results .align-status.queued"
        ).wait_for()
        shot(page, "upload-processed-aligning")
        release.set()
        page.locator("#upload-results .align-status.ready").wait_for(timeout=60_000)
        assert (
            page.locator("#upload-results .align-status.ready").inner_text().strip().endswith("is aligned.")
        )
        shot(page, "upload-aligned")
        # Polling has stopped: the region no longer asks for updates.
        assert page.locator("#upload-results[hx-trigger]").count() == 0
    finally:
        release.set()
        schedule.use_background_threads(False)
    article = Article.objects.order_by("-id").first()
    assert article is not None and article.status == Article.Status.READY and article.version_of_id
