"""Story alignment as queued work: states, progress, one run at a time, coalescing, failures."""

from __future__ import annotations

import threading
from typing import Any

import psycopg
import pytest
from django.db import OperationalError, connection

from claims.models import Alignment, Story
from claims.services import alignment
from claims.services.alignment import (
    stories_align,
    stories_resume,
    story_align_request,
    story_align_run,
)
from claims.tasks import story_align_task
from tests.conftest import ingest_sample

pytestmark = pytest.mark.django_db


def _counting(monkeypatch: pytest.MonkeyPatch, during: Any = None) -> list[int]:
    """Replace story_align by a wrapper that counts runs (and may act during the first)."""
    calls: list[int] = []
    real = alignment.story_align

    def wrapped(*, story: Story, progress: Any = None, full: bool = False) -> Any:
        calls.append(story.pk)
        if during is not None and len(calls) == 1:
            during(story)
        return real(story=story, progress=progress, full=full)

    monkeypatch.setattr(alignment, "story_align", wrapped)
    return calls


def test_a_request_queues_then_aligns_with_progress(fake_encoder: Any, monkeypatch: Any) -> None:
    story = ingest_sample(align=False)
    assert story.align_state == Story.AlignState.PENDING
    seen: list[float] = []
    real = alignment._progress_writer

    def recording(story_id: int) -> Any:
        write = real(story_id)

        def both(share: float) -> None:
            seen.append(share)
            write(share)

        return both

    monkeypatch.setattr(alignment, "_progress_writer", recording)
    stories_align(story_ids={story.pk})
    story.refresh_from_db()
    assert story.align_state == Story.AlignState.READY
    assert story.align_progress == 1.0 and story.align_requested == 1 and story.aligned_at is not None
    assert Alignment.objects.filter(story=story).exists()
    # Three articles attached one at a time: progress heard after each.
    assert seen == pytest.approx([1 / 3, 2 / 3, 1.0])


def test_a_request_during_a_run_is_coalesced_into_one_more_run(fake_encoder: Any, monkeypatch: Any) -> None:
    story = ingest_sample(align=False)

    def another_request(s: Story) -> None:
        # What a second upload does while the first run aligns: it bumps the
        # counter; its own task would find the lock taken and leave.
        Story.objects.filter(pk=s.pk).update(align_requested=s.align_requested + 1)

    calls = _counting(monkeypatch, during=another_request)
    summary = story_align_run(story_id=story.pk)
    assert summary is not None and calls == [story.pk, story.pk]
    story.refresh_from_db()
    assert story.align_state == Story.AlignState.READY and story.align_requested == 1


def test_a_story_held_by_another_process_is_left_to_it(fake_encoder: Any, monkeypatch: Any) -> None:
    story = ingest_sample(align=False)
    calls = _counting(monkeypatch)
    params = connection.get_connection_params()
    conninfo = {k: v for k, v in params.items() if k in {"host", "port", "user", "dbname"} and v}
    with psycopg.connect(autocommit=True, **conninfo) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [alignment._ALIGN_LOCK_BASE + story.pk])
        assert story_align_task.delay(story.pk).get() == {"story_id": story.pk, "coalesced": True}
        assert calls == []
        # Released here, not by the disconnect: a closing backend lets go of its locks a moment later.
        other.execute("SELECT pg_advisory_unlock(%s)", [alignment._ALIGN_LOCK_BASE + story.pk])
    # The lock is free again: the next run aligns.
    assert story_align_run(story_id=story.pk) is not None and calls == [story.pk]


def test_a_failure_is_kept_with_its_reason_and_a_retry_aligns(fake_encoder: Any, monkeypatch: Any) -> None:
    story = ingest_sample(align=False)

    def broken(*, story: Story, progress: Any = None, full: bool = False) -> Any:
        raise ValueError("the scorer file is unreadable")

    monkeypatch.setattr(alignment, "story_align", broken)
    story_align_request(story_id=story.pk)
    story.refresh_from_db()
    assert story.align_state == Story.AlignState.FAILED
    assert story.align_error == "ValueError: the scorer file is unreadable"
    assert not Alignment.objects.filter(story=story).exists()
    monkeypatch.undo()
    story_align_request(story_id=story.pk)
    story.refresh_from_db()
    assert story.align_state == Story.AlignState.READY and story.align_error == ""


def test_a_database_outage_is_raised_for_a_retry_not_failed(fake_encoder: Any, monkeypatch: Any) -> None:
    story = ingest_sample(align=False)

    def gone(*, story: Story, progress: Any = None, full: bool = False) -> Any:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(alignment, "story_align", gone)
    with pytest.raises(OperationalError):
        story_align_run(story_id=story.pk)
    story.refresh_from_db()
    assert story.align_state == Story.AlignState.ALIGNING  # resumed or retried later, not given up


def test_work_a_stopped_process_left_is_resumed(fake_encoder: Any) -> None:
    story = ingest_sample(align=False)
    Story.objects.filter(pk=story.pk).update(align_state=Story.AlignState.ALIGNING, align_progress=0.4)
    assert stories_resume() == 1
    story.refresh_from_db()
    assert story.align_state == Story.AlignState.READY and Alignment.objects.filter(story=story).exists()
    assert stories_resume() == 0


@pytest.mark.django_db(transaction=True)
def test_background_threads_return_before_the_alignment_ends(fake_encoder: Any, monkeypatch: Any) -> None:
    from claims.services import schedule

    story = ingest_sample(align=False)
    release = threading.Event()
    started = threading.Event()

    def slow(s: Story) -> None:
        started.set()
        assert release.wait(30)

    _counting(monkeypatch, during=slow)
    schedule.use_background_threads()
    try:
        future = schedule.story_align_later(story_id=story.pk)
        assert future is not None
        assert started.wait(30)
        story.refresh_from_db()
        assert story.align_state == Story.AlignState.ALIGNING  # the caller is back, the work goes on
        release.set()
        future.result(timeout=60)
    finally:
        release.set()
        schedule.use_background_threads(False)
    story.refresh_from_db()
    assert story.align_state == Story.AlignState.READY and Alignment.objects.filter(story=story).exists()
