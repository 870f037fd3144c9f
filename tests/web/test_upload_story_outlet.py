"""The upload page's story field, and what it and `ingest` say when an outlet is unknown (issue #12)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from claims.models import Article
from claims.services.stories import story_create
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ANONYMOUS = b"""Harbor reopens after the spill

20250316

The harbor at Port Elsby reopened to fishing boats on Sunday after three days of cleanup.

Crews said most of the diesel had been skimmed from the bay.
"""


def admin(users: dict[str, Any]) -> Client:
    client = Client()
    assert client.login(username="alice", password=PASSWORD)
    return client


def test_the_story_field_puts_every_article_in_that_story(users: dict[str, Any], fake_encoder: Any) -> None:
    chosen = story_create(title="Harbor desk")
    response = admin(users).post(
        reverse("claims:upload"),
        {"uploads": [SimpleUploadedFile("a.txt", ANONYMOUS)], "story": chosen.slug},
    )
    assert response.status_code == 200
    assert Article.objects.get(source_name="a.txt").story_id == chosen.pk


def test_an_unknown_story_slug_is_a_form_error(users: dict[str, Any], fake_encoder: Any) -> None:
    response = admin(users).post(
        reverse("claims:upload"), {"uploads": [SimpleUploadedFile("a.txt", ANONYMOUS)], "story": "nope"}
    )
    assert response.status_code == 400
    assert "There is no story with the slug" in response.content.decode()
    assert not Article.objects.exists()


def test_the_results_ask_for_an_unknown_outlet(users: dict[str, Any], fake_encoder: Any) -> None:
    response = admin(users).post(
        reverse("claims:upload"), {"uploads": [SimpleUploadedFile("a.txt", ANONYMOUS)]}
    )
    article = Article.objects.get(source_name="a.txt")
    assert article.outlet is None
    page = response.content.decode()
    assert "outlet unknown" in page
    assert f'href="{reverse("claims:article_detail", args=[article.pk])}#outlet"' in page
    # The story it joined is shown beside it.
    assert article.story.title in page


def test_ingest_says_which_outlets_are_unknown(tmp_path: Any, fake_encoder: Any) -> None:
    path = tmp_path / "anonymous.txt"
    path.write_bytes(ANONYMOUS)
    out = io.StringIO()
    call_command("ingest", str(path), stdout=out)
    article = Article.objects.get(source_name="anonymous.txt")
    expected = (
        "outlet unknown for anonymous.txt: ingest it with --outlet SLUG, "
        f"or set it on /articles/{article.pk}/"
    )
    assert expected in out.getvalue()
    quiet = io.StringIO()
    call_command("ingest", str(path), "--outlet", "ap", stdout=quiet)  # a duplicate now: no warning
    assert "outlet unknown" not in quiet.getvalue()
