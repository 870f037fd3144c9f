"""The Django side of ingestion: upload form, URLs, archives, restore, retry."""

from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from claims.models import Article, Sentence
from claims.services.articles import article_ingest, ingest_failure
from tests.conftest import PASSWORD, SAMPLE_DIR

pytestmark = pytest.mark.django_db

GAZETTE = (SAMPLE_DIR / "harbor-gazette.txt").read_bytes()
PAGE = b"""<!doctype html><html><head><title>Harbor reopens | Test Courier</title>
<meta property="og:title" content="Harbor reopens after spill">
<meta property="article:published_time" content="2025-03-18T08:00:00Z">
<script>track('x')</script></head><body><nav>Home | World | Sport</nav>
<article><h1>Harbor reopens after spill</h1>
<p>The port of Port Elsby reopened to cargo traffic on Tuesday after four days of cleanup work.</p>
<p>Harbor officials said the last floating barriers would be removed by the end of the week.</p>
<p>About 30 ships had waited offshore while crews cleared the diesel from the inner harbor.</p>
</article><footer>Copyright 2025 Test Courier. All rights reserved.</footer></body></html>"""


@pytest.fixture
def local_site() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/2025/03/18/harbor-reopens.html":
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(PAGE)
            else:
                self.send_response(404)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(b"<h1>Not found</h1>")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def admin_client(users: dict[str, Any]) -> Client:
    client = Client()
    assert client.login(username="alice", password=PASSWORD)
    return client


def test_upload_several_files_and_a_zip(users: dict[str, Any], fake_encoder: Any) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("spill/northline.txt", (SAMPLE_DIR / "northline-wire.txt").read_bytes())
        zf.writestr("__MACOSX/._northline.txt", b"junk")
    response = admin_client(users).post(
        reverse("claims:upload"),
        {
            "uploads": [
                SimpleUploadedFile("gazette.txt", GAZETTE),
                SimpleUploadedFile("bundle.zip", archive.getvalue()),
            ]
        },
    )
    assert response.status_code == 200
    statuses = [r.status for r in response.context["results"]]
    assert statuses == ["created", "created"]
    assert Article.objects.filter(status="ready").count() == 2
    assert len({a.story_id for a in Article.objects.all()}) == 1  # one submission, one story


def test_pasted_text_with_fields(users: dict[str, Any], fake_encoder: Any) -> None:
    text = GAZETTE.decode().split("\n", 3)[3]  # body only: no headline, no date line
    response = admin_client(users).post(
        reverse("claims:upload"),
        {"text": text, "outlet": "gazette", "title": "Pasted spill story", "published": "2025-03-14"},
    )
    (result,) = response.context["results"]
    assert result.status == "created", result.error
    article = Article.objects.get()
    assert article.outlet is not None and article.published is not None
    assert (article.title, article.outlet.slug, article.published.isoformat()) == (
        "Pasted spill story",
        "gazette",
        "2025-03-14",
    )


def test_url_from_a_local_server(users: dict[str, Any], fake_encoder: Any, local_site: str) -> None:
    url = f"{local_site}/2025/03/18/harbor-reopens.html"
    response = admin_client(users).post(reverse("claims:upload"), {"url": url})
    (result,) = response.context["results"]
    assert result.status == "created", result.error
    article = Article.objects.get()
    assert article.url == url
    assert article.published is not None and article.published.isoformat() == "2025-03-18"
    texts = " ".join(article.sentences.values_list("text", flat=True))
    assert "reopened to cargo traffic" in texts
    assert "Home | World" not in texts and "track(" not in texts and "Copyright" not in texts


def test_url_errors_are_reported_and_kept(users: dict[str, Any], fake_encoder: Any, local_site: str) -> None:
    response = admin_client(users).post(reverse("claims:upload"), {"url": f"{local_site}/missing"})
    (result,) = response.context["results"]
    assert result.status == "failed"
    assert "404" in result.error
    assert b"404" in response.content
    failed = Article.objects.get()
    assert failed.status == "failed" and failed.error == result.error


def test_empty_submission_is_a_form_error(users: dict[str, Any]) -> None:
    response = admin_client(users).post(reverse("claims:upload"), {})
    assert response.status_code == 400
    assert b"Choose a file, paste text, or give a URL." in response.content
    assert Article.objects.count() == 0


def test_bad_files_each_get_a_message_and_nothing_half_written(
    users: dict[str, Any], fake_encoder: Any
) -> None:
    response = admin_client(users).post(
        reverse("claims:upload"),
        {
            "uploads": [
                SimpleUploadedFile("empty.txt", b""),
                SimpleUploadedFile("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00binary"),
                SimpleUploadedFile("broken.zip", b"PK\x03\x04 not really a zip"),
            ]
        },
    )
    results = response.context["results"]
    assert [r.status for r in results] == ["failed", "failed", "failed"]
    assert all(r.error for r in results)
    assert Sentence.objects.count() == 0
    assert Article.objects.filter(status="failed").count() == 3
    assert b"Nothing was ingested" in response.content


def test_restore_a_removed_block_reruns_the_pipeline(users: dict[str, Any], fake_encoder: Any) -> None:
    article = article_ingest(data=GAZETTE, source_name="g.txt", outlet="gazette").article
    assert article is not None
    article.removed = [
        {"text": "The harbor authority will publish a report next month.", "reason": "caption", "position": 4}
    ]
    article.save()
    before = article.sentences.count()
    response = admin_client(users).post(reverse("claims:article_restore", args=[article.pk]), {"position": 4})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.removed == [] and article.restored == [4]
    texts = list(article.sentences.order_by("index").values_list("text", flat=True))
    assert len(texts) == before + 1
    assert "The harbor authority will publish a report next month." in texts
    # Put back where it stood: after the opening paragraphs, not at the end.
    assert texts.index("The harbor authority will publish a report next month.") < len(texts) - 1
    for s in article.sentences.all():
        assert article.body[s.start : s.end] == s.text


def test_retry_a_failed_upload(users: dict[str, Any], fake_encoder: Any, monkeypatch: Any) -> None:
    from claims import engines

    real = engines.encoder

    def broken() -> Any:
        raise RuntimeError("model files missing")

    monkeypatch.setattr(engines, "encoder", broken)
    failed = article_ingest(data=GAZETTE, source_name="g.txt", outlet="gazette")
    assert failed.status == "failed" and "model files missing" in failed.error
    monkeypatch.setattr(engines, "encoder", real)
    assert failed.article is not None
    response = admin_client(users).post(reverse("claims:article_retry", args=[failed.article.pk]))
    assert response.status_code == 302
    assert Article.objects.filter(status="failed").count() == 0
    assert Article.objects.get(status="ready").sentences.count() > 5


def test_admin_add_article_goes_through_the_upload_pipeline(users: dict[str, Any]) -> None:
    response = admin_client(users).get(reverse("admin:claims_article_add"))
    assert response.status_code == 302 and response["Location"] == reverse("claims:upload")


def test_admin_retry_action(users: dict[str, Any], fake_encoder: Any) -> None:
    failed = ingest_failure(data=GAZETTE, source_name="g.txt", reason="was broken")
    assert failed.article is not None
    response = admin_client(users).post(
        reverse("admin:claims_article_changelist"),
        {"action": "retry_failed", "_selected_action": [failed.article.pk]},
    )
    assert response.status_code == 302
    assert Article.objects.filter(status="ready").count() == 1
    assert not Article.objects.filter(status="failed").exists()


def test_an_editor_can_put_text_back_but_a_fact_checker_cannot(
    users: dict[str, Any], fake_encoder: Any
) -> None:
    article = article_ingest(data=GAZETTE, source_name="g.txt", outlet="gazette").article
    assert article is not None
    article.removed = [
        {"text": "Officials will brief reporters again on Monday.", "reason": "caption", "position": 3}
    ]
    article.save()
    carol = Client()
    assert carol.login(username="carol", password=PASSWORD)
    assert (
        carol.post(reverse("claims:article_restore", args=[article.pk]), {"position": 3}).status_code == 302
    )
    article.refresh_from_db()
    assert article.restored == []  # refused: redirected to the login page
    bob = Client()
    assert bob.login(username="bob", password=PASSWORD)
    page = bob.get(reverse("claims:article_detail", args=[article.pk]))
    assert b"Put back" in page.content
    bob.post(reverse("claims:article_restore", args=[article.pk]), {"position": 3})
    article.refresh_from_db()
    assert article.restored == [3]
