"""The spaCy pipeline, loaded once per process and shared by every stage that reads text.

Segmentation needs only the parser; the discrepancy detectors need the named
entities. One load serves both: each caller disables what it does not use.
"""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def load_nlp(model: str) -> Any:
    import spacy

    # The parser gives better boundaries on news prose than the rule-based
    # sentencizer (abbreviations like "Mr." and "U.S." inside quotes).
    return spacy.load(model, exclude=["lemmatizer"])


def unused_for_sentences(nlp: Any) -> list[str]:
    """Components sentence boundaries do not depend on (the parser reads tok2vec alone)."""
    return [name for name in ("tagger", "attribute_ruler", "ner", "lemmatizer") if name in nlp.pipe_names]


def unused_for_entities(nlp: Any) -> list[str]:
    """Components named-entity recognition does not depend on.

    The small English model's NER has its own tok2vec; a model whose NER
    listens to the shared one keeps it.
    """
    keep = {"ner"}
    if "tok2vec" in nlp.pipe_names and "ner" in getattr(nlp.get_pipe("tok2vec"), "listening_components", []):
        keep.add("tok2vec")
    return [name for name in nlp.pipe_names if name not in keep]
