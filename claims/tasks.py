"""Background work. Tasks take ids, never model instances, and call services.

acks_late with reject_on_worker_lost: a worker killed mid-task leaves the task
on the broker for the next worker; the services make a second run harmless.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task

from claims.services.alignment import TRANSIENT, story_align_run
from claims.services.uploads import upload_process

# Every task: kept on the broker until done, handed on if its worker dies,
# retried when the database goes away for a moment.
DURABLE: dict[str, Any] = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": 2,
    "max_retries": 5,
}


@shared_task(**DURABLE)
def story_align_task(story_id: int) -> dict[str, Any]:
    summary = story_align_run(story_id=story_id)
    if summary is None:
        # Another run holds the story (it takes this request over), or it is gone.
        return {"story_id": story_id, "coalesced": True}
    return summary.__dict__


@shared_task(**DURABLE)
def upload_process_task(article_ids: list[int]) -> list[dict[str, Any]]:
    return [result.as_dict() for result in upload_process(article_ids=article_ids)]
