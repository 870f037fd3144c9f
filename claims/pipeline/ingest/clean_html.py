"""The main text and metadata of an HTML page, via trafilatura.

trafilatura drops navigation, scripts, comments and most figure markup; what
is left goes through the same text cleaning rules as a pasted article, which
catch the captions, credits and related links it lets through.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from claims.pipeline.ingest import clean_meta as meta


@dataclass(frozen=True)
class Page:
    text: str  # one paragraph per line
    title: str | None
    published: date | None
    author: str | None
    sitename: str | None
    url: str | None


def html_to_text(html: str, *, url: str | None = None) -> Page:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_recall=True,  # keep every story paragraph; the text rules remove the rest
    )
    if doc is None or isinstance(doc, dict):
        return Page("", None, None, None, None, url)
    published = meta.date_in_line(doc.date) if doc.date else None
    return Page(
        text=doc.text or "",
        title=(doc.title or "").strip() or None,
        published=published,
        author=(doc.author or "").strip() or None,
        sitename=(doc.sitename or doc.hostname or "").strip() or None,
        url=doc.url or url,
    )
