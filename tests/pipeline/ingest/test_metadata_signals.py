"""Outlet and date from every signal a plain-text article carries (issue #12).

The four fixtures are written here in the manner of four real outlets' pages
(byline with the outlet, a lone outlet-name line, a self-citing "told
POLITICO", US numeric and day-first date lines); the file names given to
extract_text say nothing, so only the text can tell.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claims.pipeline.ingest import clean_meta, outlets
from claims.pipeline.ingest.extract import extract_text

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "metadata"


@pytest.mark.parametrize(
    ("name", "outlet"),
    [
        ("fox_bridge.txt", "fox"),
        ("politico_bridge.txt", "politico"),
        ("independent_bridge.txt", "independent"),
        ("usatoday_bridge.txt", "usatoday"),
    ],
)
def test_outlet_and_date_come_from_the_text_alone(name: str, outlet: str) -> None:
    extracted = extract_text((FIXTURES / name).read_text(), source_name="upload.txt")
    assert extracted.outlet == outlet
    assert extracted.published == date(2023, 3, 14)


def test_the_date_line_cleaning_removes_is_still_read() -> None:
    extracted = extract_text((FIXTURES / "politico_bridge.txt").read_text())
    assert any("03/14/2023" in b.text for b in extracted.removed)
    assert extracted.published == date(2023, 3, 14)
    assert "03/14/2023" not in extracted.body


def test_published_wins_over_updated() -> None:
    line = "Published 7:02 p.m. ET March 14, 2023 | Updated 8:15 p.m. ET March 15, 2023"
    assert clean_meta.date_in_line(line) == date(2023, 3, 14)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("03/14/2023 06:40 PM EDT", date(2023, 3, 14)),
        ("14/03/2023", date(2023, 3, 14)),  # a day over 12 comes first
        ("Tuesday 14 March 2023 22:05 GMT", date(2023, 3, 14)),
        ("13/13/2023", None),
    ],
)
def test_date_lines(line: str, expected: date | None) -> None:
    assert clean_meta.date_in_line(line) == expected


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [
        ("politico-2023-03-14.txt", date(2023, 3, 14)),
        ("uploads.zip:20230314_fox.txt", date(2023, 3, 14)),
        ("bridge.txt", None),
        ("story-2023-13-40.txt", None),
    ],
)
def test_date_in_file_name(file_name: str, expected: date | None) -> None:
    assert clean_meta.date_in_name(file_name) == expected


PLAIN = "Inspectors closed a bridge on Tuesday.\n\nDrivers took detours for most of the day."


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [
        ("foxnews_bridge.txt", "fox"),
        ("usa-today-bridge.txt", "usatoday"),
        ("batch.zip:politico/bridge.txt", None),  # a folder name is not the file's name
        ("ap.txt", "ap"),
        ("chapter-two.txt", None),  # "ap" inside a word is no signal
        ("nyt-vs-wsj.txt", None),  # two outlets named: no guess
    ],
)
def test_outlet_from_file_name(file_name: str, expected: str | None) -> None:
    assert outlets.detect_outlet(PLAIN, file_name=file_name) == expected


def test_an_outlet_cited_by_another_is_not_the_publisher() -> None:
    text = "The bridge was closed, The New York Times reported.\n\nOfficials said repairs would take weeks."
    assert outlets.detect_outlet(text) is None


def test_a_url_line_anywhere_names_the_outlet() -> None:
    text = PLAIN + "\n\nURL: https://www.usatoday.com/story/news/2023/03/14/bridge/"
    assert outlets.detect_outlet(text) == "usatoday"
