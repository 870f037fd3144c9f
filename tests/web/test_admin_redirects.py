"""The admin lists where merged-away stories went, read-only (issue #12)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_the_admin_lists_story_redirects(client: Any, users: dict[str, Any]) -> None:
    from claims.models import StoryRedirect
    from claims.services.stories import story_create
    from tests.conftest import PASSWORD

    target = story_create(title="Kept")
    StoryRedirect.objects.create(old_id=9999, story=target, title="Merged away", slug="merged-away")
    client.login(username="alice", password=PASSWORD)
    response = client.get("/admin/claims/storyredirect/")
    assert response.status_code == 200 and "Merged away" in response.content.decode()
    assert client.get("/admin/claims/storyredirect/add/").status_code == 403
