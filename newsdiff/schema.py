"""The database schema on first use.

A fresh NEWSDIFF_DATA_DIR holds an empty embedded database: the first command
or web process migrates it (under an advisory lock, so two processes starting
together migrate once). An external database (DATABASE_URL) is never changed
behind the operator's back; instead every command says in one line what to run.
"""

from __future__ import annotations

import sys

# Commands that manage the schema themselves, or need no database at all.
SKIP = frozenset(
    {
        "migrate",
        "makemigrations",
        "sqlmigrate",
        "showmigrations",
        "squashmigrations",
        "test",
        "help",
        "version",
        "check",
        "collectstatic",
        "dbshell",
        "shell",
        "startapp",
        "startproject",
        "db_stop",
    }
)
_LOCK_KEY = 0x6E657773  # "news": one advisory lock id for schema changes


class SchemaMissing(SystemExit):
    pass


def pending_migrations() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def ensure_schema(*, command: str | None) -> None:
    """Migrate the embedded database if it needs it; for an external one, exit with what to run."""
    if command in SKIP:
        return
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if not pending_migrations():
        return
    if not settings.AUTO_MIGRATE:
        raise SchemaMissing(
            "newsdiff: the database has unapplied migrations; run `python manage.py migrate` first"
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [_LOCK_KEY])
        try:
            if pending_migrations():  # another process may have migrated while we waited
                print(f"newsdiff: setting up the database in {settings.DATA_DIR} …", file=sys.stderr)
                call_command("migrate", interactive=False, verbosity=0)
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_LOCK_KEY])


def web_process_start() -> None:
    """What a web process (wsgi, asgi) does once the app registry is ready."""
    from django.conf import settings

    from claims.services import schedule
    from claims.services.alignment import stories_resume
    from claims.services.uploads import uploads_resume

    ensure_schema(command="serve")
    if settings.CELERY_TASK_ALWAYS_EAGER and settings.BACKGROUND_THREADS:
        # No broker: slow work runs beside the requests, so an upload returns at
        # once. Work a stopped process left queued or half done starts again.
        schedule.use_background_threads()
        uploads_resume()
        stories_resume()
