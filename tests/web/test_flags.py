"""Fact-checkers flag aligned pairs and review the flags; others cannot."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from claims.models import Alignment, Article, Flag, Story
from claims.services import flags as flag_services
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def an_alignment(story: Story) -> Alignment:
    al = Alignment.objects.filter(story=story).first()
    assert al is not None
    return al


def test_services_create_and_review(users: dict[str, Any], sample_story: Story) -> None:
    al = an_alignment(sample_story)
    flag = flag_services.flag_create(alignment=al, user=users["carol"], note="  the figures contradict ")
    assert flag.state == "open" and flag.note == "the figures contradict"
    with pytest.raises(PermissionDenied):
        flag_services.flag_create(alignment=al, user=users["bob"], note="")
    with pytest.raises(ValidationError):
        flag_services.flag_review(flag=flag, user=users["carol"], state="open")
    done = flag_services.flag_review(flag=flag, user=users["carol"], state="confirmed")
    assert done.state == "confirmed" and done.reviewed_by == users["carol"]
    with pytest.raises(ValidationError):
        flag_services.flag_review(flag=flag, user=users["alice"], state="dismissed")


def test_flag_without_js_then_review(client: Client, users: dict[str, Any], sample_story: Story) -> None:
    al = an_alignment(sample_story)
    assert client.login(username="carol", password=PASSWORD)
    ids = ",".join(str(pk) for pk in Article.objects.filter(story=sample_story).values_list("pk", flat=True))
    page = client.get(reverse("claims:compare", args=[sample_story.pk]) + f"?articles={ids}")
    assert b"Flag as contradiction" in page.content
    response = client.post(
        reverse("claims:flag_create", args=[al.pk]), {"note": "numbers differ", "next": "/evil.example"}
    )
    assert response.status_code == 302
    flag = Flag.objects.get()
    assert flag.created_by == users["carol"] and flag.note == "numbers differ"
    queue = client.get(reverse("claims:flag_list"))
    assert b"numbers differ" in queue.content
    client.post(reverse("claims:flag_review", args=[flag.pk]), {"state": "dismissed"})
    flag.refresh_from_db()
    assert flag.state == "dismissed"


def test_flag_with_htmx_returns_a_fragment(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    al = an_alignment(sample_story)
    assert client.login(username="carol", password=PASSWORD)
    response = client.post(reverse("claims:flag_create", args=[al.pk]), {"note": "x"}, HTTP_HX_REQUEST="true")
    assert (
        response.status_code == 200
        and b"review queue" in response.content
        and b"<html" not in response.content
    )


def test_editors_cannot_flag_or_review(client: Client, users: dict[str, Any], sample_story: Story) -> None:
    al = an_alignment(sample_story)
    assert client.login(username="bob", password=PASSWORD)
    assert client.post(reverse("claims:flag_create", args=[al.pk]), {"note": "x"}).status_code == 302
    assert not Flag.objects.exists()
    assert client.get(reverse("claims:flag_list")).status_code == 302
    ids = ",".join(str(pk) for pk in Article.objects.filter(story=sample_story).values_list("pk", flat=True))
    page = client.get(reverse("claims:compare", args=[sample_story.pk]) + f"?articles={ids}")
    assert b"Flag as contradiction" not in page.content
