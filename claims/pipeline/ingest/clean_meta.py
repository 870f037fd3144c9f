"""Metadata that scraped text carries in its own lines: dates, datelines, bylines."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}

DATE_LINE = re.compile(r"^(?P<y>(?:19|20)\d\d)-?(?P<m>[01]\d)-?(?P<d>[0-3]\d)(?:[T ][\d:.]+Z?)?$")
ISO_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)")
MONTH_FIRST = re.compile(r"\b(?P<mon>[A-Za-z]{3,9})\.? (?P<d>[0-3]?\d),? (?P<y>(?:19|20)\d\d)\b")
# 03/14/2023, as US sites print it; day-first 14/03/2023 is read when the day is over 12.
NUMERIC = re.compile(r"(?<![\d/])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y>(?:19|20)\d\d)(?![\d/])")
# A date in a file name: politico-2023-03-14.txt, 20230314_fox.txt
NAME_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-_.]?(?P<m>[01]\d)[-_.]?(?P<d>[0-3]\d)(?!\d)")
DAY_FIRST = re.compile(r"\b(?P<d>[0-3]?\d) (?P<mon>[A-Za-z]{3,9})\.? (?P<y>(?:19|20)\d\d)\b")
# /2022/01/27/, /2022/jan/27/, /2022-01-27/
URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d\d)[/-](?P<mon>[01]?\d|[a-z]{3,9})[/-](?P<d>[0-3]?\d)(?:/|-|$)", re.I
)

DATELINE = re.compile(
    r"^(?P<dateline>[A-ZÀ-Þ][A-ZÀ-Þ.'’-]*(?:[ ][A-ZÀ-Þ][A-ZÀ-Þ.'’-]*){0,3}"  # BRUSSELS, NEW YORK, ST. LOUIS
    r"(?:,[ ][A-Z][\w.]*(?:[ ][A-Z][\w.]*){0,2})?"  # , Ukraine / , Calif.
    r"(?:[ ]?\(?(?P<wire>AP|Reuters|AFP|UPI|dpa|Bloomberg)\)?"  # a wire tag, bare or in parentheses
    r"|[ ]?\((?P<credit>[A-Z][\w.&'’]*(?:[ ][A-Z][\w.&'’]*){0,3})\))?)"  # any outlet's own "(Name)"
    r"[ ]?(?P<dash>—|–|--|-)[ ]?(?=\S)"
)

GLUED_NAMES = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z])")


def make_date(y: str | int, m: str | int, d: str | int) -> date | None:
    month = int(m) if str(m).isdigit() else MONTHS.get(str(m).lower().rstrip("."))
    if month is None:
        return None
    try:
        return date(int(y), month, int(d))
    except ValueError:
        return None


def date_in_line(line: str) -> date | None:
    """A date written in a header or timestamp line: 20220127, 2022-01-27, Jan. 27, 2022, 27 January 2022."""
    line = line.strip()
    match = DATE_LINE.match(line) or ISO_DATE.search(line)
    if match:
        return make_date(match["y"], match["m"], match["d"])
    for pattern in (MONTH_FIRST, DAY_FIRST):
        found = pattern.search(line)
        if found:
            parsed = make_date(found["y"], found["mon"], found["d"])
            if parsed:
                return parsed
    numeric = NUMERIC.search(line)
    if numeric:
        first, second = int(numeric["a"]), int(numeric["b"])
        month, day = (second, first) if first > 12 else (first, second)
        return make_date(numeric["y"], month, day)
    return None


def date_in_name(file_name: str | None) -> date | None:
    """The date an uploaded file's name carries, if any: politico-2023-03-14.txt, 20230314_fox.txt."""
    match = NAME_DATE.search((file_name or "").rsplit("/", 1)[-1])
    return make_date(match["y"], match["m"], match["d"]) if match else None


def date_in_url(url: str | None) -> date | None:
    match = URL_DATE.search(url or "")
    return make_date(match["y"], match["mon"], match["d"]) if match else None


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """("WASHINGTON AP", rest) when the paragraph opens with a dateline, else (None, paragraph)."""
    match = DATELINE.match(paragraph)
    if not match:
        return None, paragraph
    place = match["dateline"].strip()
    letters = [c for c in place if c.isalpha()]
    # A single hyphen only counts after a wire tag ("LONDON (Reuters) -"): otherwise
    # "U.S.-Russia talks" or an all-caps acronym could pass for a dateline.
    if len(letters) < 3 or (match["dash"] == "-" and not match["wire"]):
        return None, paragraph
    rest = paragraph[match.end() :].lstrip()
    if len(rest.split()) < 4:
        return None, paragraph
    return place, rest


def split_glued_names(line: str) -> list[str]:
    """ "Steven ErlangerAndrew E. Kramer" -> ["Steven Erlanger", "Andrew E. Kramer"].

    Page scrapers drop the separator between linked author names. A split only
    happens where both sides are at least two words, which keeps "McDonald" whole.
    """
    parts = [line]
    for cut in reversed([m.start() for m in GLUED_NAMES.finditer(line)]):
        head, tail = parts[0][:cut], parts[0][cut:]
        if len(head.split()) >= 2 and len(tail.split()) >= 2:
            parts[0:1] = [head, tail]
    return [p.strip() for p in parts]


def byline_names(line: str) -> str:
    """A byline line reduced to its names: drops "By", joins glued names, keeps 'and'."""
    text = re.sub(r"^by\s+", "", line.strip(), flags=re.I)
    text = re.split(r"\s*(?:\||—|–| - )\s*", text)[0]
    names: list[str] = []
    for piece in re.split(r"\s*,\s*|\s+and\s+", text):
        names.extend(n for n in split_glued_names(piece) if n)
    return ", ".join(names)


NAME = r"[A-Z][\w'’-]+(?: (?:[A-Z]\.|[A-Z][\w'’-]+)){1,3}"
REPORTED_FROM = re.compile(rf"({NAME})(?= (?:reported )?from [A-Z])")
WRITE_TO = re.compile(rf"^[Ww]rite to ({NAME}(?:(?:, | and ){NAME})*)")


def names_from_credit(line: str) -> str | None:
    """The reporters a credit line names as the story's authors ("X reported from Y")."""
    write_to = WRITE_TO.match(line)
    if write_to:
        return byline_names(write_to.group(1))
    if "reported from" not in line:
        return None
    first_sentence = re.split(r"(?<=[a-z]{2})\. ", line)[0]
    names = REPORTED_FROM.findall(first_sentence)
    return ", ".join(dict.fromkeys(names)) or None
