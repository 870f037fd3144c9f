"""Batches spread over single-threaded workers: results in order, torch's thread count left as it was."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from claims.pipeline.align import threads


def _where() -> tuple[str, int]:
    import torch

    return threading.current_thread().name, torch.get_num_threads()


def test_spread_runs_each_call_on_a_one_thread_worker_and_keeps_the_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import torch

    monkeypatch.setattr(threads, "cpu_workers", lambda: 2)
    before = torch.get_num_threads()
    calls = [lambda k=k: (k, *_where()) for k in range(6)]
    got = threads.spread(calls, weights=[1, 5, 2, 9, 3, 4])
    assert [k for k, _, _ in got] == list(range(6))
    assert {name.startswith("torch-single") for _, name, _ in got} == {True}
    assert {count for _, _, count in got} == {1}
    # The caller, and a thread started after the pool, keep the process's count.
    assert torch.get_num_threads() == before
    later: list[int] = []
    thread = threading.Thread(target=lambda: later.append(_where()[1]))
    thread.start()
    thread.join()
    assert later == [before]


def test_spread_runs_here_when_there_are_fewer_calls_than_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threads, "cpu_workers", lambda: 4)
    got = threads.spread([_where, _where, _where], weights=[1, 1, 1])
    assert {name for name, _ in got} == {threading.current_thread().name}


def test_spread_runs_here_on_one_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threads, "cpu_workers", lambda: 1)
    got = threads.spread([_where] * 5, weights=[1] * 5)
    assert {name for name, _ in got} == {threading.current_thread().name}


def test_a_failing_call_raises_in_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threads, "cpu_workers", lambda: 2)

    def boom() -> int:
        raise ValueError("model failed")

    with pytest.raises(ValueError, match="model failed"):
        threads.spread([lambda: 1, boom, lambda: 3], weights=[1, 1, 1])


def test_a_forked_child_starts_its_own_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setattr(threads, "cpu_workers", lambda: 2)
    threads.spread([_where, _where], weights=[1, 1])  # the parent's pool exists
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its parent's workers are gone; a pool of its own must answer
        try:
            got = threads.spread([lambda: 1, lambda: 2, lambda: 3], weights=[1, 1, 1])
            os.write(write, b"ok" if got == [1, 2, 3] else b"wrong")
        finally:
            os._exit(0)
    os.close(write)
    deadline = time.monotonic() + 60
    while (done := os.waitpid(pid, os.WNOHANG)) == (0, 0) and time.monotonic() < deadline:
        time.sleep(0.05)
    if done == (0, 0):  # a child whose pool never answers would hang here for ever
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    assert os.read(read, 16) == b"ok"


def test_threads_asking_at_once_share_one_pool() -> None:
    gate = threading.Barrier(4)
    got: list[object] = []

    def ask() -> None:
        gate.wait()
        got.append(threads._pool(3))  # a size no other test uses: this pool is new

    askers = [threading.Thread(target=ask) for _ in range(4)]
    for t in askers:
        t.start()
    for t in askers:
        t.join()
    try:
        assert len(got) == 4 and len({id(pool) for pool in got}) == 1
    finally:
        threads._pools.pop(3).shutdown()
