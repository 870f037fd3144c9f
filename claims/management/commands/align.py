"""python manage.py align [--story ID ...] [--full]: align stories now, in this process."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.models import Story
from claims.services.alignment import story_align_request, story_align_run


class Command(BaseCommand):
    help = (
        "Attach each story's new articles to its claims (every story unless --story), "
        "or rebuild every claim with --full."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--story", type=int, action="append", help="a story id (repeatable)")
        parser.add_argument(
            "--full", action="store_true", help="rebuild all claims; claim ids are kept where they can be"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ids = options["story"] or list(Story.objects.order_by("pk").values_list("pk", flat=True))
        missing = sorted(set(ids) - set(Story.objects.filter(pk__in=ids).values_list("pk", flat=True)))
        if missing:
            raise CommandError(f"no story with id {', '.join(map(str, missing))}")
        for story_id in ids:
            # Recorded like any request, so a worker running the story meanwhile takes it over.
            story_align_request(story_id=story_id, full=options["full"], later=False)
            summary = story_align_run(story_id=story_id)
            story = Story.objects.get(pk=story_id)
            if summary is None:
                reason = story.align_error or "another process is aligning it; it will take this request over"
                self.stdout.write(f"story {story_id}: {story.align_state}: {reason}")
                continue
            self.stdout.write(
                f"story {story_id}: {summary.attached} article(s) attached"
                f"{' (full rebuild)' if summary.full else ''}, {summary.claims} claims, "
                f"{summary.alignments} alignments, {summary.discrepancies} discrepancies"
            )
