"""Writes that align stories: sentence matches, verdicts and claim groups."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import InterfaceError, OperationalError, connection
from django.db.models import F

from claims.models import Story
from claims.services import schedule
from claims.services.claim_build import AlignSummary, embedding_matrix, story_align, story_voices

__all__ = ["AlignSummary", "embedding_matrix", "story_align", "story_voices"]

logger = logging.getLogger(__name__)
# Advisory-lock ids for story alignment: this base plus the story id.
_ALIGN_LOCK_BASE = 0x616C << 32  # "al"
# Errors after which the task is retried (the database went away), not marked failed.
TRANSIENT = (OperationalError, InterfaceError)


def stories_align(*, story_ids: set[int], full: bool = False) -> None:
    """Ask for each story to be aligned: now, on a background thread or on a Celery worker."""
    for story_id in sorted(story_ids):
        story_align_request(story_id=story_id, full=full)


def story_align_request(*, story_id: int, full: bool = False, later: bool = True) -> None:
    """Record the request, then hand it to the queue (unless `later` is False: the caller runs it).

    A run under way takes it over. `full` rebuilds every claim of the story;
    otherwise new articles are attached.
    """
    Story.objects.filter(pk=story_id).update(align_requested=F("align_requested") + 1)
    if full:
        Story.objects.filter(pk=story_id).update(align_full=True)
    Story.objects.filter(pk=story_id).exclude(align_state=Story.AlignState.ALIGNING).update(
        align_state=Story.AlignState.QUEUED, align_error=""
    )
    if later:
        schedule.story_align_later(story_id=story_id)


@contextmanager
def _story_lock(story_id: int) -> Iterator[bool]:
    """A session-level advisory lock: held by one process at a time, freed if that process dies."""
    key = _ALIGN_LOCK_BASE + story_id
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        held = bool(cursor.fetchone()[0])
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def story_align_run(*, story_id: int) -> AlignSummary | None:
    """Align a story for the queue: once at a time, requests made meanwhile coalesced.

    Returns None when another process holds the story (it runs again for any
    request it has not seen) or the story is gone. A failure is recorded on the
    story with its reason; transient database errors are re-raised for a retry.
    """
    summary = None
    while True:
        with _story_lock(story_id) as held:
            if not held:
                return summary
            while True:
                story = Story.objects.filter(pk=story_id).first()
                if story is None:
                    return summary
                seen = story.align_requested
                Story.objects.filter(pk=story_id).update(
                    align_state=Story.AlignState.ALIGNING, align_progress=0.0, align_error=""
                )
                try:
                    summary = story_align(
                        story=story, progress=_progress_writer(story_id), full=story.align_full
                    )
                    if story.align_full:  # done; a full request made meanwhile set it again after seen
                        Story.objects.filter(pk=story_id, align_requested=seen).update(align_full=False)
                except TRANSIENT:
                    raise
                except Exception as exc:
                    logger.exception("aligning story %s failed", story_id)
                    Story.objects.filter(pk=story_id).update(
                        align_state=Story.AlignState.FAILED, align_error=f"{type(exc).__name__}: {exc}"
                    )
                    return None
                finished = Story.objects.filter(pk=story_id, align_requested=seen).update(
                    align_state=Story.AlignState.READY, align_progress=1.0
                )
                if finished:
                    break
        # A request may have come between the last check and the unlock; its own
        # task found the lock taken and left the work to us.
        if not Story.objects.filter(pk=story_id, align_requested__gt=seen).exists():
            return summary


def _progress_writer(story_id: int) -> Callable[[float], None]:
    last = [0.0]

    def write(share: float) -> None:
        if share - last[0] >= 0.05:  # a row update per 5 %, not per pair
            last[0] = share
            Story.objects.filter(pk=story_id).update(align_progress=round(share, 3))

    return write


def stories_resume() -> int:
    """Queue again every story left queued or aligning by a process that stopped."""
    stuck = list(
        Story.objects.filter(
            align_state__in=[Story.AlignState.QUEUED, Story.AlignState.ALIGNING]
        ).values_list("pk", flat=True)
    )
    for story_id in stuck:
        schedule.story_align_later(story_id=story_id)
    return len(stuck)
