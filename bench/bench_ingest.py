"""Ingest throughput: sentences per second through extract + segment + embed + write.

    .venv/bin/python bench/bench_ingest.py [--articles 200] [--chunk 32]

BASIL articles (../shared/eval/basil) are uploaded as plain text through the
app's own path: `upload_ingest` stores them as queued rows, then
`articles_process` (what the upload task runs) reads, segments, embeds and
writes them, chunk by chunk, the encoder in its own thread. Alignment is left out (its cost is
bench_align.py's). In the same run, the raw `SentenceTransformer.encode` loop
of the same model on the same sentences at the same batch size is the
reference the issue names; the ratio of the two is the figure
docs/performance.md records. The app's own encoder alone on the same
sentences is timed too: it batches texts of like token length, so it beats
the library's loop, and `ratio_to_app_encoder_alone` shows what the rest of
ingest costs beside it.
Models load before any clock starts. Peak memory (ru_maxrss) is reported too.
Uses its own throwaway database on the embedded server. Prints JSON.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import cProfile
import json
import os
import resource
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
BASIL = Path(os.environ.get("NEWSDIFF_EVAL_DIR", ROOT.parent / "shared" / "eval")) / "basil" / "articles"
DB_NAME = "bench_newsdiff_ingest"

import machine  # noqa: E402  (bench/ is the script's own folder)


def basil_paths(limit: int) -> list[Path]:
    """The first `limit` BASIL articles in date order (ties: file name)."""
    dated = [(json.loads(p.read_text()).get("date", ""), p.name, p) for p in BASIL.glob("*/*.json")]
    return [path for _, _, path in sorted(dated)[:limit]]


def basil_texts(limit: int) -> list[tuple[str, bytes, str]]:
    """(file name, plain-text upload, outlet slug) for the first `limit` BASIL articles in date order."""
    rows = []
    for path in basil_paths(limit):
        data = json.loads(path.read_text())
        paragraphs = [" ".join(p) for p in data["body-paragraphs"] if p]
        text = "\n\n".join([data["title"], data.get("date", ""), *paragraphs])
        rows.append((path.name, text.encode(), str(data.get("source", "")).lower()))
    return rows


class _Upload:
    def __init__(self, name: str, data: bytes) -> None:
        self.name, self._data = name, data

    def read(self, size: int = -1) -> bytes:
        return self._data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--chunk", type=int, default=32, help="articles read and embedded together")
    parser.add_argument("--profile", metavar="FILE", help="write cProfile stats of the app's part to FILE")
    args = parser.parse_args()
    if not BASIL.is_dir():
        sys.exit(f"BASIL is not in {BASIL}")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    from claims import engines
    from claims.models import Article, Sentence
    from claims.services import schedule
    from claims.services.article_batch import articles_process
    from claims.services.uploads import upload_ingest

    texts = basil_texts(args.articles)
    encoder = engines.encoder()
    engines.nlp()
    engines.segmenter()  # the senter-only pipeline loads on its own
    encoder.encode(["warm up the encoder once before any clock starts"])
    setup_test_environment()
    connection.settings_dict.setdefault("TEST", {})["NAME"] = DB_NAME
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    held: list[list[int]] = []
    schedule.upload_process_later = lambda *, article_ids: held.append(article_ids)  # type: ignore[assignment]
    try:
        for name, data, source in texts:
            upload_ingest(files=[_Upload(name, data)], outlet=source)
        ids = [pk for batch in held for pk in batch]
        rows = list(Article.objects.filter(pk__in=ids).order_by("pk"))
        # Where the time goes with the encoder in its own thread: how long the
        # encoder was busy, and how long the calling thread waited for it.
        timers = {"encoder_busy": 0.0, "caller_waiting": 0.0, "encoder_texts": 0}
        real_encode, real_result = encoder.encode, concurrent.futures.Future.result

        def timed_encode(batch: Any) -> Any:
            start = time.perf_counter()
            try:
                return real_encode(batch)
            finally:
                timers["encoder_busy"] += time.perf_counter() - start
                timers["encoder_texts"] += len(batch)

        def timed_result(future: Any, timeout: float | None = None) -> Any:
            start = time.perf_counter()
            try:
                return real_result(future, timeout)
            finally:
                # The encoder's own waits for its workers (threads.py) are not the caller's.
                if threading.current_thread() is threading.main_thread():
                    timers["caller_waiting"] += time.perf_counter() - start

        encoder.encode = timed_encode  # type: ignore[method-assign]
        concurrent.futures.Future.result = timed_result  # type: ignore[method-assign]
        profiler = cProfile.Profile() if args.profile else None
        started = time.perf_counter()
        with profiler or contextlib.nullcontext():
            articles_process(articles=rows, chunk=args.chunk)
        app_s = time.perf_counter() - started
        encoder.encode, concurrent.futures.Future.result = real_encode, real_result  # type: ignore[method-assign]
        if profiler:
            profiler.dump_stats(args.profile)
        sentences = list(Sentence.objects.order_by("article_id", "index").values_list("text", flat=True))
        started = time.perf_counter()
        encoder._model.encode(  # type: ignore[attr-defined]
            sentences,
            batch_size=encoder.batch_size,  # type: ignore[attr-defined]
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        raw_s = time.perf_counter() - started
        # The app's own encoder alone on the same sentences (like-length groups,
        # embed.py): how much of the gap to the library's loop is the rest of ingest.
        started = time.perf_counter()
        encoder.encode(sentences)
        own_s = time.perf_counter() - started
        statuses = dict.fromkeys(Article.Status.values, 0)
        for status in Article.objects.values_list("status", flat=True):
            statuses[status] += 1
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    import torch

    out: dict[str, Any] = {
        "articles": len(texts),
        "articles_by_status": {k: v for k, v in statuses.items() if v},
        "sentences": len(sentences),
        "chunk": args.chunk,
        "app_seconds": round(app_s, 2),
        "app_sentences_per_s": round(len(sentences) / app_s, 1),
        "raw_encode_seconds": round(raw_s, 2),
        "raw_encode_sentences_per_s": round(len(sentences) / raw_s, 1),
        "ratio": round(raw_s / app_s, 3),
        "app_encoder_alone_seconds": round(own_s, 2),
        "ratio_to_app_encoder_alone": round(own_s / app_s, 3),
        "encoder_busy_seconds": round(timers["encoder_busy"], 2),
        "encoder_texts": timers["encoder_texts"],  # sentences and headlines
        "caller_waiting_for_encoder_seconds": round(timers["caller_waiting"], 2),
        "embedding_batch_size": encoder.batch_size,  # type: ignore[attr-defined]
        "device": str(getattr(encoder, "device", "cpu")),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "machine": machine.describe(torch_threads=torch.get_num_threads()),
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
