"""The alignment-state region: shown while work runs, polled by htmx, a retry for failures."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Article, Story
from claims.services import schedule
from tests.conftest import PASSWORD, SAMPLE_DIR, hold_alignment, ingest_sample

pytestmark = pytest.mark.django_db


def login(client: Client, name: str) -> Client:
    assert client.login(username=name, password=PASSWORD)
    return client


def set_state(story: Story, state: str, **fields: Any) -> None:
    Story.objects.filter(pk=story.pk).update(align_state=state, **fields)


def test_story_page_shows_progress_and_polls_until_done(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    login(client, "bob")
    url = reverse("claims:story_detail", args=[sample_story.pk])
    status_url = reverse("claims:story_status", args=[sample_story.pk])
    # Aligned before states existed, or by a command: nothing to say.
    assert "align-status" not in client.get(url).content.decode()
    set_state(sample_story, Story.AlignState.ALIGNING, align_progress=0.4)
    html = client.get(url).content.decode()
    assert 'role="status"' in html and "40 %" in html
    assert f'hx-get="{status_url}?watching=1&amp;refresh=1"' in html and 'hx-trigger="every 2s"' in html
    assert f'href="{url}"' in html  # without JavaScript: a Refresh link
    polled = client.get(status_url + "?watching=1&refresh=1", HTTP_HX_REQUEST="true")
    assert polled.status_code == 200 and "<html" not in polled.content.decode()
    assert "hx-trigger" in polled.content.decode() and "HX-Refresh" not in polled
    set_state(sample_story, Story.AlignState.READY, align_progress=1.0)
    done = client.get(status_url + "?watching=1&refresh=1", HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in done.content.decode()  # polling stops
    assert done["HX-Refresh"] == "true"  # and the page reloads to show the new claims
    # Elsewhere (article and upload pages) the region only says it is done.
    elsewhere = client.get(status_url + "?watching=1", HTTP_HX_REQUEST="true")
    assert "is aligned" in elsewhere.content.decode() and "HX-Refresh" not in elsewhere
    # The status URL outside htmx leads to the story.
    assert client.get(status_url).url == url


def test_a_failed_alignment_shows_its_reason_and_editors_can_retry(
    client: Client, users: dict[str, Any], sample_story: Story
) -> None:
    set_state(sample_story, Story.AlignState.FAILED, align_error="ValueError: bad scorer file")
    url = reverse("claims:story_detail", args=[sample_story.pk])
    realign = reverse("claims:story_realign", args=[sample_story.pk])
    login(client, "carol")
    html = client.get(url).content.decode()
    assert "alignment failed" in html and "ValueError: bad scorer file" in html and realign not in html
    assert client.post(realign).status_code == 302
    assert Story.objects.get(pk=sample_story.pk).align_state == Story.AlignState.FAILED  # refused
    client.logout()
    login(client, "bob")
    assert realign in client.get(url).content.decode()
    response = client.post(realign, follow=True)
    assert "aligned again" in response.content.decode()
    assert Story.objects.get(pk=sample_story.pk).align_state == Story.AlignState.READY
    assert client.get(realign).status_code == 405


def test_article_page_shows_story_state(client: Client, users: dict[str, Any], sample_story: Story) -> None:
    set_state(sample_story, Story.AlignState.QUEUED)
    article = Article.objects.filter(story=sample_story).first()
    assert article is not None
    login(client, "bob")
    html = client.get(reverse("claims:article_detail", args=[article.pk])).content.decode()
    assert "Waiting to align" in html and reverse("claims:story_status", args=[sample_story.pk]) in html


@pytest.mark.django_db(transaction=True)
def test_upload_returns_at_once_and_its_page_follows_the_work(
    client: Client, users: dict[str, Any], fake_encoder: Any, monkeypatch: Any
) -> None:
    ingest_sample(align=False)
    release = hold_alignment(monkeypatch, timeout=30)
    futures: list[Any] = []
    for name in ("story_align_later", "upload_process_later"):
        submit = getattr(schedule, name)

        def keep(*, _submit: Any = submit, **kwargs: Any) -> Any:
            futures.append(_submit(**kwargs))
            return futures[-1]

        monkeypatch.setattr(schedule, name, keep)
    schedule.use_background_threads()
    try:
        login(client, "alice")
        text = (SAMPLE_DIR / "harbor-gazette.txt").read_text().replace("tanker", "oil tanker")
        response = client.post(reverse("claims:upload"), {"text": text, "outlet": "harbor-gazette"})
        html = response.content.decode()
        # Back before the pipeline ran: the upload is stored, the page polls its state.
        assert response.status_code == 200 and "1 of 1 stored" in html
        (result,) = response.context["results"]
        assert result.status == "queued" and bytes(result.article.raw).strip() == text.encode().strip()
        status_url = reverse("claims:upload_status") + f"?ids={result.article.pk}"
        assert f'hx-get="{status_url}"' in html and 'hx-trigger="every 2s"' in html
        # The article is processed in the background; its story's alignment is held.
        assert futures, "the upload went to the background"
        futures[0].result(timeout=60)
        polled = client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
        assert "version" in polled and ("aligning" in polled or "queued" in polled)
        release.set()
        for future in list(futures):
            future.result(timeout=60)
    finally:
        release.set()
        for future in list(futures):  # never leave work running into the next test's database
            future.exception(timeout=60)
        schedule.use_background_threads(False)
    article = Article.objects.get(pk=result.article.pk)
    assert article.status == Article.Status.READY and article.version_of_id is not None
    assert all(s.align_state == Story.AlignState.READY for s in Story.objects.filter(align_requested__gt=0))
    done = client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done and "is aligned" in done
