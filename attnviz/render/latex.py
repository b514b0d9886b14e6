"""Numbers, vectors and line stacks as LaTeX, shared by the pages that write formulas with numbers."""

from __future__ import annotations

import numpy as np


def number(x: float, digits: int = 3, *, trailing_zeros: bool = True) -> str:
    """Whole numbers as such (``10``), others with ``digits`` decimals (``0.670``; ``0.67`` without
    trailing zeros), huge ones as ``m \\times 10^{e}``; never ``-0``."""
    x = float(x)
    if abs(x) >= 1e5:
        mantissa, exponent = f"{x:.3e}".split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    if x == round(x):
        return str(int(round(x)))
    text = f"{x:.{digits}f}"
    if not trailing_zeros:
        text = text.rstrip("0").rstrip(".")
    return text.lstrip("-") if float(text) == 0 else text


def factor(x: float, digits: int = 3, *, trailing_zeros: bool = True) -> str:
    """A number to multiply by: negatives in parentheses, ``(-2)``."""
    text = number(x, digits, trailing_zeros=trailing_zeros)
    return f"({text})" if text.startswith("-") else text


def vector(v, digits: int = 3, *, max_shown: int | None = None, trailing_zeros: bool = True) -> str:
    """A row vector as a bmatrix; longer than ``max_shown``, elided in the middle with ``\\cdots``."""
    v = np.asarray(v, dtype=np.float64).ravel()
    fmt = lambda x: number(x, digits, trailing_zeros=trailing_zeros)  # noqa: E731
    if max_shown is not None and v.shape[0] > max_shown:
        half = max_shown // 2
        items = [fmt(x) for x in v[:half]] + [r"\cdots"] + [fmt(x) for x in v[-half:]]
    else:
        items = [fmt(x) for x in v]
    return r"\begin{bmatrix}" + " & ".join(items) + r"\end{bmatrix}"


def aligned(lines: list[str]) -> str:
    """Lines stacked, left-aligned, in one LaTeX block."""
    return r"\begin{aligned}" + r" \\ ".join(f"&{line}" for line in lines) + r"\end{aligned}"
