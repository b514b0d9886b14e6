"""Switching a head off removes exactly that head's contribution to the attention output."""

import numpy as np
import pytest

from attnviz.core.head_ablation import ablate_heads, head_contributions, zero_head_rows

T, H, D_HEAD, D_MODEL = 5, 4, 3, 6


@pytest.fixture
def block():
    rng = np.random.default_rng(0)
    context = rng.normal(size=(T, H * D_HEAD))
    w_o = rng.normal(size=(H * D_HEAD, D_MODEL))
    b_o = rng.normal(size=D_MODEL)
    return context, w_o, b_o


def test_output_is_the_sum_of_the_heads_contributions(block):
    context, w_o, b_o = block
    parts = head_contributions(context, w_o, n_heads=H)
    assert parts.shape == (H, T, D_MODEL)
    np.testing.assert_allclose(parts.sum(axis=0) + b_o, context @ w_o + b_o)
    # head 1 reads columns 3..5 of the context and rows 3..5 of W_O
    np.testing.assert_allclose(parts[1], context[:, 3:6] @ w_o[3:6])


@pytest.mark.parametrize("head", range(H))
def test_ablating_one_head_changes_exactly_its_contribution(block, head):
    context, w_o, b_o = block
    full = ablate_heads(context, w_o, b_o, [], n_heads=H)
    np.testing.assert_allclose(full, context @ w_o + b_o)
    parts = head_contributions(context, w_o, n_heads=H)
    ablated = ablate_heads(context, w_o, b_o, [head], n_heads=H)
    np.testing.assert_allclose(full - ablated, parts[head], atol=1e-12)
    others = [k for k in range(H) if k != head]
    np.testing.assert_allclose(ablated - b_o, parts[others].sum(axis=0), atol=1e-12)
    # the other heads' own contributions are untouched: ablate them on top and compare
    for k in others:
        both = ablate_heads(context, w_o, b_o, [head, k], n_heads=H)
        np.testing.assert_allclose(ablated - both, parts[k], atol=1e-12)


def test_zeroing_w_o_rows_is_the_same_ablation(block):
    context, w_o, b_o = block
    w_off = zero_head_rows(w_o, [0, 2], n_heads=H)
    np.testing.assert_allclose(context @ w_off + b_o, ablate_heads(context, w_o, b_o, [0, 2], n_heads=H))
    assert np.all(w_off[0:3] == 0) and np.all(w_off[6:9] == 0)
    np.testing.assert_array_equal(w_off[3:6], w_o[3:6])
    assert not np.shares_memory(w_off, w_o) and np.any(w_o[0:3] != 0)  # the original is untouched
    assert zero_head_rows(w_o.astype(np.float32), [1], n_heads=H).dtype == np.float32


def test_all_heads_off_leaves_the_bias(block):
    context, w_o, b_o = block
    np.testing.assert_allclose(ablate_heads(context, w_o, b_o, range(H), n_heads=H), np.tile(b_o, (T, 1)))


def test_bad_input(block):
    context, w_o, b_o = block
    with pytest.raises(ValueError):
        ablate_heads(context, w_o, b_o, [H], n_heads=H)
    with pytest.raises(ValueError):
        ablate_heads(context, w_o, b_o, [0], n_heads=5)
    with pytest.raises(ValueError):
        ablate_heads(context, w_o[:-1], b_o, [0], n_heads=H)
