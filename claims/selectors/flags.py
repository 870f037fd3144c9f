"""Reads of flags: the open ones, for the fact-checkers' queue."""

from __future__ import annotations

from django.db.models import QuerySet

from claims.models import Flag, Story


def open_flags(*, story: Story | None = None) -> QuerySet[Flag]:
    flags = (
        Flag.objects.filter(state=Flag.State.OPEN)
        .select_related(
            "created_by",
            "alignment__sentence_a__article__outlet",
            "alignment__sentence_b__article__outlet",
            "alignment__story",
        )
        .defer("alignment__sentence_a__embedding", "alignment__sentence_b__embedding")
    )
    return flags.filter(alignment__story=story) if story else flags
