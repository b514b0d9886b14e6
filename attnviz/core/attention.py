"""Scaled dot-product attention in plain numpy, step by step.

Every intermediate quantity the playground shows (raw scores, scaled scores,
mask, weights, context) is returned, so that pages never redo the maths.
All computation is float64: the playground deals with a handful of numbers,
and float64 keeps large-magnitude presets exact enough to show saturation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from attnviz.core.masks import MaskError  # re-exported for callers
from attnviz.core.softmax import masked_softmax

__all__ = ["AttentionSteps", "scaled_dot_product_attention", "MaskError"]


@dataclass(frozen=True)
class AttentionSteps:
    """Everything computed on the way from (Q, K, V) to the context vectors."""

    scores: np.ndarray  # (n, m) raw Q K^T
    scale: float  # the factor applied: 1/sqrt(d_k), or 1.0 when scaling is off
    temperature: float
    logits: np.ndarray  # (n, m) scores * scale / temperature (before masking)
    allowed: np.ndarray  # (n, m) bool: True where a query may look at a key
    weights: np.ndarray  # (n, m) softmax over allowed keys; 0 where not allowed
    context: np.ndarray  # (n, d_v) weights @ V
    fully_masked: np.ndarray  # (n,) bool: rows with no allowed key (zero weights, zero context)


def scaled_dot_product_attention(
    q: np.ndarray,
    k: np.ndarray,
    v: np.ndarray,
    *,
    scaled: bool = True,
    temperature: float = 1.0,
    allowed: np.ndarray | None = None,
) -> AttentionSteps:
    """softmax(Q K^T / (sqrt(d_k) * temperature) + mask) V, with every step kept.

    ``allowed`` is a boolean (n, m) matrix (see :mod:`attnviz.core.masks`);
    ``None`` lets every query see every key.
    """
    q = np.atleast_2d(np.asarray(q, dtype=np.float64))
    k = np.atleast_2d(np.asarray(k, dtype=np.float64))
    v = np.atleast_2d(np.asarray(v, dtype=np.float64))
    if q.shape[1] != k.shape[1]:
        raise ValueError(f"Q has d_k={q.shape[1]} columns but K has {k.shape[1]}")
    if k.shape[0] != v.shape[0]:
        raise ValueError(f"K has {k.shape[0]} rows (keys) but V has {v.shape[0]}")
    if not temperature > 0:
        raise ValueError("temperature must be positive")

    n, m = q.shape[0], k.shape[0]
    if allowed is None:
        allowed = np.ones((n, m), dtype=bool)
    allowed = np.asarray(allowed, dtype=bool)
    if allowed.shape != (n, m):
        raise ValueError(f"mask has shape {allowed.shape}, expected {(n, m)}")

    scores = q @ k.T
    scale = 1.0 / np.sqrt(q.shape[1]) if scaled else 1.0
    logits = scores * (scale / temperature)
    weights = masked_softmax(logits, allowed)
    context = weights @ v
    fully_masked = ~allowed.any(axis=-1)
    return AttentionSteps(
        scores=scores,
        scale=float(scale),
        temperature=float(temperature),
        logits=logits,
        allowed=allowed,
        weights=weights,
        context=context,
        fully_masked=fully_masked,
    )
