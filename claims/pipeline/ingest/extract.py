"""Turn an upload into clean article text plus metadata.

decode() turns bytes into text; extract_text() and extract_html() split the
header (title, a date, a URL) from the body, clean the body (clean.py) and
detect the outlet (outlets.py).

A text that is not in English raises ExtractError by default: the sentence
model and the embeddings downstream are English-only, and comparing a Spanish
article sentence by sentence with English ones would produce nonsense.
Callers that want the text anyway pass allow_other_languages=True and get
Extracted.language set to the guessed ISO code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from claims.pipeline.ingest import clean_meta as meta
from claims.pipeline.ingest import clean_rules as rules
from claims.pipeline.ingest import outlets as outlets_mod
from claims.pipeline.ingest.clean import Line, RemovedBlock, clean, normalise, split_lines

__all__ = ["ExtractError", "Extracted", "RemovedBlock", "decode", "extract_html", "extract_text"]

LANGUAGE_NAMES = {
    "es": "Spanish",
    "pt": "Portuguese",
    "fr": "French",
    "de": "German",
    "it": "Italian",
    "zh": "Chinese",
    "ru": "Russian",
    "ar": "Arabic",
    "he": "Hebrew",
    "el": "Greek",
}
DATE_LINE = meta.DATE_LINE
URL_LINE = rules.URL_ONLY
# Control characters that never occur in text files (tab, newlines and form feed do).
BINARY_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}
BINARY_MAGIC = (
    b"%PDF",
    b"PK\x03\x04",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"\x1f\x8b",
    b"{\\rtf",
    b"\xd0\xcf\x11\xe0",
)


class ExtractError(ValueError):
    """The upload cannot become an article; the message is shown to the user."""


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
    credits: list[str] = field(default_factory=list)  # "X contributed reporting" lines, kept out of the body


def decode(data: bytes) -> str:
    """Decode an upload, detecting non-UTF-8 encodings; refuse empty and binary data."""
    if not data or not data.strip():
        raise ExtractError("the file is empty")
    if data.startswith(BINARY_MAGIC):
        raise ExtractError("the file is binary (a PDF, image, archive or office document), not text")
    text: str | None = None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ExtractError("the file claims to be UTF-16 but is not valid UTF-16") from None
    elif b"\x00" in data[:8192]:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise ExtractError("the file is binary, not text")
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            raise ExtractError("the file is binary, not text") from None
    if text is None:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _detect(data)
    sample = text[:8192]
    if sum(ord(c) in BINARY_CONTROL for c in sample) > 0.01 * max(len(sample), 1):
        raise ExtractError("the file is binary, not text")
    if not text.strip():
        raise ExtractError("the file is empty")
    return normalise(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a byte order mark: in ASCII-heavy text every other byte is zero."""
    head = data[:4096]
    half = len(head) / 2
    zeros_even, zeros_odd = head[0::2].count(0), head[1::2].count(0)
    if zeros_odd > 0.4 * half and zeros_even < 0.05 * half:
        return "utf-16-le"
    if zeros_even > 0.4 * half and zeros_odd < 0.05 * half:
        return "utf-16-be"
    return None


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ExtractError("the file's text encoding could not be detected; save it as UTF-8 and try again")
    return str(best)


def looks_like_headline(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 20 and not line.rstrip().endswith((".", ":", ",", ";", "”", '"', "’"))


def _header(
    lines: list[Line], url: str | None, known_title: str | None
) -> tuple[str | None, date | None, str | None, int]:
    """Title, date and URL from the first lines; returns how many lines they took.

    With known_title (from HTML metadata) the first line only counts as the
    title when it repeats it; otherwise it is body text.
    """
    title: str | None = None
    published: date | None = None
    index = 0
    first = lines[0].text if lines else ""
    if known_title is not None:
        if _same(first, known_title):
            index = 1
    elif (
        len(lines) > 1
        and looks_like_headline(first)
        and not lines[1].text[0].islower()  # a wrapped first sentence, not a headline
        and meta.split_dateline(first)[0] is None
        and not rules.URL_ONLY.match(first)
        and not DATE_LINE.match(first)
    ):
        title, index = first, 1
    # Scrapers put the date and the URL right under the headline, in either order.
    while index < min(len(lines), 4):
        head = lines[index].text
        if DATE_LINE.match(head) and published is None:
            published = meta.date_in_line(head)
        elif rules.URL_ONLY.match(head):
            url = url or (head if head.lower().startswith("http") else f"https://{head}")
        elif rules.TIMESTAMP_LINE.match(head) and published is None and meta.date_in_line(head):
            published = meta.date_in_line(head)
        else:
            break
        index += 1
    return known_title or title, published, url, index


def extract_text(
    text: str,
    *,
    url: str | None = None,
    outlets: outlets_mod.OutletTable | None = None,
    allow_other_languages: bool = False,
    title: str | None = None,
    published: date | None = None,
    sitename: str | None = None,
    source_name: str | None = None,
) -> Extracted:
    """Clean article text and read its metadata.

    title/published/sitename come from a richer source (HTML metadata) when the
    caller has one; they win over what the text's own header says. The date
    is then read from the header, from the timestamp, byline and heading lines
    cleaning removed near the top, from the URL, and last from the uploaded
    file's name (source_name), which also counts towards the outlet.
    """
    table = outlets or outlets_mod.default_table()
    lines = split_lines(text)
    if not lines:
        raise ExtractError("the file holds no text")
    title, head_date, url, taken = _header(lines, url, title)
    body_lines = lines[taken:]
    if not body_lines:
        raise ExtractError("the file holds a headline but no article text")
    agencies = [n for o in table for n in o.names if len(n) > 3]
    cleaned = clean(body_lines, title=title, agency_names=agencies)
    body = "\n\n".join(cleaned.paragraphs)
    if not body.strip():
        raise ExtractError("no article text is left after removing captions, credits and site furniture")
    if len(cleaned.paragraphs) == 1 and looks_like_headline(body) and len(body.split()) <= 20:
        raise ExtractError("the file holds a headline but no article text")
    if cleaned.language not in (None, "en") and not allow_other_languages:
        name = LANGUAGE_NAMES.get(cleaned.language or "", "another language")
        raise ExtractError(f"the article is not in English (it looks like {name}); only English is supported")
    return Extracted(
        title=title,
        body=body,
        removed=cleaned.removed,
        outlet=outlets_mod.detect_outlet(
            normalise(text), url, table, sitename=sitename, file_name=source_name
        ),
        published=published
        or head_date
        or _date_in_removed(cleaned.removed)
        or meta.date_in_url(url)
        or meta.date_in_name(source_name),
        url=url,
        byline=cleaned.byline,
        dateline=cleaned.dateline,
        language=cleaned.language,
        credits=cleaned.credits,
    )


# Removed lines that state when the article was published, when near the top.
_DATED_REASONS = {"timestamp", "heading", "byline", "dateline", "name label"}
_DATED_WITHIN = 6


def _date_in_removed(removed: list[RemovedBlock]) -> date | None:
    for block in removed:
        if block.reason in _DATED_REASONS and block.position < _DATED_WITHIN and len(block.text) < 200:
            found = meta.date_in_line(block.text)
            if found:
                return found
    return None


def _same(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def extract_html(
    html: str,
    *,
    url: str | None = None,
    outlets: outlets_mod.OutletTable | None = None,
    allow_other_languages: bool = False,
    source_name: str | None = None,
) -> Extracted:
    """Main text and metadata of an HTML page via trafilatura, then the text cleaning rules."""
    from claims.pipeline.ingest.clean_html import html_to_text

    page = html_to_text(html, url=url)
    empty = "no article text was found in the HTML page (a page that needs JavaScript shows none)"
    if not page.text.strip():
        raise ExtractError(empty)
    try:
        extracted = extract_text(
            page.text,
            url=page.url or url,
            outlets=outlets,
            allow_other_languages=allow_other_languages,
            title=page.title,
            published=page.published,
            sitename=page.sitename,
            source_name=source_name,
        )
    except ExtractError as exc:
        if str(exc).startswith("no article text"):
            raise ExtractError(empty) from None
        raise
    if page.author and not extracted.byline:
        extracted.byline = meta.byline_names(page.author.replace(";", ","))
    return extracted
