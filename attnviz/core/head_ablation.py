"""Switching attention heads off: the numpy reference for the model's head ablation.

In multi-head attention each head h produces a context slice c_h (T, d_head); the slices sit side
by side, (T, H * d_head), head h in columns h*d_head:(h+1)*d_head (Hugging Face's ``unshape``),
and the output projection mixes them:

    out = concat(c_0, ..., c_{H-1}) @ W_O + b_O = sum_h c_h @ W_O[h*d:(h+1)*d, :] + b_O

so the output is a sum of one contribution per head plus the bias. Zeroing head h's slice (or,
equivalently, the rows of W_O that read it: how to do it on a copy of a Keras ``Dense`` kernel,
shaped (in, out)) removes exactly that head's term and leaves the others untouched.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

__all__ = ["head_contributions", "ablate_heads", "zero_head_rows"]


def _heads(heads_off: Iterable[int], n_heads: int) -> list[int]:
    heads = sorted({int(h) for h in heads_off})
    if any(not 0 <= h < n_heads for h in heads):
        raise ValueError(f"head indices must be in 0..{n_heads - 1}; got {heads}")
    return heads


def _check(context: np.ndarray, w_o: np.ndarray, n_heads: int) -> tuple[np.ndarray, np.ndarray]:
    c = np.atleast_2d(np.asarray(context, dtype=np.float64))
    w = np.asarray(w_o, dtype=np.float64)
    if n_heads < 1 or c.shape[-1] % n_heads:
        raise ValueError(f"{c.shape[-1]} context columns cannot be split into {n_heads} heads")
    if w.ndim != 2 or w.shape[0] != c.shape[-1]:
        raise ValueError(f"W_O of shape {w.shape} does not read {c.shape[-1]} context columns")
    return c, w


def head_contributions(context_per_head: np.ndarray, w_o: np.ndarray, *, n_heads: int) -> np.ndarray:
    """Each head's term of the output projection: (T, H*d) and (H*d, d_model) -> (H, T, d_model)."""
    c, w = _check(context_per_head, w_o, n_heads)
    d = c.shape[-1] // n_heads
    c_heads = c.reshape(c.shape[0], n_heads, d)  # (T, H, d)
    w_heads = w.reshape(n_heads, d, w.shape[1])  # (H, d, d_model)
    return np.einsum("thd,hdm->htm", c_heads, w_heads)


def ablate_heads(
    context_per_head: np.ndarray,
    w_o: np.ndarray,
    b_o: np.ndarray,
    heads_off: Iterable[int],
    *,
    n_heads: int,
) -> np.ndarray:
    """The attention block's output with the heads in ``heads_off`` switched off: (T, d_model).

    The heads' slices of the context are set to zero before the output projection.
    """
    c, w = _check(context_per_head, w_o, n_heads)
    d = c.shape[-1] // n_heads
    c = c.copy()
    for h in _heads(heads_off, n_heads):
        c[:, h * d : (h + 1) * d] = 0.0
    return c @ w + np.asarray(b_o, dtype=np.float64)


def zero_head_rows(w_o: np.ndarray, heads_off: Iterable[int], *, n_heads: int) -> np.ndarray:
    """A copy of W_O (in = H*d, out) with the rows that read the given heads set to zero.

    Using it in place of W_O has the same effect as :func:`ablate_heads` (the bias stays).
    """
    w = np.array(w_o, copy=True)  # keeps the kernel's dtype (float32 for a Keras layer)
    if not np.issubdtype(w.dtype, np.floating):
        w = w.astype(np.float64)
    if w.ndim != 2 or w.shape[0] % n_heads:
        raise ValueError(f"W_O of shape {w.shape} cannot be split into {n_heads} heads")
    d = w.shape[0] // n_heads
    for h in _heads(heads_off, n_heads):
        w[h * d : (h + 1) * d] = 0.0
    return w
