"""The compare page: two or more outlets' versions of each claim side by side."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from claims import roles
from claims.models import Article, Story
from claims.selectors.stories import latest_versions, story_articles
from claims.web.params import int_param
from claims.web.render import cache, fragments
from claims.web.render.fragments import FILTERS


@require_GET
@login_required
def compare(request: HttpRequest, story_id: int) -> HttpResponse:
    story = get_object_or_404(Story, pk=story_id)
    articles = story_articles(story=story)
    chosen = _chosen(request, articles)
    if len(chosen) < 2:
        messages.info(request, "Choose two different articles of this story to compare.")
        return redirect("claims:story_detail", story_id=story.pk)
    current = request.GET.get("filter", "all")
    if current not in FILTERS:
        current = "all"
    grid = fragments.compare_grid(
        story=story, chosen=chosen, current=current, can_flag=roles.is_fact_checker(request.user)
    )
    context = {
        "story": story,
        "articles": articles,
        "chosen": chosen,
        "filter": current,
        "grid": cache.personalise(grid.html, request),
        # The rows shown, on a cache miss; None on a hit (see claims/web/render/fragments.py).
        "rows": grid.data,
    }
    template = "claims/compare.html#grid" if getattr(request, "htmx", False) else "claims/compare.html"
    return render(request, template, context)


def _chosen(request: HttpRequest, articles: list[Article]) -> list[Article]:
    """The articles to compare, in the order given: ?articles=1,2,3 (or repeated), else ?a=&b=."""
    by_id = {a.pk: a for a in articles}
    raw = [part for value in request.GET.getlist("articles") for part in value.split(",")]
    if not raw and (request.GET.get("a") or request.GET.get("b")):
        raw = [request.GET.get("a", ""), request.GET.get("b", "")]
    if not raw:
        return latest_versions(articles)
    ids: list[int] = []
    for part in raw:
        n = int_param(part.strip())
        if n in by_id and n not in ids:
            ids.append(n)
    return [by_id[i] for i in ids]
