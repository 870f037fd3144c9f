import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsdiff import settings as s


def test_env_helpers_fail_loudly_on_bad_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_BOOL", "maybe")
    monkeypatch.setenv("X_INT", "ten")
    monkeypatch.setenv("X_FLOAT", "2.5")
    with pytest.raises(ImproperlyConfigured, match="X_BOOL"):
        s.env_bool("X_BOOL", False)
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        s.env_int("X_INT", 1)
    with pytest.raises(ImproperlyConfigured, match="X_FLOAT"):
        s.env_float("X_FLOAT", 0.5, low=0.0, high=1.0)


def test_env_helpers_read_good_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "12")
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert s.env_bool("X_BOOL", False) is True
    assert s.env_int("X_INT", 1, minimum=1) == 12
    assert s.env_list("X_LIST", []) == ["a", "b", "c"]
    assert s.env_bool("X_UNSET", True) is True


def test_database_url_must_be_postgres() -> None:
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL"):
        s.database_from_url("sqlite:///db.sqlite3")
    db = s.database_from_url("postgres://u:p%40ss@db:5433/newsdiff")
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "newsdiff",
        "u",
        "p@ss",
        "db",
        "5433",
    )


def test_default_database_is_embedded_postgres() -> None:
    from django.conf import settings
    from django.db import connection

    if settings.DATABASE_URL:
        pytest.skip("DATABASE_URL selects an external server")
    assert settings.DATABASES["default"]["ENGINE"] == "newsdiff.embedded_pg"
    assert connection.vendor == "postgresql"


def test_cache_url_picks_memory_or_redis() -> None:
    assert s.cache_from_url("")["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    redis = s.cache_from_url("redis://cache:6379/1")
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://cache:6379/1"
    with pytest.raises(ImproperlyConfigured, match="NEWSDIFF_CACHE_URL"):
        s.cache_from_url("memcached://cache:11211")


def _settings_with(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = "from newsdiff import settings as s; print(s.CELERY_WORKER_MAX_MEMORY_PER_CHILD)"
    environ = {**os.environ, **env}
    return subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True)


def test_a_worker_child_is_replaced_past_its_memory_limit_unless_zero() -> None:
    assert _settings_with({}).stdout.strip() == "1700000"
    assert _settings_with({"CELERY_WORKER_MAX_MEMORY_PER_CHILD": "0"}).stdout.strip() == "None"
    bad = _settings_with({"CELERY_WORKER_MAX_MEMORY_PER_CHILD": "-5"})
    assert bad.returncode != 0 and "CELERY_WORKER_MAX_MEMORY_PER_CHILD" in bad.stderr
