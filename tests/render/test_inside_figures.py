"""Pictures of the model's inside: tokens shown literally, shapes and highlights."""

import numpy as np

from attnviz.render import figures, inside


def test_tokens_that_look_like_html_are_shown_as_written():
    heat = figures.matrix_heatmap(np.eye(2), ["<pad>", "</s>"], ["a&b", "<s>"])
    assert list(heat.data[-1].y) == ["&lt;pad&gt;", "&lt;/s&gt;"]
    assert list(heat.data[-1].x) == ["a&amp;b", "&lt;s&gt;"]
    strips = inside.vectors_heatmap(np.ones((2, 4)), ["<s>", "x"], highlight=1)
    assert list(strips.data[0].y) == ["1 · &lt;s&gt;", "2 · x"]
    assert len(strips.layout.shapes) == 1  # the highlighted row is framed
    scatter = inside.class_scatter(
        np.zeros((2, 2)), ["<b>pos</b>", "neg"], ["<img src=x>", "ok"], class_names=["<b>pos</b>", "neg"]
    )
    assert (
        scatter.data[0].name == "&lt;b&gt;pos&lt;/b&gt;"
        and scatter.data[0].customdata[0] == "&lt;img src=x&gt;"
    )


def test_layer_paths_one_line_per_token_and_labels_at_the_end():
    coords = np.random.default_rng(0).normal(size=(3, 4, 2))
    fig = inside.layer_paths(coords, ["a", "b", "<c>", "d"], layer_names=["e", "1", "2"], highlight=(2,))
    lines = [trace for trace in fig.data if trace.mode == "lines+markers"]
    assert len(lines) == 4 and lines[2].line.width == 3 and lines[0].line.color == "#cccccc"
    assert list(fig.data[-1].text) == ["a", "b", "&lt;c&gt;", "d"]
    assert np.allclose(fig.data[-1].x, coords[-1, :, 0])


def test_the_dot_product_line_writes_the_first_terms_and_the_total():
    q, k = np.array([1.0, 2.0, 3.0, 4.0]), np.array([0.5, 0.5, 0.5, 0.5])
    line = inside.dot_product_line(q, k, 2, 0.5)
    assert "k_{3}" in line and r"\dots" in line and "= 5" in line and "2.500" in line
