"""python manage.py demo_setup: a demo admin account and the sample story.

Idempotent: run it twice and nothing is duplicated.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

from claims.services.alignment import stories_align
from claims.services.uploads import manifest_ingest

SAMPLE_DIR = Path(settings.BASE_DIR) / "sample_data"


class Command(BaseCommand):
    help = "Create the demo admin account and ingest the sample articles."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="admin")
        parser.add_argument("--password", default="", help="default: read var/demo-password or generate one")

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"] or self._stored_password()
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=options["username"], defaults={"is_staff": True, "is_superuser": True}
        )
        if created or options["password"]:
            user.set_password(password)
            user.save()
        story, results = manifest_ingest(directory=SAMPLE_DIR)
        for result in results:
            self.stdout.write(
                f"{result.status:<9} {result.source_name}{': ' + result.error if result.error else ''}"
            )
        stories_align(story_ids={story.pk})
        self.stdout.write(self.style.SUCCESS(f"Sample story ready: /stories/{story.pk}/"))
        self.stdout.write(
            self.style.WARNING(f"Demo login: username {user.username!r}  password {password!r}")
        )

    def _stored_password(self) -> str:
        # Kept beside the database so the printed password stays valid across runs.
        path = Path(settings.DATA_DIR) / "demo-password"
        if path.exists():
            return path.read_text().strip()
        password = secrets.token_urlsafe(9)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(password)
        return password
