"""The admins' upload page: files, zip archives, pasted text and URLs."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from claims import roles
from claims.models import Article, Story
from claims.services.articles import IngestResult
from claims.services.uploads import upload_ingest, upload_result
from claims.web.forms import UploadForm
from claims.web.params import int_param


@require_http_methods(["GET", "POST"])
@login_required
@user_passes_test(roles.is_admin)
def upload(request: HttpRequest) -> HttpResponse:
    # Bind on POST even when the body is empty, so an empty submission shows its error.
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    results = []
    if request.method == "POST" and form.is_valid():
        results = upload_ingest(
            files=form.cleaned_data["uploads"],
            text=form.cleaned_data["text"],
            url=form.cleaned_data["url"],
            outlet=form.cleaned_data["outlet"],
            title=form.cleaned_data["title"],
            published=form.cleaned_data["published"],
            story=form.cleaned_data["story"],
            uploaded_by=request.user,
        )
        queued = sum(r.status == "queued" for r in results)
        if results and all(r.status == "failed" for r in results):
            messages.error(request, "Nothing was ingested; see the reasons below.")
        elif queued:
            messages.success(
                request, f"{queued} of {len(results)} stored; they are being processed, as shown below."
            )
        elif results:
            messages.success(
                request, f"{sum(r.status != 'failed' for r in results)} of {len(results)} ingested."
            )
    status = 200 if request.method == "GET" or form.is_valid() else 400
    context = {"form": form, **_results_context(results)}
    return render(request, "claims/upload.html", context, status=status)


@require_GET
@login_required
@user_passes_test(roles.is_admin)
def upload_status(request: HttpRequest) -> HttpResponse:
    """The results table of an upload, as its articles stand now (polled by htmx)."""
    ids = [n for part in request.GET.get("ids", "").split(",") if (n := int_param(part)) is not None]
    articles = Article.objects.filter(pk__in=ids[:500]).select_related("outlet", "story").order_by("pk")
    results = [upload_result(a) for a in articles]
    template = "claims/upload.html#results" if getattr(request, "htmx", False) else "claims/upload.html"
    return render(request, template, {"form": UploadForm(), **_results_context(results)})


def _results_context(results: list[IngestResult]) -> dict[str, Any]:
    # The stories these uploads joined, as they stand now: alignment may still run.
    story_ids = {r.article.story_id for r in results if r.article and r.article.story_id}
    rows = [r.article.pk for r in results if r.article is not None]
    return {
        "results": results,
        "stories": Story.objects.filter(pk__in=story_ids).order_by("pk"),
        "story_choices": Story.objects.only("slug", "title")[:100],
        "busy": any(r.status == "queued" for r in results),
        "result_ids": ",".join(str(pk) for pk in rows),
    }
