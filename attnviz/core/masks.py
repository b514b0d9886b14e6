"""Attention masks as boolean "allowed" matrices: True where query i may look at key j."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

MASK_KINDS = ("none", "causal", "padding")


class MaskError(ValueError):
    """A mask that cannot be built for the given shapes (e.g. causal with n > m)."""


def no_mask(n_queries: int, n_keys: int) -> np.ndarray:
    return np.ones((n_queries, n_keys), dtype=bool)


def causal_mask(n_queries: int, n_keys: int) -> np.ndarray:
    """Query i sees keys 0..i (a decoder cannot look at the future). Needs n <= m."""
    if n_queries > n_keys:
        raise MaskError(f"causal mask needs n <= m (got n={n_queries}, m={n_keys})")
    return np.tril(np.ones((n_queries, n_keys), dtype=bool))


def padding_mask(n_queries: int, n_keys: int, padded_keys: Iterable[int]) -> np.ndarray:
    """Every query ignores the keys listed in ``padded_keys`` (0-based)."""
    allowed = np.ones((n_queries, n_keys), dtype=bool)
    for j in padded_keys:
        if not 0 <= j < n_keys:
            raise MaskError(f"padding key {j} is outside 0..{n_keys - 1}")
        allowed[:, j] = False
    return allowed


def build_mask(kind: str, n_queries: int, n_keys: int, padded_keys: Iterable[int] = ()) -> np.ndarray:
    if kind == "none":
        return no_mask(n_queries, n_keys)
    if kind == "causal":
        return causal_mask(n_queries, n_keys)
    if kind == "padding":
        return padding_mask(n_queries, n_keys, padded_keys)
    raise MaskError(f"unknown mask kind {kind!r}; expected one of {MASK_KINDS}")
