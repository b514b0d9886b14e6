"""The attention formula written out with the actual numbers of one query, as LaTeX.

Pure text building over an :class:`~attnviz.core.attention.AttentionSteps`;
the words inside the formulas arrive already translated.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from attnviz.core.attention import AttentionSteps
from attnviz.render.latex import aligned, factor, number, vector  # noqa: F401  (aligned: used by pages)


@dataclass(frozen=True)
class StepWords:
    """Translated words that appear inside the formulas."""

    masked: str = "masked"


num = number  # short name: formulas below use it a lot


def score_lines(q: np.ndarray, k: np.ndarray, steps: AttentionSteps, i: int) -> list[str]:
    """s_ij = q_i . k_j, term by term."""
    lines = []
    for j in range(k.shape[0]):
        terms = " + ".join(f"{factor(a)}\\cdot{factor(b)}" for a, b in zip(q[i], k[j]))
        lines.append(
            rf"s_{{{j + 1}}} = q_{{{i + 1}}}\cdot k_{{{j + 1}}} = {terms} = {num(steps.scores[i, j])}"
        )
    return lines


def scaling_lines(steps: AttentionSteps, i: int, d_k: int, scaled: bool, words: StepWords) -> list[str]:
    """x_j = s_j / (sqrt(d_k) * T), or -inf for masked keys."""
    if scaled and steps.temperature != 1:
        divisor = rf"\sqrt{{{d_k}}}\cdot {num(steps.temperature)}"
    elif scaled:
        divisor = rf"\sqrt{{{d_k}}}"
    elif steps.temperature != 1:
        divisor = num(steps.temperature)
    else:
        divisor = ""
    lines = []
    for j in range(steps.scores.shape[1]):
        if not steps.allowed[i, j]:
            lines.append(rf"x_{{{j + 1}}} = -\infty \quad \text{{({words.masked})}}")
        elif divisor:
            lines.append(
                rf"x_{{{j + 1}}} = \frac{{{num(steps.scores[i, j])}}}{{{divisor}}} = {num(steps.logits[i, j])}"
            )
        else:
            lines.append(rf"x_{{{j + 1}}} = s_{{{j + 1}}} = {num(steps.logits[i, j])}")
    return lines


def softmax_lines(steps: AttentionSteps, i: int) -> list[str]:
    """w_j = e^{x_j} / sum_l e^{x_l}, computed as e^{x_j - max} for stability."""
    allowed = steps.allowed[i]
    logits = steps.logits[i]
    top = float(np.max(logits[allowed]))
    exps = np.where(allowed, np.exp(np.where(allowed, logits - top, 0.0)), 0.0)
    total = float(exps.sum())
    lines = [rf"\textstyle\sum_l e^{{x_l - {num(top)}}} = {num(total, 4)}"]
    for j in range(len(logits)):
        if allowed[j]:
            lines.append(
                rf"w_{{{j + 1}}} = \frac{{e^{{{num(logits[j])} - {num(top)}}}}}{{{num(total, 4)}}}"
                rf" = \frac{{{num(exps[j], 4)}}}{{{num(total, 4)}}} = {num(steps.weights[i, j])}"
            )
        else:
            lines.append(rf"w_{{{j + 1}}} = 0")
    return lines


def context_line(v: np.ndarray, steps: AttentionSteps, i: int) -> str:
    """c_i = sum_j w_j v_j, with every term shown."""
    # weights with one more decimal than elsewhere, so that the sum can be checked by hand
    terms = " + ".join(
        f"{num(steps.weights[i, j], 4)}{vector(v[j])}" for j in range(v.shape[0]) if steps.allowed[i, j]
    )
    return rf"c_{{{i + 1}}} = \sum_j w_j v_j = {terms} = {vector(steps.context[i])}"
