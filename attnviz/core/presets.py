"""Ready-made Q / K / V examples for the playground, each showing one idea."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Preset:
    q: np.ndarray
    k: np.ndarray
    v: np.ndarray
    mask: str = "none"
    padded_keys: tuple[int, ...] = ()


def _m(rows) -> np.ndarray:
    return np.array(rows, dtype=np.float64)


# Order matters: the first one is what the page opens with (the course's own example).
PRESETS: dict[str, Preset] = {
    # The notebook's example: q = [1, 0] matches the first key, so the context leans to [10, 0].
    "course": Preset(q=_m([[1, 0]]), k=_m([[1, 0], [0, 1]]), v=_m([[10, 0], [0, 10]])),
    # Every key is the same vector: every score is equal, so the weights are uniform.
    "identical_keys": Preset(q=_m([[1, 2]]), k=_m([[1, 1], [1, 1], [1, 1]]), v=_m([[3, 0], [0, 3], [3, 3]])),
    # One key points the same way as the query and is much longer: it takes most of the weight.
    "dominant_key": Preset(q=_m([[1, 1]]), k=_m([[3, 3], [1, 0], [0, 1]]), v=_m([[1, 0], [0, 1], [1, 1]])),
    # The query is perpendicular to every key: all scores are 0, the weights are uniform.
    "orthogonal": Preset(q=_m([[1, 0]]), k=_m([[0, 1], [0, 2], [0, -1]]), v=_m([[4, 0], [0, 4], [2, 2]])),
    # Large vectors make scores huge: softmax saturates to (almost) one-hot.
    "saturation": Preset(q=_m([[20, 0]]), k=_m([[20, 0], [18, 2], [0, 20]]), v=_m([[1, 0], [0, 1], [1, 1]])),
    # Self-attention of a 4-token decoder: each token may only look at itself and the past.
    "causal": Preset(
        q=_m([[1, 0, 1, 0], [0, 1, 0, 1], [1, 1, 0, 0], [0, 0, 1, 1]]),
        k=_m([[1, 0, 1, 0], [0, 1, 0, 1], [1, 1, 0, 0], [0, 0, 1, 1]]),
        v=_m([[1, 0], [0, 1], [1, 1], [2, 0]]),
        mask="causal",
    ),
    # A batch padded to 4 tokens: the last key is padding and must get no attention.
    "padding": Preset(
        q=_m([[1, 0], [0, 1]]),
        k=_m([[1, 0], [0, 1], [1, 1], [5, 5]]),
        v=_m([[1, 0], [0, 1], [1, 1], [9, 9]]),
        mask="padding",
        padded_keys=(3,),
    ),
}

RANDOM = "random"
PRESET_NAMES = (*PRESETS, RANDOM)


def random_preset(seed: int, n: int = 3, m: int = 4, d_k: int = 4, d_v: int = 3) -> Preset:
    """Normal(0, 1) entries rounded to one decimal, reproducible from the seed."""
    rng = np.random.default_rng(seed)

    def draw(rows, cols):
        return np.round(rng.normal(size=(rows, cols)), 1) + 0.0  # +0.0: no "-0"

    return Preset(q=draw(n, d_k), k=draw(m, d_k), v=draw(m, d_v))


def get_preset(name: str, seed: int = 0) -> Preset:
    if name == RANDOM:
        return random_preset(seed)
    return PRESETS[name]
