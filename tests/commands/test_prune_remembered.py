"""`manage.py prune_remembered`: stored pair scores and clause embeddings go by age or by model."""

from __future__ import annotations

import io
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from claims.models import ClauseEmbedding, PairScore
from claims.services import pair_scores
from claims.services.clause_embeddings import encoder_name

pytestmark = pytest.mark.django_db

CURRENT = "current-scorer"


@pytest.fixture
def stored(fake_encoder: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Rows of the current models and of an old one, some made 90 days ago."""
    monkeypatch.setattr(pair_scores, "pair_scorers", lambda: [SimpleNamespace(version=CURRENT)])
    vector = np.ones(4, dtype=np.float32)
    rows = {
        "score_new": PairScore.objects.create(scorer=CURRENT, key_a="a", key_b="b", logit=1.0),
        "score_old": PairScore.objects.create(scorer=CURRENT, key_a="a", key_b="c", logit=2.0),
        "score_other": PairScore.objects.create(scorer="retired-scorer", key_a="a", key_b="b", logit=3.0),
        "clause_new": ClauseEmbedding.objects.create(encoder=encoder_name(), key="x", embedding=vector),
        "clause_old": ClauseEmbedding.objects.create(encoder=encoder_name(), key="y", embedding=vector),
        "clause_other": ClauseEmbedding.objects.create(encoder="retired-encoder", key="x", embedding=vector),
    }
    long_ago = timezone.now() - timedelta(days=90)
    PairScore.objects.filter(pk=rows["score_old"].pk).update(created=long_ago)
    ClauseEmbedding.objects.filter(pk=rows["clause_old"].pk).update(created=long_ago)
    return rows


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("prune_remembered", *args, stdout=out)
    return out.getvalue()


def left() -> set[tuple[str, str]]:
    return {(s.scorer, s.key_b) for s in PairScore.objects.all()} | {
        (c.encoder, c.key) for c in ClauseEmbedding.objects.all()
    }


def test_older_than_removes_only_old_rows(stored: dict[str, Any]) -> None:
    one_each = "1 pair score(s) and 1 clause embedding(s)\n"
    assert run("--older-than", "30", "--dry-run") == "would delete " + one_each
    # A dry run deletes nothing.
    assert PairScore.objects.count() == 3 and ClauseEmbedding.objects.count() == 3
    assert run("--older-than", "30") == "deleted " + one_each
    current = encoder_name()
    assert left() == {(CURRENT, "b"), ("retired-scorer", "b"), (current, "x"), ("retired-encoder", "x")}


def test_other_models_removes_what_the_current_settings_never_read(stored: dict[str, Any]) -> None:
    assert run("--other-models") == "deleted 1 pair score(s) and 1 clause embedding(s)\n"
    assert left() == {(CURRENT, "b"), (CURRENT, "c"), (encoder_name(), "x"), (encoder_name(), "y")}


def test_both_together_remove_either(stored: dict[str, Any]) -> None:
    out = run("--other-models", "--older-than", "30")
    assert out == "deleted 2 pair score(s) and 2 clause embedding(s)\n"
    assert left() == {(CURRENT, "b"), (encoder_name(), "x")}


def test_it_must_be_told_what_to_prune(stored: dict[str, Any]) -> None:
    with pytest.raises(CommandError, match="say what to prune"):
        run()
    with pytest.raises(CommandError, match="0 or more days"):
        run("--older-than", "-1")
    assert PairScore.objects.count() == 3 and ClauseEmbedding.objects.count() == 3
