"""The cached overview and compare fragments: hits, invalidation, and nothing personal inside."""

from __future__ import annotations

import re
import socket
from typing import Any

import pytest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Alignment, Article, Sentence, Story
from claims.services import flags as flag_services
from claims.services.alignment import story_align
from claims.web.render import cache as page_cache
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def cache_on(settings: Any) -> None:
    settings.PAGE_CACHE_TIMEOUT = 3600


def login(name: str, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    assert client.login(username=name, password=PASSWORD)
    return client


def compare_url(story: Story, query: str = "") -> str:
    ids = ",".join(
        str(pk) for pk in Article.objects.filter(story=story).order_by("id").values_list("pk", flat=True)
    )
    return reverse("claims:compare", args=[story.pk]) + f"?articles={ids}{query}"


def get(client: Client, url: str) -> tuple[Any, int]:
    from django.db import connection

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


def main(response: Any) -> str:
    """The page below the header, CSRF tokens blanked: each response masks its token anew."""
    html = response.content.decode()
    return TOKEN.sub('name="csrfmiddlewaretoken" value=""', html[html.index("<main") :])


def grid(response: Any) -> str:
    html = response.content.decode()
    return html[html.index('<div id="grid"') : html.index('<p class="legend')]


def flaggable(rows: list[Any]) -> Alignment:
    """A pair the grid offers a flag form for: the alignment of an item in a later column."""
    return next(item.alignment for r in rows for cell in r.cells[1:] for item in cell if item.alignment)


def test_second_request_is_served_from_the_cache(users: dict[str, Any], sample_story: Story) -> None:
    client = login("bob")
    for url in (compare_url(sample_story), reverse("claims:story_detail", args=[sample_story.pk])):
        first, cold = get(client, url)
        second, warm = get(client, url)
        key = "rows" if "compare" in url else "overview"
        assert first.context[key] is not None, "the first request renders"
        assert second.context[key] is None, "the second one does not"
        assert warm < cold
        assert main(second) == main(first)


def test_timeout_zero_turns_the_cache_off(settings: Any, users: dict[str, Any], sample_story: Story) -> None:
    settings.PAGE_CACHE_TIMEOUT = 0
    client = login("bob")
    client.get(compare_url(sample_story))
    assert client.get(compare_url(sample_story)).context["rows"] is not None


def test_realigning_the_story_shows_at_once(users: dict[str, Any], sample_story: Story) -> None:
    client, url = login("bob"), compare_url(sample_story)
    overview_url = reverse("claims:story_detail", args=[sample_story.pk])
    client.get(url)
    client.get(overview_url)
    sentence = Sentence.objects.filter(article__story=sample_story).order_by("id").first()
    assert sentence is not None
    Sentence.objects.filter(pk=sentence.pk).update(text=sentence.text + " Zebra crossing.")
    assert b"Zebra crossing." not in client.get(url).content, "cached: the edit is not aligned yet"
    story_align(story=sample_story)
    response = client.get(url)
    assert response.context["rows"] is not None and b"Zebra crossing." in response.content
    assert client.get(overview_url).context["overview"] is not None, "the overview re-renders too"


def test_flagging_and_reviewing_show_at_once(users: dict[str, Any], sample_story: Story) -> None:
    carol, bob, url = login("carol"), login("bob"), compare_url(sample_story)
    alignment = flaggable(carol.get(url).context["rows"])
    bob.get(url)
    assert b"flagged, awaiting review" not in carol.get(url).content
    flag = flag_services.flag_create(alignment=alignment, user=users["carol"], note="counts differ")
    for client in (carol, bob):  # fact-checker's and editor's grids alike
        assert b"flagged, awaiting review" in client.get(url).content
    flag_services.flag_review(flag=flag, user=users["carol"], state="confirmed")
    for client in (carol, bob):
        page = client.get(url).content
        assert b"contradiction confirmed" in page and b"flagged, awaiting review" not in page


def test_no_token_or_user_data_crosses_users(
    monkeypatch: pytest.MonkeyPatch, users: dict[str, Any], sample_story: Story
) -> None:
    stored: list[str] = []
    real_set = page_cache.cache.set

    def recording_set(key: str, value: str, timeout: int) -> None:
        stored.append(value)
        real_set(key, value, timeout)

    monkeypatch.setattr(page_cache.cache, "set", recording_set)
    carol = login("carol", enforce_csrf_checks=True)
    alice = login("alice", enforce_csrf_checks=True)  # an admin: the same fact-checker grid
    carol_page = carol.get(compare_url(sample_story))
    # Same fragment (filter=all is the default), another request path.
    alice_page = alice.get(compare_url(sample_story, "&filter=all"))
    assert alice_page.context["rows"] is None, "alice was served carol's cached grid"
    assert len(stored) == 1
    assert page_cache.CSRF_SENTINEL in stored[0] and page_cache.PATH_SENTINEL in stored[0]
    assert not TOKEN.search(stored[0].replace(page_cache.CSRF_SENTINEL, ""))
    for name in ("carol", "alice", "bob"):
        assert name not in stored[0]

    carol_tokens, alice_tokens = set(TOKEN.findall(grid(carol_page))), set(TOKEN.findall(grid(alice_page)))
    assert len(carol_tokens) == 1 and len(alice_tokens) == 1 and carol_tokens != alice_tokens
    assert b"carol" not in alice_page.content
    assert 'name="next" value="' + compare_url(sample_story, "&amp;filter=all") + "#" in grid(alice_page)
    # The token in alice's cached grid is hers: her flag goes through with CSRF checks on.
    action = re.search(r'<form method="post" action="([^"]+)"', grid(alice_page))
    assert action is not None
    posted = alice.post(action.group(1), {"csrfmiddlewaretoken": alice_tokens.pop(), "note": "mine"})
    assert posted.status_code == 302
    assert carol.post(action.group(1), {"note": "no token"}).status_code == 403


def test_redis_cache_is_shared(settings: Any, users: dict[str, Any], sample_story: Story) -> None:
    """With NEWSDIFF_CACHE_URL=redis://… a fragment one process rendered serves the next."""
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("Redis is not listening on 127.0.0.1:6379")
    from newsdiff.settings import cache_from_url

    settings.CACHES = {"default": cache_from_url("redis://127.0.0.1:6379/14")}
    from django.core.cache import cache, caches

    assert type(caches["default"]).__name__ == "RedisCache"
    cache.clear()
    try:
        client, url = login("carol"), compare_url(sample_story)
        first = client.get(url)
        cache.close()  # a new connection, as another worker would have
        second = client.get(url)
        assert first.context["rows"] is not None and second.context["rows"] is None
        assert grid(first).count("<details") == grid(second).count("<details") > 0
    finally:
        cache.clear()
