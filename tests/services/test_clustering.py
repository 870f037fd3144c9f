"""Stories that form themselves: the service around pipeline/cluster (issue #12)."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from claims.models import Article, Story
from claims.services import uploads
from claims.services.articles import article_ingest
from claims.services.clustering import story_signature_refresh
from claims.services.stories import story_create
from tests.conftest import SAMPLE_DIR, seeds_or_skip

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
pytestmark = pytest.mark.django_db

SPILL = """Tanker spill closes the harbor at Port Elsby

{day}

A fuel tanker ran aground at the harbor mouth of Port Elsby, spilling diesel into the bay.

The harbor master closed the port to all traffic while cleanup crews worked the tide.

Fishermen said the spill would cost them thousands of dollars a day.
"""
VOTE = """Council approves the waterfront stadium after a long hearing

{day}

The Riverton city council voted to approve a soccer stadium on the old rail yards.

The team owners will pay for construction while the city pays for roads and a tram stop.

Opponents said they would try to put the stadium deal to a referendum.
"""


def ingest(text: str, name: str, **kwargs: Any) -> Article:
    result = article_ingest(data=text.encode(), source_name=name, **kwargs)
    assert result.article is not None, result.error
    return result.article


def test_an_article_on_the_same_event_joins_its_story(fake_encoder: Any) -> None:
    first = ingest(SPILL.format(day="20250314"), "a.txt")
    second = ingest(SPILL.format(day="20250315").replace("A fuel tanker", "A diesel tanker"), "b.txt")
    other = ingest(VOTE.format(day="20250314"), "c.txt")
    assert second.story_id == first.story_id
    assert other.story_id != first.story_id
    assert Story.objects.count() == 2


def test_the_same_topic_a_year_later_is_a_new_story(fake_encoder: Any) -> None:
    first = ingest(SPILL.format(day="20250314"), "a.txt")
    later = ingest(SPILL.format(day="20260314").replace("A fuel tanker", "A diesel tanker"), "b.txt")
    assert later.story_id != first.story_id


def test_an_explicit_story_wins_over_clustering(fake_encoder: Any) -> None:
    chosen = story_create(title="Editor's pick")
    ingest(SPILL.format(day="20250314"), "a.txt")
    forced = ingest(SPILL.format(day="20250314").replace("fuel", "oil"), "b.txt", story=chosen)
    assert forced.story_id == chosen.pk


def test_signature_follows_the_members(fake_encoder: Any) -> None:
    first = ingest(SPILL.format(day="20250314"), "a.txt")
    ingest(SPILL.format(day="20250316").replace("A fuel tanker", "A diesel tanker"), "b.txt")
    story = Story.objects.get(pk=first.story_id)
    assert story.published_from == date(2025, 3, 14) and story.published_to == date(2025, 3, 16)
    assert story.centroid is not None and len(story.centroid) == 384
    assert "port elsby" in story.entities
    # The title is one of the members' headlines, and an editor's title is kept.
    assert story.title == "Tanker spill closes the harbor at Port Elsby"
    story.title, story.title_edited = "Spill: what we know", True
    story.save()
    story_signature_refresh(story=story)
    story.refresh_from_db()
    assert story.title == "Spill: what we know"


def test_an_upload_no_longer_puts_every_file_in_one_story(fake_encoder: Any) -> None:
    class Upload:
        name = "day.zip"

        def __init__(self, data: bytes) -> None:
            self.data = data

        def read(self, size: int = -1) -> bytes:
            return self.data

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("spill-1.txt", SPILL.format(day="20250314"))
        zf.writestr("vote.txt", VOTE.format(day="20250314"))
        zf.writestr("spill-2.txt", SPILL.format(day="20250314").replace("fuel", "oil"))
    results = uploads.upload_ingest(files=[Upload(archive.getvalue())])
    stories = {r.source_name: r.article.story_id for r in results if r.article}
    assert stories["spill-1.txt"] == stories["spill-2.txt"] != stories["vote.txt"]


@pytest.mark.slow
def test_seeds_sample_and_an_unrelated_article_form_three_stories(monkeypatch: Any) -> None:
    """Real models: one `ingest` run of everything, no --story."""
    seeds = seeds_or_skip()
    # Clustering is decided at ingest; alignment does not feed it, and the seeds take minutes to align.
    monkeypatch.setattr(uploads, "stories_align_after", lambda results, **kwargs: None)
    sample = sorted(SAMPLE_DIR.glob("*.txt"))
    unrelated = FIXTURES / "clustering" / "stadium-vote.txt"
    call_command("ingest", *map(str, [*seeds, unrelated, *sample]), "--json", stdout=io.StringIO())
    story_of = {a.source_name: a.story_id for a in Article.objects.filter(status=Article.Status.READY)}
    seed_stories = {story_of[p.name] for p in seeds}
    sample_stories = {story_of[p.name] for p in sample}
    assert len(seed_stories) == 1 and len(sample_stories) == 1
    assert len({*seed_stories, *sample_stories, story_of[unrelated.name]}) == 3
    assert Story.objects.count() == 3


@pytest.mark.slow
def test_a_mixed_upload_splits_into_the_right_stories() -> None:
    """Real models: one zip, articles of two events interleaved, plus one on a third."""
    names = sorted((FIXTURES / "metadata").glob("*_bridge.txt"))
    sample = sorted(SAMPLE_DIR.glob("*.txt"))
    order = [names[0], sample[0], names[1], sample[1], FIXTURES / "clustering" / "stadium-vote.txt"]
    order += [names[2], sample[2], names[3]]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        for n, path in enumerate(order):
            zf.writestr(f"{n:02d}.txt", path.read_text())  # file names that say nothing

    class Upload:
        name = "mixed.zip"

        def read(self, size: int = -1) -> bytes:
            return archive.getvalue()

    results = uploads.upload_ingest(files=[Upload()])
    assert [r.status for r in results] == ["created"] * len(order), [r.error for r in results]
    story_of = {order[int(r.source_name[:2])]: r.article.story_id for r in results if r.article}
    assert len({story_of[p] for p in names}) == 1
    assert len({story_of[p] for p in sample}) == 1
    assert len(set(story_of.values())) == 3
    # The bridge stories' outlets and dates came from their texts alone.
    bridge = Article.objects.filter(story_id=story_of[names[0]]).order_by("id")
    assert sorted(a.outlet.slug for a in bridge if a.outlet) == ["fox", "independent", "politico", "usatoday"]
    assert {a.published for a in bridge} == {date(2023, 3, 14)}


def _unit(rng: Any) -> list[float]:
    import numpy as np

    v = rng.normal(size=384)
    return (v / np.linalg.norm(v)).tolist()


def test_a_dated_article_is_compared_exactly_with_its_window(fake_encoder: Any) -> None:
    """The date indexes narrow the stories; exact distances order them, so the HNSW
    index (approximate, and blind past dead row versions) cannot hide one."""
    import numpy as np
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.pipeline.cluster.assign import ClusterConfig
    from claims.services.clustering import story_candidates

    rng = np.random.default_rng(3)
    inside = []
    for n, day in enumerate([date(2025, 3, 10), date(2025, 3, 12), date(2024, 3, 12)]):
        story = story_create(title=f"Story {n}")
        Story.objects.filter(pk=story.pk).update(centroid=_unit(rng), published_from=day, published_to=day)
        inside.append(story.pk)
    config = ClusterConfig(candidates=10, window_days=5)
    with CaptureQueriesContext(connection) as queries:
        found = story_candidates(vector=_unit(rng), published=date(2025, 3, 14), config=config)
    assert sorted(c.story_id for c in found) == sorted(inside[:2])  # last year's story is out of the window
    assert not any("vector(384)" in q["sql"] for q in queries.captured_queries)


def test_an_undated_article_falls_back_to_exact_order_when_the_index_answers_short(
    fake_encoder: Any, monkeypatch: Any
) -> None:
    import numpy as np
    from django.db import connection

    from claims.pipeline.cluster.assign import ClusterConfig
    from claims.services import clustering

    rng = np.random.default_rng(5)
    made = []
    for n in range(4):
        story = story_create(title=f"Story {n}")
        Story.objects.filter(pk=story.pk).update(centroid=_unit(rng))
        made.append(story.pk)

    def starved(limit: int, *, ef_search: int = 40) -> None:  # an index that sees one row only
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('hnsw.ef_search', '1', true)")
            cursor.execute("SELECT set_config('hnsw.iterative_scan', 'off', true)")
            cursor.execute("SELECT set_config('enable_seqscan', 'off', true)")

    monkeypatch.setattr(clustering, "hnsw_scan_for", starved)
    found = clustering.story_candidates(vector=_unit(rng), published=None, config=ClusterConfig(candidates=3))
    assert len(found) == 3 and {c.story_id for c in found} <= set(made)
