"""The playground's state as URL query parameters, so a link reproduces an example.

Format (every key optional)::

    ?preset=course                  a preset, unedited (with &seed=7 for "random")
    ?q=1,0&k=1,0;0,1&v=10,0;0,10    matrices: cells by ",", rows by ";" (decimal point ".")
    &scale=0  &temp=0.5  &mask=causal|padding  &pad=2,4 (1-based keys)  &query=2  &heads=2

Reading a link never fails: what cannot be read is skipped and reported, and
the rest is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from attnviz.core.attention import AttentionSteps, scaled_dot_product_attention
from attnviz.core.masks import MASK_KINDS, build_mask
from attnviz.core.matrix_input import check_qkv_shapes, format_number, parse_matrix
from attnviz.core.presets import PRESET_NAMES, RANDOM, get_preset

MAX_DIM = 8
TEMPERATURE_RANGE = (0.1, 5.0)  # the playground's slider


@dataclass(frozen=True)
class PlaygroundSettings:
    q: np.ndarray
    k: np.ndarray
    v: np.ndarray
    preset: str | None = "course"  # None once the matrices were edited
    seed: int = 0
    scaled: bool = True
    temperature: float = 1.0
    mask: str = "none"
    padded_keys: tuple[int, ...] = ()  # 0-based
    query: int = 0  # 0-based query shown step by step
    heads: int = 1

    def allowed(self) -> np.ndarray:
        """The boolean mask of which keys each query may see."""
        return build_mask(self.mask, self.q.shape[0], self.k.shape[0], self.padded_keys)

    def attention(self) -> AttentionSteps:
        return scaled_dot_product_attention(
            self.q, self.k, self.v, scaled=self.scaled, temperature=self.temperature, allowed=self.allowed()
        )

    @classmethod
    def from_preset(cls, name: str, seed: int = 0) -> PlaygroundSettings:
        p = get_preset(name, seed)
        return cls(q=p.q, k=p.k, v=p.v, preset=name, seed=seed, mask=p.mask, padded_keys=p.padded_keys)


@dataclass(frozen=True)
class DecodedLink:
    settings: PlaygroundSettings
    unreadable: list[str] = field(default_factory=list)  # names of parameters that were skipped


def encode_matrix(matrix: np.ndarray) -> str:
    return ";".join(",".join(format_number(x) for x in row) for row in np.atleast_2d(matrix))


def decode_matrix(text: str) -> np.ndarray | None:
    rows = [row.split(",") for row in text.split(";")]
    parsed = parse_matrix(rows)
    if not parsed.ok or max(parsed.values.shape) > MAX_DIM:
        return None
    return parsed.values


def to_query_params(s: PlaygroundSettings) -> dict[str, str]:
    params: dict[str, str] = {}
    if s.preset is not None:
        params["preset"] = s.preset
        if s.preset == RANDOM:
            params["seed"] = str(s.seed)
    else:
        params.update(q=encode_matrix(s.q), k=encode_matrix(s.k), v=encode_matrix(s.v))
    if not s.scaled:
        params["scale"] = "0"
    if s.temperature != 1.0:
        params["temp"] = format_number(s.temperature)
    if s.mask != "none":
        params["mask"] = s.mask
    if s.mask == "padding" and s.padded_keys:
        params["pad"] = ",".join(str(j + 1) for j in s.padded_keys)
    if s.query:
        params["query"] = str(s.query + 1)
    if s.heads != 1:
        params["heads"] = str(s.heads)
    return params


def from_query_params(params: Mapping[str, str]) -> DecodedLink:
    """Settings from a link; unknown or malformed values are skipped and listed."""
    unreadable: list[str] = []
    seed = _int(params.get("seed", "0"), 0, 2**31 - 1)
    if seed is None:
        unreadable.append("seed")
        seed = 0
    preset = params.get("preset", "course")
    if preset not in PRESET_NAMES:
        unreadable.append("preset")
        preset = "course"
    s = PlaygroundSettings.from_preset(preset, seed)

    if any(name in params for name in ("q", "k", "v")):
        matrices = {name: decode_matrix(params.get(name, "")) for name in ("q", "k", "v")}
        readable = all(m is not None for m in matrices.values())
        if readable and not check_qkv_shapes(*matrices.values()):
            s = replace(s, preset=None, mask="none", padded_keys=(), **matrices)
        elif readable:  # each matrix is fine, but they do not fit together
            unreadable.extend(matrices)
        else:
            unreadable.extend(name for name, m in matrices.items() if m is None)

    if params.get("scale") not in (None, "0", "1"):
        unreadable.append("scale")
    s = replace(s, scaled=params.get("scale", "1") != "0")

    if "temp" in params:
        temp = _float(params["temp"], *TEMPERATURE_RANGE)
        if temp is None:
            unreadable.append("temp")
        else:
            s = replace(s, temperature=temp)
    if "mask" in params:
        if params["mask"] == "causal" and s.q.shape[0] > s.k.shape[0]:
            unreadable.append("mask")  # a causal mask needs no more queries than keys
        elif params["mask"] in MASK_KINDS:
            s = replace(
                s, mask=params["mask"], padded_keys=() if params["mask"] != "padding" else s.padded_keys
            )
        else:
            unreadable.append("mask")
    if "pad" in params:
        keys = [_int(p, 1, s.k.shape[0]) for p in params["pad"].split(",")]
        if None in keys:
            unreadable.append("pad")
        else:
            s = replace(s, padded_keys=tuple(sorted({j - 1 for j in keys})))
    if "query" in params:
        query = _int(params["query"], 1, s.q.shape[0])
        if query is None:
            unreadable.append("query")
        else:
            s = replace(s, query=query - 1)
    if "heads" in params:
        heads = _int(params["heads"], 1, MAX_DIM)
        if heads is None or s.q.shape[1] % heads or s.v.shape[1] % heads:
            unreadable.append("heads")
        else:
            s = replace(s, heads=heads)
    return DecodedLink(s, unreadable)


def _int(text: str, low: int, high: int) -> int | None:
    try:
        text = str(text).strip()
        value = int(text) if len(text) <= 20 else None  # Python refuses 4300+ digits anyway
    except ValueError:
        return None
    return value if value is not None and low <= value <= high else None


def _float(text: str, low: float, high: float) -> float | None:
    try:
        text = str(text).strip()
        value = float(text) if len(text) <= 64 else None
    except ValueError:
        return None
    return value if value is not None and low <= value <= high else None
