"""The overview's discrepancy badge marks the outlet that differs, not every outlet of the row (issue #14)."""

from __future__ import annotations

from typing import Any

import pytest

from claims.models import Claim
from claims.selectors.stories import story_articles, story_overview
from claims.services.alignment import story_align
from claims.services.articles import article_ingest
from claims.services.outlets import outlet_get_or_create
from claims.services.stories import story_create

pytestmark = pytest.mark.django_db

LINES = [
    "Harbor officials said the tanker spilled {n} liters of diesel into the bay on Thursday night.",
    "Crews from three towns worked through the weekend to contain the slick near the old pier.",
]


def test_the_badge_goes_to_the_odd_one_out(fake_encoder: Any) -> None:
    story = story_create(title="Spill")
    for slug, n in (("first", "40,000"), ("second", "40,000"), ("third", "90,000")):
        outlet_get_or_create(slug=slug, name=slug.title())
        own = f"The {slug} desk adds that its photographer {slug.upper()} watched the salvage from a ferry."
        text = f"Spill in the bay, {slug} report\n\n" + "\n\n".join(
            [*(line.format(n=n) for line in LINES), own]
        )
        result = article_ingest(data=text.encode(), source_name=f"{slug}.txt", outlet=slug, story=story)
        assert result.status == "created", result.error
    story_align(story=story)
    overview = story_overview(story=story, articles=story_articles(story=story))
    labels = [a.outlet.slug for a in overview.voices]
    rows = {claim.pk: [c.state for c in cells] for claim, cells in overview.matrix}
    spill = (
        Claim.objects.filter(story=story, sentences__text__contains="diesel", outlet_count=3).distinct().get()
    )
    marked = dict(zip(labels, rows[spill.pk], strict=True))
    assert marked == {"first": "agree", "second": "agree", "third": "discrepancy"}
    crews = (
        Claim.objects.filter(story=story, sentences__text__contains="Crews", outlet_count=3).distinct().get()
    )
    assert set(rows[crews.pk]) == {"agree"}
