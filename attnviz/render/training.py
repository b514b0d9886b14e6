"""Plotly figures for the fine-tuning page: metrics rows and arrays in, ``go.Figure`` out.

No Streamlit, no TensorFlow. Titles and labels arrive translated (a ``labels`` dict of strings).
Long runs are thinned for drawing (at most ``MAX_POINTS`` raw points per curve; the smoothed curve is
computed on every step first), so a class of browsers redrawing every two seconds stays light.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from attnviz.render.figures import SCORE_COLORS, WEIGHT_COLORS
from attnviz.render.heatmaps import head_heatmap

if TYPE_CHECKING:
    from attnviz.nlp.training.probe_views import ProbeView

MAX_POINTS = 600
RAW_COLOR = "rgba(31, 119, 180, 0.28)"
SMOOTH_COLOR = "#1f77b4"
VAL_COLOR = "#d62728"
TEST_COLOR = "#2ca02c"
LR_COLOR = "#9467bd"
SPEED_COLOR = "#ff7f0e"
CLASS_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf")


def smooth(values: Sequence[float], weight: float = 0.9) -> np.ndarray:
    """TensorBoard's exponential moving average with bias correction (the first points are not
    dragged towards 0). NaN entries keep the previous average."""
    out = np.full(len(values), np.nan)
    avg, norm = 0.0, 0.0
    for i, value in enumerate(values):
        if value is not None and np.isfinite(value):
            avg = weight * avg + (1 - weight) * float(value)
            norm = weight * norm + (1 - weight)
        out[i] = avg / norm if norm > 0 else np.nan
    return out


def thin(n: int, max_points: int = MAX_POINTS) -> np.ndarray:
    """Indices to draw: all when few, else evenly spread ones, always keeping the last."""
    if n <= max_points:
        return np.arange(n)
    idx = np.unique(np.linspace(0, n - 1, max_points).round().astype(int))
    return idx


def _series(rows: list[dict], kind: str, key: str) -> tuple[np.ndarray, np.ndarray]:
    chosen = [r for r in rows if r.get("kind") == kind and r.get(key) is not None]
    steps = np.asarray([r["step"] for r in chosen], dtype=float)
    values = np.asarray([r[key] for r in chosen], dtype=float)
    return steps, values


def training_curves(
    rows: list[dict], labels: Mapping[str, str], *, total_steps: int | None = None, smoothing: float = 0.9
) -> go.Figure:
    """2 x 2 panels: loss (raw, smoothed, validation), accuracy (same), learning rate, examples per
    second. ``labels``: title, loss, accuracy, lr, speed, raw, smoothed, validation, test, step."""
    fig = make_subplots(
        rows=2,
        cols=2,
        shared_xaxes=True,
        vertical_spacing=0.14,
        horizontal_spacing=0.09,
        subplot_titles=(labels["loss"], labels["accuracy"], labels["lr"], labels["speed"]),
    )
    for col, key in ((1, "loss"), (2, "accuracy")):
        steps, values = _series(rows, "train", key)
        keep = thin(len(steps))
        first = col == 1
        fig.add_trace(
            go.Scatter(
                x=steps[keep],
                y=values[keep],
                mode="lines",
                name=labels["raw"],
                line=dict(color=RAW_COLOR, width=1),
                legendgroup="raw",
                showlegend=first,
                hovertemplate=f"{labels['step']} %{{x}}: %{{y:.3f}}<extra>{labels['raw']}</extra>",
            ),
            row=1,
            col=col,
        )
        smoothed = smooth(values, smoothing)
        fig.add_trace(
            go.Scatter(
                x=steps[keep],
                y=smoothed[keep],
                mode="lines",
                name=labels["smoothed"],
                line=dict(color=SMOOTH_COLOR, width=2.5),
                legendgroup="smooth",
                showlegend=first,
                hovertemplate=f"{labels['step']} %{{x}}: %{{y:.3f}}<extra>{labels['smoothed']}</extra>",
            ),
            row=1,
            col=col,
        )
        for kind, color, symbol in (("val", VAL_COLOR, "circle"), ("test", TEST_COLOR, "star")):
            v_steps, v_values = _series(rows, kind, key)
            if len(v_steps):
                name = labels["validation" if kind == "val" else "test"]
                fig.add_trace(
                    go.Scatter(
                        x=v_steps,
                        y=v_values,
                        mode="lines+markers" if kind == "val" else "markers",
                        name=name,
                        line=dict(color=color, width=2, dash="dot"),
                        marker=dict(color=color, size=9 if kind == "val" else 13, symbol=symbol),
                        legendgroup=kind,
                        showlegend=first,
                        hovertemplate=f"{labels['step']} %{{x}}: %{{y:.3f}}<extra>{name}</extra>",
                    ),
                    row=1,
                    col=col,
                )
    steps, lr = _series(rows, "train", "lr")
    keep = thin(len(steps))
    fig.add_trace(
        go.Scatter(
            x=steps[keep],
            y=lr[keep],
            mode="lines",
            line=dict(color=LR_COLOR, width=2),
            showlegend=False,
            hovertemplate=f"{labels['step']} %{{x}}: %{{y:.2e}}<extra></extra>",
        ),
        row=2,
        col=1,
    )
    steps, speed = _series(rows, "train", "examples_per_second")
    keep = thin(len(steps))
    if len(speed):
        fig.add_trace(
            go.Scatter(
                x=steps[keep],
                y=speed[keep],
                mode="lines",
                line=dict(color="rgba(255,127,14,0.3)", width=1),
                showlegend=False,
                hoverinfo="skip",
            ),
            row=2,
            col=2,
        )
        fig.add_trace(
            go.Scatter(
                x=steps[keep],
                y=smooth(speed, smoothing)[keep],
                mode="lines",
                line=dict(color=SPEED_COLOR, width=2),
                showlegend=False,
                hovertemplate=f"{labels['step']} %{{x}}: %{{y:.1f}}<extra></extra>",
            ),
            row=2,
            col=2,
        )
    fig.update_yaxes(range=[0, 1.02], row=1, col=2)
    fig.update_yaxes(rangemode="tozero", row=1, col=1)
    fig.update_yaxes(rangemode="tozero", exponentformat="e", row=2, col=1)
    fig.update_yaxes(rangemode="tozero", row=2, col=2)
    if total_steps:
        fig.update_xaxes(range=[0, max(1, total_steps) * 1.01])
    fig.update_xaxes(title_text=labels["step"], row=2, col=1)
    fig.update_xaxes(title_text=labels["step"], row=2, col=2)
    fig.update_layout(
        title=dict(text=labels["title"], x=0, xanchor="left"),
        height=560,
        margin=dict(l=10, r=10, t=80, b=40),
        hovermode="x unified",
        legend=dict(orientation="h", y=1.1, x=1, xanchor="right", yanchor="bottom"),
    )
    return fig


def confusion_figure(
    confusion: Sequence[Sequence[int]], label_names: Sequence[str], labels: Mapping[str, str]
) -> go.Figure:
    """Counts with the share of each true class (row) as colour: the diagonal is what it got right."""
    counts = np.asarray(confusion, dtype=float)
    totals = counts.sum(axis=1, keepdims=True)
    share = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
    names = [html.escape(str(n)) for n in label_names]
    text = np.char.mod("%d", counts.astype(int))
    text = np.char.add(np.char.add(text, "<br>"), np.char.mod("%.0f%%", 100 * share))
    n = len(names)
    fig = go.Figure(
        go.Heatmap(
            z=share,
            x=names,
            y=names,
            text=text,
            texttemplate="%{text}",
            colorscale=WEIGHT_COLORS,
            zmin=0,
            zmax=1,
            showscale=False,
            hovertemplate=f"{labels['true']}: %{{y}}<br>{labels['predicted']}: %{{x}}<br>%{{text}}<extra></extra>",
        )
    )
    fig.update_layout(
        title=dict(text=labels["title"], x=0, xanchor="left"),
        height=140 + 60 * n,
        margin=dict(l=10, r=10, t=70, b=10),
        xaxis=dict(title=labels["predicted"], side="top", type="category"),
        yaxis=dict(title=labels["true"], autorange="reversed", type="category"),
    )
    return fig


def probe_prediction_figure(
    steps: Sequence[int],
    probabilities: np.ndarray,
    label_names: Sequence[str],
    labels: Mapping[str, str],
    current: int | None = None,
) -> go.Figure:
    """The probe's probability of each class at every snapshot, with the chosen step marked."""
    probs = np.asarray(probabilities, dtype=float)
    fig = go.Figure()
    for i, name in enumerate(label_names):
        if probs.ndim == 2 and i < probs.shape[1]:
            fig.add_trace(
                go.Scatter(
                    x=list(steps),
                    y=probs[:, i],
                    mode="lines+markers",
                    name=html.escape(str(name)),
                    line=dict(color=CLASS_COLORS[i % len(CLASS_COLORS)], width=2.5),
                    marker=dict(size=5),
                    hovertemplate=f"{labels['step']} %{{x}}: %{{y:.3f}}<extra>{html.escape(str(name))}</extra>",
                )
            )
    if current is not None:
        fig.add_vline(x=current, line=dict(color="#444", width=1.5, dash="dash"))
    fig.add_hline(y=1 / max(1, len(label_names)), line=dict(color="#bbb", width=1, dash="dot"))
    fig.update_layout(
        title=dict(text=labels["title"], x=0, xanchor="left"),
        height=300,
        margin=dict(l=10, r=10, t=60, b=40),
        yaxis=dict(range=[0, 1.02], title=labels["probability"]),
        xaxis=dict(title=labels["step"]),
        legend=dict(orientation="h", y=1.02, x=1, xanchor="right", yanchor="bottom"),
        hovermode="x unified",
    )
    return fig


def attention_over_steps(
    steps: Sequence[int],
    rows: np.ndarray,
    tokens: Sequence[str],
    labels: Mapping[str, str],
    current: int | None = None,
) -> go.Figure:
    """How one token's attention (a row of the chosen head) moved during training: one line of the
    image per snapshot (y: training step, x: the tokens it attends to)."""
    z = np.asarray(rows, dtype=float)
    names = [html.escape(str(t)) for t in tokens]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=np.arange(len(names)),
            y=[str(s) for s in steps],
            colorscale=WEIGHT_COLORS,
            zmin=0,
            zmax=1,
            customdata=np.broadcast_to(np.asarray(names, dtype=object)[None, :], z.shape).tolist(),
            hovertemplate=f"{labels['step']} %{{y}} → %{{customdata}}: %{{z:.3f}}<extra></extra>",
            colorbar=dict(thickness=12),
        )
    )
    if current is not None and str(current) in fig.data[0].y:
        fig.add_hline(y=list(fig.data[0].y).index(str(current)), line=dict(color="#d62728", width=2))
    # The tokens go under the image: above it, their slanted labels ran into the title (issue 15).
    # The figure grows with the longest label, so the plot itself keeps its height.
    label_px = int(7 * min(24, max((len(t) for t in tokens), default=1)))
    fig.update_layout(
        title=dict(text=labels["title"], x=0, xanchor="left"),
        height=int(120 + label_px + min(16, max(6, 360 // max(1, len(steps)))) * len(steps)),
        margin=dict(l=10, r=10, t=50, b=10),
        xaxis=dict(
            side="bottom", tickvals=np.arange(len(names)), ticktext=names, tickangle=-60, automargin=True
        ),
        yaxis=dict(title=labels["step"], type="category", autorange="reversed"),
    )
    return fig


def head_change_grid(change: np.ndarray, labels: Mapping[str, str]) -> go.Figure:
    """How much each head's attention for the probe moved between two snapshots, as a layers x
    heads grid: ``change`` (layers, heads) in [0, 1] (0 = the same, 1 = disjoint; see
    :func:`attnviz.nlp.training.probe_views.head_change`)."""
    change = np.asarray(change, np.float64)
    layers, heads = change.shape
    fig = go.Figure(
        go.Heatmap(
            z=change,
            x=[str(h + 1) for h in range(heads)],
            y=[str(layer + 1) for layer in range(layers)],
            colorscale="Oranges",
            zmin=0,
            zmax=max(0.05, float(change.max())),
            text=np.char.mod("%.2f", change),
            texttemplate="%{text}" if heads * layers <= 144 else None,
            hovertemplate=f"{labels['layer']} %{{y}}, {labels['head']} %{{x}}: %{{z:.3f}}<extra></extra>",
            colorbar=dict(thickness=12),
        )
    )
    fig.update_layout(
        title=dict(text=labels["title"], x=0, xanchor="left"),
        height=120 + 34 * layers,
        margin=dict(l=10, r=10, t=60, b=10),
        xaxis=dict(title=labels["head"], type="category", side="top"),
        yaxis=dict(title=labels["layer"], type="category", autorange="reversed"),
    )
    return fig


def difference_colors() -> str:
    return SCORE_COLORS


def probe_figures(
    view: ProbeView, labels: Mapping[str, str], *, max_plot_px: int | None = None
) -> dict[str, go.Figure]:
    """The probe explorer's five figures of one :class:`~attnviz.nlp.training.probe_views.ProbeView`:
    "heatmap" (the chosen head at the step), "delta" (its change since the first snapshot),
    "history" (the prediction at every snapshot), "rows" (the first token's row over the steps) and
    "change" (how much each head moved). ``labels``: heatmap, delta, history, rows and change (the
    titles), keys, queries, step, probability, layer, head. ``max_plot_px`` caps the heatmaps' height."""
    limit = max(0.05, float(np.abs(view.delta).max()))
    series = view.series
    return {
        "heatmap": head_heatmap(
            view.attention,
            view.labels,
            x_title=labels["keys"],
            y_title=labels["queries"],
            title=labels["heatmap"],
            max_plot_px=max_plot_px,
        ),
        "delta": head_heatmap(
            view.delta,
            view.labels,
            title=labels["delta"],
            x_title=labels["keys"],
            y_title=labels["queries"],
            colorscale=difference_colors(),
            zmin=-limit,
            zmax=limit,
            zmid=0.0,
            max_plot_px=max_plot_px,
        ),
        "history": probe_prediction_figure(
            series.steps,
            series.probabilities,
            view.label_names,
            {"title": labels["history"], "step": labels["step"], "probability": labels["probability"]},
            current=view.step,
        ),
        "rows": attention_over_steps(
            series.row_steps,
            series.rows,
            view.labels,
            {"title": labels["rows"], "step": labels["step"]},
            current=view.step,
        ),
        "change": head_change_grid(
            view.head_change, {"title": labels["change"], "layer": labels["layer"], "head": labels["head"]}
        ),
    }


def compare_runs_figure(
    runs: Mapping[str, list[dict]], labels: Mapping[str, str], *, smoothing: float = 0.9
) -> go.Figure:
    """Several runs on one picture: the smoothed training loss (left) and the validation accuracy
    (right) of each, one colour per run, over steps. ``labels``: loss, accuracy, step, title."""
    fig = make_subplots(
        rows=1, cols=2, horizontal_spacing=0.09, subplot_titles=(labels["loss"], labels["accuracy"])
    )
    for i, (name, rows) in enumerate(runs.items()):
        color = CLASS_COLORS[i % len(CLASS_COLORS)]
        steps, values = _series(rows, "train", "loss")
        keep = thin(len(steps))
        fig.add_trace(
            go.Scatter(
                x=steps[keep],
                y=smooth(values, smoothing)[keep],
                mode="lines",
                name=name,
                legendgroup=name,
                line=dict(color=color, width=2.5),
                hovertemplate=f"{labels['step']} %{{x}}: %{{y:.3f}}<extra>{name}</extra>",
            ),
            row=1,
            col=1,
        )
        v_steps, v_values = _series(rows, "val", "accuracy")
        fig.add_trace(
            go.Scatter(
                x=v_steps,
                y=v_values,
                mode="lines+markers",
                name=name,
                legendgroup=name,
                showlegend=False,
                line=dict(color=color, width=2),
                marker=dict(color=color, size=8),
                hovertemplate=f"{labels['step']} %{{x}}: %{{y:.3f}}<extra>{name}</extra>",
            ),
            row=1,
            col=2,
        )
    fig.update_xaxes(title_text=labels["step"])
    fig.update_yaxes(range=[0, 1], row=1, col=2)
    fig.update_layout(
        title=dict(text=labels["title"], x=0, xanchor="left"),
        height=380,
        margin=dict(l=10, r=10, t=70, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.08, x=1, xanchor="right"),
    )
    return fig
