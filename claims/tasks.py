"""Background work. Tasks take ids, never model instances, and call services."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from claims.models import Story
from claims.services.alignment import story_align


@shared_task(acks_late=True)
def story_align_task(story_id: int) -> dict[str, Any]:
    story = Story.objects.get(pk=story_id)
    summary = story_align(story=story)
    return summary.__dict__
