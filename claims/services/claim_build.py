"""Writes that build a story's claims: new articles attached, or the whole story rebuilt.

A story keeps its claims. Aligning it attaches each voice that is not yet in
a claim, one article at a time in arrival (id) order, to the claims already
there (pipeline/align/attach.py), and leaves every other claim and alignment
as it is. A full rebuild runs the same attachment over all voices from
nothing, so it gives the claims that building the story up article by
article gives; it runs when asked for, or when a claim lost members that
are still voices (a move out of the story deleted their claims). A rebuilt
claim keeps the id of the old claim it shares most members with, so saved
links (`#claim-ID`) keep pointing at the same claim.

Within a claim every two sentences of different articles get an alignment
row: the pair the aligner scored is `direct`; the others are paired through
the claim, so the compare page diffs every outlet against every other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from claims import engines
from claims.models import Alignment, Article, Claim, Flag, Sentence, Story
from claims.pipeline.align.attach import attach, joined_claims
from claims.pipeline.align.embed import MemoEncode
from claims.pipeline.align.match import AlignConfig
from claims.pipeline.compare.pair import compare_pair
from claims.services.clause_embeddings import clause_embeddings_encode
from claims.services.pair_scores import pair_scores_keep, pair_scores_recall
from claims.vectors import VectorBytes, vector_floats


@dataclass
class AlignSummary:
    story_id: int
    articles: int
    alignments: int
    discrepancies: int
    claims: int
    attached: int = 0  # articles attached by this run
    full: bool = False


@dataclass
class _Build:
    """The story's claims in memory: which claim each attached sentence is in, and the scored links."""

    claim_of: dict[int, int] = field(default_factory=dict)  # sentence id -> claim key
    links: dict[tuple[int, int], float] = field(default_factory=dict)  # (new, member) sentence ids -> score
    joined_by: dict[int, float] = field(default_factory=dict)  # sentence id -> score of the link it joined by
    fresh: set[int] = field(default_factory=set)  # sentences attached by this run
    next_key: int = -1  # keys of claims not yet written are negative

    def new_claim(self) -> int:
        self.next_key -= 1
        return self.next_key


def story_voices(*, story: Story) -> list[Article]:
    """The articles that speak for their outlet: ready, and not superseded by a newer version."""
    return list(
        Article.objects.filter(story=story, status=Article.Status.READY, versions__isnull=True)
        .select_related("outlet")
        .order_by("published", "id")
    )


def story_align(
    *, story: Story, progress: Callable[[float], None] | None = None, full: bool = False
) -> AlignSummary:
    """Attach the story's new voices to its claims (all voices when `full`); a second run changes nothing.

    `progress` hears the share of articles attached after each one.
    """
    voices = story_voices(story=story)
    sentences: dict[int, list[Sentence]] = {a.pk: [] for a in voices}
    # The search vector is PostgreSQL's; alignment never reads it. The
    # embedding comes in binary form (vectors.VectorBytes), which numpy reads at once.
    for sentence in (
        Sentence.objects.filter(article__in=voices)
        .defer("search", "embedding")
        .annotate(embedding_bytes=VectorBytes("embedding"))
        .order_by("article_id", "index")
    ):
        data = sentence.embedding_bytes
        sentence.embedding = None if data is None else vector_floats(data)
        sentences[sentence.article_id].append(sentence)
    voice_ids = {s.pk for rows in sentences.values() for s in rows}
    through = Claim.sentences.through
    held = dict(through.objects.filter(claim__story=story).values_list("sentence_id", "claim_id"))
    attached = {a.pk for a in voices if all(s.pk in held for s in sentences[a.pk])}
    partial = any(s.pk in held for a in voices if a.pk not in attached for s in sentences[a.pk])
    full = full or partial
    build = _Build(claim_of={} if full else {sid: c for sid, c in held.items() if sid in voice_ids})
    in_order = sorted(voices, key=lambda a: a.pk)
    done = [] if full else [a for a in in_order if a.pk in attached]
    todo = [a for a in in_order if full or a.pk not in attached]
    pair_scores_recall(
        texts=[s.text for a in todo for s in sentences[a.pk]],
        among=[s.text for a in done for s in sentences[a.pk]],
    )
    config = engines.align_config()
    # Clauses are embedded once per run (the memo) and once ever (the store).
    encode = MemoEncode(lambda texts: clause_embeddings_encode(texts=texts))
    for n, article in enumerate(todo):
        _attach_one(article, done, sentences, build, config, encode)
        done.append(article)
        if progress is not None:
            progress((n + 1) / len(todo))
    pair_scores_keep()  # kept even if the write below fails: a score is a fact about two texts
    by_id = {s.pk: s for rows in sentences.values() for s in rows}
    published = {a.pk: a.published for a in voices}
    with transaction.atomic():
        if full:
            Alignment.objects.filter(story=story).delete()
            keys = _claims_rebuild(story=story, build=build)
        else:
            Alignment.objects.filter(story=story).exclude(
                sentence_a__in=voice_ids, sentence_b__in=voice_ids
            ).delete()
            keys = _claims_extend(story=story, build=build, voice_ids=voice_ids)
        rows = _alignment_rows(
            story=story, build=build, keys=keys, by_id=by_id, published=published, full=full
        )
        Alignment.objects.bulk_create(rows)
        _claims_recount(story=story, voices=voices)
        _flags_relink(ids=list(voice_ids))
        story.aligned_at = timezone.now()
        story.save(update_fields=["aligned_at"])
    counts = Alignment.objects.filter(story=story)
    return AlignSummary(
        story_id=story.pk,
        articles=len(voices),
        alignments=counts.count(),
        discrepancies=counts.filter(verdict=Alignment.Verdict.DISCREPANCY).count(),
        claims=Claim.objects.filter(story=story).count(),
        attached=len(todo),
        full=full,
    )


def _attach_one(
    article: Article,
    earlier: list[Article],
    sentences: dict[int, list[Sentence]],
    build: _Build,
    config: AlignConfig,
    encode: MemoEncode,
) -> None:
    mine = sentences[article.pk]
    members = [s for a in earlier for s in sentences[a.pk] if s.pk in build.claim_of]
    member_claims = [build.claim_of[s.pk] for s in members]
    links = []
    if mine and members:
        links = attach(
            [s.text for s in mine],
            embedding_matrix([s.embedding for s in mine]),
            [s.text for s in members],
            embedding_matrix([s.embedding for s in members]),
            member_claims,
            config=config,
            k=settings.ALIGN_CLAIM_CANDIDATES,
            encode=encode,
        )
    joined = joined_claims(links, member_claims)
    best: dict[int, float] = {}
    for link in links:
        build.links[(mine[link.new].pk, members[link.member].pk)] = link.score
        if member_claims[link.member] == joined[link.new]:
            best[link.new] = max(best.get(link.new, 0.0), link.score)
    for n, sentence in enumerate(mine):
        key = joined.get(n)
        build.claim_of[sentence.pk] = key if key is not None else build.new_claim()
        build.joined_by[sentence.pk] = best.get(n, 0.0)
        build.fresh.add(sentence.pk)


def _claims_extend(*, story: Story, build: _Build, voice_ids: set[int]) -> dict[int, int]:
    """Drop members that no longer speak, create the claims new sentences started; key -> claim id."""
    through = Claim.sentences.through
    through.objects.filter(claim__story=story).exclude(sentence_id__in=voice_ids).delete()
    Claim.objects.filter(story=story, sentences__isnull=True).delete()
    start = (Claim.objects.filter(story=story).aggregate(top=Max("index"))["top"] or -1) + 1
    keys = {key: key for key in build.claim_of.values() if key > 0}
    new_keys = _in_story_order(build, [k for k in set(build.claim_of.values()) if k < 0])
    created = Claim.objects.bulk_create(Claim(story=story, index=start + n) for n, _ in enumerate(new_keys))
    keys.update({key: claim.pk for key, claim in zip(new_keys, created, strict=True)})
    through.objects.bulk_create(
        through(claim_id=keys[build.claim_of[sid]], sentence_id=sid) for sid in sorted(build.fresh)
    )
    return keys


def _claims_rebuild(*, story: Story, build: _Build) -> dict[int, int]:
    """Write the rebuilt claims, each reusing the id of the old claim it shares most members with."""
    through = Claim.sentences.through
    old: dict[int, set[int]] = {}
    for claim_id, sid in through.objects.filter(claim__story=story).values_list("claim_id", "sentence_id"):
        old.setdefault(claim_id, set()).add(sid)
    groups: dict[int, set[int]] = {}
    for sid, key in build.claim_of.items():
        groups.setdefault(key, set()).add(sid)
    order = _in_story_order(build, list(groups))
    # Largest overlaps first; ties by claim order, so the result never depends on hashing.
    overlaps = sorted(
        (
            (len(members & old[cid]), n, cid)
            for n, key in enumerate(order)
            for cid in old
            if (members := groups[key]) & old[cid]
        ),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    reuse: dict[int, int] = {}
    taken: set[int] = set()
    for _, n, cid in overlaps:
        if order[n] not in reuse and cid not in taken:
            reuse[order[n]] = cid
            taken.add(cid)
    through.objects.filter(claim__story=story).delete()
    Claim.objects.filter(story=story).exclude(pk__in=taken).delete()
    kept = {c.pk: c for c in Claim.objects.filter(story=story)}
    # Two steps, so the new order never collides with the old under unique (story, index).
    top = max([c.index for c in kept.values()], default=0) + len(order) + 1
    for claim in kept.values():
        claim.index += top
    Claim.objects.bulk_update(list(kept.values()), ["index"])
    keys: dict[int, int] = {}
    fresh: list[tuple[int, Claim]] = []
    for n, key in enumerate(order):
        if key in reuse:
            claim = kept[reuse[key]]
            claim.index = n
            keys[key] = claim.pk
        else:
            fresh.append((key, Claim(story=story, index=n)))
    Claim.objects.bulk_update(list(kept.values()), ["index"])
    created = Claim.objects.bulk_create(c for _, c in fresh)
    keys.update({key: claim.pk for (key, _), claim in zip(fresh, created, strict=True)})
    through.objects.bulk_create(
        through(claim_id=keys[key], sentence_id=sid) for sid, key in sorted(build.claim_of.items())
    )
    return keys


def _in_story_order(build: _Build, keys: list[int]) -> list[int]:
    """Claims in the order their first sentence was attached (article id, then sentence position)."""
    first: dict[int, int] = {}
    for n, (_, key) in enumerate(build.claim_of.items()):
        first.setdefault(key, n)
    return sorted(keys, key=lambda k: first[k])


def _alignment_rows(
    *,
    story: Story,
    build: _Build,
    keys: dict[int, int],
    by_id: dict[int, Sentence],
    published: dict[int, date | None],
    full: bool,
) -> list[Alignment]:
    """Rows for every pair this run made: within each claim, and the scored links across claims."""
    groups: dict[int, list[int]] = {}
    for sid, key in build.claim_of.items():
        groups.setdefault(key, []).append(sid)
    pairs: dict[tuple[int, int], tuple[float, bool]] = {}
    for members in groups.values():
        for x in members:
            for y in members:
                a, b = by_id[x], by_id[y]
                if a.article_id >= b.article_id or not (full or x in build.fresh or y in build.fresh):
                    continue
                scored = build.links.get((x, y), build.links.get((y, x)))
                # The sentence attached later brought the pair into one claim: its link scores it.
                later = max((s for s in (x, y) if s in build.joined_by), key=lambda s: by_id[s].article_id)
                pairs[(x, y)] = (scored, True) if scored is not None else (build.joined_by[later], False)
    for (x, y), score in build.links.items():
        pairs.setdefault((x, y) if by_id[x].article_id < by_id[y].article_id else (y, x), (score, True))
    rows = []
    for (x, y), (score, direct) in sorted(pairs.items()):
        a, b = by_id[x], by_id[y]
        result = compare_pair(
            a.text, b.text, published_a=published.get(a.article_id), published_b=published.get(b.article_id)
        )
        same = build.claim_of[x] == build.claim_of[y]
        rows.append(
            Alignment(
                story=story,
                sentence_a=a,
                sentence_b=b,
                claim_id=keys[build.claim_of[x]] if same else None,
                score=score,
                direct=direct,
                verdict=result.verdict,
                confidence=result.confidence,
                discrepancies=[d.as_dict() for d in result.discrepancies],
                diff=[
                    {
                        "op": op.op,
                        "a": op.a,
                        "b": op.b,
                        "a_span": list(op.a_span) if op.a_span else None,
                        "b_span": list(op.b_span) if op.b_span else None,
                        "types": list(op.types),
                    }
                    for op in result.diff
                ],
            )
        )
    return rows


def _claims_recount(*, story: Story, voices: list[Article]) -> None:
    """Outlet counts and discrepancy marks of every claim of the story, from its members and rows."""
    outlet_of = {a.pk: a.outlet_id or -a.pk for a in voices}  # an unknown outlet is its own voice
    through = Claim.sentences.through
    outlets: dict[int, set[int]] = {}
    for claim_id, article_id in through.objects.filter(claim__story=story).values_list(
        "claim_id", "sentence__article_id"
    ):
        outlets.setdefault(claim_id, set()).add(outlet_of.get(article_id, -article_id))
    disc = set(
        Alignment.objects.filter(story=story, verdict=Alignment.Verdict.DISCREPANCY, claim__isnull=False)
        .values_list("claim_id", flat=True)
        .distinct()
    )
    claims = list(Claim.objects.filter(story=story))
    changed = []
    for claim in claims:
        count, marked = len(outlets.get(claim.pk, ())) or 1, claim.pk in disc
        if (claim.outlet_count, claim.has_discrepancy) != (count, marked):
            claim.outlet_count, claim.has_discrepancy = count, marked
            changed.append(claim)
    Claim.objects.bulk_update(changed, ["outlet_count", "has_discrepancy"])


def embedding_matrix(vectors: list[Any]) -> Any:
    import numpy as np

    return np.asarray([np.asarray(v, dtype=np.float32) for v in vectors], dtype=np.float32)


def _flags_relink(*, ids: list[int]) -> None:
    """Give each unlinked flag on these sentences the alignment of its pair, when they align again.

    Deleting old alignments emptied their flags' link; a flag belongs to its
    two sentences, so it returns to them whenever they align again.
    """
    flags = list(Flag.objects.filter(sentence_a_id__in=ids, alignment__isnull=True))
    if not flags:
        return
    rows = {
        (a, b): pk
        for pk, a, b in Alignment.objects.filter(sentence_a_id__in=ids).values_list(
            "pk", "sentence_a_id", "sentence_b_id"
        )
    }
    for flag in flags:
        flag.alignment_id = rows.get((flag.sentence_a_id, flag.sentence_b_id)) or rows.get(
            (flag.sentence_b_id, flag.sentence_a_id)
        )
    Flag.objects.bulk_update([f for f in flags if f.alignment_id], ["alignment"])
