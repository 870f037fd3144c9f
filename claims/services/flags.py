"""Fact-checkers' flags on aligned pairs: create one, then confirm or dismiss it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from claims import roles
from claims.models import Alignment, Flag

MAX_NOTE = 2000


def flag_create(*, alignment: Alignment, user: Any, note: str) -> Flag:
    if not roles.is_fact_checker(user):
        raise PermissionDenied("only fact-checkers can flag a pair")
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise ValidationError(f"the note is over {MAX_NOTE} characters")
    return Flag.objects.create(
        alignment=alignment,
        sentence_a_id=alignment.sentence_a_id,
        sentence_b_id=alignment.sentence_b_id,
        created_by=user,
        note=note,
    )


def flag_review(*, flag: Flag, user: Any, state: str) -> Flag:
    if not roles.is_fact_checker(user):
        raise PermissionDenied("only fact-checkers can review flags")
    if state not in (Flag.State.CONFIRMED, Flag.State.DISMISSED):
        raise ValidationError("a review either confirms or dismisses the flag")
    with transaction.atomic():
        # Lock the row so two reviewers cannot both decide the same open flag.
        locked = Flag.objects.select_for_update().get(pk=flag.pk)
        if locked.state != Flag.State.OPEN:
            raise ValidationError(f"this flag was already {locked.state}")
        locked.state = state
        locked.reviewed_by = user
        locked.save(update_fields=["state", "reviewed_by", "updated"])
    return locked
