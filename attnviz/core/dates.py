"""A small translation task whose alignment is not the diagonal: dates written in words, to ISO.

    "veinticinco de diciembre de 2026"  ->  "2026-12-25"
    "December 25, 2026"                 ->  "2026-12-25"

The year moves from the end to the front, the month name becomes two digits, the day (a Spanish
word, or English digits) becomes two digits: a translator that works has learned to look at the
right source words for each output token, and its cross-attention shows where. Pairs come from a
seeded random generator; a held-back set uses other dates than training (by construction: every
date is either in the training half or the held-back half of a fixed split of all dates).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

SPANISH_MONTHS = (
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split()
)
ENGLISH_MONTHS = (
    "January February March April May June July August September October November December".split()
)
_SPANISH_DAYS = (
    "uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciséis "
    "diecisiete dieciocho diecinueve veinte veintiuno veintidós veintitrés veinticuatro veinticinco "
    "veintiséis veintisiete veintiocho veintinueve treinta"
).split()
SPANISH_DAYS = tuple(_SPANISH_DAYS) + ("treinta y uno",)  # day 31 is three words
FIRST_YEAR, LAST_YEAR = 1950, 2049
LANGUAGES = ("es", "en")


@dataclass(frozen=True)
class DatePair:
    source: str
    target: str
    language: str
    date: dt.date


def spanish(date: dt.date) -> str:
    return f"{SPANISH_DAYS[date.day - 1]} de {SPANISH_MONTHS[date.month - 1]} de {date.year}"


def english(date: dt.date) -> str:
    return f"{ENGLISH_MONTHS[date.month - 1]} {date.day}, {date.year}"


def iso(date: dt.date) -> str:
    return date.isoformat()


def _all_dates() -> list[dt.date]:
    first, last = dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def _is_held_back(date: dt.date) -> bool:
    """A fixed fifth of all dates, never used for training (a hash of the date, not the seed)."""
    return (date.toordinal() * 2654435761) % 97 < 20


def pairs(count: int, *, seed: int = 0, held_back: bool = False, languages=LANGUAGES) -> list[DatePair]:
    """``count`` random pairs from the training dates (or the held-back ones)."""
    pool = [d for d in _all_dates() if _is_held_back(d) == held_back]
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        date = rng.choice(pool)
        language = rng.choice(tuple(languages))
        source = spanish(date) if language == "es" else english(date)
        out.append(DatePair(source, iso(date), language, date))
    return out


def year_positions(words: list[str], year: int) -> list[int]:
    """Where the year's digits are among a tokenised text's pieces (one piece per digit)."""
    digits = list(str(year))
    n = len(digits)
    for start in range(len(words) - n + 1):
        ends_there = start + n == len(words) or not words[start + n].isdigit()
        starts_there = start == 0 or not words[start - 1].isdigit()
        if words[start : start + n] == digits and starts_there and ends_there:
            return list(range(start, start + n))
    return []
