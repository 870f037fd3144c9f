"""Thin views: parse the request, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from claims import selectors
from claims.models import Article, Outlet, Story


@require_GET
@login_required
def story_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    outlet = request.GET.get("outlet", "").strip()
    stories = selectors.story_list(query=query, outlet=outlet)
    page = Paginator(stories, 20).get_page(request.GET.get("page"))
    context = {"page": page, "q": query, "outlet": outlet, "outlets": Outlet.objects.all()}
    return render(request, "claims/story_list.html", context)


@require_GET
@login_required
def story_detail(request: HttpRequest, story_id: int) -> HttpResponse:
    story = get_object_or_404(Story, pk=story_id)
    articles = selectors.story_articles(story=story)
    voices = [a for a in articles if not any(v.version_of_id == a.pk for v in articles)]
    context = {
        "story": story,
        "articles": articles,
        "voices": voices,
        "counts": selectors.story_counts(story=story),
    }
    return render(request, "claims/story_detail.html", context)


@require_GET
@login_required
def compare(request: HttpRequest, story_id: int) -> HttpResponse:
    story = get_object_or_404(Story, pk=story_id)
    articles = selectors.story_articles(story=story)
    by_id = {a.pk: a for a in articles}
    voices = [a for a in articles if not any(v.version_of_id == a.pk for v in articles)]
    a_id = _int(request.GET.get("a"))
    b_id = _int(request.GET.get("b"))
    article_a = by_id.get(a_id) if a_id else (voices[0] if voices else None)
    article_b = by_id.get(b_id) if b_id else next((v for v in voices if v != article_a), None)
    if article_a is None or article_b is None or article_a == article_b:
        messages.info(request, "Choose two different articles of this story to compare.")
        return redirect("claims:story_detail", story_id=story.pk)
    rows = selectors.compare_rows(article_a=article_a, article_b=article_b)
    context = {
        "story": story,
        "articles": articles,
        "a": article_a,
        "b": article_b,
        "rows": rows,
        "aligned": sum(1 for r in rows if r.alignment),
        "discrepancies": sum(1 for r in rows if r.kind == "discrepancy"),
    }
    return render(request, "claims/compare.html", context)


@require_GET
@login_required
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.select_related("outlet", "story", "version_of"), pk=article_id
    )
    sentences = article.sentences.defer("embedding").order_by("index")
    return render(request, "claims/article_detail.html", {"article": article, "sentences": sentences})


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None
