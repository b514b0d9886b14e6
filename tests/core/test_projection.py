"""2-D projections: principal axes found, stable signs, shared axes across layers."""

import numpy as np
import pytest

from attnviz.core.projection import layer_paths, normalise_layers, pca_2d


def test_points_on_a_line_project_onto_the_first_axis():
    t = np.linspace(-3, 3, 20)
    direction = np.array([1.0, 2.0, -2.0]) / 3
    points = t[:, None] * direction + np.array([5.0, 5.0, 5.0])
    p = pca_2d(points)
    assert p.explained[0] == pytest.approx(1.0)
    assert np.allclose(np.abs(p.coords[:, 0]), np.abs(t), atol=1e-9)
    assert np.allclose(p.coords[:, 1], 0, atol=1e-9)


def test_signs_do_not_flip():
    rng = np.random.default_rng(0)
    points = rng.normal(size=(30, 5)) * [5, 3, 1, 1, 1]
    a, b = pca_2d(points), pca_2d(points[::-1])
    assert np.allclose(a.axes, b.axes)


def test_each_layer_is_centred_and_the_same_size():
    rng = np.random.default_rng(1)
    hidden = rng.normal(size=(4, 6, 8)) * np.array([1, 3, 10, 30])[:, None, None] + 7
    normed = normalise_layers(hidden)
    assert np.allclose(normed.mean(axis=1), 0)
    assert np.allclose(np.linalg.norm(normed, axis=-1).mean(axis=1), 1)


def test_tokens_that_separate_in_later_layers_drift_apart():
    """Two tokens equal at the input and pushed apart layer by layer end far apart."""
    rng = np.random.default_rng(2)
    base = rng.normal(size=(5, 16))
    push = rng.normal(size=16)
    hidden = np.stack([base.copy() for _ in range(4)])
    for layer in range(4):
        hidden[layer, 1] = base[0] + layer * push
    paths = layer_paths(hidden)
    gap = np.linalg.norm(paths.coords[:, 0] - paths.coords[:, 1], axis=-1)
    assert gap[0] < 1e-9 and np.all(np.diff(gap) > 0)


def test_kept_tokens_and_bad_shapes():
    hidden = np.random.default_rng(3).normal(size=(3, 5, 4))
    keep = np.array([False, True, True, True, False])
    assert layer_paths(hidden, keep).coords.shape == (3, 3, 2)
    with pytest.raises(ValueError):
        layer_paths(hidden, np.zeros(5, bool))
    with pytest.raises(ValueError):
        pca_2d(np.zeros((0, 3)))
