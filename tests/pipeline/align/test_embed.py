"""Which device the encoder runs on: the one asked for, else a GPU when present, else the CPU."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from claims.pipeline.align.embed import pick_device

REPO = Path(__file__).resolve().parents[3]


def test_a_gpu_is_used_when_torch_sees_one(monkeypatch: pytest.MonkeyPatch) -> None:
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert pick_device("") == "cuda"
    assert pick_device("cpu") == "cpu"  # forced


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
