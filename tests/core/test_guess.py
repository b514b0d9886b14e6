"""Predict, then reveal: the guess is read as weights, and its distance to the answer is right."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from attnviz.core.attention import scaled_dot_product_attention
from attnviz.core.guess import normalized_guess, score_guess


def test_a_guess_is_read_as_weights():
    allowed = np.array([True, True, False, True])
    assert np.allclose(normalized_guess([1, 1, 5, 2], allowed), [0.25, 0.25, 0, 0.5])  # masked: 0
    assert np.allclose(normalized_guess([0, 0, 0, 0], allowed), [1 / 3, 1 / 3, 0, 1 / 3])  # no idea
    assert np.allclose(normalized_guess([-1, np.nan, 0, 3], allowed), [0, 0, 0, 1])
    with pytest.raises(ValueError):
        normalized_guess([1, 1], allowed)
    with pytest.raises(ValueError):
        normalized_guess([1, 1], [False, False])


def test_the_distance_is_the_share_of_attention_to_move():
    result = score_guess([1, 0, 0], [0.5, 0.5, 0.0], [True, True, True], lean_guess=0)
    assert result.distance == pytest.approx(0.5)
    assert result.furthest_key in (0, 1) and result.lean_answer == 0 and result.lean_right
    exact = score_guess([2, 6, 2], [0.2, 0.6, 0.2], [True] * 3, lean_guess=2)
    assert exact.distance == pytest.approx(0.0, abs=1e-12) and exact.lean_answer == 1 and not exact.lean_right
    opposite = score_guess([0, 1], [1.0, 0.0], [True, True])
    assert opposite.distance == pytest.approx(1.0) and opposite.lean_right is None
    with pytest.raises(ValueError):
        score_guess([1, 1], [0.5, 0.5], [True, True], lean_guess=2)


@given(
    st.lists(st.floats(0, 10, allow_nan=False), min_size=2, max_size=6),
    st.integers(0, 2**31 - 1),
)
def test_against_the_real_softmax_of_random_matrices(raw, seed):
    rng = np.random.default_rng(seed)
    m = len(raw)
    steps = scaled_dot_product_attention(
        rng.normal(size=(2, 3)), rng.normal(size=(m, 3)), rng.normal(size=(m, 2))
    )
    result = score_guess(raw, steps.weights[0], steps.allowed[0])
    assert 0.0 <= result.distance <= 1.0 + 1e-12
    assert result.guess.sum() == pytest.approx(1.0)
    # the distance is half the L1 gap, by definition, and the answer guessed exactly scores 0
    assert result.distance == pytest.approx(0.5 * np.abs(result.guess - steps.weights[0]).sum())
    assert score_guess(steps.weights[0], steps.weights[0], steps.allowed[0]).distance == pytest.approx(
        0, abs=1e-9
    )


def test_a_head_guess_is_ranked_among_all_heads():
    from attnviz.core.guess import rank_head_guess

    change = np.array([[0.1, 0.5, 0.2], [0.05, 0.3, 0.5]])
    best = rank_head_guess(change, 0, 1)
    assert (best.rank, best.heads, best.value, best.best, best.best_value) == (1, 6, 0.5, (0, 1), 0.5)
    tie = rank_head_guess(change, 1, 2)
    assert tie.rank == 1  # a tie with the best shares its rank
    worst = rank_head_guess(change, 1, 0)
    assert worst.rank == 6 and worst.value == 0.05
    assert rank_head_guess(change, 1, 1).rank == 3
    with pytest.raises(ValueError):
        rank_head_guess(change, 2, 0)
    with pytest.raises(ValueError):
        rank_head_guess(np.zeros((0, 3)), 0, 0)
