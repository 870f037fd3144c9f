"""Handing work to the task queue.

Tasks are looked up by their registered name, so services never import the
task module (which imports services): no import circle. With CELERY_BROKER_URL
set they go to Celery workers. Without one, a web process (wsgi/asgi call
`use_background_threads`) runs them on a small in-process thread pool so a
request returns at once; commands and tests run them inline, before returning.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

STORY_ALIGN = "claims.tasks.story_align_task"
UPLOAD_PROCESS = "claims.tasks.upload_process_task"

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_background = False


def use_background_threads(enabled: bool = True) -> None:
    global _background
    _background = enabled


def story_align_later(*, story_id: int) -> Future[Any] | None:
    return _submit(STORY_ALIGN, story_id)


def upload_process_later(*, article_ids: list[int]) -> Future[Any] | None:
    return _submit(UPLOAD_PROCESS, article_ids)


def _submit(name: str, *args: Any) -> Future[Any] | None:
    task = current_app.tasks[name]
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        task.delay(*args)
        return None
    if _background and settings.BACKGROUND_THREADS:
        return _executor().submit(_run, task, args)
    task.delay(*args)  # eager: runs here, errors propagate to the caller
    return None


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(
                max_workers=settings.BACKGROUND_THREADS, thread_name_prefix="newsdiff-task"
            )
        return _pool


def _run(task: Any, args: tuple[Any, ...]) -> Any:
    try:
        return task.apply(args=args).get(propagate=True)
    except Exception:
        logger.exception("background task %s%r failed", task.name, args)
        raise
    finally:
        # Each pool thread has its own connections; close them rather than leak one per thread.
        connections.close_all()
