"""The story list, a story's overview page, and the editors' changes to a story:
rename, merge into another story, split articles out into a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims import roles
from claims.models import Outlet, Story, StoryRedirect
from claims.selectors.stories import latest_versions, story_articles, story_outlets
from claims.selectors.stories import story_choices as choices_matching
from claims.selectors.stories import story_list as stories_matching
from claims.services import stories as story_services
from claims.services.alignment import stories_align
from claims.web.forms import StoryMergeForm, StoryRenameForm, StorySplitForm
from claims.web.params import date_param, int_param
from claims.web.render import cache, fragments

View = Callable[..., HttpResponse]


def editors_only(request: HttpRequest) -> None:
    """Refuse a signed-in reader or fact-checker plainly (403) rather than sending them to log in."""
    if not roles.can_edit_articles(request.user):
        raise PermissionDenied("Only editors and admins may change stories.")


def follow_merges(view: View) -> View:
    """A story merged away answers with the same page of the story it joined, query string kept.

    The lookup runs only when the view found no story, so pages of live
    stories pay nothing for it.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, story_id: int, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, story_id=story_id, **kwargs)
        except Http404:
            moved = StoryRedirect.objects.filter(old_id=story_id).first()
            if moved is None:
                raise
        match = request.resolver_match
        name = f"{match.namespace}:{match.url_name}" if match else "claims:story_detail"
        url = reverse(name, kwargs={**(match.kwargs if match else {}), "story_id": moved.story_id})
        if not getattr(request, "htmx", False):
            messages.info(request, f"“{moved.title}” was merged into this story.")
        query = request.META.get("QUERY_STRING", "")
        return redirect(f"{url}?{query}" if query else url)

    return wrapped


@require_GET
@login_required
def story_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    outlet = request.GET.get("outlet", "").strip()
    date_from = date_param(request.GET.get("from"))
    date_to = date_param(request.GET.get("to"))
    stories = stories_matching(query=query, outlet=outlet, date_from=date_from, date_to=date_to)
    page = Paginator(stories, 20).get_page(request.GET.get("page"))
    outlets_by_story = story_outlets(story_ids=[s.pk for s in page.object_list])
    for story in page.object_list:
        story.outlet_names = outlets_by_story.get(story.pk, [])  # type: ignore[attr-defined]
    context = {
        "page": page,
        "q": query,
        "outlet": outlet,
        "date_from": date_from,
        "date_to": date_to,
        "filtered": bool(query or outlet or date_from or date_to),
        "outlets": Outlet.objects.all(),
    }
    return render(request, "claims/story_list.html", context)


@require_GET
@login_required
@follow_merges
def story_detail(request: HttpRequest, story_id: int) -> HttpResponse:
    story = get_object_or_404(Story, pk=story_id)
    articles = story_articles(story=story)
    fragment = fragments.story_overview(story=story, articles=articles)
    context = {
        "story": story,
        "overview_html": cache.personalise(fragment.html, request),
        # Rendered from on a cache miss, None on a hit: for tests and debugging, not the template.
        "overview": fragment.data,
        # One checkbox per outlet voice: earlier versions go with their article.
        "split_choices": latest_versions(articles),
    }
    return render(request, "claims/story_detail.html", context)


@require_GET
@login_required
@follow_merges
def story_status(request: HttpRequest, story_id: int) -> HttpResponse:
    """The alignment-state region that the story, article and upload pages poll."""
    story = get_object_or_404(Story, pk=story_id)
    if not getattr(request, "htmx", False):
        return redirect("claims:story_detail", story_id=story.pk)
    context = {"story": story, "watching": True, "refresh": request.GET.get("refresh") == "1"}
    response = render(request, "claims/story_detail.html#align_status", context)
    if context["refresh"] and not story.align_busy and story.align_state == Story.AlignState.READY:
        # The page around the region shows the claims as they were: reload it.
        response["HX-Refresh"] = "true"
    return response


@require_POST
@login_required
@user_passes_test(roles.can_edit_articles)
def story_realign(request: HttpRequest, story_id: int) -> HttpResponse:
    """Align a story again from scratch (after a failure, a fix or a new setting)."""
    story = get_object_or_404(Story, pk=story_id)
    stories_align(story_ids={story.pk}, full=True)
    story.refresh_from_db()
    if story.align_state == Story.AlignState.READY:
        messages.success(request, "The story was aligned again.")
    elif story.align_busy:
        messages.success(request, "The story is queued for alignment; this page shows its progress.")
    return redirect("claims:story_detail", story_id=story.pk)


def form_errors(form: Any) -> str:
    """A refused form's errors as one message line (the forms live on pages that redirect after POST)."""
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _refused(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _moved_message(request: HttpRequest, done: story_services.Membership, what: str) -> None:
    n = len(done.articles)
    text = f"{what} {n} article{'s' if n != 1 else ''}; both stories are being aligned again."
    messages.success(request, text)


@require_POST
@login_required
def story_rename(request: HttpRequest, story_id: int) -> HttpResponse:
    editors_only(request)
    story = get_object_or_404(Story, pk=story_id)
    form = StoryRenameForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("claims:story_detail", story_id=story.pk)
    story = story_services.story_rename(story=story, title=form.cleaned_data["title"], user=request.user)
    if story.title_edited:
        messages.success(request, f"Renamed to “{story.title}”; the title is kept as you set it.")
    else:
        messages.success(request, f"The title follows the headlines again: “{story.title}”.")
    return redirect("claims:story_detail", story_id=story.pk)


@require_GET
@login_required
@follow_merges
def story_merge(request: HttpRequest, story_id: int) -> HttpResponse:
    """Choose the story to merge into (?q= narrows the list), then confirm (?into=ID)."""
    editors_only(request)
    story = get_object_or_404(Story, pk=story_id)
    query = request.GET.get("q", "").strip()
    into = int_param(request.GET.get("into"))
    pair = {s.pk: s for s in stories_matching().filter(pk__in=[story.pk, into or 0])}
    target = pair.get(into) if into is not None and into != story.pk else None
    if into is not None and target is None:
        messages.error(request, "That story no longer exists or is this one; pick another.")
    context: dict[str, Any] = {"story": pair[story.pk], "target": target, "q": query}
    if target is None:
        context["choices"] = choices_matching(query=query, exclude=story.pk)
    else:
        outlets = story_outlets(story_ids=list(pair))
        context["pair_rows"] = [
            {"role": role, "story": s, "outlets": outlets.get(s.pk, [])}
            for role, s in (("Merged", pair[story.pk]), ("Into", target))
        ]
    return render(request, "claims/story_merge.html", context)


@require_POST
@login_required
def story_merge_confirm(request: HttpRequest, story_id: int) -> HttpResponse:
    editors_only(request)
    source = get_object_or_404(Story, pk=story_id)
    form = StoryMergeForm(request.POST, story=source)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("claims:story_merge", story_id=source.pk)
    target = form.cleaned_data["into"]
    try:
        done = story_services.stories_merge(source=source, target=target, user=request.user)
    except ValidationError as exc:
        _refused(request, exc)
        return redirect("claims:story_merge", story_id=source.pk)
    n = len(done.articles)
    messages.success(
        request,
        f"Merged “{source.title}” into this story: {n} article{'s' if n != 1 else ''} moved. "
        "Links to the old story lead here; the story is being aligned again.",
    )
    return redirect("claims:story_detail", story_id=target.pk)


@require_POST
@login_required
def story_split(request: HttpRequest, story_id: int) -> HttpResponse:
    editors_only(request)
    story = get_object_or_404(Story, pk=story_id)
    form = StorySplitForm(request.POST, story=story)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("claims:story_detail", story_id=story.pk)
    try:
        done = story_services.story_split(
            story=story,
            articles=list(form.cleaned_data["articles"]),
            user=request.user,
            title=form.cleaned_data["title"],
        )
    except ValidationError as exc:
        _refused(request, exc)
        return redirect("claims:story_detail", story_id=story.pk)
    _moved_message(request, done, f"Split out of “{story.title}” into this new story:")
    return redirect("claims:story_detail", story_id=done.story.pk)


@require_GET
@login_required
def story_choices(request: HttpRequest) -> HttpResponse:
    """The <option>s of a story picker for a search typed so far (htmx swaps them into the select)."""
    editors_only(request)
    choices = choices_matching(
        query=request.GET.get("q", "").strip(), exclude=int_param(request.GET.get("exclude"))
    )
    return render(request, "claims/story_merge.html#story_options", {"choices": choices})
