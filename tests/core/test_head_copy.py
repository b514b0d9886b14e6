"""A real head cut down to the playground's 8 keys and 8 dimensions."""

import numpy as np
import pytest

from attnviz.core.attention import scaled_dot_product_attention
from attnviz.core.head_copy import chosen_dimensions, playground_copy
from attnviz.core.share import from_query_params, to_query_params


def _head(t=12, d=32, seed=0):
    rng = np.random.default_rng(seed)
    q, k, v = rng.normal(size=(t, d)), rng.normal(size=(t, d)), rng.normal(size=(t, d))
    return q, k, v, scaled_dot_product_attention(q, k, v).weights


def test_keeps_the_most_weighted_keys_in_text_order():
    q, k, v, w = _head()
    copy = playground_copy(q[3], k, v, w[3])
    expected = sorted(np.argsort(-w[3])[:8].tolist())
    assert copy.key_positions == expected
    assert (
        copy.settings.q.shape == (1, 8)
        and copy.settings.k.shape == (8, 8)
        and copy.settings.v.shape == (8, 8)
    )
    assert copy.kept_weight == pytest.approx(w[3, expected].sum())
    assert 0 < copy.kept_weight < 1


def test_the_temperature_makes_up_for_the_smaller_scale():
    q, k, v, w = _head(d=32)
    copy = playground_copy(q[0], k, v, w[0])
    assert copy.settings.temperature == pytest.approx(2.0)  # sqrt(32 / 8)
    # with every dimension kept (d = 8) the copy is the model's head, up to rounding
    q8, k8, v8, w8 = _head(t=6, d=8, seed=1)
    exact = playground_copy(q8[2], k8, v8, w8[2])
    assert exact.settings.temperature == 1.0 and exact.kept_score_share == pytest.approx(1.0)
    assert np.allclose(exact.copy_weights, w8[2], atol=2e-3)


def test_top_dimensions_carry_more_of_the_score_than_the_first():
    q, k, v, w = _head(d=64, seed=2)
    top = playground_copy(q[1], k, v, w[1], dims="top")
    first = playground_copy(q[1], k, v, w[1], dims="first")
    assert first.dims == list(range(8))
    assert top.kept_score_share > first.kept_score_share
    assert top.dims == chosen_dimensions(q[1], k[top.key_positions], "top")


def test_the_copy_travels_as_a_playground_link():
    q, k, v, w = _head(seed=3)
    copy = playground_copy(q[0], k, v, w[0])
    decoded = from_query_params(to_query_params(copy.settings))
    assert decoded.unreadable == []
    assert np.allclose(decoded.settings.k, copy.settings.k)
    assert decoded.settings.temperature == pytest.approx(copy.settings.temperature)


def test_unknown_choice_is_refused():
    q, k, _, _ = _head()
    with pytest.raises(ValueError):
        chosen_dimensions(q[0], k, "best")


def test_a_head_that_does_not_scale_is_copied_with_scaling_off():
    """T5 scores are q·k with no 1/sqrt(d_k): the copy opens the playground with scale=0."""
    rng = np.random.default_rng(2)
    q, k, v = rng.normal(size=(6, 8)) / 2, rng.normal(size=(6, 8)) / 2, rng.normal(size=(6, 8))
    unscaled = scaled_dot_product_attention(q, k, v, scaled=False).weights
    copy = playground_copy(q[1], k, v, unscaled[1], scaled=False)
    assert copy.settings.scaled is False and copy.settings.temperature == 1.0
    assert np.allclose(copy.copy_weights, unscaled[1], atol=2e-3)
    assert to_query_params(copy.settings)["scale"] == "0"
    scaled_copy = playground_copy(q[1], k, v, unscaled[1])  # the wrong choice does not match
    assert not np.allclose(scaled_copy.copy_weights, unscaled[1], atol=2e-3)
