"""Vectors projected to 2-D with principal components (numpy only), for the "projector" views.

``layer_paths``: every token's hidden state at every layer on the *same* two axes, so a token's
way through the layers is a line. Each layer's points are first centred on that layer's mean
and scaled to unit mean length: hidden states drift and grow from layer to layer as a whole
(in BERT the norm grows several-fold), and that drift would otherwise fill both axes; what is
left is how the tokens sit relative to each other, which is what the layers change.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Projection2D:
    coords: np.ndarray  # (..., 2)
    explained: tuple[float, float]  # share of the variance along each axis
    mean: np.ndarray  # (dim,) subtracted before projecting
    axes: np.ndarray  # (2, dim) the principal directions


def pca_2d(points: np.ndarray) -> Projection2D:
    """The two principal components of ``points`` (n, dim), n >= 1, and the points on them.
    Signs are fixed (each axis points where its largest loading is positive), so the picture does
    not flip between calls."""
    x = np.asarray(points, dtype=np.float64)
    if x.ndim != 2 or x.shape[0] == 0:
        raise ValueError(f"points must be (n, dim) with n >= 1; got {x.shape}")
    mean = x.mean(axis=0)
    centred = x - mean
    _, singular, vt = np.linalg.svd(centred, full_matrices=False)
    axes = np.zeros((2, x.shape[1]))
    k = min(2, vt.shape[0])
    axes[:k] = vt[:k]
    for row in axes:
        biggest = np.argmax(np.abs(row))
        if row[biggest] < 0:
            row *= -1
    variance = singular**2
    total = float(variance.sum())
    explained = tuple(
        float(variance[i] / total) if total > 0 and i < len(variance) else 0.0 for i in range(2)
    )
    return Projection2D(coords=centred @ axes.T, explained=explained, mean=mean, axes=axes)


def normalise_layers(hidden: np.ndarray) -> np.ndarray:
    """(layers, T, dim): each layer centred on its mean token and scaled to unit mean length."""
    h = np.asarray(hidden, dtype=np.float64)
    centred = h - h.mean(axis=1, keepdims=True)
    size = np.linalg.norm(centred, axis=-1).mean(axis=1, keepdims=True)[..., None]
    return np.divide(centred, size, out=np.zeros_like(centred), where=size > 0)


def layer_paths(hidden: np.ndarray, keep: np.ndarray | None = None) -> Projection2D:
    """``hidden`` (layers, T, dim) -> coords (layers, T', 2) on shared axes; ``keep`` (T,) bool picks
    the tokens (e.g. without [CLS] and [SEP], which otherwise dominate the axes)."""
    h = np.asarray(hidden, dtype=np.float64)
    if keep is not None:
        h = h[:, np.asarray(keep, dtype=bool)]
    if h.ndim != 3 or h.shape[1] == 0:
        raise ValueError("layer_paths needs (layers, tokens, dim) with at least one token")
    normed = normalise_layers(h)
    n_layers, n_tokens, dim = normed.shape
    flat = pca_2d(normed.reshape(n_layers * n_tokens, dim))
    return Projection2D(
        coords=flat.coords.reshape(n_layers, n_tokens, 2),
        explained=flat.explained,
        mean=flat.mean,
        axes=flat.axes,
    )
