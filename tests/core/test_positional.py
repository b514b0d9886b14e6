"""Sinusoidal positional encoding against hand-computed values and its defining properties."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attnviz.core.positional import (
    dimension_frequency,
    dot_product_by_offset,
    frequencies,
    position_dot_products,
    sinusoidal_encoding,
    wavelengths,
)

even_d = st.integers(1, 64).map(lambda h: 2 * h)


def test_position_zero_is_sin0_cos0_alternating():
    pe = sinusoidal_encoding(3, 8)
    np.testing.assert_array_equal(pe[0], [0, 1, 0, 1, 0, 1, 0, 1])


def test_hand_computed_cells():
    pe = sinusoidal_encoding(4, 4)
    # first pair: omega_0 = 1
    assert pe[1, 0] == pytest.approx(math.sin(1))
    assert pe[1, 1] == pytest.approx(math.cos(1))
    assert pe[3, 0] == pytest.approx(math.sin(3))
    # second pair: omega_1 = 10000^(-2/4) = 0.01
    assert pe[1, 2] == pytest.approx(math.sin(0.01))
    assert pe[2, 3] == pytest.approx(math.cos(0.02))


def test_vaswani_size_cell():
    pe = sinusoidal_encoding(50, 512)
    # PE(10, 2i) with i = 3: sin(10 / 10000^(6/512))
    assert pe[10, 6] == pytest.approx(math.sin(10 / 10000 ** (6 / 512)))
    assert pe.shape == (50, 512)


def test_frequencies_and_wavelengths():
    np.testing.assert_allclose(frequencies(4), [1.0, 0.01])
    np.testing.assert_allclose(wavelengths(4), [2 * math.pi, 200 * math.pi])
    assert dimension_frequency(3, 4) == pytest.approx(0.01)
    assert dimension_frequency(0, 64) == 1.0


def test_odd_d_model_keeps_the_last_sine():
    pe = sinusoidal_encoding(5, 5)
    assert pe.shape == (5, 5)
    np.testing.assert_allclose(pe[:, 4], np.sin(np.arange(5) * 10000 ** (-4 / 5)))


@pytest.mark.parametrize("length, d_model", [(0, 4), (4, 0), (10_000, 4), (4, 10_000)])
def test_out_of_range_sizes_raise(length, d_model):
    with pytest.raises(ValueError):
        sinusoidal_encoding(length, d_model)


def test_self_dot_product_is_half_d_model():
    dots = position_dot_products(sinusoidal_encoding(20, 16))
    np.testing.assert_allclose(np.diag(dots), 8.0)


def test_closed_form_needs_even_d_model():
    with pytest.raises(ValueError):
        dot_product_by_offset([1], 5)


@settings(max_examples=60, deadline=None)
@given(length=st.integers(2, 60), d_model=even_d)
def test_values_bounded_and_pairs_on_the_unit_circle(length, d_model):
    pe = sinusoidal_encoding(length, d_model)
    assert np.all(np.abs(pe) <= 1.0)
    np.testing.assert_allclose(pe[:, 0::2] ** 2 + pe[:, 1::2] ** 2, 1.0, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(length=st.integers(2, 60), d_model=even_d)
def test_dot_product_depends_only_on_the_offset(length, d_model):
    dots = position_dot_products(sinusoidal_encoding(length, d_model))
    for k in range(-length + 1, length):
        diagonal = np.diagonal(dots, offset=k)
        np.testing.assert_allclose(diagonal, diagonal[0], atol=1e-9)
        np.testing.assert_allclose(diagonal[0], dot_product_by_offset(k, d_model), atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(length=st.integers(2, 80), d_model=even_d)
def test_each_position_is_most_like_itself(length, d_model):
    dots = position_dot_products(sinusoidal_encoding(length, d_model))
    assert np.all(np.diag(dots)[:, None] >= dots - 1e-9)


@settings(max_examples=40, deadline=None)
@given(length=st.integers(2, 40), d_model=even_d)
def test_a_longer_encoding_extends_a_shorter_one(length, d_model):
    np.testing.assert_allclose(
        sinusoidal_encoding(length + 5, d_model)[:length], sinusoidal_encoding(length, d_model)
    )
