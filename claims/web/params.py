"""Query-string values read leniently: a malformed one counts as absent."""

from __future__ import annotations

from datetime import date


def int_param(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def date_param(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
