"""Figures of the attention-heatmaps page built from known arrays."""

import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from attnviz.core.head_metrics import head_metrics
from attnviz.render import heatmaps as fa

L, H, T = 2, 3, 5
TOKENS = ["[CLS]", "the", "the", ".", "[SEP]"]  # "the" twice: both must stay separate


def cls_stack() -> np.ndarray:
    """Uniform attention everywhere, except layer 1 head 2, which puts everything on [CLS]."""
    a = np.full((L, H, T, T), 1.0 / T)
    a[1, 2] = 0.0
    a[1, 2, :, 0] = 1.0
    return a


def decode(z, top: float = 1.0) -> np.ndarray:
    """The model view's uint8 levels back to weights (NaN for gaps)."""
    z = np.asarray(z, dtype=np.float64)
    return np.where(z == 0, np.nan, (z - 1) / fa.IMAGE_LEVELS * top)


def picker(fig: go.Figure) -> go.Scatter:
    traces = [t for t in fig.data if t.name == fa.PICKER_TRACE_NAME]
    assert len(traces) == 1
    return traces[0]


def test_model_view_is_one_image_plus_a_picker():
    a = cls_stack()
    fig = fa.model_view(a, layer_title="Capa", head_title="Cabeza")
    assert len(fig.data) == 2
    image, pick = fig.data
    assert isinstance(image, go.Heatmap) and image.hoverinfo == "skip"
    gap = fa.tile_gap(T)
    assert np.asarray(image.z).dtype == np.uint8
    z = decode(image.z)
    assert z.shape == (L * (T + gap) - gap, H * (T + gap) - gap)
    # every tile holds its head (to 1/254), gaps are level 0
    for layer in range(L):
        for head in range(H):
            r, c = layer * (T + gap), head * (T + gap)
            np.testing.assert_allclose(z[r : r + T, c : c + T], a[layer, head], atol=0.5 / fa.IMAGE_LEVELS)
    assert np.all(np.isnan(z[T : T + gap, :])) and np.all(np.isnan(z[:, T : T + gap]))
    # the [CLS] head shows as such: its first column is 1, the rest 0
    r, c = 1 * (T + gap), 2 * (T + gap)
    np.testing.assert_array_equal(z[r : r + T, c], 1.0)
    np.testing.assert_array_equal(z[r : r + T, c + 1 : c + T], 0.0)
    assert fig.layout.hoverdistance == -1 and fig.layout.clickmode == "event+select"
    assert list(fig.layout.xaxis.ticktext) == ["1", "2", "3"] and list(fig.layout.yaxis.ticktext) == [
        "1",
        "2",
    ]
    assert "Capa %{customdata[2]}" in pick.hovertemplate


def test_model_view_picker_maps_points_to_layer_and_head():
    fig = fa.model_view(cls_stack(), layer_labels=["a", "b"], head_labels=["x", "y", "z"])
    pick = picker(fig)
    assert len(pick.x) == L * H
    gap = fa.tile_gap(T)
    for index, data in enumerate(pick.customdata):
        layer, head, layer_label, head_label = data
        assert (layer, head) == divmod(index, H)  # point l*H + h
        assert (layer_label, head_label) == ("ab"[layer], "xyz"[head])
        # the point sits inside its tile, so the nearest point to any pixel of a tile is its own
        assert head * (T + gap) <= pick.x[index] <= head * (T + gap) + T - 1
        assert layer * (T + gap) <= pick.y[index] <= layer * (T + gap) + T - 1
        assert fa.head_from_selection(
            {"selection": {"points": [{"customdata": data, "point_index": index}]}}
        ) == (layer, head)


def test_one_layer_of_the_model_view_points_at_the_models_layer():
    """A phone shows one layer at a time: the slice's points name the model's layer, not 0."""
    stack = cls_stack()
    fig = fa.model_view(stack[1:2], layer_labels=["b"], head_labels=["x", "y", "z"], first_layer=1)
    pick = picker(fig)
    assert len(pick.x) == H
    assert [tuple(d[:3]) for d in pick.customdata] == [(1, h, "b") for h in range(H)]
    assert fa.head_from_selection({"selection": {"points": [{"customdata": pick.customdata[2]}]}}) == (1, 2)


def test_model_view_selected_frame_and_auto_scale():
    a = cls_stack() * 0.5
    fig = fa.model_view(a, selected=(1, 2), zmax=None)
    assert fig.data[0].colorbar.ticktext[-1] == "0.5"
    assert np.asarray(fig.data[0].z).max() == 255  # the largest weight gets the top colour
    (box,) = fig.layout.shapes
    gap = fa.tile_gap(T)
    # the frame runs along the middle of the gaps around tile (1, 2), so it hides none of its cells
    half = gap / 2
    assert (box.x0, box.x1) == pytest.approx((2 * (T + gap) - 0.5 - half, 2 * (T + gap) + T - 0.5 + half))
    assert (box.y0, box.y1) == pytest.approx((1 * (T + gap) - 0.5 - half, 1 * (T + gap) + T - 0.5 + half))
    assert not fa.model_view(a, selected=(5, 0)).layout.shapes  # out of range: no frame
    with pytest.raises(ValueError):
        fa.model_view(a[0])
    with pytest.raises(ValueError):
        fa.model_view(a, head_labels=["1"])


def test_model_view_of_distilbert_size_serialises_compactly():
    rng = np.random.default_rng(0)
    a = rng.random((6, 12, 30, 30)).astype(np.float32)
    fig = fa.model_view(a)
    assert len(fig.data) == 2 and len(picker(fig).x) == 72
    text = pio.to_json(fig, validate=False)
    assert len(text) < 200_000  # one uint8 image, base64-encoded


def test_model_view_of_a_signed_difference():
    diff = cls_stack() - 1.0 / T  # in [-0.2, 0.8]
    fig = fa.model_view(diff, zmin=-0.8, zmax=0.8, colorscale=fa.SCORE_COLORS)
    z = np.asarray(fig.data[0].z, dtype=np.float64)
    gap = fa.tile_gap(T)
    back = np.where(z == 0, np.nan, -0.8 + (z - 1) / fa.IMAGE_LEVELS * 1.6)
    np.testing.assert_allclose(back[:T, :T], diff[0, 0], atol=1.6 / fa.IMAGE_LEVELS)
    r, c = T + gap, 2 * (T + gap)
    np.testing.assert_allclose(back[r : r + T, c], 0.8, atol=1e-9)
    assert list(fig.data[0].colorbar.ticktext) == ["-0.8", "-0.4", "0", "0.4", "0.8"]


def test_quantised_image_and_its_colour_scale():
    image = np.array([[0.0, 0.5, 1.0, np.nan, 2.0, -1.0]])
    np.testing.assert_array_equal(fa.quantise_image(image, 0.0, 1.0), [[1, 128, 255, 0, 255, 1]])
    scale = fa._level_colorscale("Blues")
    positions = [p for p, _ in scale]
    assert positions[0] == 0.0 and positions[-1] == 1.0 and positions == sorted(positions)
    assert scale[0][1] == scale[1][1] == fa.GAP_COLOR  # level 0 (gap) is the background
    assert scale[1][0] == scale[2][0] == pytest.approx(1 / 255)  # then a jump to the scale's first colour


def test_head_heatmap_keeps_repeated_tokens_apart():
    w = cls_stack()[1, 2]
    fig = fa.head_heatmap(w, TOKENS, title="<b>Capa 2</b>", x_title="clave", y_title="consulta")
    (heat,) = fig.data
    np.testing.assert_array_equal(heat.z, w)
    assert list(fig.layout.xaxis.tickvals) == list(range(T)) and list(fig.layout.xaxis.ticktext) == TOKENS
    assert list(fig.layout.yaxis.ticktext) == TOKENS
    # hover: from-token in text, to-token in customdata, per cell
    assert heat.text[2][0] == "the" and heat.customdata[2][0] == "[CLS]"
    assert heat.text[0][3] == "[CLS]" and heat.customdata[0][3] == "."
    assert heat.hovertemplate.startswith("%{text} → %{customdata}")
    assert heat.texttemplate is not None  # small matrix: values printed
    assert fig.layout.title.text == "&lt;b&gt;Capa 2&lt;/b&gt;"


def test_head_heatmap_empty_rows_and_escaping():
    w = np.full((3, 3), 1 / 3)
    fig = fa.head_heatmap(w, ["<script>", "a&b", '"q"'], empty_rows=[False, True, False], show_values=False)
    z = np.asarray(fig.data[0].z)
    assert np.all(np.isnan(z[1])) and not np.any(np.isnan(z[[0, 2]]))
    assert list(fig.layout.xaxis.ticktext) == ["&lt;script&gt;", "a&amp;b", '"q"']
    assert fig.data[0].texttemplate is None
    big = fa.head_heatmap(np.full((20, 20), 0.05), [f"t{i}" for i in range(20)])
    assert big.data[0].texttemplate is None
    with pytest.raises(ValueError):
        fa.head_heatmap(w, ["a", "b"])


def test_metric_grid_shows_the_cls_head():
    metrics = head_metrics(cls_stack(), TOKENS)
    fig = fa.head_metric_grid(metrics.cls, layer_title="Capa", head_title="Cabeza", value_label="[CLS]")
    heat, pick = fig.data
    np.testing.assert_allclose(heat.z, metrics.cls)
    assert heat.z[1][2] == 1.0 and heat.z[0][0] == pytest.approx(1 / T)
    assert heat.hoverinfo == "skip"
    point = 1 * H + 2
    assert pick.customdata[point] == [1, 2, "2", "3", 1.0]
    assert (pick.x[point], pick.y[point]) == (2, 1)
    entropy = fa.head_metric_grid(metrics.entropy, zmax=metrics.max_entropy, selected=(1, 2))
    assert entropy.data[0].z[1][2] == 0.0 and entropy.data[0].z[0][0] == pytest.approx(np.log(T))
    (box,) = entropy.layout.shapes
    assert (box.x0, box.x1, box.y0, box.y1) == (1.5, 2.5, 0.5, 1.5)


def test_rollout_bars():
    values = np.array([0.5, 0.2, 0.1, 0.1, 0.1])
    fig = fa.rollout_bars(values, TOKENS, muted=[True, False, False, False, True], title="CLS")
    (bar,) = fig.data
    np.testing.assert_array_equal(bar.y, values)
    assert list(fig.layout.xaxis.ticktext) == TOKENS and len(bar.x) == T
    assert bar.marker.color[0] == fa.MUTED_BAR_COLOR and bar.marker.color[1] == fa.BAR_COLOR
    assert list(bar.customdata) == list(range(T))


def test_head_change_bars_rank_and_carry_layer_head():
    values = np.array([[0.1, 0.9, 0.3], [0.5, 0.0, 0.7]])
    fig = fa.head_change_bars(values, top=3, layer_title="Capa", head_title="Cabeza", value_label="JS")
    (bar,) = fig.data
    np.testing.assert_allclose(bar.x, [0.9, 0.7, 0.5])
    assert list(bar.y) == ["Capa 1 · Cabeza 2", "Capa 2 · Cabeza 3", "Capa 2 · Cabeza 1"]
    assert [list(c) for c in bar.customdata] == [[0, 1], [1, 2], [1, 0]]
    assert fa.head_from_selection({"points": [{"customdata": bar.customdata[1]}]}) == (1, 2)


def test_head_from_selection_shapes():
    class Event:
        selection = {"points": [{"point_index": 4, "customdata": [1, 0, "2", "1"]}]}  # noqa: RUF012

    assert fa.head_from_selection(Event()) == (1, 0)
    assert fa.head_from_selection(None) is None
    assert fa.head_from_selection({"selection": {"points": []}}) is None
    assert fa.head_from_selection({"selection": {"points": [{"customdata": ["x", "y"]}]}}) is None
    assert fa.head_from_selection({"selection": {"points": [{"x": 1}]}}) is None


def test_figures_serialise_to_json():
    a = cls_stack()
    for fig in (
        fa.model_view(a),
        fa.head_heatmap(a[0, 0], TOKENS),
        fa.head_metric_grid(a.max(axis=(-1, -2))),
        fa.rollout_bars(a[0, 0, 0], TOKENS),
        fa.head_change_bars(a.mean(axis=(-1, -2))),
    ):
        spec = json.loads(pio.to_json(fig))  # raises on a figure plotly cannot serialise
        assert spec["data"] and spec["layout"]["height"] > 0


def test_head_heatmap_height_cap_keeps_long_texts_from_becoming_a_strip():
    tokens = [f"t{i}" for i in range(50)]
    w = np.full((50, 50), 1 / 50)
    free = fa.head_heatmap(w, tokens)
    capped = fa.head_heatmap(w, tokens, max_plot_px=440)
    plot_px = lambda fig: fig.layout.height - fig.layout.margin.t  # noqa: E731
    assert plot_px(free) > 800
    assert plot_px(capped) <= 440 + 30
    assert capped.layout.yaxis.tickfont.size < free.layout.yaxis.tickfont.size
    short = fa.head_heatmap(np.eye(5), tokens[:5], max_plot_px=440)
    assert short.layout.height == fa.head_heatmap(np.eye(5), tokens[:5]).layout.height, (
        "short texts keep their size"
    )
