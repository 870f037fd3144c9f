"""The words of quantities: number words, scales, magnitudes, currencies, hedges, unit classes, months.

A general lexicon for numbers.py, not the words of any one story.
"""

from __future__ import annotations

from claims.pipeline.textutil import stem

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
}
SCALES = {
    "hundred": 100,
    "thousand": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
# "tens of thousands": the words name an order of magnitude, not a value.
MAGNITUDES = {
    "dozens": (24.0, 100.0),
    "scores": (40.0, 200.0),
    "hundreds": (200.0, 1e3),
    "thousands": (2e3, 1e4),
    "millions": (2e6, 1e9),
    "billions": (2e9, 1e12),
}
CURRENCY = {"$": "usd", "us$": "usd", "€": "eur", "£": "gbp", "¥": "jpy"}
CURRENCY_WORDS = {
    "dollar": "usd",
    "euro": "eur",
    "pound": "gbp",
    "yen": "jpy",
    "ruble": "rub",
    "rouble": "rub",
    "yuan": "cny",
}
# A hedge widens a number by at most 15 %, and by no more than the place of its
# last significant digit: "about 45,000" is a figure given to the thousand
# (44,000 to 46,000), "about 60,000" one given to the ten thousand (51,000 to
# 69,000), so the two disagree although each is "about".
ABOUT = (0.85, 1.15)
# Qualifiers stretch the exact value into an interval (low factor, high factor).
QUALIFIERS: dict[tuple[str, ...], tuple[float, float]] = {
    ("about",): ABOUT,
    ("around",): ABOUT,
    ("some",): ABOUT,
    ("roughly",): ABOUT,
    ("approximately",): ABOUT,
    ("estimated",): ABOUT,
    ("nearly",): (0.85, 1.0),
    ("almost",): (0.85, 1.0),
    ("close", "to"): (0.85, 1.0),
    ("just", "under"): (0.85, 1.0),
    ("more", "than"): (1.0, 2.0),
    ("over",): (1.0, 2.0),
    ("at", "least"): (1.0, 2.0),
    ("upwards", "of"): (1.0, 2.0),
    ("above",): (1.0, 2.0),
    ("up", "to"): (0.5, 1.0),
    ("as", "many", "as"): (0.5, 1.0),
    ("at", "most"): (0.5, 1.0),
    ("fewer", "than"): (0.5, 1.0),
    ("less", "than"): (0.5, 1.0),
    ("under",): (0.5, 1.0),
}
# Broad unit classes so "troops" and "soldiers" count as the same unit; a
# general lexicon, not a list of one story's words.
UNIT_CLASSES = [
    {"troop", "soldier", "servicemember", "personnel", "force", "marine", "member", "service"},
    {"people", "person", "resident", "civilian", "citizen", "individual"},
    {"worker", "employee", "staff", "job"},
    {"death", "dead", "killed", "fatality", "die", "life", "victim"},
    {"injured", "wounded", "injury", "casualty"},
    {"percent", "%", "percentage", "pct", "per"},
]
MONTHS = {
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
}

# Fractions as one character: "2 ½ servings".
VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}
# Words before a figure that make it a change, not a level: "rose $300", "by 4 percent".
MOVES = frozenset(
    stem(w)
    for w in (  # noqa: SIM905 (one word list, easier to read as text)
        "rose risen rise rises gained gain jumped climbed added increased grew surged soared up higher "
        "fell fall falls lost dropped slipped shed declined decreased eased plunged tumbled slid sank "
        "down off lower by"
    ).split()
)
