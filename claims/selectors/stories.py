"""Reads of stories: the story list, a story's articles and counts, its overview.

Each selector runs a bounded number of queries whatever the story's size;
views never touch related managers in loops.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from claims.models import Alignment, Article, Claim, Flag, Sentence, Story


def _count(qs: QuerySet[Any]) -> Any:
    # One correlated subquery per count: joining several to-many relations in a
    # single GROUP BY would multiply the rows and inflate every count.
    counted = qs.order_by().values("story_id").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def story_list(
    *,
    query: str = "",
    outlet: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Story]:
    """Stories newest first (latest published date, then creation), every count annotated in one query.

    Dates come from the span each story stores (services/clustering.py keeps
    it), so the order and the date filters are plain indexed columns; a story
    matches a date range when its span overlaps it.
    """
    ready = Article.objects.filter(story_id=OuterRef("pk"), status=Article.Status.READY)
    stories = Story.objects.annotate(
        article_count=_count(ready),
        claim_count=_count(Claim.objects.filter(story_id=OuterRef("pk"))),
        agree_count=_count(
            Alignment.objects.filter(story_id=OuterRef("pk"), verdict=Alignment.Verdict.AGREE)
        ),
        discrepancy_count=_count(
            Alignment.objects.filter(story_id=OuterRef("pk"), verdict=Alignment.Verdict.DISCREPANCY)
        ),
        # Counted by sentence, not alignment: a flag whose pair a move took apart still waits for review.
        open_flag_count=Coalesce(
            Subquery(
                Flag.objects.filter(sentence_a__article__story_id=OuterRef("pk"), state=Flag.State.OPEN)
                .order_by()
                .values("sentence_a__article__story_id")
                .annotate(n=Count("id"))
                .values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
    )
    if query:
        stories = stories.filter(
            Q(title__icontains=query)
            | Q(pk__in=Article.objects.filter(title__icontains=query).values("story_id"))
        )
    if outlet:
        stories = stories.filter(pk__in=Article.objects.filter(outlet__slug=outlet).values("story_id"))
    if date_from:
        stories = stories.filter(published_to__gte=date_from)
    if date_to:
        stories = stories.filter(published_from__lte=date_to)
    return stories.order_by(*NEWEST_FIRST)


# Latest published date first; undated stories (nothing ready yet) after the dated ones.
NEWEST_FIRST = (F("published_to").desc(nulls_last=True), "-created", "-id")


def story_choices(*, query: str = "", exclude: int | None = None, limit: int = 50) -> list[Story]:
    """Stories to pick from (merge into, move an article to), newest first, by title or headline."""
    stories = Story.objects.only("pk", "title", "published_from", "published_to", "created")
    if exclude is not None:
        stories = stories.exclude(pk=exclude)
    if query:
        stories = stories.filter(
            Q(title__icontains=query)
            | Q(pk__in=Article.objects.filter(title__icontains=query).values("story_id"))
        )
    return list(stories.order_by(*NEWEST_FIRST)[:limit])


def story_outlets(*, story_ids: list[int]) -> dict[int, list[str]]:
    """Outlet names per story, for one page of the list, in a single query."""
    rows = (
        Article.objects.filter(story_id__in=story_ids, status=Article.Status.READY, outlet__isnull=False)
        .values_list("story_id", "outlet__name")
        .distinct()
        .order_by("story_id", "outlet__name")
    )
    out: dict[int, list[str]] = {}
    for story_id, name in rows:
        out.setdefault(story_id, []).append(name)
    return out


def story_articles(*, story: Story) -> list[Article]:
    """A story's ready articles with outlet and sentence count, for the overview and compare pages.

    Both run it on every request, cached fragment or not, so it leaves out the
    upload, text and body columns they never show, and counts sentences in a
    subquery rather than grouping by every article column.
    """
    sentences = (
        Sentence.objects.filter(article_id=OuterRef("pk"))
        .order_by()
        .values("article_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return list(
        Article.objects.filter(story=story, status=Article.Status.READY)
        .select_related("outlet")
        .defer("raw", "raw_text", "body", "removed", "restored", "error")
        .annotate(sentence_count=Coalesce(Subquery(sentences, output_field=IntegerField()), 0))
        .order_by("published", "id")
    )


def story_counts(*, story: Story) -> dict[str, int]:
    counts = Alignment.objects.filter(story=story).aggregate(
        alignments=Count("id"),
        discrepancies=Count("id", filter=Q(verdict=Alignment.Verdict.DISCREPANCY)),
    )
    counts["claims"] = Claim.objects.filter(story=story).count()
    return counts


def latest_versions(articles: list[Article]) -> list[Article]:
    """The articles no other article revises: one voice per outlet chain."""
    revised = {a.version_of_id for a in articles if a.version_of_id}
    return [a for a in articles if a.pk not in revised]


@dataclass
class Coverage:
    state: str  # agree | discrepancy | unique | missing
    types: list[str] = field(default_factory=list)


@dataclass
class Overview:
    voices: list[Article]
    matrix: list[tuple[Claim, list[Coverage]]]
    only_in: list[tuple[Claim, Article, str]]
    pairs: list[dict[str, Any]]


def story_overview(*, story: Story, articles: list[Article]) -> Overview:
    """Claims x outlets coverage, lone claims and per-pair counts in three queries."""
    voices = latest_versions(articles)
    column = {a.pk: i for i, a in enumerate(voices)}
    through = Claim.sentences.through
    members: dict[int, dict[int, int]] = {}  # claim -> {sentence: column}
    col_of: dict[int, int] = {}
    for claim_id, sid, aid in through.objects.filter(sentence__article__in=voices).values_list(
        "claim_id", "sentence_id", "sentence__article_id"
    ):
        members.setdefault(claim_id, {})[sid] = column[aid]
        col_of[sid] = column[aid]
    claims = list(Claim.objects.filter(pk__in=list(members)).order_by("index"))
    state: dict[tuple[int, int], set[str]] = {}  # (claim, column) -> discrepancy types
    disc_cols: set[tuple[int, int]] = set()
    pair_disc: dict[tuple[int, int], int] = {}
    against: dict[tuple[int, int], set[int]] = {}  # (claim, column) -> the columns it disagrees with
    for a_id, b_id, claim_id, verdict, found in Alignment.objects.filter(story=story).values_list(
        "sentence_a_id", "sentence_b_id", "claim_id", "verdict", "discrepancies"
    ):
        if a_id not in col_of or b_id not in col_of or col_of[a_id] == col_of[b_id]:
            continue
        ca, cb = sorted((col_of[a_id], col_of[b_id]))
        disagree = verdict == Alignment.Verdict.DISCREPANCY
        if disagree:
            pair_disc[(ca, cb)] = pair_disc.get((ca, cb), 0) + 1
        if claim_id is None or not disagree:
            continue
        for col, other in ((ca, cb), (cb, ca)):
            against.setdefault((claim_id, col), set()).add(other)
            state.setdefault((claim_id, col), set()).update(d.get("type", "") for d in found)
    # The badge goes to the odd one out: the outlets of a claim that disagree
    # with the most others. Of two outlets that differ, both; when one outlet
    # differs from two that agree, that one alone.
    most: dict[int, int] = {}
    for (claim_id, _), others in against.items():
        most[claim_id] = max(most.get(claim_id, 0), len(others))
    disc_cols.update(key for key, others in against.items() if len(others) == most[key[0]])
    matrix: list[tuple[Claim, list[Coverage]]] = []
    only_in: list[tuple[Claim, Article, str]] = []
    pair_shared: dict[tuple[int, int], int] = {}
    texts = dict(Sentence.objects.filter(pk__in=[min(m) for m in members.values()]).values_list("pk", "text"))
    for claim in claims:
        cols = set(members[claim.pk].values())
        if len(cols) == 1:
            col = next(iter(cols))
            only_in.append((claim, voices[col], texts.get(min(members[claim.pk]), "")))
        for x in cols:
            for y in cols:
                if x < y:
                    pair_shared[(x, y)] = pair_shared.get((x, y), 0) + 1
        row = []
        for col in range(len(voices)):
            if col not in cols:
                row.append(Coverage("missing"))
            elif (claim.pk, col) in disc_cols:
                row.append(Coverage("discrepancy", sorted(state[(claim.pk, col)])))
            else:
                row.append(Coverage("agree" if len(cols) > 1 else "unique"))
        matrix.append((claim, row))
    pairs = [
        {
            "a": voices[x],
            "b": voices[y],
            "shared": pair_shared.get((x, y), 0),
            "discrepancies": pair_disc.get((x, y), 0),
        }
        for x in range(len(voices))
        for y in range(x + 1, len(voices))
    ]
    return Overview(voices=voices, matrix=matrix, only_in=only_in, pairs=pairs)
