"""Predict, then reveal: how far a student's guess of one query's attention weights was.

The student drags one number per key (any scale: the guess is normalised to sum 1, as softmax's
weights do) and picks the value the context leans to; :func:`score_guess` compares them with the
real weights. Distance: total variation, half the sum of |guess - weight| over the keys, i.e. the
share of the attention that would have to move to turn the guess into the answer (0 %: exact,
100 %: on entirely different keys).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class GuessResult:
    guess: np.ndarray  # normalised: sums to 1 over the allowed keys, 0 on masked ones
    answer: np.ndarray  # the real weights of the query
    distance: float  # total variation, 0..1
    furthest_key: int  # the key where the guess missed the most
    lean_guess: int | None  # the value the student said the context leans to (None: no answer)
    lean_answer: int  # the value with the largest weight (the first one on a tie)

    @property
    def lean_right(self) -> bool | None:
        return None if self.lean_guess is None else self.lean_guess == self.lean_answer


def normalized_guess(raw, allowed) -> np.ndarray:
    """The guess as weights: negatives and masked keys count 0, the rest scaled to sum 1; a guess
    of all zeros means "no idea": the same weight on every allowed key."""
    values = np.clip(np.nan_to_num(np.asarray(raw, dtype=np.float64), nan=0.0), 0.0, None)
    allowed = np.asarray(allowed, dtype=bool)
    if values.shape != allowed.shape:
        raise ValueError(f"{values.shape[0] if values.ndim else 0} guesses for {allowed.shape[0]} keys")
    if not allowed.any():
        raise ValueError("every key is masked: there is no weight to guess")
    values = np.where(allowed, values, 0.0)
    total = values.sum()
    if total <= 0:
        return allowed / allowed.sum()
    return values / total


def score_guess(raw, answer, allowed, lean_guess: int | None = None) -> GuessResult:
    """Compare a guess (``raw``, one number per key) with the query's real ``answer`` weights."""
    answer = np.asarray(answer, dtype=np.float64)
    guess = normalized_guess(raw, allowed)
    if answer.shape != guess.shape:
        raise ValueError(f"{guess.shape[0]} guesses for {answer.shape[0]} weights")
    if lean_guess is not None and not 0 <= lean_guess < answer.shape[0]:
        raise ValueError(f"no value v{lean_guess + 1}")
    gaps = np.abs(guess - answer)
    return GuessResult(
        guess=guess,
        answer=answer,
        distance=float(0.5 * gaps.sum()),
        furthest_key=int(np.argmax(gaps)),
        lean_guess=lean_guess,
        lean_answer=int(np.argmax(answer)),
    )


@dataclass(frozen=True)
class HeadGuess:
    """Where the head a student bet on ranks among all heads by how much fine-tuning changed it."""

    rank: int  # 1: the head that changed most
    heads: int  # how many heads there are
    value: float  # the guessed head's change
    best: tuple[int, int]  # (layer, head) of the head that changed most
    best_value: float


def rank_head_guess(change, layer: int, head: int) -> HeadGuess:
    """``change``: (layers, heads), how much each head changed; the guess: (``layer``, ``head``),
    0-based. Ties share the better rank."""
    change = np.asarray(change, dtype=np.float64)
    if change.ndim != 2 or change.size == 0:
        raise ValueError(f"a (layers, heads) grid is needed, not {change.shape}")
    if not (0 <= layer < change.shape[0] and 0 <= head < change.shape[1]):
        raise ValueError(
            f"no head ({layer + 1}, {head + 1}) in a {change.shape[0]} x {change.shape[1]} model"
        )
    value = float(change[layer, head])
    best = np.unravel_index(int(np.argmax(change)), change.shape)
    return HeadGuess(
        rank=1 + int((change > value).sum()),
        heads=int(change.size),
        value=value,
        best=(int(best[0]), int(best[1])),
        best_value=float(change[best]),
    )
