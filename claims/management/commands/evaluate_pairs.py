"""python manage.py evaluate_pairs FILE [--format mrpc|tsv] [--json]: same-claim precision/recall/F1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims import engines
from claims.pipeline import evaluate


class Command(BaseCommand):
    help = (
        "Score the same-claim decision as the aligner makes it (feature classifier + cross-encoder) "
        "on labelled sentence pairs (MRPC or label<TAB>s1<TAB>s2)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="labelled pairs")
        parser.add_argument("--format", choices=["mrpc", "tsv"], default="mrpc")
        parser.add_argument("--json", action="store_true", help="print the full result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        pairs = evaluate.load_pairs(path, options["format"])
        if not pairs:
            raise CommandError(f"{path}: no labelled pairs in {options['format']} format")
        result = evaluate.evaluate_pairs(pairs, engines.encoder(), scorer=engines.cross_scorer())
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2))
            return
        scores = result["same_claim"]
        assert isinstance(scores, dict)
        self.stdout.write(f"pairs      {scores['n']} ({scores['positives']} positive)")
        for name in ("precision", "recall", "f1", "accuracy"):
            self.stdout.write(f"{name:<10} {scores[name]:.4f}")
        self.stdout.write(f"threshold  {result['threshold']}")
