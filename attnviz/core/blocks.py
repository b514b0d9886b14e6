"""The other pieces of a transformer layer, in plain numpy: the position-wise feed-forward
network, layer normalisation and the residual connection.

    FFN(x)      = act(x W1 + b1) W2 + b2          d_model -> d_ff -> d_model, act = ReLU or GELU
    LayerNorm(x) = gamma * (x - mu) / sqrt(sigma^2 + eps) + beta   (over the last axis)
    block(x)    = LayerNorm(x + Sublayer(x))      (post-norm, as in Vaswani et al. and BERT)

Every intermediate value is returned so the page never redoes the maths.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

ACTIVATIONS = ("relu", "gelu")
DEFAULT_EPS = 1e-5

_erf = np.vectorize(math.erf, otypes=[np.float64])


# --- activations -----------------------------------------------------------------
def relu(x: np.ndarray) -> np.ndarray:
    """max(0, x)."""
    return np.maximum(np.asarray(x, dtype=np.float64), 0.0)


def gelu(x: np.ndarray) -> np.ndarray:
    """The exact GELU of BERT and DistilBERT: x * Phi(x) = x / 2 * (1 + erf(x / sqrt 2))."""
    x = np.asarray(x, dtype=np.float64)
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def gelu_tanh(x: np.ndarray) -> np.ndarray:
    """The tanh approximation of GELU (GPT-2): x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))."""
    x = np.asarray(x, dtype=np.float64)
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))


def activate(name: str, x: np.ndarray) -> np.ndarray:
    if name == "relu":
        return relu(x)
    if name == "gelu":
        return gelu(x)
    raise ValueError(f"unknown activation {name!r}; choose one of {ACTIVATIONS}")


# --- feed-forward network -------------------------------------------------------------
@dataclass(frozen=True)
class FFNParams:
    """W1 (d_model, d_ff), b1 (d_ff,), W2 (d_ff, d_model), b2 (d_model,)."""

    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray

    def __post_init__(self) -> None:
        d_model, d_ff = np.shape(self.w1)
        if (
            np.shape(self.b1) != (d_ff,)
            or np.shape(self.w2) != (d_ff, d_model)
            or np.shape(self.b2) != (d_model,)
        ):
            raise ValueError("FFN shapes must be W1 (d, f), b1 (f,), W2 (f, d), b2 (d,)")

    @property
    def d_model(self) -> int:
        return int(self.w1.shape[0])

    @property
    def d_ff(self) -> int:
        return int(self.w1.shape[1])

    @property
    def parameter_count(self) -> int:
        return self.w1.size + self.b1.size + self.w2.size + self.b2.size


def random_ffn(d_model: int, d_ff: int, seed: int = 0, bias_scale: float = 0.1) -> FFNParams:
    """Random weights as at initialisation: N(0, 1/fan_in) weights, small N(0, bias_scale^2) biases."""
    if d_model < 1 or d_ff < 1:
        raise ValueError("d_model and d_ff must be positive")
    rng = np.random.default_rng(seed)
    return FFNParams(
        w1=rng.standard_normal((d_model, d_ff)) / math.sqrt(d_model),
        b1=rng.standard_normal(d_ff) * bias_scale,
        w2=rng.standard_normal((d_ff, d_model)) / math.sqrt(d_ff),
        b2=rng.standard_normal(d_model) * bias_scale,
    )


@dataclass(frozen=True)
class FFNSteps:
    x: np.ndarray  # (n, d_model) input, one row per position
    pre: np.ndarray  # (n, d_ff)    x W1 + b1
    hidden: np.ndarray  # (n, d_ff)    act(x W1 + b1)
    output: np.ndarray  # (n, d_model) hidden W2 + b2
    activation: str


def feed_forward(x: np.ndarray, params: FFNParams, activation: str = "relu") -> FFNSteps:
    """The FFN on every position (row) of ``x`` at once, as matrix products."""
    x = np.atleast_2d(np.asarray(x, dtype=np.float64))
    if x.shape[1] != params.d_model:
        raise ValueError(f"x has {x.shape[1]} columns but the FFN expects d_model={params.d_model}")
    pre = x @ params.w1 + params.b1
    hidden = activate(activation, pre)
    output = hidden @ params.w2 + params.b2
    return FFNSteps(x, pre, hidden, output, activation)


def feed_forward_each_position(x: np.ndarray, params: FFNParams, activation: str = "relu") -> np.ndarray:
    """The same FFN applied to one position at a time, with plain loops (no matrix of positions).

    Equal to ``feed_forward(x).output``: that is what "position-wise" means.
    """
    x = np.atleast_2d(np.asarray(x, dtype=np.float64))
    rows = []
    for position in x:
        hidden = [
            activate(
                activation, sum(position[i] * params.w1[i, j] for i in range(params.d_model)) + params.b1[j]
            )
            for j in range(params.d_ff)
        ]
        rows.append(
            [
                sum(hidden[j] * params.w2[j, k] for j in range(params.d_ff)) + params.b2[k]
                for k in range(params.d_model)
            ]
        )
    return np.array(rows, dtype=np.float64).reshape(x.shape[0], params.d_model)


def random_positions(n: int, d_model: int, seed: int = 0, repeat_first: bool = False) -> np.ndarray:
    """(n, d_model) N(0, 1) inputs; with ``repeat_first`` the last row is a copy of the first."""
    x = np.random.default_rng([int(seed) & 0xFFFFFFFF, 1]).standard_normal((n, d_model))
    if repeat_first and n > 1:
        x[-1] = x[0]
    return x


# --- layer normalisation -------------------------------------------------------------
@dataclass(frozen=True)
class LayerNormSteps:
    x: np.ndarray  # input (..., d)
    mean: np.ndarray  # mu, over the last axis
    var: np.ndarray  # sigma^2 (population variance, as Keras and PyTorch use)
    std: np.ndarray  # sqrt(sigma^2 + eps)
    normalized: np.ndarray  # (x - mu) / sqrt(sigma^2 + eps)
    output: np.ndarray  # gamma * normalized + beta
    gamma: np.ndarray
    beta: np.ndarray
    eps: float

    @property
    def constant(self) -> np.ndarray:
        """True where every entry was equal: nothing to normalise (normalized is 0 there)."""
        return self.var == 0


def layer_norm(x: np.ndarray, gamma=1.0, beta=0.0, eps: float = DEFAULT_EPS) -> LayerNormSteps:
    """Normalise each vector (last axis) to mean 0 and variance 1, then scale by gamma and shift by beta.

    A constant vector (variance 0) with ``eps = 0`` gives 0 instead of 0/0.
    """
    if not eps >= 0:
        raise ValueError("eps must be >= 0")
    x = np.asarray(x, dtype=np.float64)
    gamma = np.asarray(gamma, dtype=np.float64)
    beta = np.asarray(beta, dtype=np.float64)
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = (centred**2).mean(axis=-1, keepdims=True)
    std = np.sqrt(var + eps)
    normalized = np.divide(centred, std, out=np.zeros_like(centred), where=std > 0)
    output = gamma * normalized + beta
    return LayerNormSteps(
        x=x,
        mean=mean.squeeze(-1),
        var=var.squeeze(-1),
        std=std.squeeze(-1),
        normalized=normalized,
        output=output,
        gamma=gamma,
        beta=beta,
        eps=float(eps),
    )


# --- residual connection ---------------------------------------------------------------
@dataclass(frozen=True)
class ResidualSteps:
    x: np.ndarray  # the block's input
    sublayer: np.ndarray  # alpha * F(x)
    summed: np.ndarray  # x + alpha * F(x)
    with_residual: np.ndarray  # LayerNorm(x + alpha * F(x))
    without_residual: np.ndarray  # LayerNorm(alpha * F(x))
    alpha: float


def residual_block(
    x: np.ndarray,
    params: FFNParams,
    *,
    activation: str = "relu",
    alpha: float = 1.0,
    gamma=1.0,
    beta=0.0,
    eps: float = DEFAULT_EPS,
) -> ResidualSteps:
    """Post-norm sub-layer with an FFN as F: LayerNorm(x + alpha F(x)), and the same without x."""
    x = np.asarray(x, dtype=np.float64)
    sublayer = alpha * feed_forward(x, params, activation).output.reshape(x.shape)
    summed = x + sublayer
    return ResidualSteps(
        x=x,
        sublayer=sublayer,
        summed=summed,
        with_residual=layer_norm(summed, gamma, beta, eps).output,
        without_residual=layer_norm(sublayer, gamma, beta, eps).output,
        alpha=float(alpha),
    )


@dataclass(frozen=True)
class DepthSimilarity:
    """Mean cosine similarity between the input and the output of layer l = 0 .. depth."""

    with_residual: np.ndarray  # (depth + 1,)
    without_residual: np.ndarray  # (depth + 1,)


def similarity_through_depth(
    x: np.ndarray,
    depth: int,
    *,
    alpha: float = 1.0,
    activation: str = "relu",
    d_ff_factor: int = 4,
    seed: int = 0,
    trials: int = 32,
) -> DepthSimilarity:
    """Stack ``depth`` post-norm blocks with random FFNs and follow cos(h_l, x).

    With residual: h_{l+1} = LN(h_l + alpha F_l(h_l)). Without: h_{l+1} = LN(alpha F_l(h_l)).
    Averaged over ``trials`` random stacks so one lucky draw does not tell the story.
    """
    x = np.asarray(x, dtype=np.float64).ravel()
    d = x.shape[0]
    norm_x = np.linalg.norm(x)

    def cos(h: np.ndarray) -> float:
        denominator = np.linalg.norm(h) * norm_x
        return float(h @ x / denominator) if denominator > 0 else 0.0

    with_res = np.zeros(depth + 1)
    without_res = np.zeros(depth + 1)
    rng = np.random.default_rng(seed)
    for _ in range(trials):
        h_with, h_without = x.copy(), x.copy()
        with_res[0] += cos(h_with)
        without_res[0] += cos(h_without)
        for layer in range(1, depth + 1):
            params = random_ffn(d, d_ff_factor * d, int(rng.integers(2**32)))
            f_with = alpha * feed_forward(h_with, params, activation).output[0]
            f_without = alpha * feed_forward(h_without, params, activation).output[0]
            h_with = layer_norm(h_with + f_with).output
            h_without = layer_norm(f_without).output
            with_res[layer] += cos(h_with)
            without_res[layer] += cos(h_without)
    return DepthSimilarity(with_res / trials, without_res / trials)
