"""Story alignment on a real Celery worker with a real Redis broker."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

from claims.models import Alignment, Story
from tests.conftest import ingest_sample

REDIS = ("127.0.0.1", 6379)


def redis_or_skip() -> None:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        pytest.skip("Redis is not listening on 127.0.0.1:6379")


@pytest.fixture
def celery_worker_on_redis() -> Iterator[Any]:
    redis_or_skip()
    from celery.contrib.testing.worker import start_worker

    from newsdiff.celery import app

    url = f"redis://{REDIS[0]}:{REDIS[1]}/15"
    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url", "result_backend")}
    app.conf.update(task_always_eager=False, broker_url=url, result_backend=url)
    forget_backend(app)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield app
    finally:
        app.conf.update(saved)
        forget_backend(app)
        # Leaving the test worker changes Celery's current app, which shared_task
        # proxies resolve to; later tests must see ours again (eager, in-process).
        app.set_current()
        app.set_default()


def forget_backend(app: Any) -> None:
    # Celery caches the result backend built from the configuration it first
    # saw (the in-process default has none); drop it so the new URL applies.
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_story_align_runs_on_a_worker(fake_encoder: Any, celery_worker_on_redis: Any) -> None:
    from celery import Celery

    story = ingest_sample(align=False)
    assert not Alignment.objects.filter(story=story).exists()
    # A separate client, as the web process would be: it shares nothing with the
    # worker but the Redis broker.
    url = celery_worker_on_redis.conf.broker_url
    client = Celery("client", broker=url, backend=url)
    result = client.send_task("claims.tasks.story_align_task", args=[story.pk])
    summary = result.get(timeout=120)
    assert summary["story_id"] == story.pk
    assert summary["alignments"] == Alignment.objects.filter(story=story).count() > 0
    assert Story.objects.get(pk=story.pk).aligned_at is not None
