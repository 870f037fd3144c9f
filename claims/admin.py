from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from claims.models import Alignment, Article, Claim, Flag, Outlet, Sentence, Story, StoryRedirect
from claims.services.alignment import stories_align
from claims.services.article_edits import article_retry


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")


@admin.register(StoryRedirect)
class StoryRedirectAdmin(admin.ModelAdmin):
    """Where merged-away stories went; written by merges and moves, so read-only here."""

    list_display = ("old_id", "title", "slug", "story", "created")
    search_fields = ("title", "slug")
    readonly_fields = ("old_id", "title", "slug", "story", "created")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    # Failed alignments are found with the filter, the reason beside them.
    list_display = ("title", "created", "aligned_at", "align_state", "align_error")
    list_filter = ("align_state",)
    search_fields = ("title",)
    readonly_fields = ("aligned_at", "align_state", "align_progress", "align_error", "align_requested")
    actions = ["realign"]

    @admin.action(description="Re-align the selected stories")
    def realign(self, request: HttpRequest, queryset: QuerySet[Story]) -> None:
        stories_align(story_ids=set(queryset.values_list("pk", flat=True)), full=True)
        messages.success(request, f"Alignment started for {queryset.count()} stories.")


class SentenceInline(admin.TabularInline):
    model = Sentence
    fields = ("index", "paragraph", "text")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "outlet", "published", "story", "status", "error", "version_of")
    list_filter = ("status", "outlet")
    search_fields = ("title", "source_name", "body")
    readonly_fields = ("raw_text", "content_hash", "removed", "error", "created", "uploaded_by")
    exclude = ("raw",)
    inlines = [SentenceInline]
    actions = ["retry_failed"]

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> HttpResponse:
        # An article is never typed in field by field: adding one means an
        # upload, which must run the whole pipeline in one transaction.
        return redirect("claims:upload")

    @admin.action(description="Retry the selected failed uploads")
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        results = [article_retry(article=a) for a in queryset.filter(status=Article.Status.FAILED)]
        ok = sum(r.status != "failed" for r in results)
        messages.info(request, f"{ok} of {len(results)} failed uploads ingested on retry.")


@admin.register(Alignment)
class AlignmentAdmin(admin.ModelAdmin):
    list_display = ("id", "story", "score", "verdict", "confidence")
    list_filter = ("verdict",)
    raw_id_fields = ("sentence_a", "sentence_b", "claim", "story")


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ("id", "story", "index", "outlet_count", "has_discrepancy")
    raw_id_fields = ("story", "sentences")


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ("id", "alignment", "state", "created_by", "created")
    list_filter = ("state",)
    raw_id_fields = ("alignment",)
