"""The outlet table's one-search name screen (a speed-up of outlet detection, issue #13)."""

from __future__ import annotations


def test_the_one_search_screen_agrees_with_the_per_name_tests() -> None:
    from claims.pipeline.ingest.outlets import _word, default_table

    table = default_table()
    names = [n for o in table for n in o.names if len(n) >= 3]
    lines = [
        *(f"Reporting by {n}, edited overnight." for n in names),
        *(f"reporting by {n.lower()}, edited overnight." for n in names),
        "The council met on Tuesday and approved the budget.",
        "Contact: desk@example.org for corrections.",
        "APPLE shares rose; the AP photo desk was closed.",
        "Timesheets are due (not a newspaper name).",
    ]
    for line in lines:
        expected = any(_word(n).search(line) for n in names)
        assert table.mentions_any(line) == expected, line
    assert any(table.mentions_any(line) for line in lines) and not table.mentions_any(lines[-4])
