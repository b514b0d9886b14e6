"""Plotly figures for the attention-heatmaps page: arrays in, ``go.Figure`` out.

No Streamlit, no TensorFlow, no Python loop over cells: every figure is a handful of traces
built from whole arrays. Labels and titles come in already translated. Token labels are
escaped here (Plotly reads ``<b>``, ``<br>`` in labels and hover text as markup).

Choosing a head by clicking. Streamlit's ``st.plotly_chart(on_select="rerun",
selection_mode="points")`` reports nothing for clicks on ``go.Heatmap`` traces
(streamlit/streamlit#8760), so each grid figure draws its pixels with a heatmap that ignores the
mouse, and lays over it an invisible scatter "picker" trace with one point per head at the
centre of its tile. ``layout.hoverdistance = -1`` makes the nearest point answer wherever the
mouse is, so hovering or clicking anywhere in a tile hovers or selects that head. Each picker
point carries ``customdata = [layer, head, layer_label, head_label, ...]``, with 0-based indices
into the array that was drawn; :func:`head_from_selection` reads it back from the selection.

Model view layout: one heatmap image, not ``make_subplots``. The L x H tiles are written into a
single (L*(T+g)-g, H*(T+g)-g) array with gaps (numpy reshapes, no loop), drawn as ONE heatmap
trace on ONE pair of axes. Plotly paints a heatmap as a single raster image, so 72 tiles of
30 x 30 cost one image; 72 subplots cost 144 axes with their own ticks, grids and layout
passes. Measured for 6 x 12 heads of 30 tokens (Chromium, shared 2-core machine, warm runs):
Plotly.newPlot 70-140 ms vs 0.5-1.3 s with make_subplots, a resize 40-120 ms vs 0.4-1.1 s;
building the figure in Python ~15 ms vs 0.3-0.8 s.
The image is sent as uint8 levels (1..255 = the colour scale, 0 = gap, painted in the gap
colour by the colour scale itself): the tiles are not hoverable, so steps of 1/254 lose nothing
visible, and the figure's JSON is ~110 kB instead of ~430 kB with float32 (and ~390 kB with
subplots), which matters when a whole class reruns the page on a shared server.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import plotly.colors
import plotly.graph_objects as go

from attnviz.core.attention_views import rank_heads
from attnviz.render.figures import MASKED_CELL_COLOR, SCORE_COLORS, WEIGHT_COLORS

__all__ = [
    "WEIGHT_COLORS",
    "SCORE_COLORS",
    "plotly_label",
    "index_labels",
    "model_view",
    "head_heatmap",
    "head_metric_grid",
    "rollout_bars",
    "head_change_bars",
    "head_from_selection",
    "tile_gap",
    "quantise_image",
]

PICKER_TRACE_NAME = "picker"
SELECTED_COLOR = "#d62728"
MUTED_BAR_COLOR = "#b8b8b8"
BAR_COLOR = "#2f6db5"


def plotly_label(text: Any) -> str:
    """A string shown literally by Plotly: ``<``, ``>``, ``&`` become entities."""
    return html.escape(str(text), quote=False)


def _labels(labels: Sequence[Any]) -> list[str]:
    return [plotly_label(x) for x in labels]


def _prefix(label: str) -> str:
    """``"label: "`` for hover text, or nothing when there is no label."""
    return f"{plotly_label(label)}: " if label else ""


def index_labels(count: int, base: int = 1) -> list[str]:
    """Default labels for layers or heads: "1", "2", ... (``base=0`` for "0", "1", ...)."""
    return [str(i + base) for i in range(count)]


def tile_gap(n_tokens: int) -> int:
    """Cells of blank space between two tiles of the model view."""
    return max(1, int(np.ceil(n_tokens / 15)))


def _picker(
    x: np.ndarray,
    y: np.ndarray,
    customdata: list[list[Any]],
    hovertemplate: str,
) -> go.Scatter:
    """The invisible, clickable layer: one point per head (see the module docstring)."""
    return go.Scatter(
        x=x,
        y=y,
        mode="markers",
        name=PICKER_TRACE_NAME,
        customdata=customdata,
        hovertemplate=hovertemplate,
        marker=dict(size=12, color="rgba(0,0,0,0)"),
        selected=dict(marker=dict(opacity=0)),
        unselected=dict(marker=dict(opacity=0)),
        showlegend=False,
    )


def _grid_customdata(layer_labels: list[str], head_labels: list[str], *extra: np.ndarray) -> list[list[Any]]:
    """Rows [layer, head, layer_label, head_label, *extra] in layer-major order (point l*H + h)."""
    n_layers, n_heads = len(layer_labels), len(head_labels)
    layer_idx, head_idx = np.divmod(np.arange(n_layers * n_heads), n_heads)
    columns = [
        layer_idx.tolist(),
        head_idx.tolist(),
        np.asarray(layer_labels, dtype=object)[layer_idx].tolist(),
        np.asarray(head_labels, dtype=object)[head_idx].tolist(),
        *[np.asarray(e, dtype=np.float64).ravel().tolist() for e in extra],
    ]
    return [list(row) for row in zip(*columns)]


def _frame(x0: float, x1: float, y0: float, y1: float) -> dict:
    """The red frame around the chosen head (data coordinates)."""
    return dict(
        type="rect",
        xref="x",
        yref="y",
        x0=x0,
        x1=x1,
        y0=y0,
        y1=y1,
        line=dict(color=SELECTED_COLOR, width=3),
        fillcolor="rgba(0,0,0,0)",
    )


def _check_selected(selected: tuple[int, int] | None, n_layers: int, n_heads: int) -> tuple[int, int] | None:
    if selected is None:
        return None
    layer, head = int(selected[0]), int(selected[1])
    if not (0 <= layer < n_layers and 0 <= head < n_heads):
        return None
    return layer, head


IMAGE_LEVELS = 254  # colour levels of the model view image (uint8 1..255; 0 = gap)
GAP_COLOR = "#e3e3e3"  # between tiles: frames near-white (low-weight) tiles


def _level_colorscale(name: str, gap_color: str = GAP_COLOR) -> list[list[Any]]:
    """A named Plotly colour scale moved onto levels 1..255 of a 0..255 axis, level 0 = gap."""
    start = 1.0 / (IMAGE_LEVELS + 1)
    scale = [[0.0, gap_color], [start, gap_color]]
    for position, color in plotly.colors.get_colorscale(name):
        scale.append([start + (1.0 - start) * float(position), color])
    scale[2][0] = start  # the jump: both entries at the same position
    scale[-1][0] = 1.0
    return scale


def quantise_image(image: np.ndarray, zmin: float, zmax: float) -> np.ndarray:
    """Values in [zmin, zmax] as uint8 levels 1..255; NaN (gaps) as 0."""
    span = zmax - zmin if zmax > zmin else 1.0
    scaled = np.clip((np.nan_to_num(image, nan=zmin) - zmin) / span, 0.0, 1.0)
    levels = 1 + np.rint(scaled * IMAGE_LEVELS)
    return np.where(np.isnan(image), 0, levels).astype(np.uint8)


def model_view(
    attentions: np.ndarray,
    *,
    layer_labels: Sequence[str] | None = None,
    head_labels: Sequence[str] | None = None,
    layer_title: str = "",
    head_title: str = "",
    title: str = "",
    hover_hint: str = "",
    selected: tuple[int, int] | None = None,
    zmin: float = 0.0,
    zmax: float | None = 1.0,
    colorscale: str = WEIGHT_COLORS,
    height: int | None = None,
    first_layer: int = 0,
) -> go.Figure:
    """Every head of every layer as a small heatmap, in one figure (see the module docstring).

    ``first_layer``: the model's index of the first layer drawn, when ``attentions`` is a slice
    (a phone shows one layer at a time): the picker's points carry the model's layer index.

    ``attentions``: (L, H, T, T), rows = queries. Layers run down, heads across. Traces:
    [0] the image (not hoverable; uint8 levels, see :func:`quantise_image`), [1] the picker.
    ``selected`` (layer, head) gets a red frame. ``zmax=None`` scales colours to the largest
    weight shown instead of 1. For a signed difference of two models (``attention_change``)
    pass ``zmin=-m, zmax=m, colorscale=SCORE_COLORS``.
    """
    a = np.asarray(attentions, dtype=np.float32)
    if a.ndim != 4 or 0 in a.shape:
        raise ValueError(f"attentions must be (layers, heads, T, T), none empty; got shape {a.shape}")
    n_layers, n_heads, n_rows, n_cols = a.shape
    gap = tile_gap(max(n_rows, n_cols))
    tile_h, tile_w = n_rows + gap, n_cols + gap
    padded = np.full((n_layers, n_heads, tile_h, tile_w), np.nan, dtype=np.float32)
    padded[:, :, :n_rows, :n_cols] = a
    image = padded.transpose(0, 2, 1, 3).reshape(n_layers * tile_h, n_heads * tile_w)[:-gap, :-gap]

    layer_labels = _labels(layer_labels if layer_labels is not None else index_labels(n_layers))
    head_labels = _labels(head_labels if head_labels is not None else index_labels(n_heads))
    if len(layer_labels) != n_layers or len(head_labels) != n_heads:
        raise ValueError("one label per layer and one per head are needed")
    x_centres = np.arange(n_heads) * tile_w + (n_cols - 1) / 2
    y_centres = np.arange(n_layers) * tile_h + (n_rows - 1) / 2
    grid_y, grid_x = np.meshgrid(y_centres, x_centres, indexing="ij")

    hint = f"<br>{plotly_label(hover_hint)}" if hover_hint else ""
    picker = _picker(
        grid_x.ravel(),
        grid_y.ravel(),
        [[row[0] + first_layer, *row[1:]] for row in _grid_customdata(layer_labels, head_labels)],
        f"{plotly_label(layer_title)} %{{customdata[2]}} · {plotly_label(head_title)} %{{customdata[3]}}"
        f"{hint}<extra></extra>",
    )
    low = float(zmin)
    top = float(np.nanmax(a)) if zmax is None else float(zmax)
    top = top if top > low else low + 1.0
    ticks = np.linspace(low, top, 5)
    image_trace = go.Heatmap(
        z=quantise_image(image, low, top),
        colorscale=_level_colorscale(colorscale),
        zmin=0,
        zmax=IMAGE_LEVELS + 1,
        hoverinfo="skip",
        showscale=True,
        colorbar=dict(
            thickness=12,
            len=0.8,
            tickvals=(1 + (ticks - low) / (top - low) * IMAGE_LEVELS).tolist(),
            ticktext=[f"{x:.2g}" for x in ticks],
        ),
    )
    fig = go.Figure([image_trace, picker])
    shapes = []
    chosen = _check_selected(selected, n_layers, n_heads)
    if chosen is not None:
        layer, head = chosen  # the frame runs along the middle of the gaps around the tile
        shapes.append(
            _frame(
                head * tile_w - 0.5 - gap / 2,
                head * tile_w + n_cols - 0.5 + gap / 2,
                layer * tile_h - 0.5 - gap / 2,
                layer * tile_h + n_rows - 0.5 + gap / 2,
            )
        )
    fig.update_layout(
        title=dict(
            text=plotly_label(title),
            x=0,
            xanchor="left",
            yref="container",
            y=1,
            yanchor="top",
            pad=dict(t=10),
        ),
        height=height or int(100 + 52 * n_layers * tile_h / tile_w * min(1.0, 12 / n_heads)),
        margin=dict(l=10, r=10, t=(44 if title else 8) + (54 if head_title else 30), b=10),
        plot_bgcolor=GAP_COLOR,
        hovermode="closest",
        hoverdistance=-1,
        clickmode="event+select",
        dragmode=False,
        shapes=shapes,
        xaxis=dict(
            side="top",
            title=plotly_label(head_title),
            tickvals=x_centres,
            ticktext=head_labels,
            showgrid=False,
            zeroline=False,
            range=[-0.5 - gap / 2, image.shape[1] - 0.5 + gap / 2],  # half a gap around the edge
            constrain="domain",
        ),
        yaxis=dict(
            title=plotly_label(layer_title),
            tickvals=y_centres,
            ticktext=layer_labels,
            showgrid=False,
            zeroline=False,
            range=[image.shape[0] - 0.5 + gap / 2, -0.5 - gap / 2],  # first layer on top
            scaleanchor="x",
            constrain="domain",
        ),
    )
    return fig


def head_heatmap(
    weights: np.ndarray,
    row_labels: Sequence[str],
    col_labels: Sequence[str] | None = None,
    *,
    title: str = "",
    x_title: str = "",
    y_title: str = "",
    empty_rows: np.ndarray | None = None,
    show_values: bool | None = None,
    colorscale: str = WEIGHT_COLORS,
    zmin: float | None = 0.0,
    zmax: float | None = 1.0,
    zmid: float | None = None,
    decimals: int = 3,
    max_plot_px: int | None = None,
) -> go.Figure:
    """One head (or an average) large: (T, S) weights, tokens on both axes, weights on hover.

    Rows are the tokens that attend (queries), columns the tokens attended to (keys). Repeated
    tokens ("the" twice) stay separate: the axes are numeric with the tokens as tick text.
    ``empty_rows`` (T,) bool: rows left without weight after hiding tokens, drawn grey.
    ``show_values`` prints the weights in the cells (default: when the matrix is at most 12
    x 12). For a signed difference pass ``colorscale=SCORE_COLORS, zmid=0`` and symmetric limits.
    ``max_plot_px`` caps the plot's height (for a figure in a narrow column: long texts would
    otherwise draw a tall, thin strip); the labels shrink with the cells.
    """
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 2:
        raise ValueError(f"weights must be (T, S); got shape {w.shape}")
    n_rows, n_cols = w.shape
    rows = _labels(row_labels)
    cols = rows if col_labels is None else _labels(col_labels)
    if len(rows) != n_rows or len(cols) != n_cols:
        raise ValueError(f"{len(rows)} row / {len(cols)} column labels for a {w.shape} matrix")
    z = w.copy()
    if empty_rows is not None:
        z[np.asarray(empty_rows, dtype=bool)] = np.nan
    if show_values is None:
        show_values = max(n_rows, n_cols) <= 12
    from_text = np.broadcast_to(np.asarray(rows, dtype=object)[:, None], w.shape).tolist()
    to_text = np.broadcast_to(np.asarray(cols, dtype=object)[None, :], w.shape).tolist()
    cell = 30 if max(n_rows, n_cols) <= 12 else (18 if max(n_rows, n_cols) <= 60 else 9)
    tick_size = 12 if max(n_rows, n_cols) <= 60 else 8
    if max_plot_px is not None and cell * n_rows > max_plot_px:
        cell = max(4, max_plot_px // max(1, n_rows))
        tick_size = min(tick_size, max(7, cell - 2))
    # room above the plot: the title, the axis title, and the column labels (rotated 60 degrees)
    longest = max((len(html.unescape(c)) for c in cols), default=1)
    labels_px = int(min(150, 0.62 * tick_size * longest) * 0.87) + 12
    top_px = (44 if title else 8) + (24 if x_title else 0) + labels_px
    fig = go.Figure(
        go.Heatmap(
            z=z,
            text=from_text,
            customdata=to_text,
            texttemplate=f"%{{z:.{min(decimals, 2)}f}}" if show_values else None,
            hovertemplate=f"%{{text}} → %{{customdata}}: %{{z:.{decimals}f}}<extra></extra>",
            hoverongaps=False,
            colorscale=colorscale,
            zmin=zmin,
            zmax=zmax,
            zmid=zmid,
            showscale=True,
            colorbar=dict(thickness=12),
        )
    )
    fig.update_layout(
        title=dict(
            text=plotly_label(title),
            x=0,
            xanchor="left",
            yref="container",
            y=1,
            yanchor="top",
            pad=dict(t=10),
        ),
        height=int(top_px + 30 + cell * n_rows),
        margin=dict(l=10, r=10, t=top_px, b=10),
        plot_bgcolor=MASKED_CELL_COLOR,
        xaxis=dict(
            side="top",
            title=plotly_label(x_title),
            tickvals=np.arange(n_cols),
            ticktext=cols,
            tickangle=-60,
            tickfont=dict(size=tick_size),
            showgrid=False,
            zeroline=False,
        ),
        yaxis=dict(
            title=plotly_label(y_title),
            tickvals=np.arange(n_rows),
            ticktext=rows,
            tickfont=dict(size=tick_size),
            autorange="reversed",
            showgrid=False,
            zeroline=False,
        ),
    )
    return fig


def head_metric_grid(
    values: np.ndarray,
    *,
    layer_labels: Sequence[str] | None = None,
    head_labels: Sequence[str] | None = None,
    layer_title: str = "",
    head_title: str = "",
    value_label: str = "",
    title: str = "",
    hover_hint: str = "",
    zmin: float | None = 0.0,
    zmax: float | None = 1.0,
    zmid: float | None = None,
    colorscale: str = "Viridis",
    decimals: int = 2,
    selected: tuple[int, int] | None = None,
    height: int | None = None,
) -> go.Figure:
    """A metric per head as a layers x heads grid, values printed in the cells, click to choose.

    Traces: [0] the heatmap (z = ``values`` exactly, not hoverable), [1] the picker, whose
    point l*H + h has ``customdata = [l, h, layer_label, head_label, value]``.
    Use it for any (L, H) array: a head metric, or how much each head changed.
    """
    v = np.asarray(values, dtype=np.float64)
    if v.ndim != 2:
        raise ValueError(f"values must be (layers, heads); got shape {v.shape}")
    n_layers, n_heads = v.shape
    layer_labels = _labels(layer_labels if layer_labels is not None else index_labels(n_layers))
    head_labels = _labels(head_labels if head_labels is not None else index_labels(n_heads))
    if len(layer_labels) != n_layers or len(head_labels) != n_heads:
        raise ValueError("one label per layer and one per head are needed")
    grid_y, grid_x = np.meshgrid(np.arange(n_layers), np.arange(n_heads), indexing="ij")
    hint = f"<br>{plotly_label(hover_hint)}" if hover_hint else ""
    picker = _picker(
        grid_x.ravel(),
        grid_y.ravel(),
        _grid_customdata(layer_labels, head_labels, v),
        f"{plotly_label(layer_title)} %{{customdata[2]}} · {plotly_label(head_title)} %{{customdata[3]}}"
        f"<br>{_prefix(value_label)}%{{customdata[4]:.{decimals + 1}f}}{hint}<extra></extra>",
    )
    heat = go.Heatmap(
        z=v,
        x=np.arange(n_heads),
        y=np.arange(n_layers),
        texttemplate=f"%{{z:.{decimals}f}}",
        hoverinfo="skip",
        colorscale=colorscale,
        zmin=zmin,
        zmax=zmax,
        zmid=zmid,
        xgap=2,
        ygap=2,
        showscale=True,
        colorbar=dict(thickness=12, title=dict(text=plotly_label(value_label), side="right")),
    )
    fig = go.Figure([heat, picker])
    chosen = _check_selected(selected, n_layers, n_heads)
    fig.update_layout(
        title=dict(
            text=plotly_label(title),
            x=0,
            xanchor="left",
            yref="container",
            y=1,
            yanchor="top",
            pad=dict(t=10),
        ),
        height=height or int((130 if title else 90) + 44 * n_layers),
        margin=dict(l=10, r=10, t=(44 if title else 8) + (60 if head_title else 36), b=10),
        plot_bgcolor="white",
        hovermode="closest",
        hoverdistance=-1,
        clickmode="event+select",
        dragmode=False,
        shapes=[]
        if chosen is None
        else [_frame(chosen[1] - 0.5, chosen[1] + 0.5, chosen[0] - 0.5, chosen[0] + 0.5)],
        xaxis=dict(
            side="top",
            title=plotly_label(head_title),
            tickvals=np.arange(n_heads),
            ticktext=head_labels,
            showgrid=False,
            zeroline=False,
            range=[-0.5, n_heads - 0.5],
        ),
        yaxis=dict(
            title=plotly_label(layer_title),
            tickvals=np.arange(n_layers),
            ticktext=layer_labels,
            showgrid=False,
            zeroline=False,
            range=[n_layers - 0.5, -0.5],
        ),
    )
    return fig


def rollout_bars(
    values: np.ndarray,
    labels: Sequence[str],
    *,
    title: str = "",
    y_title: str = "",
    muted: np.ndarray | None = None,
    decimals: int = 3,
) -> go.Figure:
    """How much of each input token reaches [CLS] (a rollout row), one bar per token.

    ``muted`` (T,) bool: bars drawn grey (e.g. the special tokens, which often dominate).
    Each bar's customdata is its token index.
    """
    v = np.asarray(values, dtype=np.float64)
    if v.ndim != 1:
        raise ValueError(f"values must be (T,); got shape {v.shape}")
    names = _labels(labels)
    if len(names) != v.size:
        raise ValueError(f"{len(names)} labels for {v.size} values")
    muted = np.zeros(v.size, dtype=bool) if muted is None else np.asarray(muted, dtype=bool)
    fig = go.Figure(
        go.Bar(
            x=np.arange(v.size),
            y=v,
            hovertext=names,
            customdata=np.arange(v.size).tolist(),
            hovertemplate=f"%{{hovertext}}: %{{y:.{decimals}f}}<extra></extra>",
            marker_color=np.where(muted, MUTED_BAR_COLOR, BAR_COLOR).tolist(),
        )
    )
    fig.update_layout(
        title=dict(text=plotly_label(title), x=0, xanchor="left"),
        height=340,
        margin=dict(l=10, r=10, t=60, b=10),
        yaxis=dict(title=plotly_label(y_title), rangemode="tozero"),
        xaxis=dict(
            tickvals=np.arange(v.size),
            ticktext=names,
            tickangle=-60,
            tickfont=dict(size=12 if v.size <= 60 else 8),
        ),
        bargap=0.15,
    )
    return fig


def head_change_bars(
    values: np.ndarray,
    *,
    top: int = 10,
    layer_labels: Sequence[str] | None = None,
    head_labels: Sequence[str] | None = None,
    layer_title: str = "",
    head_title: str = "",
    value_label: str = "",
    title: str = "",
    decimals: int = 3,
) -> go.Figure:
    """The ``top`` heads with the largest values (e.g. :func:`head_divergence`), largest on top.

    Bars are clickable: each bar's customdata is ``[layer, head]`` (0-based, into ``values``).
    """
    v = np.asarray(values, dtype=np.float64)
    if v.ndim != 2:
        raise ValueError(f"values must be (layers, heads); got shape {v.shape}")
    n_layers, n_heads = v.shape
    layer_labels = _labels(layer_labels if layer_labels is not None else index_labels(n_layers))
    head_labels = _labels(head_labels if head_labels is not None else index_labels(n_heads))
    ranked = rank_heads(v, top=max(1, top))
    layers = np.array([r[0] for r in ranked])
    heads = np.array([r[1] for r in ranked])
    names = [
        f"{plotly_label(layer_title)} {layer_labels[layer]} · {plotly_label(head_title)} {head_labels[h]}".strip()
        for layer, h in zip(layers.tolist(), heads.tolist())
    ]
    fig = go.Figure(
        go.Bar(
            x=v[layers, heads],
            y=names,
            orientation="h",
            customdata=np.stack([layers, heads], axis=1).tolist(),
            hovertemplate=f"%{{y}}<br>{_prefix(value_label)}%{{x:.{decimals}f}}<extra></extra>",
            marker_color=BAR_COLOR,
        )
    )
    fig.update_layout(
        title=dict(text=plotly_label(title), x=0, xanchor="left"),
        height=int(110 + 28 * len(names)),
        margin=dict(l=10, r=10, t=60, b=10),
        clickmode="event+select",
        xaxis=dict(title=plotly_label(value_label), rangemode="tozero"),
        yaxis=dict(autorange="reversed", type="category"),
    )
    return fig


def head_from_selection(event: Any) -> tuple[int, int] | None:
    """(layer, head) of the first chosen point of a Streamlit plotly selection, or None.

    Accepts what ``st.plotly_chart(..., on_select="rerun")`` returns (or its ``selection``):
    reads ``customdata[0:2]`` of the points of the grids and bars above.
    """
    if event is None:
        return None
    selection = (
        event.get("selection", event) if isinstance(event, Mapping) else getattr(event, "selection", event)
    )
    points = selection.get("points") if isinstance(selection, Mapping) else getattr(selection, "points", None)
    for point in points or []:
        data = point.get("customdata") if isinstance(point, Mapping) else None
        if isinstance(data, (list, tuple)) and len(data) >= 2:
            try:
                return int(data[0]), int(data[1])
            except (TypeError, ValueError):
                continue
    return None
