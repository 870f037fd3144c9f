"""`ingest` on a terminal: one bar per stage across all files, alignment included (issue #13)."""

from __future__ import annotations

import io
import re
import sys
from typing import Any

import pytest
from django.core.management import call_command

from claims.management.commands.ingest import StageBars
from tests.conftest import SAMPLE_DIR

pytestmark = pytest.mark.django_db


def test_bars_count_each_stage_to_its_total(capsys: Any) -> None:
    bars = StageBars(total=3, enabled=True)
    for stage in ("read", "extract", "embed", "write"):
        bars.advance(stage, 3)
    bars.advance("align-total", 2)
    bars.advance("align", 1)
    bars.close()
    last = capsys.readouterr().err.split("\x1b[5F")[-1]
    lines = re.findall(r"\x1b\[2K(\w+)\s*\[(#*)\s*\] (\S+)", last)
    assert [(stage, count) for stage, _, count in lines] == [
        ("read", "3/3"),
        ("extract", "3/3"),
        ("embed", "3/3"),
        ("write", "3/3"),
        ("align", "1/2"),
    ]
    assert len(lines[0][1]) == 24 and len(lines[4][1]) == 12


def test_ingest_on_a_terminal_draws_every_stage(fake_encoder: Any, monkeypatch: Any) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    err = Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    out = io.StringIO()
    call_command("ingest", *map(str, sorted(SAMPLE_DIR.glob("*.txt"))), stdout=out)
    final = err.getvalue().split("\x1b[5F")[-1]
    for stage in ("read", "extract", "embed", "write"):
        assert re.search(rf"{stage}\s*\[#{{24}}\] 3/3", final), final
    # The three sample articles form one story, aligned as the last stage.
    assert re.search(r"align\s*\[#{24}\] 1/1", final), final
    assert "3 of 3 ingested" in out.getvalue()


def test_json_output_draws_no_bars(fake_encoder: Any, monkeypatch: Any) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    err = Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    call_command("ingest", str(sorted(SAMPLE_DIR.glob("*.txt"))[0]), "--json", stdout=io.StringIO())
    assert "[" not in err.getvalue()
