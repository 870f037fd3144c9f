"""Names that stand for one state: its short and official names, its capital, its seat of government.

News reports name a government by its country ("Russia"), its official name
("the Russian Federation"), its capital ("Moscow") or the building it sits
in ("the Kremlin"); an outlet that writes "Washington" where another writes
"the U.S." reports the same actor. A general gazetteer of the states news
reports most, not the words of any one story. A name matches when its folded
form (lower case, no dots, no leading "the") is listed.
"""

from __future__ import annotations

import functools
import re

from claims.pipeline.textutil import fold

# One row per state: every name that may stand for it (government or country).
STATES: tuple[tuple[str, ...], ...] = (
    (
        "United States",
        "U.S.",
        "US",
        "U.S.A.",
        "USA",
        "America",
        "United States of America",
        "Washington",
        "White House",
    ),
    ("Russia", "Russian Federation", "Moscow", "Kremlin"),
    ("Ukraine", "Kyiv", "Kiev"),
    ("United Kingdom", "U.K.", "UK", "Britain", "Great Britain", "London", "Downing Street", "Whitehall"),
    ("France", "French Republic", "Paris", "Elysee", "Élysée", "Elysee Palace"),
    ("Germany", "Federal Republic of Germany", "Berlin"),
    ("China", "People's Republic of China", "PRC", "Beijing"),
    ("Japan", "Tokyo"),
    ("India", "Republic of India", "New Delhi"),
    ("Pakistan", "Islamabad"),
    ("Iran", "Islamic Republic of Iran", "Tehran"),
    ("Iraq", "Baghdad"),
    ("Syria", "Syrian Arab Republic", "Damascus"),
    ("Israel", "State of Israel"),
    ("Turkey", "Türkiye", "Turkiye", "Republic of Turkey", "Ankara"),
    ("Saudi Arabia", "Kingdom of Saudi Arabia", "Riyadh"),
    ("Egypt", "Arab Republic of Egypt", "Cairo"),
    ("North Korea", "Democratic People's Republic of Korea", "DPRK", "Pyongyang"),
    ("South Korea", "Republic of Korea", "Seoul"),
    ("Taiwan", "Republic of China", "Taipei"),
    ("Belarus", "Republic of Belarus", "Minsk"),
    ("Poland", "Republic of Poland", "Warsaw"),
    ("Italy", "Italian Republic", "Rome"),
    ("Spain", "Kingdom of Spain", "Madrid"),
    ("Canada", "Ottawa"),
    ("Mexico", "United Mexican States", "Mexico City"),
    ("Brazil", "Federative Republic of Brazil", "Brasilia", "Brasília"),
    ("Australia", "Commonwealth of Australia", "Canberra"),
    ("Afghanistan", "Kabul"),
    ("Venezuela", "Caracas"),
    ("Myanmar", "Burma", "Naypyidaw", "Naypyitaw"),
    ("Cuba", "Havana"),
    ("Georgia", "Tbilisi"),
    ("Sweden", "Stockholm"),
    ("Finland", "Helsinki"),
    ("Norway", "Oslo"),
    ("Netherlands", "The Netherlands", "Holland", "The Hague"),
    ("Belgium", "Kingdom of Belgium"),
    ("Greece", "Hellenic Republic", "Athens"),
    ("Hungary", "Budapest"),
    ("Vatican", "Holy See", "Vatican City"),
    ("European Union", "EU", "E.U."),
)
# Government institutions under the names the press gives them: the building
# ("the Pentagon"), the short name ("the Fed") and the official one.
INSTITUTIONS: tuple[tuple[str, ...], ...] = (
    ("Pentagon", "Defense Department", "Department of Defense", "DoD", "U.S. Defense Department"),
    ("State Department", "Department of State", "U.S. State Department"),
    ("Justice Department", "Department of Justice", "U.S. Justice Department"),
    ("Treasury Department", "Department of the Treasury", "U.S. Treasury", "Treasury"),
    ("Homeland Security Department", "Department of Homeland Security", "DHS"),
    ("Federal Reserve", "Fed", "Federal Reserve Board", "Federal Open Market Committee", "FOMC"),
    ("Foreign Office", "Foreign and Commonwealth Office", "FCO"),
    # The parties under their nicknames: the GOP is the Grand Old Party.
    ("Republican Party", "GOP", "G.O.P.", "Grand Old Party", "Republican National Committee", "RNC"),
    ("Democratic Party", "Democratic National Committee", "DNC"),
    # Congress under the hill it sits on, as the White House is the presidency.
    ("Congress", "U.S. Congress", "Capitol Hill"),
)
# U.S. states and the abbreviations the AP stylebook gives them in datelines and
# party tags ("Kansas City, Mo.", "Sen. Wayne Allard, R-Colo."); not the postal
# codes, which are also words and names ("LA", "OR", "ME"). Georgia (a country
# too) and Washington (the capital's name for the federal government) are left
# out: either abbreviation would be ambiguous.
US_STATES: tuple[tuple[str, ...], ...] = (
    ("Alabama", "Ala."),
    ("Arizona", "Ariz."),
    ("Arkansas", "Ark."),
    ("California", "Calif."),
    ("Colorado", "Colo."),
    ("Connecticut", "Conn."),
    ("Delaware", "Del."),
    ("Florida", "Fla."),
    ("Illinois", "Ill."),
    ("Indiana", "Ind."),
    ("Kansas", "Kan."),
    ("Kentucky", "Ky."),
    ("Louisiana", "La."),
    ("Maryland", "Md."),
    ("Massachusetts", "Mass."),
    ("Michigan", "Mich."),
    ("Minnesota", "Minn."),
    ("Mississippi", "Miss."),
    ("Missouri", "Mo."),
    ("Montana", "Mont."),
    ("Nebraska", "Neb."),
    ("Nevada", "Nev."),
    ("New Hampshire", "N.H."),
    ("New Jersey", "N.J."),
    ("New Mexico", "N.M."),
    ("New York", "N.Y."),
    ("North Carolina", "N.C."),
    ("North Dakota", "N.D."),
    ("Oklahoma", "Okla."),
    ("Oregon", "Ore."),
    ("Pennsylvania", "Pa."),
    ("Rhode Island", "R.I."),
    ("South Carolina", "S.C."),
    ("South Dakota", "S.D."),
    ("Tennessee", "Tenn."),
    ("Vermont", "Vt."),
    ("Virginia", "Va."),
    ("West Virginia", "W.Va."),
    ("Wisconsin", "Wis."),
    ("Wyoming", "Wyo."),
)


# The states the AP never abbreviates, beside those above: a state's name is
# inside the United States whatever the list of abbreviations holds.
UNABBREVIATED_STATES = ("Alaska", "Hawaii", "Idaho", "Iowa", "Maine", "Ohio", "Texas", "Utah")
STATE_AFTER_COMMA = re.compile(r",\s*([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)")


# The country's own names: "Washington" is also a city, another place than "Birmingham, Ala.".
UNITED_STATES = frozenset({"united states", "us", "usa", "america", "united states of america"})


def is_united_states(name: str) -> bool:
    return key(name) in UNITED_STATES


def in_united_states(text: str, start: int, end: int) -> bool:
    """Whether the name at text[start:end] is a U.S. state or a place the text puts in one
    ("Blaine, Wash."): a place inside the country the other outlet names adds detail."""
    if _state(text[start:end]):
        return True
    after = STATE_AFTER_COMMA.match(text, end)
    return after is not None and (_state(after.group(1)) or _state(after.group(1).split()[0]))


def _state(name: str) -> bool:
    return key(name) in _state_keys()


@functools.cache
def _state_keys() -> frozenset[str]:
    # "Wash." and "Ga." are left out of US_STATES with their states' ambiguous names.
    names = [n for row in US_STATES for n in row] + [*UNABBREVIATED_STATES, "Wash.", "Ga."]
    return frozenset(key(n) for n in names)


def key(name: str) -> str:
    folded = fold(name).replace(".", "").strip()
    return re.sub(r"^the\s+", "", re.sub(r"\s+", " ", folded))


@functools.cache
def _index() -> dict[str, int]:
    rows = STATES + INSTITUTIONS + US_STATES
    return {key(name): row for row, names in enumerate(rows) for name in names}


def same_state(x: str, y: str) -> bool:
    """Whether both names are listed for one state ("Russian Federation" and "Moscow")."""
    index = _index()
    a, b = index.get(key(x)), index.get(key(y))
    return a is not None and a == b


def listed(name: str) -> bool:
    """Whether the name is one of a state's names (a place, so never a short form of another name)."""
    return key(name) in _index()
