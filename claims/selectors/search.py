"""Reads for search: sentences by meaning (HNSW cosine), by words (full text), or both fused.

Every mode returns sentence ids first (one query), then the shown page is read
in a fixed number of queries, whatever the page size: the rows with their
article, outlet and story, the claim each sentence belongs to and the articles
to open on the compare page.

Only ready articles' sentences are searched. Sentences of an article that a
later version revises are kept and labelled "earlier version": a fact-checker
looking for who first wrote a sentence wants the version it appeared in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from claims import engines
from claims.models import Article, Claim, Sentence
from claims.vectors import by_cosine

MODES = ("semantic", "keyword", "combined")
PAGE_SIZE = 20
# Deeper pages cost more (HNSW must return offset + page rows) and are never
# read: past this many results, filters are the better tool.
MAX_RESULTS = 200
# HNSW candidate list size for a page of results; bench/bench_search.py tuned
# it on 1M clustered vectors (docs/performance.md). The candidate list must
# hold every row asked for, so deeper pages raise it to offset + page size.
EF_SEARCH = settings.SEARCH_EF_SEARCH
# A word found in hundreds of thousands of sentences would make ranking every
# match the whole cost of a query, although ts_rank scores such matches almost
# alike: only the newest matches (highest ids, ingest order) are ranked. Each
# match is read from the heap, so the cost follows this figure (docs/performance.md).
KEYWORD_CANDIDATES = settings.SEARCH_KEYWORD_CANDIDATES
# Reciprocal rank fusion: score = sum over modes of 1 / (RRF_K + rank), over
# the first FUSION_DEPTH results of each mode (Cormack et al. 2009 use k = 60).
RRF_K = 60
FUSION_DEPTH = 100
SIMILAR_LIMIT = 10
# Below this cosine a neighbour is only on the same topic, not the same report.
SIMILAR_MIN = 0.5
# ts_headline wraps matches in these; private-use characters never occur in
# news text, so the web layer can escape the sentence and then turn them into <mark>.
MARK_START = "\ue000"
MARK_STOP = "\ue001"


@dataclass(frozen=True)
class SearchFilters:
    outlet_id: int | None = None
    story_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.outlet_id, self.story_id, self.date_from, self.date_to))


@dataclass
class SearchHit:
    sentence_id: int
    text: str
    index: int  # the sentence's position in its article: the article page's #s<index> anchor
    article_id: int
    article_title: str
    published: date | None
    outlet: str
    story_id: int | None
    story_title: str
    earlier_version: bool
    score: float  # cosine similarity, ts_rank or fused RRF score, by mode
    headline: str = ""  # the text with MARK_START/MARK_STOP around matched words; "" without a keyword query
    claim_id: int | None = None
    # The articles to open on the compare page, this sentence's first; empty
    # when there is nothing to compare it with (link to the article instead).
    compare_ids: list[int] = field(default_factory=list)


@dataclass
class SearchPage:
    hits: list[SearchHit]
    number: int
    has_next: bool
    truncated: bool = False  # more results exist past MAX_RESULTS
    notice: str = ""  # why a query can match nothing, e.g. only stop words


def query_vector(*, text: str) -> list[float]:
    """The query embedded by the same model as the sentences."""
    return [float(x) for x in engines.encoder().encode([text])[0]]


def _article_lookups(filters: SearchFilters) -> dict[str, Any]:
    """The conditions on a searchable sentence's article: ready, and the filters."""
    lookups: dict[str, Any] = {"status": Article.Status.READY}
    if filters.outlet_id is not None:
        lookups["outlet_id"] = filters.outlet_id
    if filters.story_id is not None:
        lookups["story_id"] = filters.story_id
    if filters.date_from is not None:
        lookups["published__gte"] = filters.date_from
    if filters.date_to is not None:
        lookups["published__lte"] = filters.date_to
    return lookups


def _searchable(filters: SearchFilters) -> QuerySet[Sentence]:
    """Sentences of ready articles that pass the filters, joined to their article.

    The join keeps the HNSW index scan the outer loop of semantic search.
    """
    return Sentence.objects.filter(**{f"article__{k}": v for k, v in _article_lookups(filters).items()})


def _searchable_by_words(filters: SearchFilters) -> QuerySet[Sentence]:
    """The same sentences with the article conditions as one IN (subquery).

    A common word matches thousands of sentences of far fewer articles:
    PostgreSQL then checks each article once (memoized or hashed) instead of
    joining every match (docs/performance.md).
    """
    articles = Article.objects.filter(**_article_lookups(filters))
    return Sentence.objects.filter(article_id__in=articles.values("pk"))


def nearest_queryset(*, vector: Sequence[float], filters: SearchFilters) -> QuerySet[Any]:
    """Searchable sentences nearest `vector` first, annotated with cosine `distance`."""
    return by_cosine(_searchable(filters), "embedding", vector)


def _set_local(name: str, value: str) -> None:
    # set_config(..., true) is SET LOCAL that takes bound parameters.
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [name, value])


def _nearest(queryset: QuerySet[Any], limit: int) -> list[tuple[int, float]]:
    """(id, distance) of the `limit` nearest rows of a by_cosine queryset, through the HNSW index."""
    with transaction.atomic():
        _set_local("hnsw.ef_search", str(max(EF_SEARCH, limit)))
        # The ready-article condition (and any filter) drops rows after the index
        # returns them; without iterative scans a filtered query comes back short.
        # relaxed_order may return rows slightly out of order: re-sorted below.
        _set_local("hnsw.iterative_scan", "relaxed_order")
        rows = list(queryset.values_list("pk", "distance")[:limit])
    return sorted(rows, key=lambda r: (r[1], r[0]))


def sentences_nearest(
    *, vector: Sequence[float], filters: SearchFilters, limit: int
) -> list[tuple[int, float]]:
    """(sentence id, cosine distance) nearest first."""
    return _nearest(nearest_queryset(vector=vector, filters=filters), limit)


def keyword_query(text: str) -> SearchQuery:
    """Web-search syntax: "quoted phrases", -excluded words, `or`."""
    return SearchQuery(text, search_type="websearch", config="english")


def keyword_notice(*, text: str) -> str:
    """Why `text` can match nothing at all (every word a stop word), else ""."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(websearch_to_tsquery('english', %s))", [text])
        (nodes,) = cursor.fetchone()
    if nodes:
        return ""
    return "Every word of that query is too common to search for; add a more specific word."


def sentences_matching(*, text: str, filters: SearchFilters, limit: int) -> list[tuple[int, float]]:
    """(sentence id, ts_rank) best first, among the newest KEYWORD_CANDIDATES matches."""
    query = keyword_query(text)
    # One pass over the matches, newest first, ranking only the rows it keeps;
    # the few thousand (id, rank) pairs are ordered here rather than read twice.
    candidates = (
        _searchable_by_words(filters)
        .filter(search=query)
        .annotate(rank=SearchRank(F("search"), query))
        .order_by("-pk")
        .values_list("pk", "rank")[:KEYWORD_CANDIDATES]
    )
    return sorted(candidates, key=lambda r: (-r[1], -r[0]))[:limit]


def fused(rankings: Sequence[Sequence[int]]) -> list[tuple[int, float]]:
    """Reciprocal rank fusion of id rankings (best first): (id, score), best first."""
    scores: dict[int, float] = {}
    best: dict[int, int] = {}
    for ranking in rankings:
        for rank, pk in enumerate(ranking, start=1):
            scores[pk] = scores.get(pk, 0.0) + 1.0 / (RRF_K + rank)
            best[pk] = min(best.get(pk, rank), rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], best[kv[0]], kv[0]))


def sentence_search(
    *,
    text: str,
    mode: str,
    filters: SearchFilters,
    page: int = 1,
    vector: Sequence[float] | None = None,
) -> SearchPage:
    """One page of results for `text` in `mode` (one of MODES); `vector` skips encoding the query."""
    if mode not in MODES:
        raise ValueError(f"unknown search mode {mode!r}")
    offset = (page - 1) * PAGE_SIZE
    want = min(offset + PAGE_SIZE + 1, MAX_RESULTS + 1)
    notice = keyword_notice(text=text) if mode != "semantic" else ""
    ranked: list[tuple[int, float]]
    if mode == "keyword":
        ranked = [] if notice else sentences_matching(text=text, filters=filters, limit=want)
    else:
        query_vec = vector if vector is not None else query_vector(text=text)
        if mode == "semantic":
            ranked = [
                (pk, 1.0 - d) for pk, d in sentences_nearest(vector=query_vec, filters=filters, limit=want)
            ]
        else:
            depth = max(FUSION_DEPTH, want)
            by_meaning = [pk for pk, _ in sentences_nearest(vector=query_vec, filters=filters, limit=depth)]
            by_words = [] if notice else sentences_matching(text=text, filters=filters, limit=depth)
            ranked = fused([by_meaning, [pk for pk, _ in by_words]])
            notice = ""  # the meaning half still answers
    shown = ranked[offset : min(offset + PAGE_SIZE, MAX_RESULTS)]
    hits = search_hits(scored=shown, text=text if mode != "semantic" else "")
    return SearchPage(
        hits=hits,
        number=page,
        has_next=len(ranked) > offset + PAGE_SIZE and offset + PAGE_SIZE < MAX_RESULTS,
        truncated=len(ranked) > MAX_RESULTS,
        notice=notice,
    )


def search_hits(*, scored: Sequence[tuple[int, float]], text: str = "") -> list[SearchHit]:
    """The shown rows for (sentence id, score) pairs, in that order; `text` highlights its words."""
    if not scored:
        return []
    ids = [pk for pk, _ in scored]
    rows = (
        Sentence.objects.filter(pk__in=ids)
        .select_related("article__outlet", "article__story")
        .only(
            "pk",
            "text",
            "index",
            "article__title",
            "article__published",
            "article__story__title",
            "article__outlet__name",
        )
        .annotate(
            superseded=Exists(
                Article.objects.filter(version_of_id=OuterRef("article_id"), status=Article.Status.READY)
            )
        )
    )
    if text:
        rows = rows.annotate(
            headline=SearchHeadline(
                "text",
                keyword_query(text),
                config="english",
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                highlight_all=True,
            )
        )
    by_id = {row.pk: row for row in rows}
    hits = []
    for pk, score in scored:
        row = by_id.get(pk)
        if row is None:  # deleted between the two queries
            continue
        article = row.article
        hits.append(
            SearchHit(
                sentence_id=pk,
                text=row.text,
                index=row.index,
                article_id=article.pk,
                article_title=article.title,
                published=article.published,
                outlet=article.outlet.name if article.outlet else "Unknown outlet",
                story_id=article.story_id,
                story_title=article.story.title if article.story else "",
                earlier_version=bool(row.superseded),
                score=float(score),
                headline=getattr(row, "headline", "") or "",
            )
        )
    _link_claims(hits)
    return hits


def _link_claims(hits: list[SearchHit]) -> None:
    """Set each hit's claim and the articles its compare link opens: three queries for the page."""
    through = Claim.sentences.through
    story_of = {h.sentence_id: h.story_id for h in hits}
    claim_of: dict[int, int] = {}
    for sentence_id, claim_id, claim_story in through.objects.filter(
        sentence_id__in=list(story_of)
    ).values_list("sentence_id", "claim_id", "claim__story_id"):
        # A claim left over from before the article moved to another story is no anchor there.
        if claim_story == story_of[sentence_id]:
            claim_of[sentence_id] = min(claim_id, claim_of.get(sentence_id, claim_id))
    members: dict[int, set[int]] = {}
    for claim_id, article_id in through.objects.filter(
        claim_id__in=set(claim_of.values()), sentence__article__status=Article.Status.READY
    ).values_list("claim_id", "sentence__article_id"):
        members.setdefault(claim_id, set()).add(article_id)
    latest: dict[int, list[int]] = {}
    stories = {h.story_id for h in hits if h.story_id is not None}
    story_rows = list(
        Article.objects.filter(story_id__in=stories, status=Article.Status.READY)
        .order_by("published", "id")
        .values_list("pk", "story_id", "version_of_id")
    )
    revised = {v for _, _, v in story_rows if v}
    for pk, story_id, _ in story_rows:
        if pk not in revised:
            latest.setdefault(story_id, []).append(pk)
    for hit in hits:
        hit.claim_id = claim_of.get(hit.sentence_id)
        if hit.claim_id is None or hit.story_id is None:
            continue
        others = sorted(members.get(hit.claim_id, set()) - {hit.article_id})
        if not others:
            # A claim only this article reports: show it beside the story's other voices.
            others = [pk for pk in latest.get(hit.story_id, []) if pk != hit.article_id]
        hit.compare_ids = [hit.article_id, *others] if others else []


def sentence_similar(*, sentence: Sentence, limit: int = SIMILAR_LIMIT) -> list[SearchHit]:
    """Who else reported this: the nearest sentences of other articles, most similar first.

    The same article is left out, and so is the rest of its outlet's story
    (its other versions say the same thing in the same words); the same outlet
    in another story, or another outlet in this story, counts.
    """
    if sentence.embedding is None:
        return []
    article = sentence.article
    others = _searchable(SearchFilters()).exclude(article_id=article.pk)
    if article.outlet_id is not None and article.story_id is not None:
        others = others.exclude(
            Q(article__outlet_id=article.outlet_id) & Q(article__story_id=article.story_id)
        )
    nearest = _nearest(by_cosine(others, "embedding", sentence.embedding), limit)
    scored = [(pk, 1.0 - d) for pk, d in nearest if 1.0 - d >= SIMILAR_MIN]
    return search_hits(scored=scored)


def sentence_for_similar(*, sentence_id: int) -> Sentence | None:
    """The sentence a "who else reported this" page is about, with what the page shows of it."""
    return (
        Sentence.objects.filter(pk=sentence_id)
        .select_related("article__outlet", "article__story")
        .defer("article__raw", "article__raw_text", "article__body", "article__removed")
        .first()
    )
