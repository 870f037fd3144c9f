"""A story built article by article reads as the same story aligned at once (issue #14), in a browser.

Real models: the sample articles are attached to a story one at a time, then
the story is aligned again all at once (a full re-alignment); both compare
pages are screenshotted and must hold the same rows, and a saved claim link
still opens its claim.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from claims.models import Claim, Story
from claims.services.alignment import story_align
from claims.services.articles import article_ingest
from claims.services.outlets import outlet_get_or_create
from claims.services.stories import story_create
from tests.conftest import SAMPLE_DIR
from tests.e2e.test_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def sample_one_at_a_time(story: Story) -> list[int]:
    ids = []
    for entry in json.loads((SAMPLE_DIR / "manifest.json").read_text())["articles"]:
        outlet_get_or_create(slug=entry["outlet"], name=entry["outlet_name"])
        data = (SAMPLE_DIR / entry["file"]).read_bytes()
        result = article_ingest(data=data, source_name=entry["file"], outlet=entry["outlet"], story=story)
        assert result.article is not None, result.error
        ids.append(result.article.pk)
        story_align(story=story)
    return ids


def rows(page: Any) -> list[tuple[str, ...]]:
    """Each compare row as the text of its cells, outlet by outlet."""
    return [
        tuple(cell.inner_text().strip() for cell in row.locator("td").all())
        for row in page.locator("table.compare tbody tr.row").all()
    ]


def test_built_one_at_a_time_reads_as_aligned_at_once(
    page: Any, shot: Any, live_server: Any, users: dict[str, Any]
) -> None:
    story = story_create(title="Harbor spill, one article at a time")
    ids = sample_one_at_a_time(story)
    compare = f"{live_server.url}/stories/{story.pk}/compare/?articles={','.join(map(str, ids))}"
    log_in(page, live_server.url, "bob")
    page.goto(compare)
    page.wait_for_selector("table.compare")
    shot(page, "incremental-compare-stepwise")
    stepwise = rows(page)
    claim = Claim.objects.filter(story=story, outlet_count=3).order_by("index").first()
    assert claim is not None, "some claim is in all three outlets"
    members = set(claim.sentences.values_list("pk", flat=True))

    # The overview marks the outlet that differs, not every outlet of the row.
    page.goto(f"{live_server.url}/stories/{story.pk}/")
    page.wait_for_selector("table.matrix")
    shot(page, "incremental-overview")

    # All at once: a full re-alignment builds every claim again from nothing.
    summary = story_align(story=story, full=True)
    assert summary.full and summary.attached == 3
    page.goto(compare)
    page.wait_for_selector("table.compare")
    shot(page, "incremental-compare-at-once")
    assert stepwise and rows(page) == stepwise

    # A saved link to a claim still opens that claim.
    assert set(Claim.objects.get(pk=claim.pk).sentences.values_list("pk", flat=True)) == members
    page.goto(f"{compare}#claim-{claim.pk}")
    page.wait_for_selector(f"#claim-{claim.pk}")
    assert page.locator(f"#claim-{claim.pk}").count() == 1
    shot(page, "incremental-claim-link-after-rebuild", full=False)
