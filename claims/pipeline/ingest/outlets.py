"""Which outlet published a text: an outlet table plus signal scoring.

The table ships in data/outlets.json and can be extended or overridden by a
JSON file of the same shape (the Django settings pass NEWSDIFF_OUTLETS_FILE).

Detection weighs signals instead of taking the first hit, because scraped
articles mention many outlets: a WSJ story carries AP photo credits, an AP
story is syndicated on a local paper's domain, a NYT story cites El País.
Statements the page makes about itself (a "Source :" line, a copyright line,
a wire tag in the dateline) outweigh the URL, which outweighs house style,
which outweighs credits and mentions.
"""

from __future__ import annotations

import functools
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

DEFAULT_FILE = Path(__file__).with_name("data") / "outlets.json"
ENV_FILE = "NEWSDIFF_OUTLETS_FILE"

# Signal weights; see the module docstring for the ordering rationale.
W_WIRE_DATELINE = 6.0
W_SOURCE_LINE = 5.0
W_COPYRIGHT = 5.0
W_BYLINE = 5.0  # "By Dana Whitfield | Fox News": the page naming its own reporter's outlet
W_DOMAIN = 4.0
W_SITENAME = 4.0
W_NAME_LINE = 3.0  # a line that is only the outlet's name, as bylines print it ("USA TODAY")
W_FILE_NAME = 3.0  # the uploaded file's name: "politico-bridge.txt"
W_SELF_REFERENCE = 1.5  # "told POLITICO", "The Independent has contacted": an outlet citing itself
W_EMAIL = 2.0
W_HOUSE_STYLE = 1.0
W_CREDIT = 0.5
W_MENTION = 0.5
MIN_SCORE = 1.0

SOURCE_LINE = re.compile(
    r"^\s*(?:source|via|originally published (?:by|in|at))\s*:\s*(?P<name>.{2,80}?)\s*$", re.I
)
COPYRIGHT_LINE = re.compile(r"copyright|©|\(c\)\s*\d{4}|all rights reserved", re.I)
WIRE_DATELINE = re.compile(
    r"^[A-ZÀ-Þ][A-ZÀ-Þ .,'’-]{1,60}?[\s,]*\(?\b(?P<tag>[A-Z][A-Za-z]{1,8})\b\)?\s*(?:—|–|--|-)\s*\S"
)
BYLINE_LINE = re.compile(r"^by\s+\S", re.I)
BYLINE_SEPARATOR = re.compile(r"\s*(?:\||·|•|—|–|,| - )\s*")
URL_LINE = re.compile(
    r"^(?:(?:url|link|source|original(?:ly)?(?: published)?(?: at)?)\s*:\s*)?(?P<url>https?://\S+)$", re.I
)
# How an outlet names itself in its own copy; another outlet's reporting is cited
# as "X reported", which these do not match.
SELF_REFERENCE = (
    r"\btold {name}\b",
    r"\b(?:in an interview with|speaking to|confirmed to|according to a statement to) {name}\b",
    r"\b{name}(?:'s?|’s?)? (?:has )?(?:contacted|reached out|requested comment|asked|has learned)\b",
    r"\b{name}(?:'s?|’s?) [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){{0,2}} contributed\b",
    r"^contributing:.*\b{name}\b",
)
EMAIL = re.compile(r"\b[\w.+-]+@(?P<domain>[\w-]+(?:\.[\w-]+)+)\b")
CREDIT_HINT = re.compile(r"(?:^|\s)/\s*\S|^credit|photo|getty|shutterstock|\bvia\b", re.I)


@dataclass(frozen=True)
class Outlet:
    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    wire_tags: tuple[str, ...] = ()  # the tag a wire service puts in datelines: "(AP)"
    owners: tuple[str, ...] = ()  # companies named in copyright lines, e.g. Dow Jones for WSJ
    house_style: tuple[str, ...] = ()  # regexes for phrasing only this outlet uses

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class OutletTable:
    outlets: tuple[Outlet, ...] = field(default_factory=tuple)

    def get(self, slug: str) -> Outlet | None:
        return next((o for o in self.outlets if o.slug == slug), None)

    def __iter__(self) -> Any:
        return iter(self.outlets)

    def by_name(self, name: str) -> Outlet | None:
        """The outlet a free-form name designates: "Nytimes", "The Wall Street Journal", "wsj.com"."""
        key = _key(name)
        if not key:
            return None
        for outlet in self.outlets:
            keys = {_key(n) for n in outlet.names} | {_key(d.split(".")[0]) for d in outlet.domains}
            keys |= {_key(d) for d in outlet.domains} | {_key(outlet.slug)}
            if key in keys or key.removeprefix("the") in keys:
                return outlet
        return None

    def mentions_any(self, line: str) -> bool:
        """Whether any outlet name of 3 or more characters stands in the line as a word.

        One search instead of one per name: most lines name no outlet, and the
        per-outlet tests then run only on the few that do.
        """
        return _name_screen(self).search(line) is not None

    def by_host(self, host: str) -> Outlet | None:
        host = host.lower().rstrip(".")
        for outlet in self.outlets:
            if any(host == d or host.endswith("." + d) for d in outlet.domains):
                return outlet
        return None


def _key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", folded)


def _outlet_from_json(raw: Mapping[str, Any], base: Outlet | None = None) -> Outlet:
    def strings(key: str) -> tuple[str, ...] | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, str) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"outlet {raw.get('slug')!r}: {key} must be a list of strings")
        return tuple(value)

    slug = raw.get("slug")
    if not isinstance(slug, str) or not slug:
        raise ValueError("every outlet needs a non-empty string slug")
    fields: dict[str, Any] = {"slug": slug}
    if "name" in raw:
        fields["name"] = str(raw["name"])
    for key in ("aliases", "domains", "wire_tags", "owners", "house_style"):
        value = strings(key)
        if value is not None:
            fields[key] = value
    for pattern in fields.get("house_style", ()):
        try:
            re.compile(pattern)  # fail at load time, not in the middle of an ingest
        except re.error as exc:
            raise ValueError(f"outlet {slug!r}: bad house_style pattern {pattern!r}: {exc}") from None
    if base is not None:
        return replace(base, **fields)
    fields.setdefault("name", slug)
    return Outlet(**fields)


def parse_table(data: Any, base: OutletTable | None = None) -> OutletTable:
    """Build a table from parsed JSON: {"outlets": [...], "replace_defaults": bool} or a bare list.

    Entries whose slug is already in base override the fields they give; new
    slugs are appended. With "replace_defaults": true the base is ignored.
    """
    if isinstance(data, list):
        data = {"outlets": data}
    if not isinstance(data, dict) or not isinstance(data.get("outlets"), list):
        raise ValueError('an outlets file holds {"outlets": [...]} or a list of outlets')
    outlets = [] if base is None or data.get("replace_defaults") else list(base.outlets)
    for raw in data["outlets"]:
        if not isinstance(raw, dict):
            raise ValueError("each outlet is a JSON object")
        index = next((i for i, o in enumerate(outlets) if o.slug == raw.get("slug")), None)
        if index is None:
            outlets.append(_outlet_from_json(raw))
        else:
            outlets[index] = _outlet_from_json(raw, outlets[index])
    return OutletTable(tuple(outlets))


def load_outlets(path: str | os.PathLike[str] | None = None) -> OutletTable:
    """The shipped table, extended or overridden by the JSON file at path when given."""
    table = parse_table(json.loads(DEFAULT_FILE.read_text(encoding="utf-8")))
    if path:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ValueError(f"cannot read the outlets file {path}: {exc}") from exc
        table = parse_table(data, base=table)
    return table


@functools.cache
def _cached_table(path: str) -> OutletTable:
    return load_outlets(path or None)


def default_table() -> OutletTable:
    """The table used when a caller passes none: honours $NEWSDIFF_OUTLETS_FILE."""
    return _cached_table(os.environ.get(ENV_FILE, ""))


@functools.cache
def _name_screen(table: OutletTable) -> re.Pattern[str]:
    # The same boundaries and case rules as _word, all names in one alternation.
    names = sorted({n for o in table for n in o.names if len(n) >= 3}, key=len, reverse=True)
    long = "|".join(re.escape(n) for n in names if len(n) > 4)
    short = "|".join(re.escape(n) for n in names if len(n) <= 4)
    either = "|".join(p for p in (f"(?i:{long})" if long else "", short) if p) or "(?!)"
    return re.compile(r"(?<![\w@.])(?:" + either + r")(?![\w])")


@functools.cache
def _word(name: str) -> re.Pattern[str]:
    # Short names ("AP", "NPR") only count in their exact case, long ones in any case.
    flags = 0 if len(name) <= 4 else re.I
    return re.compile(r"(?<![\w@.])" + re.escape(name) + r"(?![\w])", flags)


def score_outlets(
    text: str,
    url: str | None = None,
    table: OutletTable | None = None,
    *,
    sitename: str | None = None,
    file_name: str | None = None,
) -> dict[str, float]:
    """Score every outlet with a signal in text, url, an HTML site name or the uploaded file's name."""
    table = table or default_table()
    scores: dict[str, float] = {}

    def add(outlet: Outlet | None, weight: float) -> None:
        if outlet is not None:
            scores[outlet.slug] = scores.get(outlet.slug, 0.0) + weight

    lines = [line.strip() for line in text.splitlines() if line.strip()]
    credited: set[str] = set()
    mentioned: set[str] = set()
    for index, line in enumerate(lines):
        source = SOURCE_LINE.match(line)
        if source and len(line) < 100:
            add(table.by_name(source["name"]), W_SOURCE_LINE)
            continue
        if COPYRIGHT_LINE.search(line) and len(line) < 300:
            for outlet in table:
                if any(_word(n).search(line) for n in (*outlet.names, *outlet.owners)):
                    add(outlet, W_COPYRIGHT)
            continue
        if index < 8 and _scores_header(line, table, add):
            continue
        found_url = URL_LINE.match(line)
        if found_url:
            add(table.by_host(urlsplit(found_url["url"]).hostname or ""), W_DOMAIN)
            continue
        wire = WIRE_DATELINE.match(line) if index < 6 else None
        if wire:
            add(next((o for o in table if wire["tag"] in o.wire_tags), None), W_WIRE_DATELINE)
        for email in EMAIL.finditer(line):
            add(table.by_host(email["domain"]), W_EMAIL)
        if not table.mentions_any(line):
            continue
        is_credit = bool(CREDIT_HINT.search(line)) and len(line.split()) <= 14
        for outlet in table:
            if not any(_word(n).search(line) for n in outlet.names if len(n) >= 3):
                continue
            # Count each outlet once per kind: ten AP photo credits are still one hint.
            if is_credit and outlet.slug not in credited:
                credited.add(outlet.slug)
                add(outlet, W_CREDIT)
            elif not is_credit and outlet.slug not in mentioned:
                mentioned.add(outlet.slug)
                add(outlet, W_MENTION)
    lowered = text.lower()
    for outlet in table:
        if any(re.search(p, text) for p in outlet.house_style):
            add(outlet, W_HOUSE_STYLE)
        # A self-reference spells the name; most texts name few outlets, so the
        # whole-text patterns run only for names the text holds at all.
        named = (
            n for n in outlet.names if len(n) >= 3 and (n in text if len(n) <= 4 else n.lower() in lowered)
        )
        if any(_self_reference(n).search(text) for n in named):
            add(outlet, W_SELF_REFERENCE)
    if file_name:
        add(_outlet_in_file_name(file_name, table), W_FILE_NAME)
    if url:
        add(table.by_host(urlsplit(url).hostname or ""), W_DOMAIN)
    if sitename:
        add(table.by_name(sitename) or table.by_host(sitename), W_SITENAME)
    return scores


def _scores_header(line: str, table: OutletTable, add: Any) -> bool:
    """Bylines and name lines at the top: "By X | Fox News", "X, Politico", a lone "USA TODAY"."""
    if len(line) > 120:
        return False
    alone = table.by_name(line) if len(line.split()) <= 5 else None
    if alone is not None:
        add(alone, W_NAME_LINE)
        return True
    if not BYLINE_LINE.match(line):
        return False
    for part in BYLINE_SEPARATOR.split(line)[1:]:
        outlet = table.by_name(part.removesuffix(" Digital")) if part else None
        if outlet is not None:
            add(outlet, W_BYLINE)
            return True
    return False


@functools.cache
def _self_reference(name: str) -> re.Pattern[str]:
    exact = re.escape(name)
    # "told POLITICO" and "told Politico" are one outlet; short names keep their case.
    flags = re.M | (0 if len(name) <= 4 else re.I)
    return re.compile("|".join(p.format(name=exact) for p in SELF_REFERENCE), flags)


def _outlet_in_file_name(file_name: str, table: OutletTable) -> Outlet | None:
    """The one outlet whose name or domain the file's name spells: "foxnews_bridge.txt", "usa-today.txt"."""
    stem = re.sub(r"\.(txt|html?|zip)$", "", file_name.rsplit("/", 1)[-1].rsplit(":", 1)[-1], flags=re.I)
    words = [w for w in re.split(r"[^a-z0-9]+", stem.lower()) if w]
    joined = "".join(words)
    found = []
    for outlet in table:
        keys = {_key(n) for n in outlet.names} | {_key(d.split(".")[0]) for d in outlet.domains}
        keys = {k.removeprefix("the") for k in keys}
        # Long keys may sit inside a joined stem ("foxnewsbridge"); short ones must be a word ("ap").
        if any((len(k) >= 6 and k in joined) or k in words for k in keys if len(k) >= 2):
            found.append(outlet)
    return found[0] if len(found) == 1 else None


def best_outlet(scores: Mapping[str, float]) -> str | None:
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if not ranked or ranked[0][1] < MIN_SCORE:
        return None
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None  # a tie is a guess; let the editor say
    return ranked[0][0]


def detect_outlet(
    text: str,
    url: str | None = None,
    table: OutletTable | None = None,
    *,
    sitename: str | None = None,
    file_name: str | None = None,
) -> str | None:
    """The slug of the outlet that published text, or None when the signals are weak or tied."""
    return best_outlet(score_outlets(text, url, table, sitename=sitename, file_name=file_name))


def outlet_names(table: OutletTable | None = None) -> Iterable[str]:
    """Every name and alias in the table, for the cleaning rules' credit detection."""
    for outlet in table or default_table():
        yield from outlet.names
