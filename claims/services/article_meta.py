"""Editors' corrections of what ingest decided about one article: its story and its outlet.

Both act on the article's whole version family: the versions of one article
are one outlet's voice in one story, so they never part.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from claims.models import Article, Outlet, Story
from claims.pipeline.ingest.outlets import default_table
from claims.services.alignment import story_align_request
from claims.services.outlets import outlet_get_or_create
from claims.services.stories import Membership, articles_move, require_editor, version_family


def article_move(*, article: Article, story: Story | None, user: Any) -> Membership:
    """Move the article and its versions to `story`, or with None to a new story titled from it."""
    require_editor(user, "move articles between stories")
    with transaction.atomic():
        return articles_move(articles=[article], story=story)


def outlet_resolve(value: str) -> Outlet:
    """The outlet an editor means by a slug or a name: a stored one, one of the known table, or a new one."""
    value = " ".join(value.split())
    slug = slugify(value)[:64]
    if not slug:
        raise ValidationError("Give the outlet's name or slug, in letters or digits.")
    stored = Outlet.objects.filter(Q(slug=slug) | Q(name__iexact=value)).order_by("pk").first()
    if stored is not None:
        return stored
    known = default_table().by_name(value)
    if known is not None:
        return outlet_get_or_create(slug=known.slug, name=known.name)
    return outlet_get_or_create(slug=slug, name=value[:200])


def article_set_outlet(*, article: Article, outlet_slug_or_name: str, user: Any) -> Outlet:
    """Set the outlet of the article and its versions (detection found none, or the wrong one).

    The story is re-aligned after commit: claims count the outlets that report them.
    """
    require_editor(user, "set an article's outlet")
    with transaction.atomic():
        outlet = outlet_resolve(outlet_slug_or_name)
        if article.outlet_id == outlet.pk:
            raise ValidationError(f"The article is already credited to {outlet.name}.")
        family = version_family(article=article)
        Article.objects.filter(pk__in=[a.pk for a in family]).update(outlet=outlet)
        article.outlet = outlet
        story_ids = sorted({a.story_id for a in family if a.story_id is not None})

        def realign() -> None:
            for story_id in story_ids:
                story_align_request(story_id=story_id)

        transaction.on_commit(realign)
    return outlet
