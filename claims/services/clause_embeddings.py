"""Remembered clause embeddings: the sentence encoder's answer for a clause, stored once.

Attaching an article embeds its sentences' clauses, and again the clauses of
the story's sentences it is put next to (pipeline/align/attach.py). Those
were embedded when their own article was attached, and the bigger the story,
the more of them come back with each new article. Every clause embedding is
stored (ClauseEmbedding, keyed by the clause text's hash and the encoder's
name) and read back, so a clause is embedded once for every story that holds
it, across processes and restarts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import numpy as np
from django.db.models import Q

from claims import engines
from claims.models import ClauseEmbedding
from claims.pipeline.align.embed import Matrix
from claims.services.pair_scores import remembered_prune, text_key
from claims.vectors import VectorBytes, vector_floats


def encoder_name() -> str:
    """The name clause embeddings are stored under: the encoder's model, so another model never reads them."""
    encoder = engines.encoder()
    name = str(getattr(encoder, "model_name", "") or type(encoder).__name__)
    # A model may be named by a long path; its hash names it as surely and fits the column.
    field = ClauseEmbedding._meta.get_field("encoder")
    return name if len(name) <= (field.max_length or 0) else "blake2b:" + text_key(name)


def clause_embeddings_encode(*, texts: Sequence[str]) -> Matrix:
    """Embeddings of these clauses, in order: stored ones read, the others embedded and stored."""
    encoder = engines.encoder()
    if not texts:
        return np.asarray(encoder.encode([]), dtype=np.float32)
    name = encoder_name()
    keys = {text: text_key(text) for text in dict.fromkeys(texts)}
    known = {
        key: vector_floats(data)
        for key, data in ClauseEmbedding.objects.filter(encoder=name, key__in=set(keys.values()))
        .annotate(data=VectorBytes("embedding"))
        .values_list("key", "data")
    }
    missing = [text for text, key in keys.items() if key not in known]
    if missing:
        fresh = np.asarray(encoder.encode(missing), dtype=np.float32)
        ClauseEmbedding.objects.bulk_create(
            (
                ClauseEmbedding(encoder=name, key=keys[text], embedding=vector)
                for text, vector in zip(missing, fresh, strict=True)
            ),
            ignore_conflicts=True,  # another process stored the same clause meanwhile: same vector
            batch_size=1000,
        )
        known.update({keys[text]: vector for text, vector in zip(missing, fresh, strict=True)})
    return np.stack([known[keys[text]] for text in texts])


def clause_embeddings_prune(
    *, created_before: datetime | None = None, other_encoders: bool = False, dry_run: bool = False
) -> int:
    """Delete stored clause embeddings made before `created_before`, and (`other_encoders`) those of an
    encoder other than the current one; how many (counted only, with `dry_run`).

    Like pair scores, an embedding is a fact about a text: pruning one costs
    an encoder pass when its clause is next compared.
    """
    current = Q(encoder=encoder_name()) if other_encoders else None
    return remembered_prune(
        ClauseEmbedding.objects.all(), created_before=created_before, current=current, dry_run=dry_run
    )
