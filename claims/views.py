"""Thin views: parse the request, call a selector or service, render."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from claims import page_cache, page_fragments, roles, selectors
from claims.models import Article, Outlet, Story
from claims.page_fragments import FILTERS


@require_GET
@login_required
def story_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    outlet = request.GET.get("outlet", "").strip()
    date_from = _date(request.GET.get("from"))
    date_to = _date(request.GET.get("to"))
    stories = selectors.story_list(query=query, outlet=outlet, date_from=date_from, date_to=date_to)
    page = Paginator(stories, 20).get_page(request.GET.get("page"))
    outlets_by_story = selectors.story_outlets(story_ids=[s.pk for s in page.object_list])
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
    articles = selectors.story_articles(story=story)
    fragment = page_fragments.story_overview(story=story, articles=articles)
    context = {
        "story": story,
        "overview_html": page_cache.personalise(fragment.html, request),
        # Rendered from on a cache miss, None on a hit: for tests and debugging, not the template.
        "overview": fragment.data,
    }
    return render(request, "claims/story_detail.html", context)


@require_GET
@login_required
def compare(request: HttpRequest, story_id: int) -> HttpResponse:
    story = get_object_or_404(Story, pk=story_id)
    articles = selectors.story_articles(story=story)
    chosen = _chosen(request, articles)
    if len(chosen) < 2:
        messages.info(request, "Choose two different articles of this story to compare.")
        return redirect("claims:story_detail", story_id=story.pk)
    current = request.GET.get("filter", "all")
    if current not in FILTERS:
        current = "all"
    grid = page_fragments.compare_grid(
        story=story, chosen=chosen, current=current, can_flag=roles.is_fact_checker(request.user)
    )
    context = {
        "story": story,
        "articles": articles,
        "chosen": chosen,
        "filter": current,
        "grid": page_cache.personalise(grid.html, request),
        # The rows shown, on a cache miss; None on a hit (see claims/page_fragments.py).
        "rows": grid.data,
    }
    template = "claims/compare.html#grid" if getattr(request, "htmx", False) else "claims/compare.html"
    return render(request, template, context)


@require_GET
@login_required
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.select_related("outlet", "story", "version_of"), pk=article_id
    )
    sentences = article.sentences.defer("embedding").order_by("index")
    versions = list(article.versions.only("pk", "title", "published", "created").order_by("created"))
    context = {"article": article, "sentences": sentences, "versions": versions}
    return render(request, "claims/article_detail.html", context)


@require_GET
@login_required
def version_diff(request: HttpRequest, article_id: int, other_id: int) -> HttpResponse:
    old = get_object_or_404(Article.objects.select_related("outlet", "story"), pk=article_id)
    new = get_object_or_404(Article.objects.select_related("outlet", "story"), pk=other_id)
    context = {"old": old, "new": new, "diff": selectors.version_diff(old=old, new=new)}
    return render(request, "claims/version_diff.html", context)


def _chosen(request: HttpRequest, articles: list[Article]) -> list[Article]:
    """The articles to compare, in the order given: ?articles=1,2,3 (or repeated), else ?a=&b=."""
    by_id = {a.pk: a for a in articles}
    raw = [part for value in request.GET.getlist("articles") for part in value.split(",")]
    if not raw and (request.GET.get("a") or request.GET.get("b")):
        raw = [request.GET.get("a", ""), request.GET.get("b", "")]
    if not raw:
        return selectors.latest_versions(articles)
    ids: list[int] = []
    for part in raw:
        n = _int(part.strip())
        if n in by_id and n not in ids:
            ids.append(n)
    return [by_id[i] for i in ids]


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
