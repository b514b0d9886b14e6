"""Pictures of a model's inside: one head's vectors as heat strips, the formula with the first
terms of its long dot products, and tokens moving through the layers (2-D projections).

Arrays in, ``go.Figure`` or LaTeX out; labels and titles arrive translated.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from attnviz.render.figures import SCORE_COLORS, literal_labels
from attnviz.render.latex import number

TERMS_SHOWN = 3  # terms of a long dot product written out before "…"
LAYER_COLORS = "Viridis"


def vectors_heatmap(
    values: np.ndarray,
    row_labels: Sequence[str],
    *,
    title: str = "",
    x_title: str = "",
    highlight: int | None = None,
    height: int | None = None,
) -> go.Figure:
    """Vectors as heat strips, one row each (no numbers in the cells: d_head is 32 or 64); the
    value of each cell on hover, a frame around row ``highlight``."""
    values = np.atleast_2d(np.asarray(values, dtype=np.float64))
    n, d = values.shape
    top = float(np.abs(values).max()) or 1.0
    row_labels = literal_labels(row_labels)
    rows = [f"{i + 1} · {label}" for i, label in enumerate(row_labels)] if n > 1 else list(row_labels)
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=[str(c + 1) for c in range(d)],
            y=rows,
            colorscale=SCORE_COLORS,
            zmin=-top,
            zmax=top,
            zmid=0,
            showscale=False,
            hovertemplate="%{y} · %{x}: %{z:.3f}<extra></extra>",
        )
    )
    if highlight is not None and 0 <= highlight < n:
        fig.add_shape(
            type="rect",
            x0=-0.5,
            x1=d - 0.5,
            y0=highlight - 0.5,
            y1=highlight + 0.5,
            line=dict(color="#111", width=2),
        )
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        height=height or int(90 + 18 * max(n, 2)),
        margin=dict(l=10, r=10, t=40, b=30),
        xaxis=dict(title=x_title, type="category", showgrid=False, tickfont_size=9),
        yaxis=dict(autorange="reversed", type="category", showgrid=False, automargin=True),
    )
    return fig


def dot_product_line(q: np.ndarray, k: np.ndarray, j: int, scale: float) -> str:
    """``s_j = q · k_j = q_1 k_j1 + q_2 k_j2 + q_3 k_j3 + … = total``, then ``× scale``."""
    q, k = np.asarray(q, np.float64), np.asarray(k, np.float64)
    shown = min(TERMS_SHOWN, len(q))
    terms = " + ".join(f"({number(q[c], 2)})({number(k[c], 2)})" for c in range(shown))
    more = r" + \dots" if len(q) > shown else ""
    total = float(q @ k)
    return (
        rf"q \cdot k_{{{j + 1}}} = {terms}{more} = {number(total, 3)}"
        rf"\;\;\Rightarrow\;\; {number(total, 3)} \times {number(scale, 4)} = {number(total * scale, 3)}"
    )


def head_formula(d_head: int) -> str:
    return (
        r"\alpha_j = \mathrm{softmax}_j\!\left(\frac{q \cdot k_j}{\sqrt{"
        + str(d_head)
        + r"}}\right), \qquad c = \sum_j \alpha_j\, v_j"
    )


def weights_check(
    labels: Sequence[str], recomputed: np.ndarray, model: np.ndarray, *, title: str, names: tuple[str, str]
) -> go.Figure:
    """The weights from the formula (bars) and the model's own (dots): they coincide."""
    x = [f"{i + 1} · {label}" for i, label in enumerate(literal_labels(labels))]
    fig = go.Figure(
        [
            go.Bar(x=x, y=np.asarray(recomputed, float), name=names[0], marker_color="#4c78a8"),
            go.Scatter(
                x=x,
                y=np.asarray(model, float),
                name=names[1],
                mode="markers",
                marker=dict(color="#e45756", size=9, symbol="diamond"),
            ),
        ]
    )
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        height=300,
        margin=dict(l=10, r=10, t=60, b=10),
        yaxis=dict(range=[0, 1.05]),
        xaxis=dict(type="category", tickangle=-45),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=1, xanchor="right"),
    )
    return fig


def layer_paths(
    coords: np.ndarray,
    labels: Sequence[str],
    *,
    layer_names: Sequence[str],
    title: str = "",
    highlight: Sequence[int] = (),
    axis_titles: tuple[str, str] = ("", ""),
) -> go.Figure:
    """Each token's path through the layers: ``coords`` (layers + 1, T, 2) on shared axes; a line
    per token, markers coloured by layer, the token's label at its last position. Tokens in
    ``highlight`` are drawn thick; the others thin and pale when some are highlighted."""
    coords = np.asarray(coords, dtype=np.float64)
    labels = literal_labels(labels)
    n_layers, n_tokens = coords.shape[:2]
    chosen = set(highlight)
    traces = []
    for t in range(n_tokens):
        strong = not chosen or t in chosen
        traces.append(
            go.Scatter(
                x=coords[:, t, 0],
                y=coords[:, t, 1],
                mode="lines+markers",
                name=labels[t],
                line=dict(width=3 if t in chosen else 1, color=None if strong else "#cccccc"),
                marker=dict(
                    size=7 if strong else 4,
                    color=list(range(n_layers)),
                    colorscale=LAYER_COLORS,
                    cmin=0,
                    cmax=max(1, n_layers - 1),
                    showscale=t == 0,
                    colorbar=dict(
                        title=dict(text=""),
                        tickvals=list(range(n_layers)),
                        ticktext=list(layer_names),
                        len=0.8,
                    ),
                ),
                opacity=1.0 if strong else 0.5,
                customdata=list(layer_names),
                hovertemplate=f"{labels[t]} · %{{customdata}}<extra></extra>",
                showlegend=False,
            )
        )
    ends = coords[-1]
    traces.append(
        go.Scatter(
            x=ends[:, 0],
            y=ends[:, 1],
            mode="text",
            text=list(labels),
            textposition="top center",
            textfont=dict(size=13),
            hoverinfo="skip",
            showlegend=False,
        )
    )
    fig = go.Figure(traces)
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        height=560,
        margin=dict(l=10, r=10, t=50, b=10),
        xaxis=dict(title=axis_titles[0], zeroline=False),
        yaxis=dict(title=axis_titles[1], zeroline=False, scaleanchor="x", scaleratio=1),
        plot_bgcolor="rgba(0,0,0,0)",
    )
    return fig


CLASS_COLORS = ("#4c78a8", "#e45756", "#54a24b", "#f58518", "#b279a2", "#72b7b2", "#9d755d", "#bab0ac")


def class_scatter(
    coords: np.ndarray,
    labels: Sequence[str],
    hover_texts: Sequence[str],
    *,
    class_names: Sequence[str],
    title: str = "",
    axis_titles: tuple[str, str] = ("", ""),
) -> go.Figure:
    """One point per example (``coords`` (N, 2)), a colour per class, the text on hover."""
    coords = np.asarray(coords, dtype=np.float64)
    labels, hover_texts = list(labels), literal_labels(hover_texts)
    traces = []
    for index, (name, shown) in enumerate(zip(class_names, literal_labels(class_names))):
        rows = [i for i, label in enumerate(labels) if label == name]
        traces.append(
            go.Scatter(
                x=coords[rows, 0],
                y=coords[rows, 1],
                mode="markers",
                name=shown,
                marker=dict(size=7, color=CLASS_COLORS[index % len(CLASS_COLORS)], opacity=0.75),
                customdata=[hover_texts[i] for i in rows],
                hovertemplate=f"<b>{shown}</b><br>%{{customdata}}<extra></extra>",
            )
        )
    fig = go.Figure(traces)
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        height=440,
        margin=dict(l=10, r=10, t=50, b=10),
        xaxis=dict(title=axis_titles[0], zeroline=False),
        yaxis=dict(title=axis_titles[1], zeroline=False),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=1, xanchor="right"),
        plot_bgcolor="rgba(0,0,0,0)",
    )
    return fig
