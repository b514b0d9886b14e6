"""Reading a short list of numbers typed in one line, or saying exactly what is wrong.

Separators: commas or spaces (``1.5, -2 3``); with a ``;`` anywhere the separator is ``;``
only, so a Spanish decimal comma works too (``1,5; -2; 3``). Each item accepts what a
playground cell accepts (see :func:`attnviz.core.matrix_input.parse_number`).
Problems come back with codes that the page translates; the typed text is never changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from attnviz.core.matrix_input import parse_number

_SEPARATORS = re.compile(r"[,\s]+")


@dataclass(frozen=True)
class ItemProblem:
    """One item that is not usable. ``code``: a :func:`parse_number` code (``not_a_number``,
    ``not_finite``, ``too_large``), or ``not_an_integer`` / ``out_of_range`` for indices."""

    position: int  # 1-based place of the item in the list
    raw: str
    code: str


@dataclass(frozen=True)
class ParsedList:
    """``values`` is None when anything is wrong. ``length_problem``: ``empty``,
    ``too_short`` or ``too_long`` (the whole list), else None."""

    values: np.ndarray | None
    problems: list[ItemProblem] = field(default_factory=list)
    length_problem: str | None = None
    count: int = 0

    @property
    def ok(self) -> bool:
        return self.values is not None


def split_items(text: str) -> list[str]:
    text = (text or "").replace("\u2212", "-").strip()
    if not text:
        return []
    if ";" in text:
        return [item.strip() for item in text.split(";") if item.strip()]
    return [item for item in _SEPARATORS.split(text) if item]


def parse_vector(text: str, min_length: int = 1, max_length: int = 16) -> ParsedList:
    """A line of numbers as a float vector of ``min_length`` .. ``max_length`` entries."""
    items = split_items(text)
    problems = []
    values = []
    for position, raw in enumerate(items, start=1):
        value, code = parse_number(raw)
        if code is not None:
            problems.append(ItemProblem(position, raw, code))
        values.append(0.0 if value is None else value)
    length_problem = _length_problem(len(items), min_length, max_length)
    if problems or length_problem:
        return ParsedList(None, problems, length_problem, len(items))
    return ParsedList(np.array(values, dtype=np.float64), [], None, len(items))


def parse_indices(text: str, upper: int, max_length: int = 8) -> ParsedList:
    """A line of whole numbers in ``0 .. upper - 1`` (e.g. dimensions to plot), duplicates dropped."""
    items = split_items(text)
    problems = []
    values: list[int] = []
    for position, raw in enumerate(items, start=1):
        value, code = parse_number(raw)
        if code is None and not float(value).is_integer():
            code = "not_an_integer"
        if code is None and not 0 <= value < upper:
            code = "out_of_range"
        if code is not None:
            problems.append(ItemProblem(position, raw, code))
        elif int(value) not in values:
            values.append(int(value))
    length_problem = _length_problem(len(items), 1, max_length)
    if problems or length_problem:
        return ParsedList(None, problems, length_problem, len(items))
    return ParsedList(np.array(values, dtype=np.int64), [], None, len(items))


def _length_problem(count: int, min_length: int, max_length: int) -> str | None:
    if count == 0:
        return "empty"
    if count < min_length:
        return "too_short"
    if count > max_length:
        return "too_long"
    return None
