"""Admin-only writes from the browser: uploads, restoring removed text, retries."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from claims import roles, services
from claims.forms import UploadForm
from claims.models import Article


@require_http_methods(["GET", "POST"])
@login_required
@user_passes_test(roles.is_admin)
def upload(request: HttpRequest) -> HttpResponse:
    # Bind on POST even when the body is empty, so an empty submission shows its error.
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    results = []
    if request.method == "POST" and form.is_valid():
        results = services.upload_ingest(
            files=form.cleaned_data["uploads"],
            text=form.cleaned_data["text"],
            url=form.cleaned_data["url"],
            outlet=form.cleaned_data["outlet"],
            title=form.cleaned_data["title"],
            published=form.cleaned_data["published"],
            uploaded_by=request.user,
        )
        if results and all(r.status == "failed" for r in results):
            messages.error(request, "Nothing was ingested; see the reasons below.")
        elif results:
            messages.success(
                request, f"{sum(r.status != 'failed' for r in results)} of {len(results)} ingested."
            )
    status = 200 if request.method == "GET" or form.is_valid() else 400
    return render(request, "claims/upload.html", {"form": form, "results": results}, status=status)


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
    result = services.article_restore_block(article=article, position=position)
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
    result = services.article_retry(article=article)
    if result.status == "failed":
        messages.error(request, f"Still failing: {result.error}")
        return redirect("claims:article_detail", article_id=article.pk)
    messages.success(request, f"Ingested ({result.status}).")
    target = result.article or result.duplicate_of
    return redirect("claims:article_detail", article_id=target.pk if target else article.pk)
