"""The servers bench_pages.py measures: gunicorn as production runs it, or Django's threaded server.

Each is a context manager yielding the base URL. gunicorn runs as a separate
process group against the bench database (NEWSDIFF_DB_NAME, or DATABASE_URL
with the database name swapped), so its workers carry only what the web app
imports, as in production, not the models the bench loaded to build the story.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlparse, urlunparse

from page_story import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_ready(base: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/login/", timeout=5) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within a minute")


def server_env(*, db_name: str, cache_timeout: int, cache_url: str) -> dict[str, str]:
    """The child's environment: this one, pointed at the bench database and cache settings."""
    env = dict(os.environ)
    if env.get("DATABASE_URL"):
        parsed = urlparse(env["DATABASE_URL"])
        env["DATABASE_URL"] = urlunparse(parsed._replace(path=f"/{db_name}"))
    else:
        env["NEWSDIFF_DB_NAME"] = db_name
    env["NEWSDIFF_PAGE_CACHE_TIMEOUT"] = str(cache_timeout)
    env["NEWSDIFF_CACHE_URL"] = cache_url
    env["ALLOWED_HOSTS"] = "127.0.0.1"
    env.setdefault("DEBUG", "false")
    return env


@contextmanager
def gunicorn(
    *, db_name: str, workers: int, threads: int, cache_timeout: int, cache_url: str
) -> Iterator[str]:
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "newsdiff.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    env = server_env(db_name=db_name, cache_timeout=cache_timeout, cache_url=cache_url)
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, process)
        yield base
    finally:
        # Its workers hold connections to the bench database, which is dropped next.
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def threaded(*, cache_timeout: int) -> Iterator[str]:
    """Django's threaded server in this process: one interpreter, the GIL, the bench's models loaded."""
    from django.conf import settings
    from django.core.cache import cache
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, *a: Any) -> None:
            pass

    settings.PAGE_CACHE_TIMEOUT = cache_timeout
    cache.clear()
    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet, allow_reuse_address=True)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
