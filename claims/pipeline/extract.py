"""Turn an upload into clean article text plus metadata.

First cut (Foundation): decode bytes, split the header lines (title, a date,
a URL) from the body, normalise paragraphs. The Ingestion issue adds the
furniture-removal rules, HTML and outlet detection.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

DATE_LINE = re.compile(r"^(?P<y>(?:19|20)\d\d)-?(?P<m>[01]\d)-?(?P<d>[0-3]\d)$")
URL_LINE = re.compile(r"^https?://\S+$")


class ExtractError(ValueError):
    """The upload cannot become an article; the message is shown to the user."""


@dataclass(frozen=True)
class RemovedBlock:
    text: str
    reason: str
    position: int  # index of the block among the raw text's blocks


@dataclass
class Extracted:
    title: str | None
    body: str  # paragraphs separated by a blank line
    removed: list[RemovedBlock] = field(default_factory=list)
    outlet: str | None = None  # an outlet slug, when the text names its publisher
    published: date | None = None
    url: str | None = None
    byline: str | None = None
    dateline: str | None = None
    language: str | None = None


def decode(data: bytes) -> str:
    """Decode an upload, detecting non-UTF-8 encodings; refuse binary data."""
    if not data or not data.strip():
        raise ExtractError("the file is empty")
    if b"\x00" in data[:8192]:
        raise ExtractError("the file is binary, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise ExtractError("the file's text encoding could not be detected") from None
        text = str(best)
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def blocks(text: str) -> list[str]:
    """Split raw text into blocks: blank-line separated, else one per line."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def looks_like_headline(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 20 and not line.rstrip().endswith((".", ":", ",", ";", "”", '"'))


def extract_text(text: str, *, url: str | None = None) -> Extracted:
    lines = blocks(text)
    if not lines:
        raise ExtractError("the file holds no text")
    title: str | None = None
    published: date | None = None
    if looks_like_headline(lines[0]) and len(lines) > 1:
        title = lines.pop(0)
    while lines:
        head = lines[0]
        date_match = DATE_LINE.match(head)
        if date_match and published is None:
            published = _date(date_match)
        elif URL_LINE.match(head) and url is None:
            url = head
        else:
            break
        lines.pop(0)
    if not lines:
        raise ExtractError("the file holds a headline but no article text")
    return Extracted(title=title, body="\n\n".join(lines), published=published, url=url)


def _date(match: re.Match[str]) -> date | None:
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
