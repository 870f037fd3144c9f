"""Writes of stories: creating one, and the editors' corrections of what clustering formed.

Every change of membership (a move, a merge, a split) runs in one transaction
that moves the articles, drops the alignments and claims that paired a moved
sentence inside the story it left (so no page shows a pair of stories that no
longer share the article), and refreshes the signature of every story
touched. Ingest's story assignments wait meanwhile, so no new article
joins a story that is being merged away. Re-alignment of those stories is
requested once the transaction commits: a task started earlier would read
the old membership.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from claims import roles
from claims.models import Alignment, Article, Claim, Sentence, Story, StoryRedirect
from claims.services import clustering
from claims.services.alignment import story_align_request
from claims.services.clustering import story_signature_refresh

# What membership changes read of an article: never the upload or the text.
_MEMBER_FIELDS = ("pk", "story_id", "version_of_id", "title", "outlet_id", "status")


@dataclass
class Membership:
    """What a move, merge or split did, for the page that reports it."""

    story: Story  # where the articles are now
    articles: list[Article] = field(default_factory=list)  # every article moved, versions included
    removed: list[str] = field(default_factory=list)  # titles of stories left empty, now redirects


def story_create(*, title: str, slug: str | None = None) -> Story:
    base = slugify(slug or title)[:100] or "story"
    slug = base
    for n in itertools.count(2):
        if not Story.objects.filter(slug=slug).exists():
            break
        slug = f"{base}-{n}"
    return Story.objects.create(title=title[:500] or "Untitled story", slug=slug)


def require_editor(user: Any, action: str) -> None:
    """Editors and admins reshape stories; fact-checkers and readers may not."""
    if not roles.can_edit_articles(user):
        raise PermissionDenied(f"Only editors and admins may {action}.")


def version_family(*, article: Article) -> list[Article]:
    """The article and every version it revises or that revises it, however long the chain.

    A family speaks for one outlet, so it never belongs to two stories.
    """
    # Fresh rows, never the caller's: moves update them, and a rolled-back move must not leave them changed.
    edge = list(Article.objects.filter(pk=article.pk).only(*_MEMBER_FIELDS))
    members = {a.pk: a for a in edge}
    while edge:
        ids = [a.pk for a in edge]
        parents = [a.version_of_id for a in edge if a.version_of_id]
        edge = list(
            Article.objects.filter(Q(version_of_id__in=ids) | Q(pk__in=parents))
            .exclude(pk__in=list(members))
            .only(*_MEMBER_FIELDS)
        )
        members.update({a.pk: a for a in edge})
    return sorted(members.values(), key=lambda a: a.pk)


def families_of(articles: Iterable[Article]) -> list[Article]:
    out: dict[int, Article] = {}
    for article in articles:
        if article.pk not in out:
            out.update({a.pk: a for a in version_family(article=article)})
    return sorted(out.values(), key=lambda a: a.pk)


def hold_assignments() -> None:
    """Hold ingest's story assignments until this transaction ends (clustering.cluster_lock).

    Otherwise an article could join a story while it is being merged away
    (and be left with none when the story is deleted) or split.
    """
    clustering.cluster_lock()


def articles_relocate(*, articles: list[Article], story: Story) -> set[int]:
    """Put the articles in `story`; return the ids of the stories they left.

    Call inside a transaction. The left stories lose every alignment and claim
    that holds a moved sentence: re-alignment rebuilds the rest, and a flag
    keeps its two sentences (its alignment link is emptied) to re-attach
    wherever they align again.
    """
    ids = [a.pk for a in articles]
    left = {a.story_id for a in articles if a.story_id is not None and a.story_id != story.pk}
    if left:
        moved = Sentence.objects.filter(article_id__in=ids).values("pk")
        Alignment.objects.filter(story_id__in=left).filter(
            Q(sentence_a__in=moved) | Q(sentence_b__in=moved)
        ).delete()
        Claim.objects.filter(story_id__in=left, sentences__in=moved).delete()
    Article.objects.filter(pk__in=ids).update(story=story)
    for article in articles:
        article.story_id = story.pk
    return left


def _redirect_to(*, old: Story, story: Story) -> None:
    """Leave a way from `old`'s address to `story`; links that led to `old` follow along."""
    StoryRedirect.objects.filter(story=old).update(story=story)
    StoryRedirect.objects.update_or_create(
        old_id=old.pk, defaults={"story": story, "title": old.title, "slug": old.slug}
    )


def _remove_emptied(*, story_ids: set[int], into: Story) -> dict[int, str]:
    """Delete the stories a move left without any article, each leaving a redirect to `into`."""
    emptied = list(Story.objects.filter(pk__in=story_ids, articles__isnull=True))
    removed = {}
    for story in emptied:
        removed[story.pk] = story.title
        _redirect_to(old=story, story=into)
        story.delete()
    return removed


def stories_settle(*, story_ids: set[int]) -> None:
    """After a membership change: signatures now, re-alignment once the change is committed."""
    for story in Story.objects.filter(pk__in=story_ids).order_by("pk"):
        story_signature_refresh(story=story)

    def realign() -> None:
        for story_id in sorted(story_ids):
            story_align_request(story_id=story_id)

    transaction.on_commit(realign)


def articles_move(*, articles: list[Article], story: Story | None, title: str = "") -> Membership:
    """Move articles with their version families into `story`, or a new one; no permission check.

    Call inside a transaction. A new story gets `title` (kept, as an editor's)
    or else the first headline, until its signature names it after the most
    central one. A story the move leaves empty is removed, its address
    redirected to where its articles went.
    """
    hold_assignments()
    family = families_of(articles)
    if story is not None and all(a.story_id == story.pk for a in family):
        raise ValidationError("The article is already in that story.")
    if story is None:
        story = story_create(title=title or next((a.title for a in articles if a.title), ""))
        if title:
            story.title_edited = True
            story.save(update_fields=["title_edited"])
    left = articles_relocate(articles=family, story=story)
    removed = _remove_emptied(story_ids=left, into=story)
    stories_settle(story_ids=(left - set(removed)) | {story.pk})
    story.refresh_from_db()
    return Membership(story=story, articles=family, removed=list(removed.values()))


def stories_merge(*, source: Story, target: Story, user: Any) -> Membership:
    """Move every article of `source` into `target` and remove `source`; its address leads to `target`."""
    require_editor(user, "merge stories")
    if source.pk == target.pk:
        raise ValidationError("A story cannot be merged into itself.")
    with transaction.atomic():
        hold_assignments()
        members = list(Article.objects.filter(story=source).only(*_MEMBER_FIELDS))
        family = families_of(members)
        articles_relocate(articles=family, story=target)
        _redirect_to(old=source, story=target)
        title = source.title
        # Its own alignments and claims go with it (cascade); their flags keep their sentences.
        source.delete()
        stories_settle(story_ids={target.pk})
    target.refresh_from_db()
    return Membership(story=target, articles=family, removed=[title])


def story_split(*, story: Story, articles: list[Article], user: Any, title: str | None = None) -> Membership:
    """Move the picked articles (with their versions) out of `story` into one new story."""
    require_editor(user, "split stories")
    if not articles:
        raise ValidationError("Pick the articles to split out into a new story.")
    if any(a.story_id != story.pk for a in articles):
        raise ValidationError("Only articles of this story can be split out of it.")
    title = " ".join((title or "").split())[:500]
    with transaction.atomic():
        hold_assignments()
        family = families_of(articles)
        staying = Article.objects.filter(story=story, status=Article.Status.READY).exclude(
            pk__in=[a.pk for a in family]
        )
        if not staying.exists():
            raise ValidationError(
                "A split must leave at least one article in the story; to move them all, merge the story."
            )
        return articles_move(articles=family, story=None, title=title)


def story_rename(*, story: Story, title: str, user: Any) -> Story:
    """Give the story an editor's title, kept from then on; an empty title follows the headlines again."""
    require_editor(user, "rename stories")
    title = " ".join(title.split())[:500]
    with transaction.atomic():
        story.title_edited = bool(title)
        if title:
            story.title = title
            story.save(update_fields=["title", "title_edited"])
        else:
            story.save(update_fields=["title_edited"])
            story_signature_refresh(story=story)
    return story
