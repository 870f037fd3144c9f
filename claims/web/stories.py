"""The story list and a story's overview page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from claims import roles
from claims.models import Outlet, Story
from claims.selectors.stories import story_articles, story_outlets
from claims.selectors.stories import story_list as stories_matching
from claims.services.alignment import stories_align
from claims.web.params import date_param
from claims.web.render import cache, fragments


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
        "outlets": Outlet.objects.all(),
    }
    return render(request, "claims/story_list.html", context)


@require_GET
@login_required
def story_detail(request: HttpRequest, story_id: int) -> HttpResponse:
    story = get_object_or_404(Story, pk=story_id)
    articles = story_articles(story=story)
    fragment = fragments.story_overview(story=story, articles=articles)
    context = {
        "story": story,
        "overview_html": cache.personalise(fragment.html, request),
        # Rendered from on a cache miss, None on a hit: for tests and debugging, not the template.
        "overview": fragment.data,
    }
    return render(request, "claims/story_detail.html", context)


@require_GET
@login_required
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
    stories_align(story_ids={story.pk})
    story.refresh_from_db()
    if story.align_state == Story.AlignState.READY:
        messages.success(request, "The story was aligned again.")
    elif story.align_busy:
        messages.success(request, "The story is queued for alignment; this page shows its progress.")
    return redirect("claims:story_detail", story_id=story.pk)
