"""The encoder: which device it runs on (the one asked for, else a GPU when present, else the CPU),
and the per-run memo that embeds each clause once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from claims.pipeline.align.embed import MemoEncode, pick_device

REPO = Path(__file__).resolve().parents[3]


def test_a_gpu_is_used_when_torch_sees_one(monkeypatch: pytest.MonkeyPatch) -> None:
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert pick_device("") == "cuda"
    assert pick_device("cpu") == "cpu"  # forced


@pytest.mark.parametrize(("device", "size"), [("cpu", 64), ("cuda", 256), ("cuda:1", 256), ("mps", 256)])
def test_an_unset_batch_size_follows_the_device(device: str, size: int) -> None:
    from claims.pipeline.align.embed import default_batch_size

    assert default_batch_size(device) == size


def test_without_a_gpu_the_cpu_and_a_forced_cuda_fails_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert pick_device("") == "cpu"
    with pytest.raises(ValueError, match="no CUDA device"):
        pick_device("cuda:0")


def test_a_malformed_embedding_device_stops_start_up() -> None:
    env = {**os.environ, "EMBEDDING_DEVICE": "gpu0", "DJANGO_SETTINGS_MODULE": "newsdiff.settings"}
    out = subprocess.run(
        [sys.executable, "-c", "import newsdiff.settings"], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert (
        out.returncode != 0 and "EMBEDDING_DEVICE must be cpu, cuda, cuda:N or mps, not 'gpu0'" in out.stderr
    )


def _recording_encode(calls: list[list[str]]):  # type: ignore[no-untyped-def]
    def encode(texts):  # type: ignore[no-untyped-def]
        calls.append(list(texts))
        # one row per text, distinct per text, so a mix-up shows
        return np.array([[float(len(t)), float(sum(map(ord, t)))] for t in texts], dtype=np.float32).reshape(
            len(texts), 2
        )

    return encode


def test_memo_encode_embeds_each_distinct_text_once_and_keeps_order() -> None:
    calls: list[list[str]] = []
    encode = MemoEncode(_recording_encode(calls))
    first = encode(["b", "a", "b"])
    second = encode(["a", "c", "b", "c"])
    assert calls == [["b", "a"], ["c"]]
    assert encode.embedded == 3
    direct = _recording_encode([])
    assert np.array_equal(first, direct(["b", "a", "b"]))
    assert np.array_equal(second, direct(["a", "c", "b", "c"]))


def test_memo_encode_of_nothing_keeps_the_encoders_shape() -> None:
    calls: list[list[str]] = []
    out = MemoEncode(_recording_encode(calls))([])
    assert out.shape == (0, 2)
    assert all(c == [] for c in calls)


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_like_length_groups_give_the_librarys_vectors_in_input_order(
    workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claims.pipeline.align import threads
    from claims.pipeline.align.embed import get_encoder

    monkeypatch.setattr(threads, "cpu_workers", lambda: workers)  # in the caller's thread, or on workers

    encoder = get_encoder("")
    texts = [
        "Talks resumed.",
        "The harbor master said on Monday that the spill had reached the northern breakwater by nightfall, "
        "and that crews would work through the night to contain it before the morning tide.",
        "Officials said 40 people were hurt.",
        "",
        "Fishermen said they were losing thousands of dollars a day while the harbor stayed closed.",
    ] * 3
    encoder.batch_size = 4  # several groups even for these few texts
    try:
        got = encoder.encode(texts)
    finally:
        encoder.batch_size = 64
    library = encoder._model.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
    assert got.shape == (len(texts), encoder.dimension) and got.dtype == np.float32
    assert np.abs(got - library).max() < 1e-5
    assert encoder.encode([]).shape == (0, encoder.dimension)


def test_a_model_without_a_tokenizer_is_embedded_in_the_librarys_own_batches() -> None:
    from typing import Any

    from claims.pipeline.align.embed import SentenceTransformerEncoder

    class NoTokenizer:
        max_seq_length = None

        def __init__(self) -> None:
            self.calls: list[tuple[list[str], int]] = []

        @property
        def tokenizer(self) -> Any:
            raise AttributeError("the first module has no tokenizer")

        def encode(self, texts: list[str], *, batch_size: int, **options: Any) -> Any:
            self.calls.append((list(texts), batch_size))
            return np.ones((len(texts), 3))

    encoder = SentenceTransformerEncoder.__new__(SentenceTransformerEncoder)  # no model to load
    model = NoTokenizer()
    encoder._model, encoder.batch_size, encoder.dimension = model, 64, 3
    got = encoder.encode(["a", "bb", "ccc"])
    assert model.calls == [(["a", "bb", "ccc"], 64)]
    assert got.shape == (3, 3) and got.dtype == np.float32
