"""`ingest --story SLUG` into a story that was merged away adds to the story it joined (issue #12)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from claims.models import Story
from tests.conftest import ingest_sample

pytestmark = pytest.mark.django_db


def test_ingest_into_a_merged_story_follows_it(
    fake_encoder: Any, users: dict[str, Any], django_capture_on_commit_callbacks: Any, tmp_path: Any
) -> None:
    from claims.models import Article
    from claims.services.stories import stories_merge, story_create

    gone = story_create(title="Harbor spill, first reports", slug="harbor-first")
    kept = ingest_sample(align=False)
    with django_capture_on_commit_callbacks(execute=True):
        stories_merge(source=gone, target=kept, user=users["bob"])
    path = tmp_path / "late-report.txt"
    path.write_text("Late report on the harbor\n\nThe harbor reopened on Sunday after the salvage ended.\n")
    err = io.StringIO()
    call_command(
        "ingest",
        str(path),
        "--story",
        "harbor-first",
        "--outlet",
        "northline",
        stdout=io.StringIO(),
        stderr=err,
    )
    assert "was merged into" in err.getvalue()
    assert Article.objects.get(source_name="late-report.txt").story_id == kept.pk
    assert not Story.objects.filter(slug="harbor-first").exists()
