"""The admins' upload page: files, zip archives, pasted text and URLs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from claims import roles
from claims.models import Story
from claims.services.uploads import upload_ingest
from claims.web.forms import UploadForm


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
            uploaded_by=request.user,
        )
        if results and all(r.status == "failed" for r in results):
            messages.error(request, "Nothing was ingested; see the reasons below.")
        elif results:
            messages.success(
                request, f"{sum(r.status != 'failed' for r in results)} of {len(results)} ingested."
            )
    status = 200 if request.method == "GET" or form.is_valid() else 400
    # The stories this upload touched, as they stand now: their alignment may still be running.
    story_ids = {r.article.story_id for r in results if r.article and r.article.story_id}
    stories = Story.objects.filter(pk__in=story_ids).order_by("pk")
    context = {"form": form, "results": results, "stories": stories}
    return render(request, "claims/upload.html", context, status=status)
