"""Seeded, stratified train / validation / test splits (plain numpy on the label array)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from attnviz.nlp.errors import DataError

SPLITS = ("train", "validation", "test")


@dataclass(frozen=True)
class SplitSizes:
    """How many examples per split: an int is a count, a float in (0, 1) a fraction of the pool
    the split is drawn from; ``train=None`` takes everything left."""

    train: int | float | None = None
    validation: int | float = 0.1
    test: int | float = 0.1

    def count(self, split: str, pool_size: int) -> int | None:
        value = getattr(self, split)
        if value is None:
            return None
        if isinstance(value, float) and 0 <= value < 1:
            return int(round(value * pool_size))
        if value < 0:
            raise ValueError(f"{split} size must not be negative, got {value}")
        return int(value)


def stratified_split(labels: np.ndarray, counts: dict[str, int | None], seed: int) -> dict[str, np.ndarray]:
    """Indices for each split in ``counts`` (in order; ``None`` = all that is left), drawn without
    overlap so that every split keeps the class proportions of ``labels``. Each split is shuffled."""
    labels = np.asarray(labels)
    rng = np.random.default_rng(seed)
    remaining = {c: list(rng.permutation(np.flatnonzero(labels == c))) for c in np.unique(labels)}
    result = {}
    for split, wanted in counts.items():
        left = sum(len(v) for v in remaining.values())
        size = left if wanted is None else min(int(wanted), left)
        quotas = _apportion(size, {c: len(v) for c, v in remaining.items()})
        chosen = []
        for c, q in quotas.items():
            chosen.extend(remaining[c][:q])
            remaining[c] = remaining[c][q:]
        result[split] = rng.permutation(np.asarray(chosen, dtype=np.int64))
    return result


def _apportion(size: int, weights: dict) -> dict:
    """Integers proportional to ``weights`` summing to ``size`` (largest remainder); none exceeds its
    weight as long as ``size`` <= the weights' sum."""
    total = sum(weights.values())
    if total == 0 or size == 0:
        return {c: 0 for c in weights}
    exact = {c: size * w / total for c, w in weights.items()}
    quotas = {c: int(np.floor(x)) for c, x in exact.items()}
    for c in sorted(exact, key=lambda c: exact[c] - quotas[c], reverse=True)[: size - sum(quotas.values())]:
        quotas[c] += 1
    return quotas


def check_enough(labels: np.ndarray, names: list[str], source: str) -> None:
    """At least two classes, else training a classifier makes no sense."""
    present = np.unique(labels)
    if len(labels) == 0:
        raise DataError("empty_file", f"{source} has no examples.", filename=source)
    if len(present) < 2:
        only = names[int(present[0])] if len(present) else ""
        raise DataError(
            "one_class",
            f"{source} has only one class ('{only}'); a classifier needs two or more.",
            filename=source,
            label=only,
        )
