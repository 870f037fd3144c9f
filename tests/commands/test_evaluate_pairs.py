"""manage.py evaluate_pairs: the same-claim decision on labelled pairs, with the real models."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

PAIRS = [
    (1, "The council approved the new budget on Monday.", "On Monday the council passed the new budget."),
    (
        1,
        "Shares of the airline fell 12 percent after the warning.",
        "The airline's stock dropped 12% after it warned.",
    ),
    (0, "The council approved the new budget on Monday.", "The council will hold elections in the spring."),
    (0, "Police said three people were arrested at the march.", "The march began at noon near the station."),
]


def write_tsv(path: Path) -> Path:
    lines = ["label\tsentence1\tsentence2"] + [f"{label}\t{a}\t{b}" for label, a, b in PAIRS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow
def test_scores_the_blend_the_aligner_uses(tmp_path: Path) -> None:
    out = StringIO()
    call_command(
        "evaluate_pairs", str(write_tsv(tmp_path / "p.tsv")), "--format", "tsv", "--json", stdout=out
    )
    result = json.loads(out.getvalue())
    assert set(result) >= {"classifier", "cross_encoder_alone", "same_claim", "threshold"}
    same = result["same_claim"]
    assert same["n"] == 4 and same["positives"] == 2
    # Clear-cut pairs: the shipped scorer gets every one right.
    assert same["accuracy"] == 1.0


@pytest.mark.slow
def test_plain_output_and_cross_encoder_off(tmp_path: Path, settings: Any) -> None:
    settings.ALIGN_CROSS_ENCODER = False
    out = StringIO()
    call_command("evaluate_pairs", str(write_tsv(tmp_path / "p.tsv")), "--format", "tsv", stdout=out)
    text = out.getvalue()
    assert "pairs      4 (2 positive)" in text
    assert "f1" in text and "threshold  0.4148" in text


def test_bad_inputs_fail_clearly(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file"):
        call_command("evaluate_pairs", str(tmp_path / "missing.tsv"))
    empty = tmp_path / "empty.tsv"
    empty.write_text("nothing here\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no labelled pairs"):
        call_command("evaluate_pairs", str(empty), "--format", "tsv")
