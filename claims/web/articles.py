"""Article pages: the cleaned text and its upload, version diffs, and the
writes on one article (restoring removed text, retrying a failed upload,
moving it to another story, setting its outlet).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from claims import roles
from claims.models import Article, Outlet
from claims.selectors import articles as article_selectors
from claims.selectors.stories import story_choices
from claims.services import article_meta
from claims.services.article_edits import article_restore_block
from claims.services.article_edits import article_retry as article_retry_service
from claims.web.forms import ArticleMoveForm, ArticleOutletForm
from claims.web.stories import editors_only, form_errors


@require_GET
@login_required
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.select_related("outlet", "story", "version_of"), pk=article_id
    )
    sentences = article.sentences.defer("embedding").order_by("index")
    versions = list(article.versions.only("pk", "title", "published", "created").order_by("created"))
    context = {"article": article, "sentences": sentences, "versions": versions}
    if roles.can_edit_articles(request.user):
        # ?q= narrows the stories to move to, for browsers without JavaScript (htmx does it as you type).
        query = request.GET.get("q", "").strip()
        context["move_q"] = query
        context["choices"] = story_choices(query=query, exclude=article.story_id)
        context["known_outlets"] = Outlet.objects.only("slug", "name")
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


@require_POST
@login_required
def article_move(request: HttpRequest, article_id: int) -> HttpResponse:
    """Move the article (and its versions) to another story, or to a new story of its own."""
    editors_only(request)
    article = get_object_or_404(Article.objects.select_related("story"), pk=article_id)
    form = ArticleMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("claims:article_detail", article_id=article.pk)
    try:
        done = article_meta.article_move(article=article, story=form.cleaned_data["story"], user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("claims:article_detail", article_id=article.pk)
    versions = len(done.articles) - 1
    text = f"Moved to “{done.story.title}”" + (
        f" with {versions} other version{'s' if versions != 1 else ''}." if versions else "."
    )
    if done.removed:
        text += f" “{done.removed[0]}” had no other article and was removed; its links lead there."
    messages.success(request, text + " The stories are being aligned again.")
    return redirect("claims:article_detail", article_id=article.pk)


@require_POST
@login_required
def article_set_outlet(request: HttpRequest, article_id: int) -> HttpResponse:
    """Credit the article (and its versions) to an outlet: detection found none, or the wrong one."""
    editors_only(request)
    article = get_object_or_404(Article, pk=article_id)
    form = ArticleOutletForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("claims:article_detail", article_id=article.pk)
    try:
        outlet = article_meta.article_set_outlet(
            article=article, outlet_slug_or_name=form.cleaned_data["outlet"], user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("claims:article_detail", article_id=article.pk)
    messages.success(request, f"Credited to {outlet.name}; the story's claims are being counted again.")
    return redirect("claims:article_detail", article_id=article.pk)
