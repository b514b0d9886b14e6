"""Attention rollout (Abnar and Zuidema 2020) on hand-computed examples."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attnviz.core.rollout import attention_rollout, cls_rollout, residual_attention, rollout_by_layer

# Two layers, one head, two tokens.
A0 = np.array([[1.0, 0.0], [0.5, 0.5]])
A1 = np.array([[0.0, 1.0], [0.0, 1.0]])
TWO_LAYERS = np.stack([A0, A1])[:, None]  # (2, 1, 2, 2)


def test_hand_computed_two_layers():
    # 0.5 A + 0.5 I:  layer 0 -> [[1, 0], [0.25, 0.75]],  layer 1 -> [[0.5, 0.5], [0, 1]]
    # rollout = layer1 @ layer0 = [[0.5 + 0.125, 0.375], [0.25, 0.75]]
    np.testing.assert_allclose(residual_attention(TWO_LAYERS), [[[1, 0], [0.25, 0.75]], [[0.5, 0.5], [0, 1]]])
    expected = np.array([[0.625, 0.375], [0.25, 0.75]])
    np.testing.assert_allclose(attention_rollout(TWO_LAYERS), expected)
    np.testing.assert_allclose(cls_rollout(attention_rollout(TWO_LAYERS)), [0.625, 0.375])
    by_layer = rollout_by_layer(TWO_LAYERS)
    np.testing.assert_allclose(by_layer[0], [[1, 0], [0.25, 0.75]])
    np.testing.assert_allclose(by_layer[1], expected)


def test_heads_are_averaged():
    h0 = np.array([[1.0, 0.0], [1.0, 0.0]])
    h1 = np.array([[0.0, 1.0], [0.0, 1.0]])
    one_layer = np.stack([h0, h1])[None]  # mean = 0.5 everywhere
    # 0.5 * [[.5, .5], [.5, .5]] + 0.5 I
    np.testing.assert_allclose(attention_rollout(one_layer), [[0.75, 0.25], [0.25, 0.75]])


def test_residual_weight_extremes():
    np.testing.assert_allclose(attention_rollout(TWO_LAYERS, residual=1.0), np.eye(2))
    np.testing.assert_allclose(attention_rollout(TWO_LAYERS, residual=0.0), A1 @ A0)


def test_layer_range():
    np.testing.assert_allclose(
        attention_rollout(TWO_LAYERS, start_layer=1), residual_attention(TWO_LAYERS)[1]
    )
    np.testing.assert_allclose(attention_rollout(TWO_LAYERS, end_layer=1), residual_attention(TWO_LAYERS)[0])
    with pytest.raises(ValueError):
        attention_rollout(TWO_LAYERS, start_layer=2)


def test_identity_attention_rolls_out_to_identity():
    eye = np.broadcast_to(np.eye(4), (3, 2, 4, 4))
    np.testing.assert_allclose(attention_rollout(eye), np.eye(4))


def test_bad_input():
    with pytest.raises(ValueError):
        attention_rollout(np.eye(3))
    with pytest.raises(ValueError):
        attention_rollout(TWO_LAYERS, residual=1.5)
    with pytest.raises(ValueError):
        cls_rollout(np.ones(3))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 3), st.integers(1, 8), st.integers(0, 2**32 - 1), st.floats(0, 1))
def test_rollout_rows_are_distributions(n_layers, n_heads, t, seed, residual):
    rng = np.random.default_rng(seed)
    a = rng.random((n_layers, n_heads, t, t)) ** 3
    a /= a.sum(axis=-1, keepdims=True)
    r = attention_rollout(a.astype(np.float32), residual)
    assert r.shape == (t, t)
    assert np.all(r >= 0)
    np.testing.assert_allclose(r.sum(axis=-1), 1.0, atol=1e-9)
    np.testing.assert_allclose(cls_rollout(r).sum(), 1.0, atol=1e-9)
