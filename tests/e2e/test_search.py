"""Search in a real browser: the header box, htmx mode links, a result opened in the compare grid."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_editor_searches_switches_modes_and_opens_the_claim(
    page: Any, shot: Any, live_server: Any, users: dict[str, Any], sample_story: Any
) -> None:
    base = live_server.url
    log_in(page, base, "bob")
    page.fill("#site-q", "drinking water")
    page.press("#site-q", "Enter")
    page.wait_for_url("**/search/?q=drinking+water")
    page.locator(".hit").first.wait_for()
    assert page.locator("nav.mode-tabs a.current").inner_text() == "Best match"
    shot(page, "search-combined")

    page.get_by_role("link", name="Exact words").click()
    page.wait_for_url("**mode=keyword**")  # htmx pushed the URL
    page.locator(".hit-text mark").first.wait_for()
    assert page.locator("nav.mode-tabs a.current").inner_text() == "Exact words"
    assert page.locator("#search-mode").input_value() == "keyword"  # swapped out of band
    assert page.locator(".hit").count() >= 2
    shot(page, "search-keyword")

    # The form keeps the mode the link chose; the websearch syntax leaves a word out.
    page.fill("form.search-form input[name=q]", '"drinking water" -safe')
    page.click("form.search-form button[type=submit]")
    page.wait_for_url("**mode=keyword**")
    page.wait_for_function("document.querySelectorAll('#results .hit').length === 2")
    assert all("safe" not in t for t in page.locator(".hit-text").all_inner_texts())

    page.get_by_role("link", name="Same meaning").click()
    page.wait_for_url("**mode=semantic**")
    page.locator(".hit .score").first.wait_for()
    shot(page, "search-semantic")

    page.get_by_role("link", name="See the claim side by side").first.click()
    page.wait_for_url("**/compare/?articles=**#claim-**")
    row = page.locator("tr.row:target")
    row.wait_for()
    assert row.count() == 1 and "drinking water" in row.inner_text()
    shot(page, "search-compare", full=False)

    # Who else reported this, inline in the grid.
    row.locator("a.similar-link").first.click()
    similar = row.locator(".similar").first
    similar.wait_for()
    assert similar.locator(".hit").count() >= 1 and "/compare/" in page.url
    shot(page, "search-similar-inline", full=False)

    # And from a sentence of the article page, in the flow of its text.
    page.locator("table.compare thead th a").first.click()
    page.locator(".body .sentence").first.wait_for()
    page.locator(".body a.similar-link").nth(2).click()
    page.locator(".body .similar").wait_for()
    page.locator(".body .similar").scroll_into_view_if_needed()
    shot(page, "search-article-similar", full=False)


def test_search_works_without_javascript(
    browser: Any, shot: Any, live_server: Any, users: dict[str, Any], sample_story: Any
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1024, "height": 900})
    page = context.new_page()
    try:
        base = live_server.url
        log_in(page, base, "carol")
        page.fill("#site-q", "sandbar fog")
        page.press("#site-q", "Enter")
        page.wait_for_url("**/search/?q=sandbar+fog")
        page.get_by_role("link", name="Exact words").click()
        page.wait_for_url("**mode=keyword**")
        assert page.locator(".hit-text mark").count() >= 2
        page.get_by_role("link", name="Who else reported this?").first.click()
        page.wait_for_url("**/similar/")
        assert page.locator("h1").inner_text() == "Who else reported this?"
        assert page.locator(".similar .hit").count() >= 1
        shot(page, "search-similar-page")
        page.goto(f"{base}/search/?q=tanker&mode=fuzzy")
        assert "Mode: Select a valid choice" in page.locator("[role=alert]").inner_text()
        shot(page, "search-bad-mode", full=False)
    finally:
        context.close()
