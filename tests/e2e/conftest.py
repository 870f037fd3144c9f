"""Browser tests: Playwright's sync API drives Debian's chromium against live_server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise
# refuse ORM calls from the fixtures and the live server's handlers.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium (make chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1024, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def shot() -> Any:
    SHOTS.mkdir(parents=True, exist_ok=True)

    def save(page: Any, name: str, full: bool = True) -> None:
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)

    return save


@pytest.fixture(autouse=True)
def role_groups(transactional_db: Any) -> None:
    # Transactional tests flush the tables, groups from the data migration included.
    from django.contrib.auth.models import Group

    from claims import roles

    for name in roles.ROLE_GROUPS:
        Group.objects.get_or_create(name=name)
