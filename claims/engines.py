"""The process-wide NLP engines, configured from settings.

Services ask here instead of importing the pipeline loaders directly, so fast
tests can swap in a fake encoder in one place.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from claims.pipeline import nlp as nlp_loader
from claims.pipeline.align import classifier, cross, embed
from claims.pipeline.align.match import AlignConfig


def encoder() -> embed.Encoder:
    return embed.get_encoder(
        settings.EMBEDDING_MODEL, settings.EMBEDDING_BATCH_SIZE, settings.EMBEDDING_DEVICE
    )


def nlp() -> Any:
    return nlp_loader.load_nlp(settings.SPACY_MODEL)


def segmenter() -> Any:
    """The pipeline that splits sentences: SEGMENTER=senter (fast) or parser (the full pipeline)."""
    if settings.SEGMENTER == "senter":
        return nlp_loader.load_senter(settings.SPACY_MODEL)
    return nlp()


def align_config() -> AlignConfig:
    cross_precision()
    threshold = settings.ALIGN_THRESHOLD
    if threshold is None:
        scorer = cross_scorer()
        threshold = scorer.align_threshold if scorer else classifier.load().threshold
    return AlignConfig(
        threshold=threshold,
        many_to_one_margin=settings.ALIGN_MANY_TO_ONE_MARGIN,
        cross_min_cosine=settings.ALIGN_CROSS_MIN_COSINE,
        cross_encoder=settings.ALIGN_CROSS_ENCODER,
        cross_encoder_path=settings.ALIGN_CROSS_ENCODER_PATH,
        detail_classifier=settings.ALIGN_DETAIL_CLASSIFIER,
        detail_classifier_path=settings.ALIGN_DETAIL_CLASSIFIER_PATH,
        claim_encoder=settings.ALIGN_CLAIM_ENCODER,
        claim_encoder_path=settings.ALIGN_CLAIM_ENCODER_PATH,
        claim_encoder_one_order=settings.ALIGN_CLAIM_ONE_ORDER,
    )


def cross_precision() -> None:
    """int8 or fp32 cross-encoders (settings.ALIGN_INT8) for every cross.load()
    that does not say, the aligner's own included: AlignConfig carries no
    precision, and one precision per process keeps one scorer (and memo) per file."""
    cross.set_quantized(settings.ALIGN_INT8)


def cross_scorer() -> cross.CrossScorer | None:
    if not settings.ALIGN_CROSS_ENCODER:
        return None
    cross_precision()
    return cross.load(settings.ALIGN_CROSS_ENCODER_PATH)
