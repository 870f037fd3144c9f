"""A fresh database sets itself up: the first command migrates it, or says what to run.

Each test runs manage.py in a subprocess against a new database on the test
run's own embedded server, as a new user's first command would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.db import connection

REPO = Path(__file__).resolve().parents[1]
EMPTY = REPO / "tests" / "fixtures" / "bad_inputs" / "empty.txt"


@pytest.fixture
def fresh_db(db: None) -> Iterator[str]:
    name = f"fresh_{uuid.uuid4().hex[:10]}"
    yield name
    params = connection.get_connection_params()
    conninfo = {k: v for k, v in params.items() if k in {"host", "port", "user"} and v}
    with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args: str, db_name: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "NEWSDIFF_DB_NAME": db_name, "HF_HUB_OFFLINE": "1", **env}
    environ.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_first_command_on_a_fresh_database_migrates_it(fresh_db: str) -> None:
    first = manage("ingest", str(EMPTY), "--json", db_name=fresh_db)
    # The empty file is refused with its reason, as on a set-up database; no traceback.
    assert "Traceback" not in first.stderr and "does not exist" not in first.stderr, first.stderr
    assert "setting up the database" in first.stderr
    [row] = json.loads(first.stdout)
    assert row["status"] == "failed" and row["error"]
    second = manage("export_json", db_name=fresh_db)
    assert second.returncode == 0 and "setting up" not in second.stderr
    assert json.loads(second.stdout)["stories"] == []


def test_without_auto_migrate_every_command_says_what_to_run(fresh_db: str) -> None:
    out = manage("export_json", db_name=fresh_db, NEWSDIFF_AUTO_MIGRATE="false")
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.strip() == (
        "newsdiff: the database has unapplied migrations; run `python manage.py migrate` first"
    )
