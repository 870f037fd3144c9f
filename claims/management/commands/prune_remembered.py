"""python manage.py prune_remembered [--older-than DAYS] [--other-models] [--dry-run]"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from claims.services.clause_embeddings import clause_embeddings_prune
from claims.services.pair_scores import pair_scores_prune


class Command(BaseCommand):
    help = (
        "Delete remembered pair scores and clause embeddings: those made more than --older-than days "
        "ago, and/or (--other-models) those of a model the current settings do not run. Nothing is "
        "lost but time: a pruned pair or clause is scored or embedded again when next needed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than", type=int, metavar="DAYS", help="made more than DAYS days ago")
        parser.add_argument(
            "--other-models",
            action="store_true",
            help="made by a scorer or encoder other than the current settings' (after a model change)",
        )
        parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["older_than"]
        if days is None and not options["other_models"]:
            raise CommandError("say what to prune: --older-than DAYS, --other-models, or both")
        if days is not None and days < 0:
            raise CommandError(f"--older-than must be 0 or more days, not {days}")
        before = None if days is None else timezone.now() - timedelta(days=days)
        dry = options["dry_run"]
        scores = pair_scores_prune(created_before=before, other_scorers=options["other_models"], dry_run=dry)
        clauses = clause_embeddings_prune(
            created_before=before, other_encoders=options["other_models"], dry_run=dry
        )
        verb = "would delete" if dry else "deleted"
        self.stdout.write(f"{verb} {scores} pair score(s) and {clauses} clause embedding(s)")
