"""Sinusoidal positional encoding (Vaswani et al., 2017, section 3.5), in plain numpy.

    PE(pos, 2i)     = sin(pos / base^(2i / d_model))
    PE(pos, 2i + 1) = cos(pos / base^(2i / d_model))

with ``base = 10000``. Column pair (2i, 2i+1) turns at the angular frequency
``omega_i = base^(-2i / d_model)``: the first pairs change fast with the position,
the last ones very slowly. Because sin(a)sin(b) + cos(a)cos(b) = cos(a - b),

    PE(p) . PE(q) = sum_i cos((p - q) * omega_i)

depends only on the offset p - q (for an even ``d_model``): nearby positions have
similar encodings, and the similarity is the same anywhere in the sentence.
"""

from __future__ import annotations

import numpy as np

BASE = 10000.0
MAX_LENGTH = 512
MAX_D_MODEL = 1024


def _check(length: int, d_model: int) -> None:
    if not 1 <= int(length) <= MAX_LENGTH:
        raise ValueError(f"length must be between 1 and {MAX_LENGTH}, got {length}")
    if not 1 <= int(d_model) <= MAX_D_MODEL:
        raise ValueError(f"d_model must be between 1 and {MAX_D_MODEL}, got {d_model}")


def frequencies(d_model: int, base: float = BASE) -> np.ndarray:
    """omega_i = base^(-2i / d_model) for each column pair i = 0 .. ceil(d_model / 2) - 1."""
    pairs = np.arange((int(d_model) + 1) // 2, dtype=np.float64)
    return base ** (-2.0 * pairs / d_model)


def dimension_frequency(dim: int, d_model: int, base: float = BASE) -> float:
    """The angular frequency of column ``dim`` (columns 2i and 2i+1 share omega_i)."""
    return float(base ** (-2.0 * (dim // 2) / d_model))


def wavelengths(d_model: int, base: float = BASE) -> np.ndarray:
    """How many positions one full turn of each column pair takes: 2 pi / omega_i."""
    return 2 * np.pi / frequencies(d_model, base)


def sinusoidal_encoding(length: int, d_model: int, base: float = BASE) -> np.ndarray:
    """The (length, d_model) matrix PE: row = position 0 .. length-1, column = dimension.

    An odd ``d_model`` keeps the sine of the last pair and drops its cosine.
    """
    _check(length, d_model)
    positions = np.arange(int(length), dtype=np.float64)[:, None]
    angles = positions * frequencies(d_model, base)[None, :]  # (length, pairs)
    pe = np.empty((int(length), 2 * angles.shape[1]), dtype=np.float64)
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles)
    return pe[:, : int(d_model)]


def position_dot_products(pe: np.ndarray) -> np.ndarray:
    """(length, length) matrix of PE(p) . PE(q)."""
    pe = np.asarray(pe, dtype=np.float64)
    return pe @ pe.T


def dot_product_by_offset(offsets: np.ndarray, d_model: int, base: float = BASE) -> np.ndarray:
    """PE(p) . PE(p + k) = sum_i cos(k omega_i), for each offset k (even d_model).

    The closed form of :func:`position_dot_products` along any diagonal.
    """
    if int(d_model) % 2:
        raise ValueError("the closed form needs an even d_model")
    offsets = np.asarray(offsets, dtype=np.float64)
    return np.cos(offsets[..., None] * frequencies(d_model, base)).sum(axis=-1)
