"""The user-independent parts of the story overview and compare pages, rendered and cached.

Each function reads what the fragment's cache key needs (already-loaded
articles, the story's alignment time, one flags query), and only on a miss
runs the selectors and renders. See claims/web/render/cache.py for what may and may
not go into a fragment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from claims.models import Article, Story
from claims.selectors import compare as compare_selectors
from claims.selectors import stories as story_selectors
from claims.selectors.compare import GridRow
from claims.web.render import cache as page_cache
from claims.web.render.compare_rows import compare_rows_html
from claims.web.render.overview_rows import matrix_rows_html, only_in_items_html

FILTERS = ("all", "discrepancies", "unique")


@dataclass
class Fragment:
    html: str  # may still carry page_cache sentinels: pass it through page_cache.personalise
    # What it was rendered from (grid rows, the overview), on a cache miss only; None on a hit.
    data: Any = None


def _articles_signature(articles: list[Article]) -> tuple[tuple[object, ...], ...]:
    # Everything the fragments show of an article, from rows the view loaded anyway:
    # an admin renaming an outlet or a title, or a new version, makes a new key.
    return tuple(
        (
            a.pk,
            a.title,
            a.outlet.name if a.outlet else None,
            a.published,
            a.version_of_id,
            getattr(a, "sentence_count", None),
        )
        for a in articles
    )


def story_overview(*, story: Story, articles: list[Article]) -> Fragment:
    """Summary, coverage matrix, lone claims, outlet pairs and the articles timeline."""
    key = page_cache.fragment_key("overview", story.pk, story.aligned_at, _articles_signature(articles))

    def render() -> tuple[str, story_selectors.Overview]:
        overview = story_selectors.story_overview(story=story, articles=articles)
        compare_all = ",".join(str(v.pk) for v in overview.voices)
        context = {
            "story": story,
            "articles": articles,
            "voices": overview.voices,
            "overview": overview,
            "counts": story_selectors.story_counts(story=story),
            "compare_all": compare_all,
            "matrix_rows": matrix_rows_html(overview, story_id=story.pk, compare_all=compare_all),
            "only_in_items": only_in_items_html(overview, story_id=story.pk, compare_all=compare_all),
        }
        return render_to_string("claims/_story_overview.html", context), overview

    html, overview = page_cache.fetch(key, render)
    return Fragment(html, overview)


def _shown(rows: list[GridRow], current: str) -> list[GridRow]:
    if current == "all":
        return rows
    kind = "discrepancy" if current == "discrepancies" else "unique"
    return [r for r in rows if r.kind == kind]


def compare_grid(*, story: Story, chosen: list[Article], current: str, can_flag: bool) -> Fragment:
    """Counts, filter links and the N-column table; `current` is one of FILTERS.

    Fact-checkers' grids differ (flag forms), so the role is part of the key.
    """
    # Read the versions before the data they version: a re-alignment landing
    # in between leaves fresh rows under a key no later request asks for.
    flags = compare_selectors.flag_stamp(story=story)
    key = page_cache.fragment_key(
        "compare", story.pk, story.aligned_at, _articles_signature(chosen), current, can_flag, flags
    )

    def render() -> tuple[str, list[GridRow]]:
        rows = compare_selectors.compare_grid(story=story, articles=chosen)
        shown = _shown(rows, current)
        rows_html = compare_rows_html(
            shown,
            width=len(chosen),
            can_flag=can_flag,
            flag_states=compare_selectors.alignment_flag_states(story=story),
        )
        context = {
            "chosen": chosen,
            "chosen_ids": ",".join(str(a.pk) for a in chosen),
            "filter": current,
            "filters": FILTERS,
            "aligned": sum(1 for r in rows if r.kind != "unique"),
            "discrepancies": sum(1 for r in rows if r.kind == "discrepancy"),
            "unique": sum(1 for r in rows if r.kind == "unique"),
            "rows_html": rows_html,
        }
        return render_to_string("claims/_compare_grid.html", context), shown

    html, shown = page_cache.fetch(key, render)
    return Fragment(html, shown)
