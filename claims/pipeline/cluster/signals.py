"""What an article tells clustering about its event: a lead vector and its named entities.

An editor decides "same event" from the headline and the first paragraphs,
the people, places and organisations named there, and the date. The lead
vector is the mean of the headline's vector and the first sentences'
vectors; the entities are those the NER model finds in the same lead.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

# Sentences after the headline that make up the lead.
LEAD_SENTENCES = 5
# Entity labels that name who and where; dates, numbers and works do not say
# which event an article reports.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW"})
# Titles and articles that vary between outlets in front of one name.
_PREFIX = re.compile(
    r"^(?:the|mr|mrs|ms|dr|sen|rep|gov|gen|president|senator|secretary|minister|prime minister|"
    r"chancellor|judge|justice|pope)\.?\s+",
    re.I,
)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def lead_vector(title_vector: Any, sentence_vectors: Sequence[Any], lead: int = LEAD_SENTENCES) -> Any:
    """The unit-length mean of the headline vector (when there is one) and the lead's sentence vectors."""
    import numpy as np

    parts = [np.asarray(v, dtype=np.float32) for v in sentence_vectors[:lead]]
    if title_vector is not None:
        # The headline names the event; weigh it like the whole lead.
        weight = max(len(parts), 1)
        parts = [*parts, *([np.asarray(title_vector, dtype=np.float32)] * weight)]
    if not parts:
        raise ValueError("an article without sentences has no lead vector")
    mean = np.mean(np.stack(parts), axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else mean


def entity_key(text: str, label: str) -> str | None:
    """One key for the ways outlets write one name: "Mr. Steele", "Steele's" and "Michael Steele"."""
    value = unicodedata.normalize("NFKC", text).strip().strip("\"'“”‘’")
    value = _POSSESSIVE.sub("", value)
    while True:
        stripped = _PREFIX.sub("", value)
        if stripped == value:
            break
        value = stripped
    words = [w for w in re.split(r"[\s\-–]+", value) if w]
    if not words or not any(ch.isalpha() for ch in value):
        return None
    # Surnames carry a person through the story; first names and initials come and go.
    key = words[-1] if label == "PERSON" else " ".join(words)
    key = key.lower().strip(".,;:")
    return key if len(key) > 1 else None


def lead_entities(docs: Iterable[Any]) -> list[str]:
    """Entity keys of spaCy docs (headline and lead sentences), most frequent first."""
    counts: Counter[str] = Counter()
    for doc in docs:
        for ent in doc.ents:
            if ent.label_ not in ENTITY_LABELS:
                continue
            key = entity_key(ent.text, ent.label_)
            if key:
                counts[key] += 1
    return [key for key, _ in counts.most_common()]


def lead_texts(title: str | None, sentences: Sequence[str], lead: int = LEAD_SENTENCES) -> list[str]:
    return [t for t in [title or "", *sentences[:lead]] if t.strip()]
