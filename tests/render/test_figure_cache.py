"""Figures shared by visitors: built once per distinct input, never across different inputs."""

import numpy as np
import pytest

from attnviz.render import figure_cache, figures


@pytest.fixture(autouse=True)
def empty_cache(monkeypatch):
    monkeypatch.setattr(figure_cache, "_figures", type(figure_cache._figures)())
    monkeypatch.setattr(figure_cache, "_total_bytes", 0)


def _weights(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).dirichlet(np.ones(3), size=3)


def test_the_same_inputs_share_one_figure_and_other_inputs_do_not():
    a = figure_cache.shared_figure(
        figures.matrix_heatmap, _weights(0), ["q1", "q2", "q3"], ["k1", "k2", "k3"]
    )
    b = figure_cache.shared_figure(
        figures.matrix_heatmap, _weights(0), ["q1", "q2", "q3"], ["k1", "k2", "k3"]
    )
    assert a is b
    other_values = figure_cache.shared_figure(
        figures.matrix_heatmap, _weights(1), ["q1", "q2", "q3"], ["k1", "k2", "k3"]
    )
    other_title = figure_cache.shared_figure(
        figures.matrix_heatmap, _weights(0), ["q1", "q2", "q3"], ["k1", "k2", "k3"], title="Pesos"
    )
    assert other_values is not a and other_title is not a
    assert np.allclose(np.asarray(other_values.data[0].z, float), _weights(1))
    assert other_title.layout.title.text == "Pesos"
    assert figure_cache.cached()[0] == 3


def test_large_text_is_its_own_figure_and_leaves_the_normal_one_alone():
    args = (_weights(0), ["q1", "q2", "q3"], ["k1", "k2", "k3"])
    normal = figure_cache.shared_figure(figures.matrix_heatmap, *args)
    large = figure_cache.shared_figure(figures.matrix_heatmap, *args, enlarge=True)
    assert large is not normal
    assert large.layout.font.size == figure_cache.LARGE_FONT_SIZE
    assert normal.layout.font.size != figure_cache.LARGE_FONT_SIZE


def test_inputs_that_cannot_be_pickled_are_built_each_time():
    def build(values, label=lambda: None):
        return figures.matrix_heatmap(values, ["a"], ["b"])

    first = figure_cache.shared_figure(build, np.ones((1, 1)), label=lambda: 1)
    second = figure_cache.shared_figure(build, np.ones((1, 1)), label=lambda: 1)
    assert first is not second
    assert figure_cache.cached() == (0, 0)


def test_the_cache_stays_within_its_byte_budget(monkeypatch):
    monkeypatch.setattr(figure_cache, "MAX_BYTES", 200_000)
    for seed in range(12):  # 12 figures of ~40 kB of inputs each
        figure_cache.shared_figure(figures.matrix_heatmap, np.full((70, 70), float(seed)), [], [])
    count, size = figure_cache.cached()
    assert 0 < count < 12 and size <= 200_000
