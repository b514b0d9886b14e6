"""Feed-forward network, activations, layer normalisation and the residual connection."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from attnviz.core import blocks
from attnviz.core.blocks import (
    FFNParams,
    feed_forward,
    feed_forward_each_position,
    gelu,
    gelu_tanh,
    layer_norm,
    random_ffn,
    random_positions,
    relu,
    residual_block,
    similarity_through_depth,
)


# --- activations ---------------------------------------------------------------------------
def test_relu_by_hand():
    np.testing.assert_array_equal(relu([-2.0, -0.0, 0.0, 3.5]), [0, 0, 0, 3.5])


def test_gelu_exact_erf_values():
    assert gelu(1.0) == pytest.approx(0.8413447460685429, abs=1e-12)  # Phi(1)
    assert gelu(-1.0) == pytest.approx(-0.15865525393145707, abs=1e-12)
    assert gelu(0.0) == 0.0
    assert gelu(2.0) == pytest.approx(2 * 0.9772498680518208, abs=1e-12)
    # the tanh approximation is close but not equal
    assert gelu_tanh(1.0) == pytest.approx(0.8411919906, abs=1e-9)


def test_unknown_activation_raises():
    with pytest.raises(ValueError):
        blocks.activate("swish", np.zeros(2))


@settings(max_examples=80, deadline=None)
@given(arrays(np.float64, st.integers(1, 20), elements=st.floats(-50, 50)))
def test_gelu_between_relu_and_its_tanh_twin(x):
    g = gelu(x)
    assert np.all(g <= relu(x) + 1e-12)  # x Phi(x) <= max(0, x)
    assert np.all(g >= -0.17)  # its minimum is about -0.170
    np.testing.assert_allclose(g, gelu_tanh(x), atol=1e-3)


# --- feed-forward ----------------------------------------------------------------------------
def hand_ffn():
    return FFNParams(
        w1=np.array([[1.0, -1.0, 0.5], [2.0, 0.0, -1.0]]),  # d_model=2, d_ff=3
        b1=np.array([0.0, 1.0, -0.5]),
        w2=np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]),
        b2=np.array([0.5, -0.5]),
    )


def test_ffn_by_hand():
    steps = feed_forward(np.array([[1.0, 1.0], [-1.0, 0.0]]), hand_ffn(), "relu")
    # x = [1, 1]: z = [3, 0, -1], h = [3, 0, 0], y = [3.5, -0.5]
    # x = [-1, 0]: z = [-1, 2, -1], h = [0, 2, 0], y = [0.5, 1.5]
    np.testing.assert_allclose(steps.pre, [[3, 0, -1], [-1, 2, -1]])
    np.testing.assert_allclose(steps.hidden, [[3, 0, 0], [0, 2, 0]])
    np.testing.assert_allclose(steps.output, [[3.5, -0.5], [0.5, 1.5]])


def test_ffn_gelu_by_hand():
    steps = feed_forward(np.array([[1.0, 0.0]]), hand_ffn(), "gelu")
    # z = [1, 0, 0]: h = [GELU(1), 0, 0]; y = [GELU(1) + 0.5, -0.5]
    np.testing.assert_allclose(steps.output, [[0.8413447460685429 + 0.5, -0.5]])


def test_ffn_shapes_and_parameter_count():
    params = random_ffn(4, 16, seed=1)
    assert (params.d_model, params.d_ff) == (4, 16)
    assert params.parameter_count == 4 * 16 + 16 + 16 * 4 + 4
    steps = feed_forward(random_positions(3, 4), params, "gelu")
    assert steps.pre.shape == steps.hidden.shape == (3, 16)
    assert steps.output.shape == (3, 4)
    with pytest.raises(ValueError):
        feed_forward(np.zeros((2, 5)), params)
    with pytest.raises(ValueError):
        FFNParams(np.zeros((2, 3)), np.zeros(2), np.zeros((3, 2)), np.zeros(2))


def test_repeat_first_copies_the_first_row():
    x = random_positions(4, 3, seed=2, repeat_first=True)
    np.testing.assert_array_equal(x[0], x[-1])
    assert not np.allclose(x[0], x[1])
    np.testing.assert_array_equal(random_positions(4, 3, seed=2)[:3], x[:3])


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 5),
    st.integers(1, 6),
    st.integers(1, 12),
    st.integers(0, 10_000),
    st.sampled_from(blocks.ACTIVATIONS),
)
def test_ffn_is_position_wise(n, d_model, d_ff, seed, activation):
    params = random_ffn(d_model, d_ff, seed)
    x = random_positions(n, d_model, seed)
    whole = feed_forward(x, params, activation).output
    np.testing.assert_allclose(feed_forward_each_position(x, params, activation), whole, atol=1e-12)
    # changing one position changes only that row of the output
    changed = x.copy()
    changed[0] += 1.0
    other = feed_forward(changed, params, activation).output
    np.testing.assert_allclose(other[1:], whole[1:], atol=1e-12)


# --- layer normalisation ---------------------------------------------------------------------
def test_layer_norm_of_1_2_3():
    steps = layer_norm([1.0, 2.0, 3.0], eps=0.0)
    assert steps.mean == pytest.approx(2.0)
    assert steps.var == pytest.approx(2 / 3)
    np.testing.assert_allclose(steps.normalized, [-1.2247448714, 0.0, 1.2247448714], atol=1e-9)


def test_layer_norm_textbook_vector_with_gamma_and_beta():
    # mean 5, variance 4, standard deviation 2
    steps = layer_norm([2, 4, 4, 4, 5, 5, 7, 9], gamma=2.0, beta=1.0, eps=0.0)
    assert (steps.mean, steps.var, steps.std) == (5.0, 4.0, 2.0)
    np.testing.assert_allclose(steps.normalized, [-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2])
    np.testing.assert_allclose(steps.output, [-2, 0, 0, 0, 1, 1, 3, 5])


def test_layer_norm_epsilon_shrinks_the_variance():
    steps = layer_norm([1.0, 3.0], eps=1.0)  # var 1: divided by sqrt(2)
    np.testing.assert_allclose(steps.normalized, [-1 / math.sqrt(2), 1 / math.sqrt(2)])


def test_layer_norm_of_a_constant_vector():
    for eps in (0.0, 1e-5):
        steps = layer_norm([3.0, 3.0, 3.0], beta=0.5, eps=eps)
        assert steps.constant
        np.testing.assert_array_equal(steps.normalized, [0, 0, 0])
        np.testing.assert_array_equal(steps.output, [0.5, 0.5, 0.5])
    with pytest.raises(ValueError):
        layer_norm([1.0, 2.0], eps=-1)


def test_layer_norm_per_row_of_a_matrix():
    steps = layer_norm(np.array([[1.0, 2.0, 3.0], [10.0, 10.0, 40.0]]), eps=0.0)
    np.testing.assert_allclose(steps.mean, [2.0, 20.0])
    np.testing.assert_allclose(steps.normalized.mean(axis=1), 0, atol=1e-12)


spread_vectors = arrays(np.float64, st.integers(2, 16), elements=st.floats(-1e4, 1e4)).filter(
    lambda v: np.std(v) > 1e-3
)


@settings(max_examples=100, deadline=None)
@given(spread_vectors)
def test_layer_norm_gives_mean_0_and_variance_1(x):
    y = layer_norm(x, eps=0.0).output
    assert abs(y.mean()) < 1e-9
    assert y.var() == pytest.approx(1.0, abs=1e-9)


@settings(max_examples=80, deadline=None)
@given(spread_vectors, st.floats(0.1, 5), st.floats(-5, 5))
def test_gamma_and_beta_set_the_output_scale_and_shift(x, gamma, beta):
    y = layer_norm(x, gamma, beta, eps=0.0).output
    assert y.mean() == pytest.approx(beta, abs=1e-7)
    assert y.std() == pytest.approx(gamma, rel=1e-7)


@settings(max_examples=80, deadline=None)
@given(spread_vectors, st.floats(0.01, 100), st.floats(-100, 100))
def test_layer_norm_ignores_scale_and_shift_of_the_input(x, a, b):
    np.testing.assert_allclose(layer_norm(a * x + b, eps=0).output, layer_norm(x, eps=0).output, atol=1e-6)


# --- residual connection ---------------------------------------------------------------------
def test_residual_block_by_hand():
    x = np.array([1.0, 1.0])
    steps = residual_block(x, hand_ffn(), activation="relu", alpha=2.0, eps=0.0)
    # F([1, 1]) = [3.5, -0.5] (see test_ffn_by_hand)
    np.testing.assert_allclose(steps.sublayer, [7.0, -1.0])
    np.testing.assert_allclose(steps.summed, [8.0, 0.0])
    np.testing.assert_allclose(steps.with_residual, [1.0, -1.0])
    np.testing.assert_allclose(steps.without_residual, [1.0, -1.0])


def test_alpha_zero_keeps_exactly_the_normalised_input():
    x = np.array([2.0, -1.0, 0.5, 4.0])
    steps = residual_block(x, random_ffn(4, 16, 0), alpha=0.0)
    np.testing.assert_allclose(steps.with_residual, layer_norm(x).output)


def test_residual_keeps_the_input_through_depth():
    x = layer_norm(np.array([2, 4, 4, 4, 5, 5, 7, 9.0])).output
    sim = similarity_through_depth(x, 8, alpha=0.5, seed=0, trials=16)
    assert sim.with_residual[0] == pytest.approx(1.0) and sim.without_residual[0] == pytest.approx(1.0)
    assert np.all(sim.with_residual[1:] > 0.5)
    assert np.all(np.abs(sim.without_residual[1:]) < 0.4)
    assert np.all(np.diff(sim.with_residual) <= 1e-9)  # slowly forgets, never remembers more


def test_without_residual_the_scale_alpha_does_not_matter():
    x = np.array([0.3, -1.2, 0.8, 2.0, -0.4, 0.1])
    a = similarity_through_depth(x, 4, alpha=0.5, seed=3, trials=4)
    b = similarity_through_depth(x, 4, alpha=2.0, seed=3, trials=4)
    np.testing.assert_allclose(a.without_residual, b.without_residual, atol=1e-4)
