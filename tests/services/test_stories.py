"""Editors reshape stories: move an article (with its versions), merge, split, rename, set an outlet.

The sample story (three outlets, aligned with the fake encoder) is the
starting point; re-alignment requested after commit runs inline here, as
captured on-commit callbacks.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q

from claims.models import Alignment, Article, Claim, Flag, Outlet, Story, StoryRedirect
from claims.services import stories as story_services
from claims.services.article_meta import article_move, article_set_outlet
from claims.services.stories import stories_merge, story_rename, story_split
from tests.web.test_version_diff import make_version

pytestmark = pytest.mark.django_db


def by_outlet(story: Story) -> dict[str, Article]:
    return {a.outlet.slug: a for a in Article.objects.filter(story=story).select_related("outlet")}


def touching(story: Story, article: Article) -> Any:
    """The story's alignments that hold a sentence of the article."""
    return Alignment.objects.filter(story=story).filter(
        Q(sentence_a__article=article) | Q(sentence_b__article=article)
    )


def pair_alignment(story: Story, one: Article, other: Article) -> Alignment:
    found = touching(story, one).filter(Q(sentence_a__article=other) | Q(sentence_b__article=other)).first()
    assert found is not None, "the sample outlets share aligned claims"
    return found


def snapshot() -> dict[str, Any]:
    """Everything a failed change must leave as it was."""
    return {
        "stories": sorted(Story.objects.values_list("pk", "title", "title_edited")),
        "members": sorted(Article.objects.values_list("pk", "story_id", "outlet_id")),
        "alignments": Alignment.objects.count(),
        "claims": Claim.objects.count(),
        "redirects": StoryRedirect.objects.count(),
        "outlets": Outlet.objects.count(),
    }


def test_moving_a_version_moves_its_whole_family_and_drops_the_pairs_left_behind(
    users: dict[str, Any], sample_story: Story, django_capture_on_commit_callbacks: Any
) -> None:
    gazette = by_outlet(sample_story)["harbor-gazette"]
    middle = make_version(gazette)
    newest = make_version(middle)
    requested = sample_story.align_requested
    with django_capture_on_commit_callbacks() as callbacks:
        done = article_move(article=middle, story=None, user=users["bob"])
        # Before the commit nothing is re-aligned, and no page shows a pair across the two stories.
        sample_story.refresh_from_db()
        assert sample_story.align_requested == requested
        assert not touching(sample_story, gazette).exists()
        assert not Claim.objects.filter(story=sample_story, sentences__article=gazette).exists()
        assert Alignment.objects.filter(story=sample_story).exists()  # the other two outlets still pair
    assert {a.pk for a in done.articles} == {gazette.pk, middle.pk, newest.pk}
    new = done.story
    assert set(Article.objects.filter(story=new).values_list("pk", flat=True)) == {
        gazette.pk,
        middle.pk,
        newest.pk,
    }
    assert Article.objects.filter(story=sample_story).count() == 2
    assert len(callbacks) == 1
    callbacks[0]()
    for story in (sample_story, new):
        story.refresh_from_db()
        assert story.align_state == Story.AlignState.READY
        assert story.aligned_at is not None
    assert sample_story.align_requested == requested + 1
    # The new story is named and dated after its member; the old one's span is its remaining two.
    assert new.title == gazette.title and not new.title_edited
    assert new.published_from == new.published_to == gazette.published
    assert new.centroid is not None
    left = Article.objects.filter(story=sample_story)
    assert sample_story.published_to == max(a.published for a in left if a.published)


def test_flags_keep_their_sentences_and_return_to_the_pair_when_it_aligns_again(
    users: dict[str, Any], sample_story: Story, django_capture_on_commit_callbacks: Any
) -> None:
    articles = by_outlet(sample_story)
    gazette, courier = articles["harbor-gazette"], articles["valley-courier"]
    aligned = pair_alignment(sample_story, gazette, courier)
    flag = Flag.objects.create(
        alignment=aligned,
        sentence_a=aligned.sentence_a,
        sentence_b=aligned.sentence_b,
        created_by=users["carol"],
        note="counts differ",
    )
    pair = (aligned.sentence_a_id, aligned.sentence_b_id)
    with django_capture_on_commit_callbacks(execute=True):
        away = article_move(article=gazette, story=None, user=users["bob"])
    flag.refresh_from_db()
    assert flag.alignment_id is None and (flag.sentence_a_id, flag.sentence_b_id) == pair
    with django_capture_on_commit_callbacks(execute=True):
        back = article_move(article=gazette, story=sample_story, user=users["alice"])
    # The story the first move made is empty again: removed, its address leading back.
    assert back.removed == [away.story.title]
    assert not Story.objects.filter(pk=away.story.pk).exists()
    assert StoryRedirect.objects.get(old_id=away.story.pk).story_id == sample_story.pk
    flag.refresh_from_db()
    assert flag.alignment is not None and flag.alignment.story_id == sample_story.pk
    assert {flag.alignment.sentence_a_id, flag.alignment.sentence_b_id} == set(pair)


def test_split_moves_the_picked_articles_into_one_new_story(
    users: dict[str, Any], sample_story: Story, django_capture_on_commit_callbacks: Any
) -> None:
    articles = by_outlet(sample_story)
    courier, northline = articles["valley-courier"], articles["northline"]
    # An earlier version of the courier's article, so the courier stays its outlet's voice.
    earlier = make_version(courier)
    Article.objects.filter(pk=earlier.pk).update(version_of=None)
    Article.objects.filter(pk=courier.pk).update(version_of=earlier)
    with django_capture_on_commit_callbacks(execute=True):
        done = story_split(
            story=sample_story, articles=[courier, northline], user=users["bob"], title="  Courier   angle "
        )
    new = done.story
    assert new.title == "Courier angle" and new.title_edited
    assert set(Article.objects.filter(story=new).values_list("pk", flat=True)) == {
        courier.pk,
        northline.pk,
        earlier.pk,
    }
    assert list(Article.objects.filter(story=sample_story)) == [articles["harbor-gazette"]]
    # Both re-aligned: the two split-out outlets pair in their new story, the lone one pairs with nobody.
    assert Alignment.objects.filter(story=new).exists()
    assert not Alignment.objects.filter(story=sample_story).exists()
    sample_story.refresh_from_db()
    new.refresh_from_db()
    assert sample_story.align_state == new.align_state == Story.AlignState.READY
    assert new.published_from == min(courier.published, northline.published)
    assert sample_story.published_from == sample_story.published_to == articles["harbor-gazette"].published


@pytest.mark.parametrize("pick", ["none", "all", "foreign"])
def test_split_refuses_none_all_or_articles_of_another_story(
    users: dict[str, Any], sample_story: Story, pick: str
) -> None:
    articles = list(Article.objects.filter(story=sample_story))
    if pick == "foreign":
        other = article_move(article=articles[0], story=None, user=users["bob"]).story
        chosen = list(Article.objects.filter(story=other))
    else:
        chosen = {"none": [], "all": articles}[pick]
    before = snapshot()
    with pytest.raises(ValidationError):
        story_split(story=sample_story, articles=chosen, user=users["bob"])
    assert snapshot() == before


def test_merge_moves_every_article_removes_the_source_and_redirects_along_chains(
    users: dict[str, Any], sample_story: Story, django_capture_on_commit_callbacks: Any
) -> None:
    articles = by_outlet(sample_story)
    with django_capture_on_commit_callbacks(execute=True):
        first = story_split(
            story=sample_story, articles=[articles["valley-courier"]], user=users["bob"]
        ).story
        second = story_split(story=sample_story, articles=[articles["northline"]], user=users["bob"]).story
        first_id = first.pk  # deleting a row empties its object's pk
        stories_merge(source=first, target=second, user=users["bob"])
    assert StoryRedirect.objects.get(old_id=first_id).story_id == second.pk
    assert Article.objects.filter(story=second).count() == 2
    second_id = second.pk
    with django_capture_on_commit_callbacks(execute=True):
        done = stories_merge(source=second, target=sample_story, user=users["alice"])
    assert done.story == sample_story and done.removed == [second.title]
    assert not Story.objects.filter(pk__in=[first_id, second_id]).exists()
    assert Article.objects.filter(story=sample_story).count() == 3
    # A link saved before either merge still lands on the story that holds its articles.
    assert dict(StoryRedirect.objects.values_list("old_id", "story_id")) == {
        first_id: sample_story.pk,
        second_id: sample_story.pk,
    }
    sample_story.refresh_from_db()
    assert sample_story.align_state == Story.AlignState.READY
    assert touching(sample_story, articles["valley-courier"]).exists()


def test_merge_into_itself_is_refused(users: dict[str, Any], sample_story: Story) -> None:
    with pytest.raises(ValidationError, match="itself"):
        stories_merge(source=sample_story, target=sample_story, user=users["bob"])


def test_rename_keeps_the_editors_title_and_an_empty_one_follows_the_headlines(
    users: dict[str, Any], sample_story: Story, django_capture_on_commit_callbacks: Any
) -> None:
    story_rename(story=sample_story, title="  Tanker spill:  the inquiry ", user=users["bob"])
    sample_story.refresh_from_db()
    assert sample_story.title == "Tanker spill: the inquiry" and sample_story.title_edited
    gazette = by_outlet(sample_story)["harbor-gazette"]
    with django_capture_on_commit_callbacks(execute=True):
        article_move(article=gazette, story=None, user=users["bob"])
    sample_story.refresh_from_db()
    assert sample_story.title == "Tanker spill: the inquiry"  # a signature refresh keeps it
    story_rename(story=sample_story, title="   ", user=users["bob"])
    sample_story.refresh_from_db()
    assert not sample_story.title_edited
    assert sample_story.title in set(
        Article.objects.filter(story=sample_story).values_list("title", flat=True)
    )


def test_set_outlet_credits_the_family_and_recounts_the_claims(
    users: dict[str, Any], sample_story: Story, django_capture_on_commit_callbacks: Any
) -> None:
    articles = by_outlet(sample_story)
    courier = articles["valley-courier"]
    revision = make_version(courier)
    Article.objects.filter(pk__in=[courier.pk, revision.pk]).update(outlet=None)
    courier.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        outlet = article_set_outlet(article=courier, outlet_slug_or_name="northline wire", user=users["bob"])
    # An existing outlet found by its name, whatever the case; versions credited too.
    assert outlet.slug == "northline"
    assert set(
        Article.objects.filter(pk__in=[courier.pk, revision.pk]).values_list("outlet_id", flat=True)
    ) == {outlet.pk}
    # Re-aligned: every claim counts the outlets of its sentences, two articles of one outlet as one.
    claims = Claim.objects.filter(story=sample_story).prefetch_related("sentences__article")
    assert claims
    for claim in claims:
        assert claim.outlet_count == len({s.article.outlet_id for s in claim.sentences.all()})
    with django_capture_on_commit_callbacks(execute=True):
        known = article_set_outlet(article=courier, outlet_slug_or_name="The Guardian", user=users["bob"])
        new = article_set_outlet(article=courier, outlet_slug_or_name="Port Elsby Post", user=users["bob"])
    assert known.slug == "guardian"  # from the outlet table, with its proper name
    assert (new.slug, new.name) == ("port-elsby-post", "Port Elsby Post")
    with pytest.raises(ValidationError, match="already"):
        article_set_outlet(article=courier, outlet_slug_or_name="port-elsby-post", user=users["bob"])
    with pytest.raises(ValidationError):
        article_set_outlet(article=courier, outlet_slug_or_name=" ?! ", user=users["bob"])


def test_fact_checkers_may_not_reshape_stories(users: dict[str, Any], sample_story: Story) -> None:
    carol = users["carol"]
    articles = list(Article.objects.filter(story=sample_story))
    other = article_move(article=articles[0], story=None, user=users["alice"]).story
    before = snapshot()
    attempts = [
        lambda: article_move(article=articles[1], story=other, user=carol),
        lambda: stories_merge(source=other, target=sample_story, user=carol),
        lambda: story_split(story=sample_story, articles=[articles[1]], user=carol),
        lambda: story_rename(story=sample_story, title="Mine", user=carol),
        lambda: article_set_outlet(article=articles[1], outlet_slug_or_name="Elsewhere", user=carol),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert snapshot() == before


def test_a_failure_midway_leaves_nothing_half_written(
    users: dict[str, Any], sample_story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = list(Article.objects.filter(story=sample_story))
    other = article_move(article=articles[0], story=None, user=users["bob"]).story
    before = snapshot()

    def broken(*, story: Story) -> None:
        raise RuntimeError("signature store down")

    # Fails after the articles moved and the stale pairs were deleted: all of it must roll back.
    monkeypatch.setattr(story_services, "story_signature_refresh", broken)
    for change in (
        lambda: article_move(article=articles[1], story=None, user=users["bob"]),
        lambda: stories_merge(source=other, target=sample_story, user=users["bob"]),
        lambda: story_split(story=sample_story, articles=[articles[1]], user=users["bob"], title="x"),
    ):
        with pytest.raises(RuntimeError):
            change()
        assert snapshot() == before
