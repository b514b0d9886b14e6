"""Plotly figure builders: arrays in, ``go.Figure`` out. No Streamlit, no TensorFlow.

Labels and titles come in already translated; these functions only draw.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

# Weights live in [0, 1]: a sequential scale that reads well on a projector.
WEIGHT_COLORS = "Blues"
# Scores can be negative: a diverging scale centred on 0.
SCORE_COLORS = "RdBu_r"
MASKED_CELL_COLOR = "#d9d9d9"


def format_cells(values: np.ndarray, decimals: int = 3) -> np.ndarray:
    """Numbers as short strings for printing inside cells.

    A matrix of whole numbers prints as whole numbers (``10``, ``-2``); otherwise every
    cell gets ``decimals`` places (``0.670``, ``0.330``), so columns line up. Huge
    values use scientific notation.
    """
    values = np.asarray(values, dtype=np.float64)
    finite = values[np.isfinite(values)]
    if finite.size and np.all(finite == np.round(finite)) and np.all(np.abs(finite) < 1e5):
        text = np.char.mod("%.0f", values)
    else:
        text = np.char.mod(f"%.{decimals}f", values)
    text = np.where(np.abs(values) >= 1e5, np.char.mod("%.3g", values), text)
    return np.where(np.char.lstrip(text, "-0.") == "", np.char.lstrip(text, "-"), text)  # no "-0.000"


def literal_labels(labels: Sequence[str]) -> list[str]:
    """Labels Plotly shows as written: ``<``, ``>`` and ``&`` as entities."""
    return [html.escape(str(label), quote=False) for label in labels]


def matrix_heatmap(
    values: np.ndarray,
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    *,
    title: str = "",
    colorscale: str = WEIGHT_COLORS,
    zmin: float | None = None,
    zmax: float | None = None,
    zmid: float | None = None,
    masked: np.ndarray | None = None,
    masked_text: str = "−∞",
    decimals: int = 3,
    show_scale: bool = False,
    x_title: str = "",
    y_title: str = "",
) -> go.Figure:
    """A heatmap with the numbers printed in the cells; masked cells grey with ``masked_text``.
    Labels are shown literally (a token such as ``</s>`` is not taken for HTML)."""
    values = np.atleast_2d(np.asarray(values, dtype=np.float64))
    row_labels, col_labels = literal_labels(row_labels), literal_labels(col_labels)
    text = format_cells(values, decimals)
    z = values.copy()
    traces = []
    if masked is not None:
        masked = np.asarray(masked, dtype=bool)
        text = np.where(masked, masked_text, text)
        z = np.where(masked, np.nan, z)
        # Masked cells: a second, uniformly grey layer under the gaps of the first.
        traces.append(
            go.Heatmap(
                z=np.where(masked, 1.0, np.nan),
                x=list(col_labels),
                y=list(row_labels),
                text=np.where(masked, masked_text, ""),
                texttemplate="%{text}",
                hovertemplate="%{y} → %{x}: %{text}<extra></extra>",
                colorscale=[[0, MASKED_CELL_COLOR], [1, MASKED_CELL_COLOR]],
                showscale=False,
                xgap=2,
                ygap=2,
            )
        )
    fig = go.Figure(
        traces
        + [
            go.Heatmap(
                z=z,
                x=list(col_labels),
                y=list(row_labels),
                text=text,
                texttemplate="%{text}",
                hovertemplate="%{y} → %{x}: %{text}<extra></extra>",
                colorscale=colorscale,
                zmin=zmin,
                zmax=zmax,
                zmid=zmid,
                showscale=show_scale,
                xgap=2,
                ygap=2,
            )
        ]
    )
    n_rows, _n_cols = values.shape
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        height=110 + 46 * n_rows,
        margin=dict(l=10, r=10, t=50, b=10),
        plot_bgcolor="rgba(0,0,0,0)",
        xaxis=dict(side="top", title=x_title, type="category", showgrid=False),
        yaxis=dict(autorange="reversed", title=y_title, type="category", showgrid=False),
    )
    return fig


def grouped_bars(
    values: np.ndarray,
    group_labels: Sequence[str],
    bar_labels: Sequence[str],
    *,
    title: str = "",
    y_title: str = "",
) -> go.Figure:
    """One bar group per column (e.g. each dimension of the context), one colour per row (query)."""
    values = np.atleast_2d(np.asarray(values, dtype=np.float64))
    fig = go.Figure(
        [
            go.Bar(
                x=list(group_labels),
                y=row,
                name=label,
                text=format_cells(row, 2) if len(row) else [],
                textposition="outside",
                cliponaxis=False,
            )
            for row, label in zip(values, bar_labels)
        ]
    )
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        barmode="group",
        height=320,
        margin=dict(l=10, r=10, t=60, b=10),
        yaxis_title=y_title,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=1, xanchor="right"),
    )
    return fig
