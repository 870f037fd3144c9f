"""Reads of flags: the open ones, for the fact-checkers' queue."""

from __future__ import annotations

from django.db.models import QuerySet

from claims.models import Flag, Story


def open_flags(*, story: Story | None = None) -> QuerySet[Flag]:
    """Open flags, newest first. A flag whose pair is no longer aligned (after a
    move or split) still shows, under the story of its first sentence."""
    flags = (
        Flag.objects.filter(state=Flag.State.OPEN)
        .select_related(
            "created_by",
            "alignment",
            "sentence_a__article__outlet",
            "sentence_b__article__outlet",
            "sentence_a__article__story",
        )
        .defer("sentence_a__embedding", "sentence_b__embedding")
    )
    return flags.filter(sentence_a__article__story=story) if story else flags
