"""Reading a typed line of numbers or of dimension indices."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from attnviz.core.vector_input import parse_indices, parse_vector, split_items


def test_separators():
    assert split_items("1, 2 3,4") == ["1", "2", "3", "4"]
    assert split_items("1,5; -2; 3") == ["1,5", "-2", "3"]
    assert split_items("  ") == [] and split_items(None) == []
    assert split_items("−1 2") == ["-1", "2"]  # typographic minus


def test_parse_vector_ok():
    parsed = parse_vector("2, 4, 4, 4, 5, 5, 7, 9")
    assert parsed.ok and parsed.count == 8
    np.testing.assert_array_equal(parsed.values, [2, 4, 4, 4, 5, 5, 7, 9])
    np.testing.assert_allclose(parse_vector("1,5; -2; 1/4").values, [1.5, -2, 0.25])


def test_parse_vector_problems():
    bad = parse_vector("1, abc, nan, 1e99")
    assert not bad.ok
    assert [(p.position, p.raw, p.code) for p in bad.problems] == [
        (2, "abc", "not_a_number"),
        (3, "nan", "not_finite"),
        (4, "1e99", "too_large"),
    ]
    assert parse_vector("").length_problem == "empty"
    assert parse_vector("3", min_length=2).length_problem == "too_short"
    assert parse_vector("1 2 3", max_length=2).length_problem == "too_long"


def test_parse_indices():
    parsed = parse_indices("0, 1, 10, 1", upper=64)
    assert parsed.ok
    np.testing.assert_array_equal(parsed.values, [0, 1, 10])  # duplicate dropped, order kept
    bad = parse_indices("0, 64, 1.5, -1, x", upper=64)
    assert [(p.raw, p.code) for p in bad.problems] == [
        ("64", "out_of_range"),
        ("1.5", "not_an_integer"),
        ("-1", "out_of_range"),
        ("x", "not_a_number"),
    ]
    assert parse_indices("", upper=4).length_problem == "empty"
    assert parse_indices("0 1 2 3", upper=4, max_length=3).length_problem == "too_long"


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_any_text_gives_values_or_problems(text):
    for parsed in (parse_vector(text, 2, 16), parse_indices(text, 8)):
        assert parsed.ok == (parsed.values is not None)
        if not parsed.ok:
            assert parsed.problems or parsed.length_problem


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-1e5, 1e5, allow_nan=False), min_size=1, max_size=16))
def test_round_trip(values):
    parsed = parse_vector(" ".join(repr(v) for v in values))
    np.testing.assert_array_equal(parsed.values, values)
