"""The dates task: words to ISO, the year moving to the front, held-back dates never trained on."""

import datetime as dt

from attnviz.core import dates


def test_both_languages_and_iso():
    day = dt.date(2026, 12, 25)
    assert dates.spanish(day) == "veinticinco de diciembre de 2026"
    assert dates.english(day) == "December 25, 2026"
    assert dates.iso(day) == "2026-12-25"
    assert dates.spanish(dt.date(1999, 1, 31)) == "treinta y uno de enero de 1999"


def test_pairs_are_seeded_and_held_back_dates_are_apart():
    assert dates.pairs(5, seed=3) == dates.pairs(5, seed=3)
    train = {p.date for p in dates.pairs(3000, seed=0)}
    held = {p.date for p in dates.pairs(500, seed=0, held_back=True)}
    assert train and held and not train & held
    assert {p.language for p in dates.pairs(50, seed=1)} == {"es", "en"}
    assert all(p.target == p.date.isoformat() for p in dates.pairs(20, seed=2))


def test_year_positions_find_the_year_not_the_day():
    words = ["December", "2", "0", ",", "2", "0", "2", "0"]
    assert dates.year_positions(words, 2020) == [4, 5, 6, 7]
    assert dates.year_positions(["veinte", "de", "mayo", "de", "1", "9", "5", "0", "</s>"], 1950) == [
        4,
        5,
        6,
        7,
    ]
    assert dates.year_positions(["mayo"], 1950) == []
