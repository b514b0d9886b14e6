"""A corpus of bad playground links and typed cells: each one is refused with its own reason
(a parameter listed as unreadable, a cell's problem code), never an exception."""

from __future__ import annotations

import pytest

from attnviz.core.matrix_input import parse_number
from attnviz.core.share import TEMPERATURE_RANGE, from_query_params

BAD_LINKS = [
    ({"q": "9" * 400, "k": "1,2", "v": "1,2"}, "q"),
    ({"q": "1/" + "3" * 5000, "k": "1,2", "v": "1,2"}, "q"),
    ({"q": "1" + "0" * 5000 + "/7", "k": "1,2", "v": "1,2"}, "q"),
    ({"q": "1e400,1", "k": "1,2", "v": "1,2"}, "q"),
    ({"q": "nan,1", "k": "1,2", "v": "1,2"}, "q"),
    ({"q": ";;;", "k": "1,2", "v": "1,2"}, "q"),
    ({"q": "1,2", "k": "1,2,3", "v": "1,2"}, "k"),
    ({"q": ";".join(["1,2"] * 9), "k": "1,2", "v": "1,2"}, "q"),
    ({"q": ",".join(["1"] * 9), "k": ",".join(["1"] * 9), "v": "1"}, "q"),
    ({"temp": "10"}, "temp"),
    ({"temp": "0.05"}, "temp"),
    ({"temp": "nan"}, "temp"),
    ({"temp": "inf"}, "temp"),
    ({"temp": "-1"}, "temp"),
    ({"temp": "1" * 100}, "temp"),
    ({"temp": "abc"}, "temp"),
    ({"mask": "causal", "q": "1,2;3,4;5,6", "k": "1,2", "v": "1,2"}, "mask"),
    ({"mask": "sideways"}, "mask"),
    ({"pad": "0"}, "pad"),
    ({"pad": "99"}, "pad"),
    ({"pad": "1,x"}, "pad"),
    ({"query": "0"}, "query"),
    ({"query": "9" * 400}, "query"),
    ({"query": "-1"}, "query"),
    ({"heads": "3"}, "heads"),
    ({"heads": "0"}, "heads"),
    ({"seed": "-5"}, "seed"),
    ({"seed": "9" * 5000}, "seed"),
    ({"preset": "../../etc/passwd"}, "preset"),
    ({"scale": "yes"}, "scale"),
]


@pytest.mark.parametrize(("params", "unreadable"), BAD_LINKS)
def test_a_bad_link_is_skipped_and_named(params, unreadable):
    decoded = from_query_params(params)
    assert unreadable in decoded.unreadable
    low, high = TEMPERATURE_RANGE
    assert low <= decoded.settings.temperature <= high  # what the slider accepts
    if decoded.settings.mask == "causal":
        assert decoded.settings.q.shape[0] <= decoded.settings.k.shape[0]
    decoded.settings.attention()  # the page can compute what it got


BAD_CELLS = [
    ("", "empty"),
    ("   ", "empty"),
    ("abc", "not_a_number"),
    ("1/0", "not_a_number"),
    ("1/" + "3" * 5000, "not_a_number"),
    ("9" * 400, "too_large"),
    ("1e400", "not_finite"),
    ("-1e400", "not_finite"),
    ("nan", "not_finite"),
    ("inf", "not_finite"),
    ("1e20", "too_large"),
    ("1,2,3", "not_a_number"),
    ("1..2", "not_a_number"),
    ("1/2/3", "not_a_number"),
    ("0x10", "not_a_number"),
]


@pytest.mark.parametrize(("text", "problem"), BAD_CELLS)
def test_a_bad_cell_says_why(text, problem):
    value, code = parse_number(text)
    assert value is None and code == problem


@pytest.mark.parametrize(("text", "value"), [("1/3", 1 / 3), ("−2", -2.0), ("0,5", 0.5), (" 3 ", 3.0)])
def test_good_cells_still_parse(text, value):
    assert parse_number(text) == (pytest.approx(value), None)
