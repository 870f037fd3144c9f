"""`manage.py align`: attach new articles, or rebuild with --full, in this process (issue #14)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim, Story
from tests.conftest import ingest_sample

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("align", *args, stdout=out)
    return out.getvalue()


def test_align_attaches_new_articles_then_nothing_then_rebuilds_on_request(fake_encoder: Any) -> None:
    story = ingest_sample(align=False)
    first = run("--story", str(story.pk))
    assert f"story {story.pk}: 3 article(s) attached" in first and "full rebuild" not in first
    claims = set(Claim.objects.filter(story=story).values_list("pk", flat=True))
    assert claims
    assert "0 article(s) attached" in run()
    rebuilt = run("--story", str(story.pk), "--full")
    assert "3 article(s) attached (full rebuild)" in rebuilt
    assert set(Claim.objects.filter(story=story).values_list("pk", flat=True)) == claims
    story.refresh_from_db()
    assert story.align_state == Story.AlignState.READY and not story.align_full


def test_align_names_a_story_that_does_not_exist(db: Any) -> None:
    with pytest.raises(CommandError, match="no story with id 999"):
        run("--story", "999")
