"""Line-level cleaning rules: what one line of scraped text is, judged on its own.

Each rule looks at the shape and vocabulary of a line (its length, whether it
ends a sentence, boilerplate words), never at a particular article's strings.
Rules that need neighbouring lines (captions, split names, the end of the
story) live in clean.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from claims.pipeline.ingest.clean_meta import date_in_line

# Reasons are shown to editors next to what was removed, so they stay short.
CAPTION = "caption"
CREDIT = "photo credit"
IMAGE = "image marker"
RELATED = "related posts"
RELATED_LINK = "related link"
COPYRIGHT = "copyright"
HASH = "tracking hash"
SHARE = "share counter"
SOURCE = "source line"
SYNDICATION = "syndication notice"
FURNITURE = "site furniture"
INTERACTIVE = "interactive"
CONTRIBUTORS = "contributors"
CONTACT = "contact line"
BYLINE = "byline"
TIMESTAMP = "timestamp"
SEPARATOR = "separator"
LINK = "link"
HEADING = "heading"
NAME_LABEL = "name label"
OTHER_LANGUAGE = "other language"
REPEATED = "repeated"
DATELINE = "dateline"
TITLE = "title"
UPDATE_LABEL = "update label"

# md5, sha1 or sha256 hex digests, with at least one digit and one letter so a word never matches.
HEX_HASH = re.compile(
    r"(?<![\w-])(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{32}(?:[0-9a-f]{8}|[0-9a-f]{32})?(?![\w-])", re.I
)
# "UPDATE:", "UPDATE: 7:19 p.m. --", "UPDATE - May 30, 10 p.m.:": when a paragraph was added,
# not what it says. Capitals only: "Update" in prose is a word of the story.
UPDATE_OPENING = re.compile(
    r"^UPDATED?\b(?:[\s\d:,.\-–—]|[ap]\.m\.|[ap]m\b|[ECMP][SD]?T\b|GMT\b"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?)*"
)
URL_ONLY = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
SOURCE_LINE = re.compile(r"^(?:source|via)\s*:\s*\S.{0,80}$", re.I)
COPYRIGHT_LINE = re.compile(
    r"^(?:copyright\b|©|\(c\)\s*(?:19|20)\d\d)|all rights reserved"
    r"|may not be (?:published|reproduced|copied),? (?:broadcast|distributed)",
    re.I,
)
SYNDICATION_LINE = re.compile(
    r"\b(?:ha(?:s|ve) been indexed|do not claim (?:any )?(?:legitimacy|ownership)|source link"
    r"|originally (?:appeared|published) (?:on|in|at)\b|this (?:story|article) (?:was|first) (?:originally )?"
    r"(?:published|appeared)|republished (?:with permission|from)|click here)\b",
    re.I,
)
FURNITURE_LINE = re.compile(
    r"^(?:error\s*:.*|.*\bcontent is protected\b.*|advertisement|ad|skip to (?:main )?content|supported by"
    r"|sign up\b.*|subscribe\b.*|listen to (?:this )?(?:article|story)\b.*|continue reading\b.*"
    r"|follow us\b.*|loading|we use cookies\b.*|accept(?: all)? cookies|share (?:this|on)\b.*|copy link"
    r"|print(?: this)?(?: article| page)?|leave a (?:comment|reply)|comments?|newsletter|back to top"
    r"|give this article|gift this article|save article|open in app|(?:see|view) (?:more|all) comments?"
    r"|(?:please )?(?:enable|turn on) javascript\b.*|javascript is (?:disabled|required)\b.*)"
    r"\s*[.!:]*$",
    re.I,
)


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


SHARE_WORDS = _set(
    "share shares shared tweet tweets total email e-mail print facebook twitter whatsapp linkedin pinterest "
    "reddit telegram pin save comments comment views likes like index of news"
)
COUNT = re.compile(r"^\d[\d,.]*[kKmM]?$")
IMAGE_MARKER = re.compile(
    r"^(?:image|images|photo|photos|photograph|picture|video|gallery|graphic|illustration|slideshow|im|img)"
    r"(?:\s*#?\d+)?(?:\s*(?:of|/)\s*\d+)?$",
    re.I,
)
CREDIT_PREFIX = re.compile(
    r"^(?:credits?|photo(?:graph)?s?|pictures?|images?|illustration|video)\s*(?:…|\.\.\.|:|by\b)\s*\S"
    r"|^(?:pool|file|handout|ap|afp|reuters)?\s*photo(?: illustration)?\s+by\b",
    re.I,
)
# "Yuri Kochetkov/Associated Press", "/Associated Press", "Jane Doe/EPA, via Shutterstock"
SLASH_CREDIT = re.compile(r"^(?P<who>[^/.!?]{0,60})/\s*(?P<agency>[A-Z][^/]{0,80}(?:/[^/]{1,60}){0,2})$")
CREDIT_LINKS = frozenset({"via", "for", "the", "of", "and", "&", "—", "–", "-"})
TIME_OF_DAY = re.compile(r"\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\b|GMT|UTC|BST|CET|[ECMP][SD]?T\b)", re.I)
AGENCY_TAIL = re.compile(
    r"(?:getty images|shutterstock|ap photo|reuters|agence france-presse|afp|epa|associated press"
    r"|for the new york times|via [A-Z][\w ]+)\)?$",
    re.I,
)
INLINE_CREDIT = re.compile(
    r"(?:\b(?:photo|photograph|image|credit|picture)s?\s*(?::|…|\.\.\.)\s*[^.!?]{2,90}"
    r"|\((?:AP|AFP|Reuters)? ?Photo/[^)]{2,80}\))\s*$",
    re.I,
)
INTERACTIVE_LINE = re.compile(
    r"^(?:(?:card|slide|step|chapter|part|item)\s+\d+\s+of\s+\d+|\d+\s*/\s*\d+|\d{1,2}:\d{2}"
    r"|(?:play|watch|replay)(?: (?:the )?video)?(?:\s*[:—–-].{0,60})?|(?:previous|next)(?: slide| card)?)$",
    re.I,
)
# Headers that open a block of other stories: after one, the article is over.
RELATED_HEADER = re.compile(
    r"^(?:related(?: posts?| articles?| stories| coverage| content| news| reading| topics)?"
    r"|more (?:stories|news|articles|from [\w .'’-]{1,40}|on this (?:story|topic))"
    r"|you (?:may|might) (?:also )?(?:like|be interested in)|recommended(?: for you| stories| reading)?"
    r"|most (?:popular|read|viewed|shared)|trending(?: now| stories)?|latest (?:news|stories)|top stories"
    r"|what to read next|in other news|elsewhere on [\w .]{1,30})\s*[:.]?$",
    re.I,
)
TEASER_LINE = re.compile(r"\s(?:thumbnail|thumb)$", re.I)
RELATED_LINE = re.compile(
    r"^(?:read more|see also|also read|read also|related|more|watch|listen|read next|recommended)"
    r"(?:\s*[:|»›>—–-]\s*\S.{0,200})?$",
    re.I,
)
CONTRIBUTORS_LINE = re.compile(
    r"\bcontributed (?:reporting|to this (?:report|article|story))\b"
    r"|^(?:[A-Z][\w.'’-]+,? ){1,4}(?:and [A-Z][\w.'’-]+ (?:[A-Z][\w.'’-]+ ){0,2})?reported from\b"
    r"|^(?i:(?:additional )?reporting|writing|editing|compiled|written|edited) (?i:by) [A-Z][\w.'’-]* [A-Z]",
)
CONTACT_LINE = re.compile(
    r"^(?:write to\b.{1,120}|to contact the (?:reporters?|authors?|editors?)\b.{0,200}"
    r"|(?:contact|email|e-mail) (?:the )?(?:reporter|author|writer)s?\b.{0,120}"
    r"|follow [\w .'’-]{1,60} on (?:twitter|x|facebook|instagram|threads|bluesky|linkedin)\b.{0,60})$",
    re.I,
)
# Case-sensitive on purpose: "By Tuesday the river had risen" is a sentence, not a byline.
BYLINE_LINE = re.compile(
    r"^(?:By|BY|by)\s+[A-Z][\w.'’-]+(?:(?:,\s*|\s+and\s+|\s+)[A-Z][\w.'’-]+){1,12}"
    r"(?:\s*(?:,|\||—|–|-)\s*[^.!?]{0,60})?$"
)
TIMESTAMP_LINE = re.compile(
    r"^(?:(?:first |last )?(?:published|updated|posted|modified)\b.{0,80}\d.{0,40}"
    r"|(?:19|20)\d\d-?[01]\d-?[0-3]\d(?:[T ][\d:.]+Z?)?"
    r"|(?:[A-Z][a-z]{2,8}\.? \d{1,2}, (?:19|20)\d\d|\d{1,2} [A-Z][a-z]{2,8}\.? (?:19|20)\d\d)"
    r"(?:,? (?:at )?\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?(?: [A-Z]{2,4})?)?)$",
    re.I,
)
SEPARATOR_LINE = re.compile(r"^[\W_]+$")

# An English name fragment: "Dmitry Peskov", "Viktor Orban.", "Vladimir V. Putin".
NAME_TOKEN = re.compile(
    r"^(?:[A-ZÀ-Þ][\w'’-]*\.?|[A-Z]\.|(?:de|van|von|da|al|bin|el|la|le|di)|[A-Z][a-z]?\.)$"
)
TERMINAL = tuple('.?!…:;"”’)]')
SMALL_WORDS = _set("a an and as at but by for from in into nor of on or over the to up with vs")


def words(line: str) -> list[str]:
    return line.split()


def is_name_fragment(line: str, max_words: int = 4) -> bool:
    """True for a line that is just a person's name (two to max_words capitalised tokens)."""
    tokens = words(line.rstrip(".,"))
    return (
        2 <= len(tokens) <= max_words
        and all(NAME_TOKEN.match(t) for t in tokens)
        and tokens[-1][0].isupper()
        and not any(t.lower() in SMALL_WORDS for t in tokens)
    )


def is_terminated(line: str) -> bool:
    stripped = line.rstrip()
    return not stripped or stripped.endswith(TERMINAL)


def open_quote(text: str) -> bool:
    """True when text opens a double quotation it does not close."""
    return text.count("“") > text.count("”") or (text.count('"') % 2 == 1)


def is_heading(line: str) -> bool:
    """A short title-cased line with no sentence punctuation: a headline or a subheading."""
    tokens = words(line)
    if not 1 <= len(tokens) <= 16 or is_terminated(line) or line.endswith(","):
        return False
    content = [t for t in tokens if t.lower() not in SMALL_WORDS]
    capitalised = sum(t[0].isupper() or t[0].isdigit() for t in content)
    return bool(content) and capitalised >= 0.6 * len(content)


def is_share_counter(line: str) -> bool:
    tokens = [t.strip(":|·•").lower() for t in words(line)]
    tokens = [t for t in tokens if t]
    return (
        0 < len(tokens) <= 4
        and all(t in SHARE_WORDS or COUNT.match(t) for t in tokens)
        and tokens != ["of"]
        and any(t not in {"of", "news"} for t in tokens)
    )


def is_credit(line: str, agency_names: Iterable[str] = ()) -> bool:
    """A photo credit line: "Credit…X", "Photo: X/Getty Images", "X/Associated Press"."""
    if len(words(line)) > 14:
        return False
    if CREDIT_PREFIX.match(line):
        return True
    if _is_slash_credit(line):
        return True
    stripped = line.strip("() ")
    if len(words(stripped)) <= 6 and not is_terminated(stripped) and AGENCY_TAIL.search(stripped):
        return True
    return stripped in set(agency_names)


def _is_slash_credit(line: str) -> bool:
    """ "Name/Agency": every word after the slash capitalised, no sentence end, a short name before it.

    Keeps "Israeli/Palestinian talks resumed on Monday." a sentence.
    """
    match = SLASH_CREDIT.match(line)
    if not match or line.startswith(("http", "www")) or line.rstrip().endswith((".", "!", "?", ":")):
        return False
    who = match["who"].split()
    agency = re.split(r"[\s,/]+", match["agency"])
    return len(who) <= 5 and all(w[:1].isupper() or w.lower() in CREDIT_LINKS for w in agency if w)


def _is_timestamp(line: str) -> bool:
    return bool(TIMESTAMP_LINE.match(line)) and bool(date_in_line(line) or TIME_OF_DAY.search(line))


def line_rules(agency_names: Iterable[str] = ()) -> list[tuple[str, Callable[[str], bool]]]:
    """The ordered single-line rules; the first that matches names the reason."""
    agencies = tuple(agency_names)
    short = 40  # words; boilerplate lines are short, story paragraphs rarely match these patterns anyway

    def brief(pattern: re.Pattern[str]) -> Callable[[str], bool]:
        return lambda line: len(words(line)) <= short and bool(pattern.search(line))

    return [
        (HASH, lambda line: bool(HEX_HASH.fullmatch(line.strip()))),
        (SEPARATOR, lambda line: bool(SEPARATOR_LINE.match(line))),
        (LINK, lambda line: bool(URL_ONLY.match(line))),
        (SOURCE, lambda line: bool(SOURCE_LINE.match(line))),
        (COPYRIGHT, brief(COPYRIGHT_LINE)),
        (SYNDICATION, lambda line: len(words(line)) <= 80 and bool(SYNDICATION_LINE.search(line))),
        (FURNITURE, lambda line: len(words(line)) <= 15 and bool(FURNITURE_LINE.match(line))),
        (SHARE, is_share_counter),
        (IMAGE, lambda line: bool(IMAGE_MARKER.match(line))),
        (CREDIT, lambda line: is_credit(line, agencies)),
        (INTERACTIVE, lambda line: bool(INTERACTIVE_LINE.match(line))),
        (RELATED, lambda line: bool(RELATED_HEADER.match(line) or TEASER_LINE.search(line))),
        (RELATED_LINK, lambda line: len(words(line)) <= 30 and bool(RELATED_LINE.match(line))),
        (CONTRIBUTORS, lambda line: len(words(line)) <= 80 and bool(CONTRIBUTORS_LINE.search(line))),
        (CONTACT, lambda line: bool(CONTACT_LINE.match(line))),
        (BYLINE, lambda line: len(words(line)) <= 16 and bool(BYLINE_LINE.match(line))),
        (TIMESTAMP, _is_timestamp),
    ]


def classify(line: str, rules: list[tuple[str, Callable[[str], bool]]]) -> str | None:
    for reason, rule in rules:
        if rule(line):
            return reason
    return None


def is_end_marker(line: str) -> bool:
    """A line after which nothing belongs to the story: a related-stories header or a teaser."""
    return bool(RELATED_HEADER.match(line) or TEASER_LINE.search(line))
