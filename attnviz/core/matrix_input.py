"""Turning what a person typed into a matrix of numbers, or saying exactly what is wrong.

The editor hands us a grid of raw cells (strings, numbers, None). We never
change that grid: problems are reported per cell with a code the UI translates,
so nothing the person typed is lost while they fix it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

# Large enough for any teaching example, small enough that Q K^T stays finite
# and readable (8 * 1e6 * 1e6 = 8e12).
MAX_ABS_VALUE = 1e6

MAX_CELL_CHARS = 64  # characters of one typed number
_FRACTION = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)$")


@dataclass(frozen=True)
class CellProblem:
    """One cell that is not a usable number. ``code`` is one of:
    ``empty``, ``not_a_number``, ``not_finite``, ``too_large``."""

    row: int
    col: int
    raw: str
    code: str


@dataclass(frozen=True)
class ParsedMatrix:
    values: np.ndarray | None  # None when any cell has a problem
    problems: list[CellProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.values is not None


def parse_number(raw: Any) -> tuple[float | None, str | None]:
    """One cell to (value, None) or (None, problem code).

    Accepts ints and floats, text such as ``1.5``, ``-2``, ``1e3``, the Spanish
    decimal comma ``1,5`` and simple fractions ``1/2``.
    """
    if raw is None:
        return None, "empty"
    if isinstance(raw, (bool, np.bool_)):
        return None, "not_a_number"
    if isinstance(raw, (int, float, np.integer, np.floating)):
        value = float(raw)
    else:
        text = str(raw).strip().replace("\u2212", "-")  # typographic minus from copy-paste
        if not text:
            return None, "empty"
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        if len(text) > MAX_CELL_CHARS:  # 5000 digits: Python refuses to convert them; no one types them
            return None, "too_large" if re.fullmatch(r"[+-]?[\d.]+", text) else "not_a_number"
        value = _parse_text(text)
        if value is None:
            return None, "not_a_number"
    if math.isnan(value) or math.isinf(value):
        return None, "not_finite"
    if abs(value) > MAX_ABS_VALUE:
        return None, "too_large"
    return value, None


def _parse_text(text: str) -> float | None:
    match = _FRACTION.match(text)
    try:
        if match:
            numerator, denominator = (Fraction(part) for part in match.groups())
            return None if denominator == 0 else float(numerator / denominator)
        return float(text)  # also accepts "nan" / "inf": caught as not_finite
    except ValueError:
        return None
    except OverflowError:  # a fraction too large for a float
        return math.inf


def parse_matrix(grid: Sequence[Sequence[Any]]) -> ParsedMatrix:
    """Parse a rectangular grid of raw cells. Rows may not be empty."""
    problems: list[CellProblem] = []
    rows: list[list[float]] = []
    for i, row in enumerate(grid):
        parsed_row = []
        for j, raw in enumerate(row):
            value, code = parse_number(raw)
            if code is not None:
                problems.append(CellProblem(i, j, "" if raw is None else str(raw), code))
            parsed_row.append(0.0 if value is None else value)
        rows.append(parsed_row)
    if problems:
        return ParsedMatrix(None, problems)
    if not rows or not rows[0] or len({len(r) for r in rows}) != 1:
        return ParsedMatrix(None, [CellProblem(0, 0, "", "empty")])
    return ParsedMatrix(np.array(rows, dtype=np.float64))


@dataclass(frozen=True)
class ShapeProblem:
    """Q, K and V that do not fit together. ``code``: ``qk_columns`` or ``kv_rows``."""

    code: str
    left: int
    right: int


def check_qkv_shapes(q: np.ndarray, k: np.ndarray, v: np.ndarray) -> list[ShapeProblem]:
    """Q (n x d_k) and K (m x d_k) share d_k; K and V (m x d_v) share m."""
    problems = []
    if q.shape[1] != k.shape[1]:
        problems.append(ShapeProblem("qk_columns", q.shape[1], k.shape[1]))
    if k.shape[0] != v.shape[0]:
        problems.append(ShapeProblem("kv_rows", k.shape[0], v.shape[0]))
    return problems


def format_number(value: float) -> str:
    """A number as the editor shows it: short, no trailing zeros (``10``, ``0.5``, ``-1.25``)."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


def matrix_to_grid(matrix: np.ndarray) -> list[list[str]]:
    return [[format_number(x) for x in row] for row in np.atleast_2d(matrix)]


def resize_grid(grid: Sequence[Sequence[str]], rows: int, cols: int, fill: str = "0") -> list[list[str]]:
    """Keep what fits, pad the rest with ``fill``: resizing never drops a typed cell
    that is still inside the new shape."""
    out = []
    for i in range(rows):
        old = list(grid[i]) if i < len(grid) else []
        out.append([old[j] if j < len(old) else fill for j in range(cols)])
    return out
