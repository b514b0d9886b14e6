"""Attention rollout (Abnar and Zuidema 2020, "Quantifying Attention Flow in Transformers").

A layer's attention only says how it mixes *its own input* tokens, which after the first layer
are already mixtures. Rollout follows the mixing down to the input tokens:

1. average the heads of layer l:                 A_l = mean_h A[l, h]
2. account for the residual connection:          Â_l = r * I + (1 - r) * A_l   (r = 0.5)
3. renormalise the rows (they sum to 1 again);
4. multiply through the layers, first layer last: R = Â_{L-1} ... Â_1 Â_0.

Row i of R estimates how much of each input token reaches position i at the top of the model;
row 0 (the [CLS] position) is what the classifier sees.
"""

from __future__ import annotations

import numpy as np

from attnviz.core.attention_views import check_attention_stack

__all__ = ["residual_attention", "rollout_by_layer", "attention_rollout", "cls_rollout"]


def residual_attention(attentions: np.ndarray, residual: float = 0.5) -> np.ndarray:
    """Steps 1-3 for every layer: (L, H, T, T) -> (L, T, T), each row summing to 1."""
    a = check_attention_stack(attentions)  # the head mean below accumulates in float64
    if a.shape[-1] != a.shape[-2]:
        raise ValueError(f"rollout needs self-attention (square rows x columns); got {a.shape}")
    if not 0.0 <= residual <= 1.0:
        raise ValueError("residual must be between 0 and 1")
    mixed = residual * np.eye(a.shape[-1]) + (1.0 - residual) * a.mean(axis=1, dtype=np.float64)
    totals = mixed.sum(axis=-1, keepdims=True)
    return np.divide(mixed, totals, out=np.zeros_like(mixed), where=totals > 0)


def rollout_by_layer(attentions: np.ndarray, residual: float = 0.5) -> np.ndarray:
    """(L, T, T): entry l is the rollout from the input up to the output of layer l."""
    steps = residual_attention(attentions, residual)
    out = np.empty_like(steps)
    current = np.eye(steps.shape[-1])
    for layer, step in enumerate(steps):  # one matrix product per layer
        current = step @ current
        out[layer] = current
    return out


def attention_rollout(
    attentions: np.ndarray,
    residual: float = 0.5,
    *,
    start_layer: int = 0,
    end_layer: int | None = None,
) -> np.ndarray:
    """(T, T) rollout through layers ``start_layer`` .. ``end_layer - 1`` (default: all)."""
    a = check_attention_stack(attentions)
    sub = a[start_layer:end_layer]
    if sub.shape[0] == 0:
        raise ValueError(f"no layer between {start_layer} and {end_layer} (the model has {a.shape[0]})")
    return rollout_by_layer(sub, residual)[-1]


def cls_rollout(rollout: np.ndarray, cls_index: int = 0) -> np.ndarray:
    """What reaches [CLS]: the row of the rollout at the [CLS] position, (T,), summing to 1."""
    r = np.asarray(rollout, dtype=np.float64)
    if r.ndim != 2 or r.shape[0] != r.shape[1]:
        raise ValueError(f"rollout must be (T, T); got {r.shape}")
    return r[cls_index].copy()
