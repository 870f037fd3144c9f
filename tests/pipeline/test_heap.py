"""The loaded models leave the collector's full passes (claims/pipeline/heap.py)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

from claims.pipeline import heap, nlp
from tests.pipeline.conftest import SPACY_MODEL


@pytest.fixture
def thawed() -> Iterator[None]:
    """Each test starts with nothing frozen and leaves nothing frozen."""
    gc.unfreeze()
    yield
    gc.unfreeze()


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_settle_freezes_what_is_alive(thawed: None) -> None:
    kept = [_Cycle() for _ in range(10)]
    heap.settle()
    assert gc.get_freeze_count() >= len(kept)
    # A full pass no longer walks them: a fresh collection finds them nowhere.
    assert not any(obj is kept[0] for obj in gc.get_objects(generation=2))


def test_garbage_made_before_is_collected_not_frozen(thawed: None) -> None:
    dead = _Cycle()
    ref = weakref.ref(dead)
    del dead  # a reference cycle: only the collector can free it
    heap.settle()
    assert ref() is None


@pytest.mark.slow
def test_loading_a_model_settles_the_heap(thawed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(heap, "settle", lambda: calls.append(gc.get_count()))
    # The loader's own body, not its per-process cache: a real load happens.
    loaded = nlp.load_nlp.__wrapped__(SPACY_MODEL)
    assert loaded.pipe_names and len(calls) == 1
