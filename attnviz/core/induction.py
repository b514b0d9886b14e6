"""Induction heads (Olsson et al. 2022, "In-context Learning and Induction Heads") on sequences
where a random segment comes back: ``[BOS] noise a_1 .. a_n noise a_1 .. a_n [pad ..]``.

At the second copy's position t (token a_k again), an induction head looks at the token *after*
the previous occurrence of the current token (a_{k+1} in the first copy) and copies it: that is how
a model predicts the rest of a repeat it has never seen. The segment's length n, the noise before
it and the noise between the copies change from sequence to sequence, so no head can find the
target by counting positions: it has to match the previous token's content.

The noise follows a fixed rule (each noise token is decided by the token two places before it), so
the first layer gains from looking at the previous token early on; that previous-token head is the
half of the circuit the induction head needs (measured in ``docs/induction_findings.md``).

Pure numpy: the sequences, the scores and the per-copy losses of the page, the benchmark and the
tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BOS = 0  # token 0 starts every sequence and pads it; the random tokens are 1..vocab
IGNORED = -100  # the label of padding: no loss there


@dataclass(frozen=True)
class RepeatBatch:
    tokens: np.ndarray  # (count, length) int32
    labels: np.ndarray  # (count, length) int32: the tokens, IGNORED on the padding
    starts: np.ndarray  # (count,) the position of a_1's first occurrence
    halves: np.ndarray  # (count,) n: how many tokens repeat
    gaps: np.ndarray  # (count,) how many noise tokens lie between the two copies

    @property
    def second_starts(self) -> np.ndarray:
        """The position of a_1's second occurrence in each sequence."""
        return self.starts + self.halves + self.gaps


@dataclass(frozen=True)
class RepeatShape:
    vocab: int = 32
    shortest: int = 4  # n, the segment's length, is drawn from shortest..longest
    longest: int = 10
    most_before: int = 6  # noise tokens before the first copy: 0..most_before
    most_between: int = 10  # noise tokens between the copies: 0..most_between

    @property
    def length(self) -> int:
        return 1 + self.most_before + self.most_between + 2 * self.longest

    def check(self) -> None:
        if not 2 <= self.shortest <= self.longest:
            raise ValueError(f"the segment's length must be 2 or more, not {self.shortest}..{self.longest}")
        if self.vocab < 2 or self.most_before < 0 or self.most_between < 0:
            raise ValueError("a vocabulary of 2 or more tokens and no negative noise")


def noise_rule(vocab: int) -> np.ndarray:
    """The fixed rule of the noise: a token x two places back is followed by ``rule[x]``."""
    rule = np.random.default_rng(7).permutation(vocab) + 1
    return np.concatenate([[1], rule]).astype(np.int32)  # rule[BOS] is never used


def repeated_sequences(count: int, shape: RepeatShape, rng: np.random.Generator) -> RepeatBatch:
    """``count`` sequences: BOS, noise, a segment of random tokens, noise, the same segment again,
    then padding to ``shape.length``."""
    shape.check()
    rule = noise_rule(shape.vocab)
    tokens = np.full((count, shape.length), BOS, np.int32)
    labels = np.full((count, shape.length), IGNORED, np.int32)
    starts, halves, gaps = (np.zeros(count, np.int64) for _ in range(3))
    for row in range(count):
        n = rng.integers(shape.shortest, shape.longest + 1)
        before = rng.integers(0, shape.most_before + 1)
        between = rng.integers(0, shape.most_between + 1)
        noise = rng.integers(1, shape.vocab + 1, size=before + between)
        for j in range(2, len(noise)):
            noise[j] = rule[noise[j - 2]]
        segment = rng.integers(1, shape.vocab + 1, size=n)  # with replacement: no "least seen" shortcut
        row_tokens = np.concatenate([[BOS], noise[:before], segment, noise[before:], segment])
        tokens[row, : len(row_tokens)] = row_tokens
        labels[row, : len(row_tokens)] = row_tokens
        starts[row], halves[row], gaps[row] = 1 + before, n, between
    return RepeatBatch(tokens, labels, starts, halves, gaps)


def induction_targets(start: int, half: int, gap: int) -> tuple[np.ndarray, np.ndarray]:
    """The second copy's positions t (a_1 .. a_{n-1} again) and the position each should look at:
    the token after the first occurrence of its token, t - (n + gap) + 1."""
    queries = np.arange(start + half + gap, start + 2 * half + gap - 1)
    return queries, queries - half - gap + 1


def induction_scores(attentions: np.ndarray, batch: RepeatBatch) -> np.ndarray:
    """Per layer and head, the mean attention from each position of the second copy to its
    induction target.

    ``attentions``: (layers, sequences, heads, T, T) for ``batch``'s sequences. Returns (layers,
    heads): 1.0 for a perfect induction head, about 1/t for a head that spreads evenly.
    """
    a = np.asarray(attentions, np.float64)
    count, length = batch.tokens.shape
    if a.ndim != 5 or a.shape[1] != count or a.shape[-2:] != (length, length):
        raise ValueError(f"attentions {a.shape} do not fit {count} sequences of {length} tokens")
    per_sequence = []
    for row in range(count):
        queries, keys = induction_targets(
            int(batch.starts[row]), int(batch.halves[row]), int(batch.gaps[row])
        )
        per_sequence.append(a[:, row][..., queries, keys].mean(axis=-1))  # (layers, heads)
    return np.mean(per_sequence, axis=0)


def previous_token_scores(attentions: np.ndarray) -> np.ndarray:
    """Per layer and head, the mean attention from each position to the one just before it: the
    first layer's partner of an induction head scores high here."""
    a = np.asarray(attentions, np.float64)
    length = a.shape[-1]
    rows = np.arange(1, length)
    return a[..., rows, rows - 1].mean(axis=(1, -1))


def copy_losses(logits: np.ndarray, batch: RepeatBatch) -> tuple[float, float]:
    """Mean next-token cross-entropy predicting a_2..a_n in the first copy (unpredictable: about
    log(vocab) at best) and in the second (copyable from the first).

    ``logits``: (sequences, T, vocab), position j predicting token j + 1.
    """
    logits = np.asarray(logits, np.float64)
    shifted = logits - logits.max(axis=-1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    first, repeat = [], []
    for row, (start, second) in enumerate(zip(batch.starts, batch.second_starts)):
        n = int(batch.halves[row])
        for losses, begin in ((first, int(start)), (repeat, int(second))):
            positions = np.arange(begin, begin + n - 1)
            losses.extend(-log_probs[row, positions, batch.tokens[row, positions + 1]])
    return float(np.mean(first)), float(np.mean(repeat))
