"""Writes of outlets."""

from __future__ import annotations

from django.utils.text import slugify

from claims.models import Outlet


def outlet_get_or_create(*, slug: str, name: str | None = None) -> Outlet:
    slug = slugify(slug)[:64] or "unknown"
    outlet, _ = Outlet.objects.get_or_create(slug=slug, defaults={"name": name or slug.upper()})
    return outlet
