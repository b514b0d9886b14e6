import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from attnviz.core.attention import scaled_dot_product_attention
from attnviz.core.multihead import merge_heads, multi_head_attention, split_heads, valid_head_counts


def test_valid_head_counts_divide_both_sizes():
    assert valid_head_counts(8, 4) == [1, 2, 4]
    assert valid_head_counts(3, 2) == [1]


def test_one_head_is_plain_attention():
    rng = np.random.default_rng(0)
    q, k, v = rng.normal(size=(3, 4)), rng.normal(size=(5, 4)), rng.normal(size=(5, 2))
    result = multi_head_attention(q, k, v, 1)
    np.testing.assert_allclose(result.output, scaled_dot_product_attention(q, k, v).context)


def test_each_head_uses_its_own_columns_and_scale():
    q = np.array([[1.0, 0.0, 0.0, 2.0]])
    k = np.array([[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]])
    v = np.array([[1.0, 0.0], [0.0, 1.0]])
    result = multi_head_attention(q, k, v, 2)
    # head 1 sees columns 0-1 of q and k: scores [1, 0] / sqrt(2); head 2 columns 2-3: [0, 2] / sqrt(2)
    w1 = 1 / (1 + np.exp(-1 / np.sqrt(2)))
    w2 = 1 / (1 + np.exp(-2 / np.sqrt(2)))
    np.testing.assert_allclose(result.heads[0].weights, [[w1, 1 - w1]])
    np.testing.assert_allclose(result.heads[1].weights, [[1 - w2, w2]])
    # output: head 1's context (value column 0), then head 2's (value column 1)
    np.testing.assert_allclose(result.output, [[w1, w2]])


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 4), st.integers(1, 3), st.integers(1, 5))
def test_split_then_merge_is_identity(heads, per_head, rows):
    x = np.arange(rows * heads * per_head, dtype=float).reshape(rows, heads * per_head)
    parts = split_heads(x, heads)
    assert len(parts) == heads and all(p.shape == (rows, per_head) for p in parts)
    np.testing.assert_array_equal(merge_heads(parts), x)
