import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import SAMPLE_DIR

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_ingest_json_then_export_json(fake_encoder: Any, tmp_path: Any) -> None:
    files = [str(SAMPLE_DIR / n) for n in ("harbor-gazette.txt", "northline-wire.txt", "valley-courier.txt")]
    results = json.loads(run("ingest", *files, "--outlet", "demo", "--json"))
    assert [r["status"] for r in results] == ["created", "created", "created"]
    assert {tuple(sorted(r)) for r in results} == {
        ("article_id", "error", "file", "outlet", "published", "status", "story_id", "title")
    }
    assert len({r["story_id"] for r in results}) == 1  # one run, one story
    document = json.loads(run("export_json"))
    (story,) = document["stories"]
    assert len(story["articles"]) == 3
    sentence_ids = {s["id"] for a in story["articles"] for s in a["sentences"]}
    assert story["alignments"], "the three articles share claims"
    for al in story["alignments"]:
        assert al["a"] in sentence_ids and al["b"] in sentence_ids
        assert al["verdict"] in {"agree", "discrepancy"}
        assert all(set(d) == {"type", "a", "b"} for d in al["discrepancies"])
    one = json.loads(run("export_json", "--story", str(story["id"])))
    assert one["stories"][0]["id"] == story["id"]


def test_ingest_reports_failures_per_file(fake_encoder: Any, tmp_path: Any) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    good = SAMPLE_DIR / "harbor-gazette.txt"
    results = json.loads(run("ingest", str(empty), str(good), "--json"))
    assert results[0]["status"] == "failed" and "empty" in results[0]["error"]
    assert results[1]["status"] == "created"


def test_ingest_fails_when_nothing_could_be_ingested(fake_encoder: Any, tmp_path: Any) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    with pytest.raises(CommandError, match="no file could be ingested"):
        run("ingest", str(empty))


def test_export_json_unknown_story_is_an_error() -> None:
    with pytest.raises(CommandError, match="no story"):
        run("export_json", "--story", "999999")
