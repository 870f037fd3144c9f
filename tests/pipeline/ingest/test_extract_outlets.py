"""The outlet table and outlet detection from weighted signals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims.pipeline.ingest import outlets
from claims.pipeline.ingest.extract import extract_text

BODY = (
    "Officials met on Tuesday to discuss the new trade rules, which take effect next month.\n\n"
    "The talks ended without an agreement, and both sides said they would meet again in March.\n"
)
REQUIRED = {
    "nyt",
    "wsj",
    "ap",
    "reuters",
    "wapo",
    "guardian",
    "bbc",
    "cnn",
    "fox",
    "huffpost",
    "elpais",
    "afp",
    "bloomberg",
    "npr",
    "politico",
}


@pytest.fixture
def table() -> outlets.OutletTable:
    return outlets.load_outlets()


def test_shipped_table_has_the_required_outlets(table: outlets.OutletTable) -> None:
    slugs = {o.slug for o in table}
    assert slugs >= REQUIRED
    for outlet in table:
        assert outlet.name and outlet.domains, outlet.slug
    assert table.by_name("Nytimes").slug == "nyt"  # type: ignore[union-attr]
    assert table.by_name("The Wall Street Journal").slug == "wsj"  # type: ignore[union-attr]
    assert table.by_name("El Pais").slug == "elpais"  # type: ignore[union-attr]
    assert table.by_host("www.bbc.co.uk").slug == "bbc"  # type: ignore[union-attr]
    assert table.by_host("notbbc.co.uk") is None


def test_a_json_file_overrides_and_extends_the_table(tmp_path: Path) -> None:
    path = tmp_path / "outlets.json"
    path.write_text(
        json.dumps(
            {
                "outlets": [
                    {"slug": "nyt", "domains": ["nytimes.com", "nyt.example"]},
                    {"slug": "gazette", "name": "The Harbor Gazette", "domains": ["harborgazette.example"]},
                ]
            }
        )
    )
    table = outlets.load_outlets(path)
    assert table.get("nyt").name == "The New York Times"  # type: ignore[union-attr]
    assert table.by_host("www.nyt.example").slug == "nyt"  # type: ignore[union-attr]
    assert outlets.detect_outlet(BODY, "https://harborgazette.example/a/1", table) == "gazette"
    path.write_text(json.dumps({"replace_defaults": True, "outlets": [{"slug": "gazette", "name": "G"}]}))
    assert [o.slug for o in outlets.load_outlets(path)] == ["gazette"]


def test_the_env_variable_names_the_default_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "extra.json"
    path.write_text(json.dumps([{"slug": "courier", "name": "Valley Courier", "aliases": ["Courier"]}]))
    monkeypatch.setenv(outlets.ENV_FILE, str(path))
    assert outlets.default_table().get("courier") is not None
    assert extract_text("Source : Valley Courier\n\n" + BODY).outlet == "courier"


@pytest.mark.parametrize(
    "bad",
    [
        {"outlets": [{"name": "no slug"}]},
        {"outlets": [{"slug": "x", "aliases": "not a list"}]},
        {"outlets": [{"slug": "x", "house_style": ["(unclosed"]}]},
        {"not_outlets": []},
    ],
)
def test_a_broken_outlets_file_fails_loudly(tmp_path: Path, bad: object) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    with pytest.raises(ValueError):
        outlets.load_outlets(path)


@pytest.mark.parametrize(
    ("text", "url", "expected"),
    [
        (BODY + "\nSource : Nytimes\n", None, "nyt"),
        (BODY + "\nCopyright ©2021 Dow Jones & Company, Inc. All Rights Reserved.\n", None, "wsj"),
        ("WASHINGTON AP -- " + BODY, None, "ap"),
        ("LONDON (Reuters) - " + BODY, None, "reuters"),
        (BODY, "https://www.theguardian.com/world/2021/jan/01/story", "guardian"),
        (BODY + "\nJane Roe contributed reporting.\n", None, "nyt"),
        (BODY + "\nReporting by Jane Roe; Editing by John Doe\n", None, "reuters"),
        (BODY, None, None),
        (BODY, "https://www.unknown-local-paper.example/news/1", None),
    ],
)
def test_detect_outlet_signals(text: str, url: str | None, expected: str | None) -> None:
    assert outlets.detect_outlet(text, url) == expected


def test_a_wire_dateline_beats_a_syndicating_sites_domain() -> None:
    # An AP story republished on a local paper whose domain is in the table.
    assert outlets.detect_outlet("WASHINGTON (AP) — " + BODY, "https://www.npr.org/2021/01/01/x") == "ap"


def test_photo_credits_from_a_wire_do_not_make_the_story_the_wires() -> None:
    text = (
        "MOSCOW—"
        + BODY
        + "\nJane Roe/Associated Press\n\nA caption. Photo: John Doe/AFP/Getty Images\n\n"
        + "/Associated Press\n\n"
        + "Copyright ©2021 Dow Jones & Company, Inc. All Rights Reserved.\n"
    )
    assert outlets.detect_outlet(text, None) == "wsj"
    assert outlets.detect_outlet(text.replace("Copyright ©2021 Dow Jones & Company, Inc.", ""), None) != "wsj"


def test_a_mention_of_another_outlet_in_the_story_is_weak() -> None:
    text = BODY + "\nThe documents were first published by El País, the Spanish daily.\n\nSource : Nytimes\n"
    scores = outlets.score_outlets(text)
    assert scores["nyt"] > scores["elpais"]
    assert outlets.detect_outlet(text) == "nyt"


def test_a_tie_is_not_a_guess() -> None:
    assert outlets.best_outlet({"nyt": 2.0, "wsj": 2.0}) is None
    assert outlets.best_outlet({"nyt": 0.5}) is None


def test_site_name_from_html_metadata_counts() -> None:
    assert outlets.detect_outlet(BODY, None, sitename="POLITICO") == "politico"
