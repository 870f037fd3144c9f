"""Writes of stories."""

from __future__ import annotations

import itertools

from django.utils.text import slugify

from claims.models import Story


def story_create(*, title: str, slug: str | None = None) -> Story:
    base = slugify(slug or title)[:100] or "story"
    slug = base
    for n in itertools.count(2):
        if not Story.objects.filter(slug=slug).exists():
            break
        slug = f"{base}-{n}"
    return Story.objects.create(title=title[:500] or "Untitled story", slug=slug)
