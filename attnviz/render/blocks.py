"""Plotly figures for the building-blocks page: arrays in, ``go.Figure`` out.

No Streamlit, no TensorFlow; every label and title arrives already translated.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from attnviz.core.blocks import activate
from attnviz.render.figures import SCORE_COLORS, format_cells, matrix_heatmap

# Past this many cells per row, printed numbers overlap: the colour alone tells the story.
MAX_COLUMNS_WITH_TEXT = 16
SERIES_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")


def unique_labels(tokens: Sequence[str]) -> list[str]:
    """Axis labels for tokens: a repeated token gets its position (``el #1``, ``el #4``), because
    a category axis would merge equal labels into one row."""
    counts: dict[str, int] = {}
    for token in tokens:
        counts[token] = counts.get(token, 0) + 1
    return [f"{tok} #{i + 1}" if counts[tok] > 1 else tok for i, tok in enumerate(tokens)]


def values_heatmap(
    values: np.ndarray,
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    *,
    title: str = "",
    x_title: str = "",
    y_title: str = "",
    decimals: int = 2,
    zmin: float | None = None,
    zmax: float | None = None,
) -> go.Figure:
    """A matrix of signed numbers (embeddings, activations): diverging colours centred on 0,
    numbers printed while the matrix is narrow enough to read them."""
    values = np.atleast_2d(np.asarray(values, dtype=np.float64))
    bound = (float(np.max(np.abs(values))) if values.size else 0.0) or 1.0
    fig = matrix_heatmap(
        values,
        row_labels,
        col_labels,
        title=title,
        colorscale=SCORE_COLORS,
        zmin=-bound if zmin is None else zmin,
        zmax=bound if zmax is None else zmax,
        zmid=None if zmin is not None else 0,
        decimals=decimals,
        x_title=x_title,
        y_title=y_title,
    )
    if values.shape[1] > MAX_COLUMNS_WITH_TEXT:
        fig.update_traces(texttemplate="", showscale=True)
    return fig


def similarity_heatmap(similarity: np.ndarray, labels: Sequence[str], *, title: str = "") -> go.Figure:
    """Cosine similarities in [-1, 1]: red alike, blue opposite, white unrelated."""
    fig = matrix_heatmap(
        similarity, labels, labels, title=title, colorscale=SCORE_COLORS, zmin=-1, zmax=1, zmid=0, decimals=2
    )
    # Token labels on the top axis: slanted, with room between them and the title.
    longest = max((len(label) for label in labels), default=1)
    fig.update_xaxes(tickangle=-45)
    fig.update_layout(
        margin=dict(t=60 + 6 * min(longest, 20)), height=fig.layout.height + 6 * min(longest, 20)
    )
    return fig


def continuous_heatmap(
    values: np.ndarray,
    *,
    title: str = "",
    x_title: str = "",
    y_title: str = "",
    symmetric: bool = True,
    hover: str = "x=%{x}, y=%{y}: %{z:.3f}",
) -> go.Figure:
    """A large matrix (positions x dimensions, positions x positions) drawn as colour only."""
    values = np.atleast_2d(np.asarray(values, dtype=np.float64))
    bound = (float(np.max(np.abs(values))) if values.size else 0.0) or 1.0
    fig = go.Figure(
        go.Heatmap(
            z=values.astype(np.float32),  # a 200 x 512 matrix travels to the browser: half the bytes
            x=np.arange(values.shape[1]),
            y=np.arange(values.shape[0]),
            colorscale=SCORE_COLORS,
            zmin=-bound if symmetric else None,
            zmax=bound if symmetric else None,
            zmid=0 if symmetric else None,
            hovertemplate=hover + "<extra></extra>",
        )
    )
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        height=420,
        margin=dict(l=10, r=10, t=50, b=10),
        xaxis=dict(title=x_title),
        yaxis=dict(title=y_title, autorange="reversed"),
    )
    return fig


def curves(
    x: np.ndarray,
    series: Sequence[np.ndarray],
    names: Sequence[str],
    *,
    title: str = "",
    x_title: str = "",
    y_title: str = "",
    markers: bool = True,
    dashes: Sequence[str] | None = None,
    highlight_x: float | None = None,
    y_range: Sequence[float] | None = None,
) -> go.Figure:
    """One line per series over a shared x axis (PE per dimension, dot products, similarity by depth)."""
    fig = go.Figure()
    for i, (values, name) in enumerate(zip(series, names)):
        fig.add_trace(
            go.Scatter(
                x=np.asarray(x),
                y=np.asarray(values, dtype=np.float64),
                name=name,
                mode="lines+markers" if markers else "lines",
                line=dict(
                    color=SERIES_COLORS[i % len(SERIES_COLORS)], dash=(dashes[i] if dashes else "solid")
                ),
                marker=dict(size=5),
            )
        )
    if highlight_x is not None:
        fig.add_vline(x=highlight_x, line=dict(color="#7f7f7f", dash="dot"))
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        height=360,
        margin=dict(l=10, r=10, t=60, b=10),
        xaxis_title=x_title,
        yaxis_title=y_title,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=1, xanchor="right"),
    )
    if y_range is not None:
        fig.update_yaxes(range=list(y_range))
    return fig


def activation_figure(
    activation: str,
    points: np.ndarray,
    *,
    names: dict[str, str],
    points_name: str,
    title: str = "",
    x_title: str = "z",
    y_title: str = "act(z)",
) -> go.Figure:
    """ReLU and GELU as curves, the chosen one solid, and the actual pre-activations as dots on it."""
    points = np.asarray(points, dtype=np.float64).ravel()
    reach = max(3.0, float(np.max(np.abs(points))) * 1.1 if points.size else 3.0)
    grid = np.linspace(-reach, reach, 301)
    fig = go.Figure()
    for i, name in enumerate(("relu", "gelu")):
        chosen = name == activation
        fig.add_trace(
            go.Scatter(
                x=grid,
                y=activate(name, grid),
                name=names.get(name, name),
                mode="lines",
                line=dict(
                    color=SERIES_COLORS[i], width=3 if chosen else 1.5, dash="solid" if chosen else "dash"
                ),
                opacity=1.0 if chosen else 0.5,
            )
        )
    fig.add_trace(
        go.Scatter(
            x=points,
            y=activate(activation, points),
            name=points_name,
            mode="markers",
            marker=dict(color=SERIES_COLORS[3], size=9, line=dict(color="white", width=1)),
            text=format_cells(points, 3),
            hovertemplate="z = %{x:.3f} → %{y:.3f}<extra></extra>",
        )
    )
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        height=340,
        margin=dict(l=10, r=10, t=60, b=10),
        xaxis_title=x_title,
        yaxis_title=y_title,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=1, xanchor="right"),
    )
    return fig


MAX_BAR_LABELS = 24  # 3 vectors of 8: more labels than that overlap at a page's width


def vector_bars(
    vectors: Sequence[np.ndarray],
    names: Sequence[str],
    *,
    title: str = "",
    y_title: str = "",
    dim_prefix: str = "x",
) -> go.Figure:
    """Several vectors of the same length as grouped bars, one group per dimension. Values are
    printed over the bars while they fit (at most ``MAX_BAR_LABELS`` bars); beyond, on hover."""
    vectors = [np.asarray(v, dtype=np.float64).ravel() for v in vectors]
    groups = [f"{dim_prefix}{j + 1}" for j in range(vectors[0].shape[0])] if vectors else []
    labelled = len(vectors) * len(groups) <= MAX_BAR_LABELS
    fig = go.Figure(
        [
            go.Bar(
                x=groups,
                y=v,
                name=name,
                marker_color=SERIES_COLORS[i % len(SERIES_COLORS)],
                text=format_cells(v, 2) if labelled else None,
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{x}: %{y:.3f}",
            )
            for i, (v, name) in enumerate(zip(vectors, names))
        ]
    )
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        barmode="group",
        height=360,
        margin=dict(l=10, r=10, t=70, b=10),
        yaxis_title=y_title,
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=1, xanchor="right"),
    )
    return fig
