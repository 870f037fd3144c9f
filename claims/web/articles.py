"""Article pages: the cleaned text and its upload, version diffs, and the
admin writes on one article (restoring removed text, retrying a failed upload).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from claims import roles
from claims.models import Article
from claims.selectors import articles as article_selectors
from claims.services.article_edits import article_restore_block
from claims.services.article_edits import article_retry as article_retry_service


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
    context = {"old": old, "new": new, "diff": article_selectors.version_diff(old=old, new=new)}
    return render(request, "claims/version_diff.html", context)


@require_POST
@login_required
@user_passes_test(roles.can_edit_articles)
def article_restore(request: HttpRequest, article_id: int) -> HttpResponse:
    """Put a block that cleaning removed back into the article, then re-run its pipeline."""
    article = get_object_or_404(Article, pk=article_id, status=Article.Status.READY)
    try:
        position = int(request.POST.get("position", ""))
    except ValueError:
        position = -1
    result = article_restore_block(article=article, position=position)
    if result.error:
        messages.error(request, result.error)
    else:
        messages.success(request, "The paragraph is back in the article and its comparisons were recomputed.")
    return redirect("claims:article_detail", article_id=article.pk)


@require_POST
@login_required
@user_passes_test(roles.is_admin)
def article_retry(request: HttpRequest, article_id: int) -> HttpResponse:
    """Run a failed upload through the pipeline again (after a fix or a new setting)."""
    article = get_object_or_404(Article, pk=article_id, status=Article.Status.FAILED)
    result = article_retry_service(article=article)
    if result.status == "failed":
        messages.error(request, f"Still failing: {result.error}")
        return redirect("claims:article_detail", article_id=article.pk)
    messages.success(request, f"Ingested ({result.status}).")
    target = result.article or result.duplicate_of
    return redirect("claims:article_detail", article_id=target.pk if target else article.pk)
