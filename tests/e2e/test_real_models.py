"""End to end with the real spaCy and sentence-transformers models: no fakes."""

from __future__ import annotations

import json
import re
from html import unescape
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from claims.models import Alignment, Article
from tests.conftest import PASSWORD, ingest_sample, seeds_or_skip

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def aligned_texts(a: Article, b: Article) -> set[tuple[str, str]]:
    pairs = set()
    ids_a = set(a.sentences.values_list("id", flat=True))
    for al in Alignment.objects.filter(story=a.story).select_related("sentence_a", "sentence_b"):
        sa, sb = al.sentence_a, al.sentence_b
        if sb.pk in ids_a:
            sa, sb = sb, sa
        if sa.pk in ids_a and sb.article_id == b.pk:
            pairs.add((sa.text, sb.text))
    return pairs


def test_sample_story_aligns_named_pairs_and_renders_them_side_by_side(users: dict[str, Any]) -> None:
    story = ingest_sample()
    gazette = Article.objects.get(story=story, outlet__slug="harbor-gazette")
    wire = Article.objects.get(story=story, outlet__slug="northline")
    pairs = aligned_texts(gazette, wire)
    expected = [
        # Same claim, different words (and a number that differs).
        ("A fuel tanker ran aground at the mouth", "The tanker Meridian Star ran aground at the entrance"),
        ("The vessel, the Meridian Star, struck a sandbar", "The ship hit a sandbar at about 5 a.m."),
        (
            "The port will remain closed until at least Saturday",
            "Authorities said the port would stay closed",
        ),
        ("Mayor Daniel Reyes confirmed that the city", "Mayor Daniel Reyes confirmed that the city"),
    ]
    for left, right in expected:
        assert any(a.startswith(left) and b.startswith(right) for a, b in pairs), (left, right)
    # Claims only one outlet has stay unaligned.
    assert not any("Environmental groups warned" in b for _, b in pairs)
    # The differing figures are reported as a number discrepancy.
    spill = next(
        al
        for al in Alignment.objects.filter(story=story)
        if "40,000" in al.sentence_a.text + al.sentence_b.text
        and "60,000" in al.sentence_a.text + al.sentence_b.text
    )
    assert spill.verdict == "discrepancy"
    assert {d["type"] for d in spill.discrepancies} >= {"number"}

    client = Client()
    assert client.login(username="bob", password=PASSWORD)
    html = client.get(
        reverse("claims:compare", args=[story.pk]) + f"?a={gazette.pk}&b={wire.pk}"
    ).content.decode()
    # Side by side: both sentences of the pair sit in one table row (tags such
    # as diff highlights are stripped before reading a row's text).
    rows = [" ".join(unescape(re.sub(r"<[^>]+>", " ", chunk)).split()) for chunk in html.split("<tr")]
    for left, right in expected:
        row = next((r for r in rows if left in r), "")
        assert right in row, left


def test_seed_articles_ingest_and_export(tmp_path: Any) -> None:
    seeds = seeds_or_skip()
    out = StringIO()
    call_command("ingest", *map(str, seeds), "--json", stdout=out, stderr=StringIO())
    results = json.loads(out.getvalue())
    assert [r["status"] for r in results] == ["created", "version", "created", "created", "created"]
    assert [r["outlet"] for r in results] == ["nyt", "nyt", "nyt", "wsj", "ap"]
    titles = [r["title"] for r in results]
    for path, title in zip(seeds, titles, strict=True):
        first_line = path.read_text(encoding="utf-8").split("\n", 1)[0].strip()
        assert title == (first_line if path.name[:3] != "002" else None)
    assert results[4]["published"] == "2022-01-27"
    v0, v1 = (Article.objects.get(pk=r["article_id"]) for r in results[:2])
    assert v1.version_of_id == v0.pk

    out = StringIO()
    call_command("export_json", stdout=out)
    (story,) = json.loads(out.getvalue())["stories"]
    assert len(story["articles"]) == 5
    assert all(a["sentences"] for a in story["articles"])
    outlets_by_sentence = {s["id"]: a["outlet"] for a in story["articles"] for s in a["sentences"]}
    cross = {(outlets_by_sentence[al["a"]], outlets_by_sentence[al["b"]]) for al in story["alignments"]}
    # Alignments join the outlets' voices; the superseded NYT version is not a second voice.
    assert {frozenset(p) for p in cross} >= {frozenset({"nyt", "wsj"}), frozenset({"nyt", "ap"})}
    superseded = (
        {s["id"] for s in story["articles"][0]["sentences"]} if story["articles"][0]["id"] == v0.pk else set()
    )
    assert not any(al["a"] in superseded or al["b"] in superseded for al in story["alignments"])
