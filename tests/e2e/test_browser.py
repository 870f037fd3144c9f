"""Editors read stories and step through discrepancies; admins upload. In a real browser."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page: Any, base: str, name: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_url(f"{base}/")


def test_editor_reads_a_story_and_steps_through_discrepancies(
    page: Any, shot: Any, live_server: Any, users: dict[str, Any], sample_story: Any
) -> None:
    base = live_server.url
    log_in(page, base, "bob")
    page.get_by_role("link", name=sample_story.title).click()
    page.wait_for_selector("table.matrix")
    assert page.locator("table.matrix tbody tr").count() > 0
    shot(page, "story-overview")
    page.get_by_role("link", name="Compare all 3 outlets").click()
    page.wait_for_selector("table.compare")
    assert page.locator("table.compare thead th").count() == 4
    shot(page, "compare-all")
    page.get_by_role("link", name="Discrepancies only").click()
    page.wait_for_url("**filter=discrepancies**")  # htmx pushed the URL
    page.wait_for_function("document.querySelectorAll('tr.row:not(.discrepancy)').length === 0")
    assert page.locator("tr.row.discrepancy").count() > 0
    page.locator("h1").click()
    page.keyboard.press("j")
    focused = page.locator("tr.row:focus")
    assert focused.count() == 1
    assert focused.locator(".badge.discrepancy").count() > 0
    assert focused.locator("mark.disc").count() > 0
    page.keyboard.press("j")
    # Hovering a sentence highlights its counterparts in the other columns.
    focused.locator(".sentence").first.hover()
    assert page.locator(".sentence.highlight").count() >= 2
    shot(page, "compare-discrepancies", full=False)


def test_admin_upload_error_then_success(
    page: Any, shot: Any, live_server: Any, users: dict[str, Any], fake_encoder: Any
) -> None:
    base = live_server.url
    log_in(page, base, "alice")
    page.goto(f"{base}/upload/")
    page.click("form.stack button[type=submit]")
    error = page.locator(".error")
    error.first.wait_for()
    assert error.first.is_visible()
    shot(page, "upload-error")
    page.fill(
        "textarea[name=text]",
        (
            "Bridge reopens after repairs\n\nThe Old Mill bridge reopened on Tuesday after six weeks "
            "of repairs, "
            "the city said.\n\nEngineers replaced 40 steel beams and resurfaced the deck, according to the "
            "transport department.\n\nTraffic was light in the morning."
        ),
    )
    page.fill("input[name=outlet]", "e2e-daily")
    page.click("form.stack button[type=submit]")
    page.locator("table.results").wait_for()
    assert page.locator("table.results .badge.created").count() == 1
    shot(page, "upload-success")


def test_fact_checker_flags_a_pair_and_reviews_it(
    page: Any, shot: Any, live_server: Any, users: dict[str, Any], sample_story: Any
) -> None:
    base = live_server.url
    log_in(page, base, "carol")
    shot(page, "stories-list", full=False)
    page.goto(f"{base}/stories/{sample_story.pk}/compare/?filter=discrepancies")
    details = page.locator("details.flag").first
    details.locator("summary").click()
    details.locator("textarea[name=note]").fill("The two counts cannot both be right.")
    details.get_by_role("button", name="Flag").click()
    page.get_by_text("review queue").first.wait_for()  # htmx swapped the form for the result
    assert "/compare/" in page.url
    shot(page, "flag-created", full=False)
    page.reload()  # the cached grid is keyed on the story's flags: it shows the new one
    page.locator(".badge.flag-open").first.wait_for()
    assert page.locator(".badge.flag-open").count() == 1
    page.get_by_role("link", name="Flags").first.click()
    assert page.get_by_text("The two counts cannot both be right.").is_visible()
    shot(page, "flag-queue")
    page.get_by_role("button", name="Confirm contradiction").click()
    page.get_by_text("confirmed").first.wait_for()
    assert page.get_by_text("No open flags.").is_visible()
    page.goto(f"{base}/stories/{sample_story.pk}/compare/?filter=discrepancies")
    confirmed = page.locator(".badge.flag-confirmed").first
    confirmed.wait_for()
    confirmed.scroll_into_view_if_needed()
    shot(page, "compare-flag-confirmed", full=False)


def test_version_diff_page(
    page: Any, shot: Any, live_server: Any, users: dict[str, Any], sample_story: Any
) -> None:
    from claims.models import Article
    from tests.web.test_version_diff import make_version

    old = Article.objects.filter(story=sample_story).order_by("id").first()
    assert old is not None
    new = make_version(old)
    log_in(page, live_server.url, "bob")
    page.goto(f"{live_server.url}/articles/{new.pk}/")
    page.get_by_role("link", name="what changed").first.click()
    page.locator(".vdiff").wait_for()
    assert page.locator(".para.added ins").count() >= 1
    shot(page, "version-diff")
    page.goto(f"{live_server.url}/articles/{old.pk}/")
    shot(page, "article")
