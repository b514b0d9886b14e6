"""A real head's numbers, cut down to what the playground holds (8 keys, 8 dimensions), for a
student to edit ("what if this key pointed elsewhere?").

- Keys: the 8 the query gives most weight to, kept in text order.
- Dimensions: the first 8, or the 8 that carry most of the query's scores (the largest
  ``sum_j |q_d k_jd|`` over the kept keys).
- A model that does not divide by sqrt(d_head) (T5) is copied with the playground's scaling off.
- Scale: the playground divides by sqrt(8) where the model divided by sqrt(d_head); the copy sets
  the temperature to sqrt(d_head / 8) so that the two factors agree. The scores themselves use 8
  of the d_head terms, so the copy's weights are near the model's only when the dropped dimensions
  carried little: :attr:`PlaygroundCopy.kept_score_share` says how much they carried.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from attnviz.core.attention import scaled_dot_product_attention
from attnviz.core.share import MAX_DIM, TEMPERATURE_RANGE, PlaygroundSettings

DimChoice = Literal["top", "first"]
DECIMALS = 3


@dataclass(frozen=True)
class PlaygroundCopy:
    settings: PlaygroundSettings  # one query row, the kept keys and values, the compensating temperature
    key_positions: list[int]  # the kept keys' positions in the text (in text order)
    dims: list[int]  # the kept dimensions (0-based, ascending)
    kept_weight: float  # the model's weight on the kept keys (1.0 when none was dropped)
    kept_score_share: float  # the share of sum |q_d k_jd| over kept keys that the kept dims carry
    copy_weights: np.ndarray  # the playground's weights on the kept keys
    model_weights: np.ndarray  # the model's weights on the kept keys (renormalised to sum 1)


def chosen_dimensions(q: np.ndarray, k: np.ndarray, how: DimChoice, count: int = MAX_DIM) -> list[int]:
    """``count`` dimensions of the query and keys: the first ones, or those whose terms
    ``|q_d k_jd|`` add up to the most over the keys given."""
    d = q.shape[-1]
    if d <= count:
        return list(range(d))
    if how == "first":
        return list(range(count))
    if how != "top":
        raise ValueError(f"how must be 'top' or 'first'; got {how!r}")
    carried = np.abs(q[None, :] * k).sum(axis=0)
    return sorted(int(i) for i in np.argsort(-carried, kind="stable")[:count])


def playground_copy(
    q_row: np.ndarray,
    k: np.ndarray,
    v: np.ndarray,
    model_weights_row: np.ndarray,
    *,
    dims: DimChoice = "top",
    max_keys: int = MAX_DIM,
    scaled: bool = True,
) -> PlaygroundCopy:
    """The copy of one query's attention (``q_row``: (d,), ``k``/``v``: (T, d), the model's
    weights: (T,)); see the module docstring."""
    q_row = np.asarray(q_row, np.float64)
    k, v = np.asarray(k, np.float64), np.asarray(v, np.float64)
    weights = np.asarray(model_weights_row, np.float64)
    d_head = q_row.shape[0]
    keys = sorted(int(j) for j in np.argsort(-weights, kind="stable")[:max_keys])
    kept_k, kept_v = k[keys], v[keys]
    kept_dims = chosen_dimensions(q_row, kept_k, dims)
    terms = np.abs(q_row[None, :] * kept_k)
    total = float(terms.sum())
    share = float(terms[:, kept_dims].sum() / total) if total > 0 else 1.0
    n_dims = len(kept_dims)
    low, high = TEMPERATURE_RANGE
    # a model that does not scale its scores (T5) is copied with the playground's scaling off
    temperature = float(np.clip(round(np.sqrt(d_head / n_dims), DECIMALS), low, high)) if scaled else 1.0
    q_copy = np.round(q_row[kept_dims][None, :], DECIMALS)
    k_copy = np.round(kept_k[:, kept_dims], DECIMALS)
    v_copy = np.round(kept_v[:, kept_dims], DECIMALS)
    settings = PlaygroundSettings(
        q=q_copy, k=k_copy, v=v_copy, preset=None, temperature=temperature, scaled=scaled
    )
    copy = scaled_dot_product_attention(q_copy, k_copy, v_copy, temperature=temperature, scaled=scaled)
    model_kept = weights[keys]
    return PlaygroundCopy(
        settings=settings,
        key_positions=keys,
        dims=kept_dims,
        kept_weight=float(model_kept.sum()),
        kept_score_share=share,
        copy_weights=copy.weights[0],
        model_weights=model_kept / model_kept.sum() if model_kept.sum() > 0 else model_kept,
    )
