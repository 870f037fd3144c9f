"""Handing work to the task queue.

Tasks are looked up by their registered name, so services never import the
task module (which imports services): no import circle. Celery runs them on a
worker when CELERY_BROKER_URL is set, in-process otherwise (`task_always_eager`).
"""

from __future__ import annotations

from celery import current_app

STORY_ALIGN = "claims.tasks.story_align_task"


def story_align_later(*, story_id: int) -> None:
    current_app.tasks[STORY_ALIGN].delay(story_id)
