"""The building blocks' formulas written out with the actual numbers, as LaTeX strings.

Only numbers and indices go inside the formulas (never typed text), so nothing needs escaping.
"""

from __future__ import annotations

import numpy as np

from attnviz.core.blocks import FFNParams, FFNSteps, LayerNormSteps, ResidualSteps
from attnviz.core.positional import BASE, dimension_frequency
from attnviz.render.latex import aligned, factor, number  # noqa: F401  (aligned: used by pages)
from attnviz.render.latex import vector as latex_vector

MAX_SHOWN = 8  # longer vectors show their first and last entries around a \cdots


def num(x: float, digits: int = 3) -> str:
    """A number for a formula: at most ``digits`` decimals, no trailing zeros, no ``-0``."""
    return number(x, digits, trailing_zeros=False)


def vector(v: np.ndarray, digits: int = 3, max_shown: int = MAX_SHOWN) -> str:
    """A row vector as a bmatrix; a long one elided in the middle."""
    return latex_vector(v, digits, max_shown=max_shown, trailing_zeros=False)


def small_number(x: float) -> str:
    """``0``, ``0.001`` or ``10^{-12}`` style: for epsilons."""
    x = float(x)
    if x == 0 or x >= 1e-3:
        return num(x, 6)
    mantissa, exponent = f"{x:.0e}".split("e")
    prefix = "" if mantissa == "1" else rf"{mantissa}\times "
    return rf"{prefix}10^{{{int(exponent)}}}"


def _paren(x: float, digits: int = 3) -> str:
    return factor(x, digits, trailing_zeros=False)


# --- embedding -------------------------------------------------------------------
def embedding_general() -> str:
    return (
        r"x_i = E_{[\mathrm{id}(w_i)]}\in\mathbb{R}^{d},\qquad "
        r"\cos(x_i,x_j)=\frac{x_i\cdot x_j}{\lVert x_i\rVert\,\lVert x_j\rVert}"
    )


def embedding_line(position: int, row: int, v: np.ndarray, symbol: str = "x") -> str:
    """x_i = E[id] = [...] (``row`` -1: a token the table lacks, a zero vector)."""
    source = rf"E_{{[{row}]}}" if row >= 0 else r"\mathbf{0}"
    return rf"{symbol}_{{{position + 1}}} = {source} = {vector(v)}"


def embedding_pe_line(position: int, v: np.ndarray) -> str:
    """x_i = e_i + PE_pos (positions count from 0, tokens from 1)."""
    return rf"x_{{{position + 1}}} = e_{{{position + 1}}} + PE_{{{position}}} = {vector(v)}"


def cosine_line(i: int, j: int, a: np.ndarray, b: np.ndarray, value: float) -> str:
    """cos(x_i, x_j) = x_i . x_j / (|x_i| |x_j|) = dot / (na * nb) = value."""
    dot = float(np.dot(a, b))
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    return (
        rf"\cos(x_{{{i + 1}}}, x_{{{j + 1}}}) = \frac{{x_{{{i + 1}}}\cdot x_{{{j + 1}}}}}"
        rf"{{\lVert x_{{{i + 1}}}\rVert\,\lVert x_{{{j + 1}}}\rVert}}"
        rf" = \frac{{{num(dot)}}}{{{num(na)}\cdot {num(nb)}}} = {num(value)}"
    )


# --- positional encoding ----------------------------------------------------------
def pe_general() -> str:
    return (
        r"PE_{(pos,\,2i)} = \sin(pos\cdot\omega_i),\quad "
        r"PE_{(pos,\,2i+1)} = \cos(pos\cdot\omega_i),\quad "
        r"\omega_i = \frac{1}{10000^{2i/d_{model}}}"
    )


def pe_value_line(pos: int, dim: int, d_model: int, value: float) -> str:
    """PE(pos, dim) with its frequency and angle."""
    i = dim // 2
    function = r"\sin" if dim % 2 == 0 else r"\cos"
    index = f"2\\cdot{i}" if dim % 2 == 0 else f"2\\cdot{i}+1"
    angle = pos * dimension_frequency(dim, d_model)
    return (
        rf"PE_{{({pos},\,{index})}} = {function}\!\left(\frac{{{pos}}}{{{int(BASE)}^{{{2 * i}/{d_model}}}}}\right)"
        rf" = {function}({num(angle, 4)}) = {num(value, 4)}"
    )


def pe_dot_line(p: int, q: int, d_model: int, value: float) -> str:
    """PE(p) . PE(q) = sum_i cos((p - q) omega_i), with the first terms written out."""
    k = p - q
    pairs = (d_model + 1) // 2
    shown = [rf"\cos({num(k * dimension_frequency(2 * i, d_model), 3)})" for i in range(min(pairs, 3))]
    terms = " + ".join(shown) + (r" + \cdots" if pairs > 3 else "")
    return (
        rf"PE_{{{p}}}\cdot PE_{{{q}}} = \sum_{{i=0}}^{{{pairs - 1}}} \cos\big(({p}-{q})\,\omega_i\big)"
        rf" = {terms} = {num(value, 3)}"
    )


# --- feed-forward ----------------------------------------------------------------------
def ffn_general(activation_symbol: str) -> str:
    return rf"\mathrm{{FFN}}(x) = {activation_symbol}(x W_1 + b_1)\,W_2 + b_2"


def ffn_lines(steps: FFNSteps, position: int, activation_symbol: str) -> list[str]:
    """z = x W1 + b1, h = act(z), y = h W2 + b2 for one position, with its numbers."""
    i = position
    return [
        rf"x_{{{i + 1}}} = {vector(steps.x[i])}",
        rf"z = x_{{{i + 1}}} W_1 + b_1 = {vector(steps.pre[i])}",
        rf"h = {activation_symbol}(z) = {vector(steps.hidden[i])}",
        rf"y_{{{i + 1}}} = h\,W_2 + b_2 = {vector(steps.output[i])}",
    ]


def ffn_shapes(n: int, params: FFNParams) -> str:
    d, f = params.d_model, params.d_ff
    return (
        rf"\underbrace{{X}}_{{{n}\times{d}}} \xrightarrow{{\;W_1\,({d}\times{f})\;}}"
        rf" \underbrace{{Z,\;H}}_{{{n}\times{f}}} \xrightarrow{{\;W_2\,({f}\times{d})\;}}"
        rf" \underbrace{{Y}}_{{{n}\times{d}}}"
    )


# --- layer normalisation and residual --------------------------------------------------
def layer_norm_general() -> str:
    return (
        r"\mathrm{LayerNorm}(x) = \gamma\odot\frac{x-\mu}{\sqrt{\sigma^2+\varepsilon}}+\beta,\quad "
        r"\mu=\frac{1}{d}\sum_j x_j,\quad \sigma^2=\frac{1}{d}\sum_j (x_j-\mu)^2"
    )


def layer_norm_lines(steps: LayerNormSteps) -> list[str]:
    x = np.asarray(steps.x, dtype=np.float64).ravel()
    d = x.shape[0]
    mean, var, std = float(steps.mean), float(steps.var), float(steps.std)
    eps = small_number(steps.eps)
    gamma = np.unique(np.asarray(steps.gamma)).ravel()
    beta = np.unique(np.asarray(steps.beta)).ravel()
    gamma_text = num(gamma[0]) if gamma.size == 1 else r"\gamma"
    beta_text = num(beta[0]) if beta.size == 1 else r"\beta"
    return [
        rf"\mu = \frac{{{num(x.sum())}}}{{{d}}} = {num(mean, 4)}",
        rf"\sigma^2 = \frac{{{num(((x - mean) ** 2).sum(), 4)}}}{{{d}}} = {num(var, 4)}",
        rf"\sqrt{{\sigma^2+\varepsilon}} = \sqrt{{{num(var, 4)} + {eps}}} = {num(std, 4)}",
        rf"\hat{{x}} = \frac{{x - {_paren(mean, 4)}}}{{{num(std, 4)}}} = {vector(steps.normalized)}",
        rf"y = {gamma_text}\cdot\hat{{x}} + {_paren(beta[0]) if beta.size == 1 else beta_text}"
        rf" = {vector(steps.output)}",
    ]


def residual_general(x: str = "x") -> str:
    return (
        rf"\mathrm{{LayerNorm}}\big({x} + \alpha\,F({x})\big)\quad\longleftrightarrow\quad"
        rf"\mathrm{{LayerNorm}}\big(\alpha\,F({x})\big)"
    )


def residual_lines(steps: ResidualSteps, symbol: str = "x") -> list[str]:
    """The block's input, the sub-layer's output, the sum and both normalised results."""
    a, x = num(steps.alpha), symbol
    return [
        rf"{x} = {vector(steps.x)}",
        rf"{a}\cdot F({x}) = {vector(steps.sublayer)}",
        rf"{x} + {a}\cdot F({x}) = {vector(steps.summed)}",
        rf"\mathrm{{LayerNorm}}({x} + {a}\cdot F({x})) = {vector(steps.with_residual)}",
        rf"\mathrm{{LayerNorm}}({a}\cdot F({x})) = {vector(steps.without_residual)}",
    ]
