"""Numerically stable softmax, with an optional mask of allowed positions."""

from __future__ import annotations

import numpy as np


def softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax along ``axis``; stable for huge values (subtracts the maximum first)."""
    return masked_softmax(logits, np.ones(np.shape(logits), dtype=bool), axis=axis)


def masked_softmax(logits: np.ndarray, allowed: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax over the positions where ``allowed`` is True; exactly 0 elsewhere.

    A row with no allowed position gets all-zero weights instead of NaN: in a
    transformer that is a query that may look at nothing (e.g. a padding query).
    Infinite logits are clamped to the largest float, so the result is never NaN.
    """
    logits = np.asarray(logits, dtype=np.float64)
    allowed = np.broadcast_to(np.asarray(allowed, dtype=bool), logits.shape)
    big = np.finfo(np.float64).max
    clamped = np.nan_to_num(logits, nan=-big, posinf=big, neginf=-big)
    masked = np.where(allowed, clamped, -np.inf)
    row_max = np.max(masked, axis=axis, keepdims=True)
    row_max = np.where(np.isfinite(row_max), row_max, 0.0)  # rows with nothing allowed
    with np.errstate(over="ignore", invalid="ignore"):
        shifted = masked - row_max  # <= 0 where allowed; may overflow to -inf: fine
        exps = np.where(allowed, np.exp(shifted), 0.0)
    total = np.sum(exps, axis=axis, keepdims=True)
    return np.divide(exps, total, out=np.zeros_like(exps), where=total > 0)
