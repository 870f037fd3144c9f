"""Model batches spread over single-threaded workers, one per core, on a CPU.

Torch splits each operation of one batch over all its threads, and every
operation ends at a barrier where the threads wait for the slowest. Two
like-length batches on two threads of one thread each do the same
arithmetic with no barrier: on 2 cores the sentence encoder ran 15-20 %
faster alone and 30-50 % faster beside a busy spaCy thread, with the same
vectors (docs/performance.md, "Batches side by side"). A GPU gains nothing
from this; callers on one use their own loop.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

R = TypeVar("R")

_pools: dict[int, ThreadPoolExecutor] = {}
_pools_lock = threading.Lock()


def cpu_workers() -> int:
    """How many workers to spread over: torch's own thread count (one per core unless told otherwise)."""
    import torch

    return int(torch.get_num_threads())


def _pool(size: int) -> ThreadPoolExecutor:
    """The process's pool of `size` workers, started on first use (once, whichever thread asks first)."""
    with _pools_lock:
        pool = _pools.get(size)
        if pool is None:
            pool = _pools[size] = _start(size)
        return pool


def _start(size: int) -> ThreadPoolExecutor:
    import torch

    before = torch.get_num_threads()
    started = threading.Barrier(size + 1)

    def one_thread() -> None:
        torch.set_num_threads(1)
        # Torch reads its thread count once per thread, at the thread's first
        # use: read it now, while the process-wide count is 1, so the count
        # restored below never reaches this thread.
        torch.get_num_threads()
        started.wait()

    pool = ThreadPoolExecutor(size, thread_name_prefix="torch-single", initializer=one_thread)
    # No worker is idle until every one has started (they wait at the
    # barrier), so each submit starts a thread of its own.
    for _ in range(size):
        pool.submit(lambda: None)
    started.wait()
    # The process-wide count is what threads started later take; for the
    # moment in between, a new thread would have taken 1.
    torch.set_num_threads(before)
    return pool


def _forget_pools() -> None:
    global _pools_lock
    _pools.clear()
    _pools_lock = threading.Lock()  # a parent thread may have held it at the fork


# A forked child (a Celery prefork worker, say) has none of its parent's
# threads: it starts its own pool the first time it needs one.
os.register_at_fork(after_in_child=_forget_pools)


def spread(calls: Sequence[Callable[[], R]], *, weights: Sequence[float]) -> list[R]:
    """Each call's result, in order; run on the single-thread workers, heaviest first, when it pays.

    With fewer calls than cores the workers would leave cores idle: the calls
    then run here, one after the other, each on all of torch's threads.
    """
    size = cpu_workers()
    if size < 2 or len(calls) < size:
        return [call() for call in calls]
    pool = _pool(size)
    order = sorted(range(len(calls)), key=lambda k: -weights[k])
    futures = {k: pool.submit(calls[k]) for k in order}
    return [futures[k].result() for k in range(len(calls))]
