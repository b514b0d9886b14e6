"""The induction experiment's sequences, scores and per-copy losses, on hand-made attention and
logits."""

import numpy as np
import pytest

from attnviz.core import induction

SHAPE = induction.RepeatShape(vocab=20, shortest=3, longest=6, most_before=4, most_between=5)


def test_a_segment_comes_back_after_noise_at_varying_places():
    batch = induction.repeated_sequences(200, SHAPE, np.random.default_rng(0))
    assert batch.tokens.shape == (200, SHAPE.length) == batch.labels.shape
    assert (batch.tokens[:, 0] == induction.BOS).all()
    # the length, the start and the distance between the copies all vary: no fixed offset works
    assert len(set(batch.halves)) == 4 and len(set(batch.starts)) == 5 and len(set(batch.gaps)) == 6
    rule = induction.noise_rule(SHAPE.vocab)
    for row, start, n, second in zip(batch.tokens, batch.starts, batch.halves, batch.second_starts):
        assert (row[start : start + n] == row[second : second + n]).all()
        assert row[1 : second + n].min() >= 1 and (row[second + n :] == induction.BOS).all()
        noise = np.r_[row[1:start], row[start + n : second]]
        assert all(noise[j] == rule[noise[j - 2]] for j in range(2, len(noise)))  # the fixed rule
    padding = batch.tokens == induction.BOS
    padding[:, 0] = False
    assert (batch.labels[padding] == induction.IGNORED).all()
    assert (batch.labels[~padding] == batch.tokens[~padding]).all()
    with pytest.raises(ValueError):
        induction.repeated_sequences(1, induction.RepeatShape(shortest=1), np.random.default_rng(0))


def _causal_uniform(t):
    a = np.tril(np.ones((t, t)))
    return a / a.sum(axis=1, keepdims=True)


def _one_sequence(start, n, gap, t):
    tokens = np.zeros((1, t), np.int32)
    tokens[0, 1 : start + n + gap] = np.arange(1, start + n + gap)
    tokens[0, start + n + gap : start + 2 * n + gap] = tokens[0, start : start + n]
    return induction.RepeatBatch(tokens, tokens.copy(), np.array([start]), np.array([n]), np.array([gap]))


def test_a_perfect_induction_head_scores_one_and_others_score_little():
    t = 16
    batch = _one_sequence(start=3, n=4, gap=2, t=t)  # first copy at 3..6, second at 9..12
    queries, keys = induction.induction_targets(3, 4, 2)
    assert queries.tolist() == [9, 10, 11] and keys.tolist() == [4, 5, 6]
    assert (batch.tokens[0, queries] == batch.tokens[0, keys - 1]).all()  # the token before each target
    perfect = _causal_uniform(t)
    perfect[queries] = 0
    perfect[queries, keys] = 1  # each position of the second copy looks after its first occurrence
    previous = np.eye(t, k=-1)  # a previous-token head is not an induction head ...
    previous[0, 0] = 1
    stack = np.stack([_causal_uniform(t), perfect, previous])[None, None]  # (1 layer, 1 seq, 3 heads)
    scores = induction.induction_scores(stack, batch)
    assert scores.shape == (1, 3) and scores[0, 1] == pytest.approx(1.0) and scores[0, 2] == 0
    assert scores[0, 0] == pytest.approx(np.mean(1 / (queries + 1)))
    previous_scores = induction.previous_token_scores(stack)  # ... but scores 1 there
    assert previous_scores[0, 2] == pytest.approx(1.0) and previous_scores[0, 1] < 0.5
    with pytest.raises(ValueError):
        induction.induction_scores(stack[..., :-1, :-1], batch)


def test_copy_losses_separate_the_unpredictable_copy_from_the_second():
    vocab = 12
    shape = induction.RepeatShape(vocab=vocab, shortest=3, longest=5, most_before=2, most_between=3)
    batch = induction.repeated_sequences(3, shape, np.random.default_rng(1))
    logits = np.zeros((3, shape.length, vocab + 1))  # uniform everywhere ...
    for row, (second, n) in enumerate(zip(batch.second_starts, batch.halves)):
        for j in range(second, second + n - 1):  # ... but certain of the second copy's next token
            logits[row, j, batch.tokens[row, j + 1]] = 50.0
    first, repeat = induction.copy_losses(logits, batch)
    assert first == pytest.approx(np.log(vocab + 1)) and repeat < 1e-6
