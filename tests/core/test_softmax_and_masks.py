import numpy as np
import pytest

from attnviz.core.masks import MaskError, build_mask, causal_mask
from attnviz.core.softmax import masked_softmax, softmax


def test_softmax_of_equal_values_is_uniform():
    np.testing.assert_allclose(softmax(np.zeros((1, 4))), [[0.25] * 4])


def test_softmax_survives_infinite_and_huge_logits():
    out = softmax(np.array([[np.inf, 0.0, -np.inf], [1e308, 1e308, -1e308]]))
    assert not np.any(np.isnan(out))
    np.testing.assert_allclose(out, [[1, 0, 0], [0.5, 0.5, 0]])


def test_masked_softmax_gives_exact_zeros():
    out = masked_softmax(np.array([[5.0, 1.0, 1.0]]), np.array([[False, True, True]]))
    assert out[0, 0] == 0.0
    np.testing.assert_allclose(out, [[0, 0.5, 0.5]])


def test_causal_needs_n_le_m():
    assert causal_mask(2, 3).tolist() == [[True, False, False], [True, True, False]]
    with pytest.raises(MaskError):
        build_mask("causal", 3, 2)


def test_padding_mask_rejects_keys_out_of_range():
    assert build_mask("padding", 1, 3, [2]).tolist() == [[True, True, False]]
    with pytest.raises(MaskError):
        build_mask("padding", 1, 3, [3])
    with pytest.raises(MaskError):
        build_mask("diagonal", 1, 3)
