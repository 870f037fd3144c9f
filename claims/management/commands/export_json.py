"""python manage.py export_json [--story ID]: the schema is in docs/export.md."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.models import Story
from claims.selectors.export import story_export


class Command(BaseCommand):
    help = "Print stories, articles, sentences, alignments and claims as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--story", type=int, help="only this story id")

    def handle(self, *args: Any, **options: Any) -> None:
        story_id = options["story"]
        if story_id is not None and not Story.objects.filter(pk=story_id).exists():
            raise CommandError(f"no story with id {story_id}")
        document = story_export(story_id=story_id)
        self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False))
