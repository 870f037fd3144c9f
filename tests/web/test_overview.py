"""Story overview (coverage matrix, lone claims, pair summary) and the stories list."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Alignment, Article, Claim, Flag, Story
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client: Client, name: str = "bob") -> Client:
    assert client.login(username=name, password=PASSWORD)
    return client


def test_coverage_matrix_has_a_row_per_claim_and_a_column_per_outlet(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    response = login(client).get(reverse("claims:story_detail", args=[sample_story.pk]))
    assert response.status_code == 200
    overview = response.context["overview"]
    assert len(overview.voices) == 3
    assert [c.pk for c, _ in overview.matrix] == list(
        Claim.objects.filter(story=sample_story).order_by("index").values_list("pk", flat=True)
    )
    states = {cell.state for _, cells in overview.matrix for cell in cells}
    assert {"agree", "discrepancy", "missing"} <= states
    html = response.content.decode()
    assert "not reported</span>" in html and "agrees</span>" in html
    assert len(overview.pairs) == 3
    assert (
        sum(p["discrepancies"] for p in overview.pairs)
        == Alignment.objects.filter(story=sample_story, verdict="discrepancy").count()
    )


def test_claims_only_one_outlet_has_are_listed(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    response = login(client).get(reverse("claims:story_detail", args=[sample_story.pk]))
    only_in = response.context["overview"].only_in
    lone = Claim.objects.filter(story=sample_story, outlet_count=1).count()
    assert len(only_in) == lone
    if lone:
        assert b"only in " in response.content


def test_story_list_counts_search_and_filters(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    al = Alignment.objects.filter(story=sample_story).first()
    assert al is not None
    Flag.objects.create(
        alignment=al, sentence_a=al.sentence_a, sentence_b=al.sentence_b, created_by=users["carol"], note="x"
    )
    login(client)
    response = client.get(reverse("claims:story_list"))
    story = response.context["page"].object_list[0]
    assert story.article_count == Article.objects.filter(story=sample_story).count()
    assert story.claim_count == Claim.objects.filter(story=sample_story).count()
    assert (
        story.discrepancy_count == Alignment.objects.filter(story=sample_story, verdict="discrepancy").count()
    )
    assert story.agree_count == Alignment.objects.filter(story=sample_story, verdict="agree").count()
    assert story.open_flag_count == 1
    assert len(story.outlet_names) == 3
    assert len(client.get(reverse("claims:story_list") + "?q=zzzznothing").context["page"].object_list) == 0
    assert len(client.get(reverse("claims:story_list") + "?from=2999-01-01").context["page"].object_list) == 0
    assert len(
        client.get(reverse("claims:story_list") + "?to=2999-01-01&from=bad").context["page"].object_list
    ) in (
        0,
        1,
    )


def test_the_discrepancy_count_is_a_warning_only_when_there_are_some(
    client: Client, users: dict[str, Any], sample_story: Story, settings: Any
) -> None:
    settings.PAGE_CACHE_TIMEOUT = 0  # the verdicts are rewritten below behind the cache's back
    url = reverse("claims:story_detail", args=[sample_story.pk])
    n = Alignment.objects.filter(story=sample_story, verdict="discrepancy").count()
    assert n > 0
    summary = login(client).get(url).content.decode().split('<p class="summary">', 1)[1].split("</p>", 1)[0]
    assert f'<span class="badge discrepancy">{n} discrepanc' in summary
    Alignment.objects.filter(story=sample_story).update(verdict="agree")
    summary = client.get(url).content.decode().split('<p class="summary">', 1)[1].split("</p>", 1)[0]
    assert "no discrepancies" in summary and "badge" not in summary
