"""Figures and formulas of the building-blocks page: arrays in, figures / LaTeX out."""

import numpy as np
import plotly.graph_objects as go
import pytest

from attnviz.core.blocks import feed_forward, layer_norm, random_ffn, random_positions, residual_block
from attnviz.core.positional import position_dot_products, sinusoidal_encoding
from attnviz.render import block_formulas as ex
from attnviz.render import blocks as fb


def z_of(fig: go.Figure, trace: int = 0) -> np.ndarray:
    return np.asarray(fig.data[trace].z, dtype=float)


def test_unique_labels_mark_repeats_only():
    assert fb.unique_labels(["el", "gato", "y", "el"]) == ["el #1", "gato", "y", "el #4"]
    assert fb.unique_labels([]) == []


def test_values_heatmap_prints_numbers_while_narrow():
    values = np.array([[1.0, -2.0], [0.5, 0.0]])
    fig = fb.values_heatmap(values, ["a", "b"], ["d1", "d2"], title="E")
    np.testing.assert_array_equal(z_of(fig), values)
    assert fig.data[0].zmid == 0 and fig.data[0].zmax == 2.0 and fig.data[0].zmin == -2.0
    assert fig.data[0].texttemplate == "%{text}"
    assert fig.layout.title.text == "E"
    wide = fb.values_heatmap(np.ones((2, 40)), ["a", "b"], [str(i) for i in range(40)])
    assert wide.data[0].texttemplate == ""


def test_values_heatmap_of_zeros_has_a_usable_range():
    fig = fb.values_heatmap(np.zeros((2, 2)), ["a", "b"], ["x", "y"])
    assert fig.data[0].zmax == 1.0


def test_similarity_heatmap_fixed_range_and_labels():
    sim = np.array([[1.0, -0.5], [-0.5, 1.0]])
    fig = fb.similarity_heatmap(sim, ["el #1", "el #2"], title="cos")
    assert (fig.data[0].zmin, fig.data[0].zmax) == (-1, 1)
    assert list(fig.data[0].x) == ["el #1", "el #2"] and list(fig.data[0].y) == ["el #1", "el #2"]


def test_continuous_heatmap_of_the_positional_encoding():
    pe = sinusoidal_encoding(30, 16)
    fig = fb.continuous_heatmap(pe, title="PE", x_title="dim", y_title="pos")
    assert z_of(fig).shape == (30, 16)
    np.testing.assert_allclose(z_of(fig)[0], [0, 1] * 8)
    assert fig.layout.yaxis.autorange == "reversed"
    dots = fb.continuous_heatmap(position_dot_products(pe))
    assert z_of(dots)[0, 0] == pytest.approx(8.0)


def test_curves_one_trace_per_series():
    x = np.arange(5)
    fig = fb.curves(x, [np.zeros(5), np.ones(5)], ["a", "b"], title="t", highlight_x=2, y_range=(-1, 1))
    assert [trace.name for trace in fig.data] == ["a", "b"]
    np.testing.assert_array_equal(fig.data[1].y, np.ones(5))
    assert len(fig.layout.shapes) == 1 and list(fig.layout.yaxis.range) == [-1, 1]


def test_activation_figure_marks_the_points_on_the_chosen_curve():
    fig = fb.activation_figure(
        "gelu", np.array([1.0, -1.0]), names={"relu": "ReLU", "gelu": "GELU"}, points_name="z"
    )
    names = [trace.name for trace in fig.data]
    assert names == ["ReLU", "GELU", "z"]
    np.testing.assert_allclose(fig.data[2].y, [0.8413447, -0.1586553], atol=1e-6)
    assert fig.data[1].line.width > fig.data[0].line.width  # the chosen one is bold


def test_vector_bars_groups_by_dimension():
    fig = fb.vector_bars([np.array([1.0, 2.0]), np.array([-1.0, 1.0])], ["x", "y"], dim_prefix="x")
    assert [trace.name for trace in fig.data] == ["x", "y"]
    assert list(fig.data[0].x) == ["x1", "x2"]


# --- formulas with numbers ------------------------------------------------------------------
def test_vector_is_elided_when_long():
    assert ex.vector([1, 2.5, -0.25]) == r"\begin{bmatrix}1 & 2.5 & -0.25\end{bmatrix}"
    long = ex.vector(np.arange(20))
    assert r"\cdots" in long and "19" in long and "10" not in long


def test_number_formatting():
    assert ex.num(2.0) == "2" and ex.num(-0.0001) == "0" and ex.num(0.12345) == "0.123"
    assert (
        ex.small_number(1e-5) == "10^{-5}" and ex.small_number(0) == "0" and ex.small_number(0.001) == "0.001"
    )


def test_positional_lines():
    line = ex.pe_value_line(1, 0, 4, float(np.sin(1)))
    assert r"\sin" in line and "0.8415" in line
    cos_line = ex.pe_value_line(2, 3, 4, float(np.cos(0.02)))
    assert r"\cos" in cos_line and "2/4" in cos_line
    dot = ex.pe_dot_line(10, 12, 64, 28.304)
    assert r"\cos(-2)" in dot and "28.304" in dot


def test_embedding_and_cosine_lines():
    assert (
        ex.embedding_line(0, 5, np.array([1.0, 0.0]))
        == r"x_{1} = E_{[5]} = \begin{bmatrix}1 & 0\end{bmatrix}"
    )
    assert r"\mathbf{0}" in ex.embedding_line(2, -1, np.zeros(2))
    line = ex.cosine_line(0, 1, np.array([3.0, 4.0]), np.array([4.0, 3.0]), 0.96)
    assert r"\frac{24}{5\cdot 5} = 0.96" in line


def test_ffn_and_norm_lines_carry_the_numbers():
    params = random_ffn(2, 3, 0)
    steps = feed_forward(random_positions(2, 2), params, "relu")
    lines = ex.ffn_lines(steps, 1, r"\mathrm{ReLU}")
    assert len(lines) == 4 and lines[0].startswith("x_{2}")
    assert ex.vector(steps.output[1]) in lines[3]
    assert r"2\times3" in ex.ffn_shapes(2, params)
    ln = ex.layer_norm_lines(layer_norm([2, 4, 4, 4, 5, 5, 7, 9], eps=0.0))
    assert ln[0] == r"\mu = \frac{40}{8} = 5" and ln[1] == r"\sigma^2 = \frac{32}{8} = 4"
    assert "-1.5" in ln[3]
    res = ex.residual_lines(residual_block(np.array([1.0, -1.0]), params, alpha=0.5), symbol=r"\hat{x}")
    assert res[0].startswith(r"\hat{x} = ") and r"0.5\cdot F(\hat{x})" in res[1]
    assert ex.aligned(["a", "b"]) == r"\begin{aligned}&a \\ &b\end{aligned}"


def test_vector_bars_drop_their_labels_when_they_would_overlap():
    few = fb.vector_bars([np.ones(8)] * 3, ["a", "b", "c"])
    many = fb.vector_bars([np.ones(8)] * 4, ["a", "b", "c", "d"])
    assert all(bar.text is not None for bar in few.data)
    assert all(bar.text is None for bar in many.data) and "%{y" in many.data[0].hovertemplate
