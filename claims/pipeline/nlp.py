"""The spaCy pipeline, loaded once per process and shared by every stage that reads text.

The discrepancy detectors and clustering need the named entities; each
caller disables what it does not use. Sentence boundaries come either from
the parser (the full pipeline) or from the small model's own `senter`
component, loaded alone: 15x faster, and the same spans for 98.8 % of
sentences on the seeds and 120 BASIL articles (docs/performance.md).
"""

from __future__ import annotations

import functools
from typing import Any

from claims.pipeline import heap

# newsdiff reads no lemma; the rule lemmatizer only warns without a tagger.
NEVER_LOADED = ["lemmatizer"]


@functools.cache
def load_nlp(model: str) -> Any:
    import spacy

    # The parser gives better boundaries on news prose than the rule-based
    # sentencizer (abbreviations like "Mr." and "U.S." inside quotes).
    nlp = spacy.load(model, exclude=NEVER_LOADED)
    heap.settle()
    return nlp


@functools.cache
def load_senter(model: str) -> Any:
    """The model with only its sentence recogniser, which has its own tok2vec."""
    import spacy

    # The full pipeline is loaded (and kept) for entities anyway; it names the components.
    names = load_nlp(model).component_names
    if "senter" not in names:
        raise ValueError(f"the spaCy model {model!r} has no senter component; set SEGMENTER=parser")
    nlp = spacy.load(model, exclude=[*NEVER_LOADED, *(n for n in names if n != "senter")])
    nlp.enable_pipe("senter")  # shipped disabled: the parser sets boundaries in the full pipeline
    heap.settle()
    return nlp


def unused_for_sentences(nlp: Any) -> list[str]:
    """Components sentence boundaries do not depend on: all but senter when it runs, else all but the parser.

    The parser reads tok2vec; tagger, NER and the rest change no boundary.
    """
    if "senter" in nlp.pipe_names:
        return [name for name in nlp.pipe_names if name != "senter"]
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
