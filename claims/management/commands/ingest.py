"""python manage.py ingest FILE... [--outlet SLUG] [--story SLUG] [--json]"""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.models import Story, StoryRedirect
from claims.pipeline.ingest.extract import ExtractError
from claims.services import articles, stories, uploads


class Command(BaseCommand):
    help = "Ingest articles (.txt, .html, .zip, or URLs) and align the stories they belong to."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files", nargs="+", metavar="FILE", help="files, folders, .zip archives or http(s) URLs"
        )
        parser.add_argument("--outlet", help="outlet slug for every file (default: detected from the text)")
        parser.add_argument(
            "--story",
            help="slug of the story to add every file to (created if missing; default: each "
            "article joins the story of its event, or starts one)",
        )
        parser.add_argument("--json", action="store_true", help="print one JSON list of per-file results")

    def handle(self, *args: Any, **options: Any) -> None:
        sources = list(self._expand(options["files"]))
        if not sources:
            raise CommandError("no files to ingest")
        story = self._story(options["story"]) if options["story"] else None
        bars = StageBars(total=len(sources), enabled=sys.stderr.isatty() and not options["json"])
        # Every file is stored as received first (queued rows), so a failure later loses nothing;
        # then the pipeline runs over all of them in large batches, stage by stage.
        batch = uuid.uuid4().hex
        results: list[articles.IngestResult] = []
        for name, loader in sources:
            try:
                data, url, content_type = loader()
            except (OSError, ExtractError) as exc:
                results.append(articles.ingest_failure(data=b"", source_name=name, reason=str(exc)))
            else:
                results.append(
                    uploads.article_enqueue(
                        data=data,
                        source_name=name,
                        batch=batch,
                        outlet=options["outlet"],
                        url=url,
                        content_type=content_type,
                        story=story,
                    )
                )
            bars.advance("read", 1)
        queued = [r.article.pk for r in results if r.status == "queued" and r.article is not None]
        # upload_process answers in id order, which is the order the rows were stored in.
        done = uploads.upload_process(article_ids=queued, progress=bars.advance)
        processed = dict(zip(sorted(queued), done, strict=True))
        bars.close()
        results = [processed[r.article.pk] if r.status == "queued" and r.article else r for r in results]
        self._report(results, as_json=options["json"])
        if results and all(r.status == "failed" for r in results):
            raise CommandError("no file could be ingested")

    def _story(self, slug: str) -> Story:
        story = Story.objects.filter(slug=slug).first()
        if story is None:
            # A story merged away keeps its slug in its redirect: follow it, as its old links do.
            redirects = StoryRedirect.objects.filter(slug=slug).select_related("story")
            moved = redirects.order_by("-created").first()
            if moved is not None:
                self.stderr.write(f"story {slug!r} was merged into {moved.story.slug!r}; adding there")
                return moved.story
        return story or stories.story_create(title=slug.replace("-", " ").capitalize(), slug=slug)

    def _expand(self, names: list[str]) -> Any:
        for name in names:
            if name.startswith(("http://", "https://")):
                yield name, _url_loader(name)
                continue
            path = Path(name)
            if path.is_dir():
                for child in sorted(path.rglob("*")):
                    if child.is_file() and child.suffix.lower() in {".txt", ".html", ".htm", ".zip"}:
                        yield from self._expand([str(child)])
            elif path.suffix.lower() == ".zip" and path.is_file():
                try:
                    members = uploads.archive_members(path.read_bytes())
                except ExtractError as exc:
                    yield name, _failing_loader(str(exc))
                    continue
                for member, blob in members:
                    yield f"{path.name}:{member}", _bytes_loader(blob)
            else:
                yield path.name, _file_loader(path)

    def _report(self, results: list[articles.IngestResult], *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps([r.as_dict() for r in results], indent=2, ensure_ascii=False))
            return
        for r in results:
            row = r.as_dict()
            if r.status == "failed":
                self.stdout.write(self.style.ERROR(f"FAILED    {r.source_name}: {r.error}"))
            else:
                what = {"created": "OK", "version": "VERSION", "duplicate": "DUPLICATE"}[r.status]
                self.stdout.write(
                    f"{what:<9} {r.source_name}: article {row['article_id']} story {row['story_id']} "
                    f"outlet {row['outlet'] or '?'} title {row['title']!r} published {row['published']}"
                )
                if r.status in ("created", "version") and not row["outlet"]:
                    self.stdout.write(
                        self.style.WARNING(
                            f"          outlet unknown for {r.source_name}: ingest it with --outlet SLUG, "
                            f"or set it on /articles/{row['article_id']}/"
                        )
                    )
        ok = sum(r.status != "failed" for r in results)
        self.stdout.write(self.style.SUCCESS(f"{ok} of {len(results)} ingested"))


def _file_loader(path: Path) -> Any:
    def load() -> tuple[bytes, str | None, str]:
        # Refuse before reading, so an oversize file is never loaded into memory.
        refusal = uploads.upload_too_large(path.stat().st_size)
        if refusal:
            raise ExtractError(refusal)
        return path.read_bytes(), None, ""

    return load


def _bytes_loader(blob: bytes) -> Any:
    return lambda: (blob, None, "")


def _failing_loader(reason: str) -> Any:
    def load() -> tuple[bytes, str | None, str]:
        raise ExtractError(reason)

    return load


def _url_loader(url: str) -> Any:
    def load() -> tuple[bytes, str | None, str]:
        fetched = uploads.url_fetch(url)
        return fetched.data, fetched.final_url, fetched.content_type

    return load


class StageBars:
    """One progress bar per stage across all files, redrawn in place on a terminal.

    Stages: read (files loaded and stored), extract, embed, write (articles
    through the pipeline), align (stories). Each line shows done/total.
    """

    STAGES = ("read", "extract", "embed", "write", "align")

    def __init__(self, *, total: int, enabled: bool) -> None:
        self.enabled = enabled
        self.totals = {stage: total for stage in self.STAGES}
        self.totals["align"] = 0
        self.done = dict.fromkeys(self.STAGES, 0)
        self.drawn = False

    def advance(self, stage: str, n: int) -> None:
        if stage == "align-total":
            self.totals["align"] = n
        elif stage in self.done:
            self.done[stage] = min(self.done[stage] + n, self.totals[stage] or self.done[stage] + n)
        self._draw()

    def _draw(self) -> None:
        if not self.enabled:
            return
        lines = []
        for stage in self.STAGES:
            total, done = self.totals[stage], self.done[stage]
            filled = 24 * done // total if total else 0
            count = f"{done}/{total}" if total else "-"
            lines.append(f"{stage:<8}[{'#' * filled:<24}] {count}")
        if self.drawn:
            sys.stderr.write(f"\x1b[{len(lines)}F")  # back to the first bar's line
        sys.stderr.write("".join(f"\x1b[2K{line}\n" for line in lines))
        sys.stderr.flush()
        self.drawn = True

    def close(self) -> None:
        self._draw()
