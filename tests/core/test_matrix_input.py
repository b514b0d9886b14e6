"""What a person can type into the matrix editor, and what we make of it."""

import numpy as np
import pytest

from attnviz.core.matrix_input import (
    MAX_ABS_VALUE,
    check_qkv_shapes,
    format_number,
    matrix_to_grid,
    parse_matrix,
    parse_number,
    resize_grid,
)


@pytest.mark.parametrize(
    "raw, value",
    [
        ("1", 1.0),
        (" -2.5 ", -2.5),
        ("1,5", 1.5),
        ("1e3", 1000.0),
        ("1/4", 0.25),
        ("−3", -3.0),
        (7, 7.0),
        (0.5, 0.5),
    ],
)
def test_numbers_people_type(raw, value):
    assert parse_number(raw) == (value, None)


@pytest.mark.parametrize(
    "raw, code",
    [
        (None, "empty"),
        ("", "empty"),
        ("   ", "empty"),
        ("abc", "not_a_number"),
        ("1.2.3", "not_a_number"),
        ("1,000.5", "not_a_number"),
        ("1/0", "not_a_number"),
        (True, "not_a_number"),
        ("nan", "not_finite"),
        ("NaN", "not_finite"),
        ("inf", "not_finite"),
        ("-Infinity", "not_finite"),
        (float("nan"), "not_finite"),
        ("1e308", "too_large"),
        ("1e309", "not_finite"),
        (str(MAX_ABS_VALUE * 10), "too_large"),
    ],
)
def test_bad_cells_get_a_code(raw, code):
    assert parse_number(raw) == (None, code)


def test_parse_matrix_reports_every_bad_cell_with_its_position():
    parsed = parse_matrix([["1", "x"], ["", "1e308"]])
    assert not parsed.ok
    assert [(p.row, p.col, p.raw, p.code) for p in parsed.problems] == [
        (0, 1, "x", "not_a_number"),
        (1, 0, "", "empty"),
        (1, 1, "1e308", "too_large"),
    ]


def test_parse_matrix_ok():
    parsed = parse_matrix([["1", "0,5"], [2, "-1/2"]])
    assert parsed.ok and parsed.problems == []
    np.testing.assert_array_equal(parsed.values, [[1, 0.5], [2, -0.5]])


def test_ragged_or_empty_grids_are_refused():
    assert not parse_matrix([]).ok
    assert not parse_matrix([["1", "2"], ["3"]]).ok


def test_shape_checks():
    q, k, v = np.ones((1, 2)), np.ones((3, 3)), np.ones((2, 2))
    codes = [(p.code, p.left, p.right) for p in check_qkv_shapes(q, k, v)]
    assert codes == [("qk_columns", 2, 3), ("kv_rows", 3, 2)]
    assert check_qkv_shapes(np.ones((1, 2)), np.ones((3, 2)), np.ones((3, 5))) == []


def test_resize_keeps_what_fits_even_invalid_text():
    grid = [["1", "abc"], ["", "4"]]
    assert resize_grid(grid, 3, 1) == [["1"], [""], ["0"]]
    assert resize_grid(grid, 1, 3) == [["1", "abc", "0"]]


def test_formatting_round_trips():
    m = np.array([[10.0, 0.5], [-1.25, 1e-7]])
    assert matrix_to_grid(m) == [["10", "0.5"], ["-1.25", "1e-07"]]
    assert parse_matrix(matrix_to_grid(m)).values.tolist() == m.tolist()
    assert format_number(3.0) == "3"
