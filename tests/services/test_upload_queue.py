"""Uploads are stored first, then processed: queued rows, in-place processing, re-runs, resumes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from claims.models import Article, Sentence, Story
from claims.services import schedule
from claims.services.article_batch import articles_process
from claims.services.uploads import upload_ingest, upload_process, uploads_resume
from tests.conftest import PASSWORD, SAMPLE_DIR

pytestmark = pytest.mark.django_db

GAZETTE = (SAMPLE_DIR / "harbor-gazette.txt").read_bytes()
NORTHLINE = (SAMPLE_DIR / "northline-wire.txt").read_bytes()


@pytest.fixture
def held_queue(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """What a web process hands to the background, kept here instead of run."""
    handed: list[list[int]] = []
    monkeypatch.setattr(schedule, "upload_process_later", lambda *, article_ids: handed.append(article_ids))
    return handed


def files() -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile("gazette.txt", GAZETTE), SimpleUploadedFile("northline.txt", NORTHLINE)]


def test_an_upload_is_stored_whole_before_any_processing(
    users: dict[str, Any], fake_encoder: Any, held_queue: list[list[int]]
) -> None:
    results = upload_ingest(files=files(), outlet="", title="", uploaded_by=users["alice"])
    assert [r.status for r in results] == ["queued", "queued"]
    rows = list(Article.objects.order_by("pk"))
    assert [a.status for a in rows] == ["queued", "queued"] and held_queue == [[a.pk for a in rows]]
    assert [bytes(a.raw) for a in rows] == [GAZETTE, NORTHLINE]
    assert rows[0].options["batch"] == rows[1].options["batch"] and rows[0].uploaded_by == users["alice"]
    assert Sentence.objects.count() == 0 and Story.objects.count() == 0
    processed = upload_process(article_ids=held_queue[0])
    assert [r.status for r in processed] == ["created", "created"]
    rows = list(Article.objects.order_by("pk"))
    # The rows themselves became the articles (same ids), in one story, aligned.
    assert [a.pk for a in rows] == held_queue[0] and {a.status for a in rows} == {"ready"}
    assert len({a.story_id for a in rows}) == 1
    story = Story.objects.get()
    assert story.align_state == Story.AlignState.READY and story.alignments.exists()


def test_processing_again_changes_nothing(
    users: dict[str, Any], fake_encoder: Any, held_queue: list[Any]
) -> None:
    upload_ingest(files=files(), uploaded_by=users["alice"])
    first = [r.as_dict() for r in upload_process(article_ids=held_queue[0])]
    sentences = Sentence.objects.count()
    # A retried task (worker lost after the work was done) finds nothing left to do.
    again = [r.as_dict() for r in upload_process(article_ids=held_queue[0])]
    assert again == first and Sentence.objects.count() == sentences and Article.objects.count() == 2


def test_unfinished_uploads_are_resumed(
    users: dict[str, Any], fake_encoder: Any, held_queue: list[Any]
) -> None:
    upload_ingest(files=files(), uploaded_by=users["alice"])
    Article.objects.filter(pk=held_queue[0][0]).update(status=Article.Status.EMBEDDING)  # stopped mid-way
    assert uploads_resume() == 2 and held_queue[1] == held_queue[0]
    upload_process(article_ids=held_queue[1])
    assert set(Article.objects.values_list("status", flat=True)) == {"ready"}
    assert uploads_resume() == 0


def test_the_same_text_again_is_kept_as_a_duplicate_row(users: dict[str, Any], fake_encoder: Any) -> None:
    (first,) = upload_ingest(files=[SimpleUploadedFile("a.txt", GAZETTE)], uploaded_by=users["alice"])
    (again,) = upload_ingest(files=[SimpleUploadedFile("b.txt", GAZETTE)], uploaded_by=users["alice"])
    assert first.status == "created" and again.status == "duplicate"
    assert again.duplicate_of is not None and again.duplicate_of.pk == first.article.pk  # type: ignore[union-attr]
    dup = Article.objects.get(source_name="b.txt")
    assert dup.status == Article.Status.DUPLICATE and f"#{first.article.pk}" in dup.error  # type: ignore[union-attr]
    assert Article.objects.filter(status="ready").count() == 1


def test_upload_status_polls_until_every_article_is_done(
    users: dict[str, Any], fake_encoder: Any, held_queue: list[Any]
) -> None:
    client = Client()
    assert client.login(username="alice", password=PASSWORD)
    upload_ingest(files=files(), uploaded_by=users["alice"])
    url = reverse("claims:upload_status") + "?ids=" + ",".join(map(str, held_queue[0]))
    busy = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert busy.count('class="badge queued">queued<') == 2 and 'hx-trigger="every 2s"' in busy
    assert "<html" not in busy
    upload_process(article_ids=held_queue[0])
    done = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert done.count(">created<") == 2 and "hx-trigger" not in done
    # Without htmx it is a whole page, and only admins see it.
    assert "<html" in client.get(url).content.decode()
    client.logout()
    assert client.login(username="bob", password=PASSWORD)
    assert client.get(url).status_code == 302


def test_one_submission_is_embedded_in_one_encoder_call(
    users: dict[str, Any], fake_encoder: Any, held_queue: list[Any], monkeypatch: Any
) -> None:
    calls: list[int] = []
    real = fake_encoder.encode
    monkeypatch.setattr(fake_encoder, "encode", lambda texts: calls.append(len(texts)) or real(texts))
    upload_ingest(files=files(), uploaded_by=users["alice"])
    rows = list(Article.objects.order_by("pk"))
    results = articles_process(articles=rows)
    assert [r.status for r in results] == ["created", "created"]
    # Every sentence, and each headline (for the story-clustering lead vector), in one call.
    headlines = Article.objects.exclude(title="").count()
    assert len(calls) == 1 and calls[0] == Sentence.objects.count() + headlines > headlines


def test_an_encoder_failure_fails_the_chunk_with_its_reason_and_keeps_the_uploads(
    users: dict[str, Any], fake_encoder: Any, held_queue: list[Any], monkeypatch: Any
) -> None:
    def broken(texts: Any) -> Any:
        raise RuntimeError("out of memory")

    monkeypatch.setattr(fake_encoder, "encode", broken)
    upload_ingest(files=[*files(), SimpleUploadedFile("empty.txt", b"")], uploaded_by=users["alice"])
    results = upload_process(article_ids=held_queue[0])
    assert [r.status for r in results] == ["failed"] * 3
    assert [r.error for r in results][:2] == ["internal error: out of memory"] * 2
    assert results[2].error == "the file is empty"  # its own reason, found before embedding
    assert [bytes(a.raw) for a in Article.objects.order_by("pk")][:2] == [GAZETTE, NORTHLINE]
    assert Sentence.objects.count() == 0 and Story.objects.count() == 0


def test_chunks_are_read_ahead_of_the_writes_and_the_encoder_runs_in_its_own_thread(
    users: dict[str, Any], fake_encoder: Any, held_queue: list[Any], monkeypatch: Any
) -> None:
    import threading

    from claims.services import article_batch

    events: list[str] = []
    real_read, real_store, real_encode = (
        article_batch._read_queued,
        article_batch._store_queued,
        fake_encoder.encode,
    )

    def read(article: Article) -> Any:
        events.append(f"read {article.source_name}")
        return real_read(article)

    def store(article: Article, *args: Any) -> Any:
        events.append(f"write {article.source_name}")
        return real_store(article, *args)

    def encode(texts: Any) -> Any:
        events.append(threading.current_thread().name.split("_")[0])
        return real_encode(texts)

    monkeypatch.setattr(article_batch, "_read_queued", read)
    monkeypatch.setattr(article_batch, "_store_queued", store)
    monkeypatch.setattr(fake_encoder, "encode", encode)
    courier = SimpleUploadedFile("courier.txt", (SAMPLE_DIR / "valley-courier.txt").read_bytes())
    upload_ingest(files=[*files(), courier], uploaded_by=users["alice"])
    rows = list(Article.objects.order_by("pk"))
    results = articles_process(articles=rows, chunk=1)
    assert [r.status for r in results] == ["created"] * 3
    assert [r.article.pk for r in results if r.article] == [a.pk for a in rows]  # upload order kept
    reads_and_writes = [e for e in events if e != "encoder"]
    # Each chunk is read before the one ahead of it is written: the encoder has work while writes run.
    assert reads_and_writes == [
        "read gazette.txt",
        "read northline.txt",
        "write gazette.txt",
        "read courier.txt",
        "write northline.txt",
        "write courier.txt",
    ]
    assert events.count("encoder") == 3  # one call per chunk, none on the calling thread


def test_an_encoder_failure_fails_only_its_own_chunk(
    users: dict[str, Any], fake_encoder: Any, held_queue: list[Any], monkeypatch: Any
) -> None:
    real, calls = fake_encoder.encode, []

    def second_fails(texts: Any) -> Any:
        calls.append(len(texts))
        if len(calls) == 2:
            raise RuntimeError("worker lost")
        return real(texts)

    monkeypatch.setattr(fake_encoder, "encode", second_fails)
    upload_ingest(files=files(), uploaded_by=users["alice"])
    rows = list(Article.objects.order_by("pk"))
    results = articles_process(articles=rows, chunk=1)
    assert [r.status for r in results] == ["created", "failed"]
    assert results[1].error == "internal error: worker lost"
    stored = list(Article.objects.order_by("pk"))
    assert [a.status for a in stored] == ["ready", "failed"] and bytes(stored[1].raw) == NORTHLINE
    assert set(Sentence.objects.values_list("article_id", flat=True)) == {stored[0].pk}
