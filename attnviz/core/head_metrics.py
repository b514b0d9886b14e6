"""What each attention head looks at, as one number per head (Clark et al. 2019).

Clark, Khandelwal, Levy and Manning (2019), "What Does BERT Look At? An Analysis of BERT's
Attention": for a target set of key tokens, a head's score is the attention mass a query puts on
the set, averaged over the query positions:

    share(l, h) = (1 / |Q|) * sum_{i in Q} sum_{j in target} A[l, h, i, j]

where Q are the query positions (every token except padding). The targets here:

- ``cls``: the [CLS] / <s> token(s); ``sep``: the separators [SEP] / </s>;
- ``punct``: tokens made only of punctuation marks (Clark et al. used "." and "," only);
- ``previous`` / ``same`` / ``next``: key i-1 / i / i+1 for query i. As in Clark et al., the
  average is over all queries, so a perfect previous-token head scores (T-1)/T, not 1 (the
  first query has no previous token).

and two shape measures:

- ``entropy``: -sum_j A[i, j] ln A[i, j] (natural log, in nats; 0 * ln 0 = 0), averaged over
  the queries. 0 = every query looks at a single token; ln(T) = uniform attention over T tokens
  (``HeadMetrics.max_entropy``).
- ``max_weight``: the largest weight in each query's row, averaged over the queries
  (1 = every query puts everything on one token; 1/T = uniform).

All metrics are computed for every head of a layer at once, one layer at a time (float64
temporaries of one layer, not of the whole stack), and come back as (layers, heads) float64
arrays. Shares and ``max_weight`` are clipped to [0, 1] and the
entropy to [0, ln T], so float32 rounding of the model's weights never leaves those ranges.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from attnviz.core.attention_views import (
    DEFAULT_SPECIAL_TOKENS,
    SpecialTokens,
    check_attention_stack,
    token_roles,
)

__all__ = ["METRIC_NAMES", "HeadMetrics", "head_metrics", "attention_entropy"]

METRIC_NAMES = ("entropy", "cls", "sep", "punct", "previous", "same", "next", "max_weight")


@dataclass(frozen=True)
class HeadMetrics:
    """One (layers, heads) array per metric; see the module docstring for definitions."""

    entropy: np.ndarray
    cls: np.ndarray
    sep: np.ndarray
    punct: np.ndarray
    previous: np.ndarray
    same: np.ndarray
    next: np.ndarray
    max_weight: np.ndarray
    max_entropy: float  # ln(number of tokens): the entropy of uniform attention
    n_queries: int  # queries averaged over (tokens that are not padding)

    names: ClassVar[tuple[str, ...]] = METRIC_NAMES

    def get(self, name: str) -> np.ndarray:
        if name not in METRIC_NAMES:
            raise KeyError(f"unknown metric {name!r}; known: {METRIC_NAMES}")
        return getattr(self, name)

    def as_dict(self) -> dict[str, np.ndarray]:
        return {name: getattr(self, name) for name in METRIC_NAMES}

    def stack(self) -> np.ndarray:
        """(metrics, layers, heads), metrics in the order of ``names``."""
        return np.stack([getattr(self, name) for name in METRIC_NAMES])

    def bounds(self, name: str) -> tuple[float, float]:
        """The range of a metric, for a fixed colour scale: (0, ln T) for entropy, else (0, 1)."""
        self.get(name)
        return (0.0, self.max_entropy) if name == "entropy" else (0.0, 1.0)

    @property
    def shape(self) -> tuple[int, int]:
        return self.entropy.shape


def attention_entropy(attentions: np.ndarray) -> np.ndarray:
    """Entropy of each row, in nats: (..., T, S) -> (..., T). 0 * ln 0 counts as 0."""
    a = np.asarray(attentions, dtype=np.float64)
    positive = a > 0
    logs = np.log(np.where(positive, a, 1.0))
    return -np.sum(np.where(positive, a * logs, 0.0), axis=-1)


def _shifted_diagonal(a: np.ndarray, offset: int) -> np.ndarray:
    """Per query i, the weight on key i + offset (0 where that key does not exist): (L, H, T)."""
    diag = np.diagonal(a, offset=offset, axis1=-2, axis2=-1)  # rows max(0,-offset).. of length T-|offset|
    pad = [(0, 0)] * (a.ndim - 2) + ([(-offset, 0)] if offset < 0 else [(0, offset)])
    return np.pad(diag, pad)


def head_metrics(
    attentions: np.ndarray,
    tokens: Sequence[str],
    *,
    special_tokens: SpecialTokens = DEFAULT_SPECIAL_TOKENS,
) -> HeadMetrics:
    """Every metric for every head of ``attentions`` (layers, heads, T, T) over ``tokens``.

    ``special_tokens`` says which strings are [CLS], separators and padding; build it from the
    tokenizer with ``SpecialTokens.from_tokenizer(tokenizer)`` (the default knows
    BERT/DistilBERT's [CLS]/[SEP]/[PAD] and RoBERTa's <s>/</s>/<pad>).
    """
    tokens = list(tokens)
    stack = check_attention_stack(attentions, len(tokens))
    roles = token_roles(tokens, special_tokens)
    queries = ~roles.pad
    n_queries = int(queries.sum())
    if n_queries == 0:
        raise ValueError("every token is padding: there is no query to average over")

    def mean_over_queries(per_query: np.ndarray) -> np.ndarray:  # (L, H, T) -> (L, H)
        return per_query[..., queries].mean(axis=-1)

    targets = np.stack([roles.cls, roles.sep, roles.punct], axis=-1).astype(np.float64)  # (T, 3)

    def one_layer(a: np.ndarray) -> dict[str, np.ndarray]:  # a: (1, H, T, T) float64
        shares = mean_over_queries(np.moveaxis(a @ targets, -1, 0))  # (3, 1, H)
        neighbours = np.stack([mean_over_queries(_shifted_diagonal(a, k)) for k in (-1, 0, 1)])
        return {
            "entropy": mean_over_queries(attention_entropy(a)),
            "cls": shares[0],
            "sep": shares[1],
            "punct": shares[2],
            "previous": neighbours[0],
            "same": neighbours[1],
            "next": neighbours[2],
            "max_weight": mean_over_queries(a.max(axis=-1)),
        }

    per_layer = [one_layer(layer[None].astype(np.float64)) for layer in stack]
    values = {name: np.concatenate([m[name] for m in per_layer]) for name in METRIC_NAMES}
    n_tokens = stack.shape[-1]
    max_entropy = float(np.log(n_tokens))

    def unit(x: np.ndarray) -> np.ndarray:
        return np.clip(x, 0.0, 1.0)

    return HeadMetrics(
        entropy=np.clip(values["entropy"], 0.0, max_entropy),
        cls=unit(values["cls"]),
        sep=unit(values["sep"]),
        punct=unit(values["punct"]),
        previous=unit(values["previous"]),
        same=unit(values["same"]),
        next=unit(values["next"]),
        max_weight=unit(values["max_weight"]),
        max_entropy=max_entropy,
        n_queries=n_queries,
    )
