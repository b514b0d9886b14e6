"""Multi-head attention on already-projected Q, K, V: split, attend per head, concatenate."""

from __future__ import annotations

from dataclasses import dataclass
from math import gcd

import numpy as np

from attnviz.core.attention import AttentionSteps, scaled_dot_product_attention


@dataclass(frozen=True)
class MultiHeadResult:
    heads: list[AttentionSteps]  # one per head, each on its slice of the columns
    output: np.ndarray  # (n, d_v): the heads' contexts side by side


def valid_head_counts(d_k: int, d_v: int) -> list[int]:
    """Numbers of heads h that split both d_k and d_v into equal slices."""
    g = gcd(d_k, d_v)
    return [h for h in range(1, g + 1) if g % h == 0]


def split_heads(x: np.ndarray, n_heads: int) -> list[np.ndarray]:
    """Split the columns of (tokens, d) into n_heads blocks of d / n_heads columns."""
    x = np.atleast_2d(np.asarray(x, dtype=np.float64))
    if x.shape[1] % n_heads:
        raise ValueError(f"{x.shape[1]} columns cannot be split into {n_heads} equal heads")
    return np.split(x, n_heads, axis=1)


def merge_heads(parts: list[np.ndarray]) -> np.ndarray:
    """Inverse of :func:`split_heads`: concatenate the heads' columns."""
    return np.concatenate(parts, axis=1)


def multi_head_attention(
    q: np.ndarray,
    k: np.ndarray,
    v: np.ndarray,
    n_heads: int,
    *,
    scaled: bool = True,
    temperature: float = 1.0,
    allowed: np.ndarray | None = None,
) -> MultiHeadResult:
    """Each head attends with its own column slice (scaled by 1/sqrt(d_k / h))."""
    heads = [
        scaled_dot_product_attention(qh, kh, vh, scaled=scaled, temperature=temperature, allowed=allowed)
        for qh, kh, vh in zip(split_heads(q, n_heads), split_heads(k, n_heads), split_heads(v, n_heads))
    ]
    return MultiHeadResult(heads=heads, output=merge_heads([h.context for h in heads]))
