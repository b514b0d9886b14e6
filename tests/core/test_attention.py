"""Scaled dot-product attention against hand-computed values and its defining properties."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from attnviz.core.attention import scaled_dot_product_attention
from attnviz.core.masks import causal_mask, padding_mask

COURSE_Q = np.array([[1.0, 0.0]])
COURSE_K = np.array([[1.0, 0.0], [0.0, 1.0]])
COURSE_V = np.array([[10.0, 0.0], [0.0, 10.0]])


def test_course_example_unscaled():
    steps = scaled_dot_product_attention(COURSE_Q, COURSE_K, COURSE_V, scaled=False)
    np.testing.assert_allclose(steps.scores, [[1.0, 0.0]])
    # e / (e + 1) and 1 / (e + 1)
    np.testing.assert_allclose(steps.weights, [[0.7310586, 0.2689414]], atol=1e-7)
    np.testing.assert_allclose(steps.context, [[7.310586, 2.689414]], atol=1e-6)
    assert round(steps.weights[0, 0], 3) == 0.731 and round(steps.context[0, 1], 2) == 2.69


def test_course_example_scaled():
    steps = scaled_dot_product_attention(COURSE_Q, COURSE_K, COURSE_V)
    assert steps.scale == pytest.approx(1 / np.sqrt(2))
    w = np.exp(1 / np.sqrt(2)) / (np.exp(1 / np.sqrt(2)) + 1)
    np.testing.assert_allclose(steps.weights, [[w, 1 - w]], atol=1e-12)
    assert round(steps.weights[0, 0], 3) == 0.670 and round(steps.weights[0, 1], 3) == 0.330
    assert round(steps.context[0, 0], 2) == 6.70 and round(steps.context[0, 1], 2) == 3.30


def test_temperature_divides_the_logits():
    hot = scaled_dot_product_attention(COURSE_Q, COURSE_K, COURSE_V, scaled=False, temperature=2.0)
    np.testing.assert_allclose(hot.logits, [[0.5, 0.0]])
    cold = scaled_dot_product_attention(COURSE_Q, COURSE_K, COURSE_V, scaled=False, temperature=0.1)
    assert cold.weights[0, 0] > 0.9999


def test_huge_values_saturate_without_nan():
    q = np.array([[1e6, 0.0]])
    k = np.array([[1e6, 0.0], [-1e6, 0.0], [0.0, 1e6]])
    steps = scaled_dot_product_attention(q, k, np.eye(3))
    assert np.all(np.isfinite(steps.weights))
    np.testing.assert_allclose(steps.weights, [[1.0, 0.0, 0.0]])


def test_fully_masked_row_gets_zero_weights_and_zero_context():
    allowed = padding_mask(2, 2, [0, 1])
    steps = scaled_dot_product_attention(np.eye(2), np.eye(2), COURSE_V, allowed=allowed)
    assert steps.fully_masked.tolist() == [True, True]
    assert np.all(steps.weights == 0) and np.all(steps.context == 0)
    assert not np.any(np.isnan(steps.weights))


def test_causal_mask_hides_the_future():
    steps = scaled_dot_product_attention(
        np.ones((3, 2)), np.ones((3, 2)), np.eye(3), allowed=causal_mask(3, 3)
    )
    np.testing.assert_allclose(steps.weights, [[1, 0, 0], [0.5, 0.5, 0], [1 / 3, 1 / 3, 1 / 3]])


def test_shape_mismatch_is_refused():
    with pytest.raises(ValueError):
        scaled_dot_product_attention(np.ones((1, 3)), np.ones((2, 2)), np.ones((2, 2)))
    with pytest.raises(ValueError):
        scaled_dot_product_attention(np.ones((1, 2)), np.ones((2, 2)), np.ones((3, 2)))


# --- properties ------------------------------------------------------------------

finite = st.floats(-1e3, 1e3, allow_nan=False, width=64)


@st.composite
def qkv(draw):
    n, m, d_k, d_v = (draw(st.integers(1, 6)) for _ in range(4))
    q = draw(arrays(np.float64, (n, d_k), elements=finite))
    k = draw(arrays(np.float64, (m, d_k), elements=finite))
    v = draw(arrays(np.float64, (m, d_v), elements=finite))
    return q, k, v


@settings(max_examples=200, deadline=None)
@given(qkv(), st.booleans())
def test_rows_sum_to_one(data, scaled):
    steps = scaled_dot_product_attention(*data, scaled=scaled)
    np.testing.assert_allclose(steps.weights.sum(axis=1), 1.0, atol=1e-6)
    assert np.all(steps.weights >= 0)


@settings(max_examples=100, deadline=None)
@given(qkv(), st.randoms(use_true_random=False))
def test_permuting_keys_permutes_weights(data, rnd):
    q, k, v = data
    perm = list(range(k.shape[0]))
    rnd.shuffle(perm)
    base = scaled_dot_product_attention(q, k, v)
    permuted = scaled_dot_product_attention(q, k[perm], v[perm])
    np.testing.assert_allclose(permuted.weights, base.weights[:, perm], atol=1e-9)
    np.testing.assert_allclose(permuted.context, base.context, atol=1e-6 * (1 + np.abs(v).max()))


@settings(max_examples=100, deadline=None)
@given(qkv(), st.data())
def test_masked_keys_get_zero_and_the_rest_renormalise(data, draw):
    q, k, v = data
    m = k.shape[0]
    padded = draw.draw(st.lists(st.integers(0, m - 1), unique=True, max_size=m))
    allowed = padding_mask(q.shape[0], m, padded)
    steps = scaled_dot_product_attention(q, k, v, allowed=allowed)
    assert np.all(steps.weights[:, padded] == 0)
    kept = [j for j in range(m) if j not in padded]
    if kept:
        np.testing.assert_allclose(steps.weights.sum(axis=1), 1.0, atol=1e-6)
        alone = scaled_dot_product_attention(q, k[kept], v[kept])
        np.testing.assert_allclose(steps.weights[:, kept], alone.weights, atol=1e-9)
    else:
        assert np.all(steps.weights == 0) and np.all(steps.context == 0)


@settings(max_examples=100, deadline=None)
@given(arrays(np.float64, (3, 5), elements=finite), st.floats(-1e4, 1e4))
def test_softmax_is_shift_invariant(logits, shift):
    from attnviz.core.softmax import softmax

    np.testing.assert_allclose(softmax(logits + shift), softmax(logits), atol=1e-9)
