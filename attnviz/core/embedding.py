"""Token embeddings: a sentence split into tokens, each token looked up in a table of vectors.

The table is any ``token -> vector`` mapping (:class:`EmbeddingTable`). By default the page
builds a small seeded random one over the sentence's own words (:func:`random_table`); a
loaded model's real table plugs in through :meth:`EmbeddingTable.from_mapping` or the
constructor (its vocabulary and its (vocab_size, d) matrix), together with that model's
tokenizer as ``tokenize``. Nothing here imports TensorFlow.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

MAX_TOKENS = 24  # more tokens make the similarity heatmap unreadable on a projector
MAX_DIM = 64

_TOKEN = re.compile(r"\w+|[^\w\s]")

Tokenizer = Callable[[str], list[str]]


def simple_tokenize(text: str) -> list[str]:
    """Lowercase, then split into words and single punctuation marks.

    ``"El gato, el perro."`` -> ``["el", "gato", ",", "el", "perro", "."]``.
    """
    return _TOKEN.findall(str(text).lower())


@dataclass(frozen=True)
class EmbeddingTable:
    """A table of vectors, one row per vocabulary entry.

    ``vocab[i]`` is the token of row ``i`` of ``vectors`` (shape (len(vocab), d)).
    ``unk_token``, when given and in ``vocab``, stands in for tokens the table lacks.
    """

    vocab: tuple[str, ...]
    vectors: np.ndarray
    unk_token: str | None = None
    name: str = ""
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        vectors = np.atleast_2d(np.asarray(self.vectors, dtype=np.float64))
        vocab = tuple(self.vocab)
        if vectors.shape[0] != len(vocab):
            raise ValueError(f"{len(vocab)} vocabulary entries but {vectors.shape[0]} vectors")
        object.__setattr__(self, "vocab", vocab)
        object.__setattr__(self, "vectors", vectors)
        object.__setattr__(self, "_index", {token: i for i, token in enumerate(vocab)})

    @classmethod
    def from_mapping(
        cls,
        mapping: Mapping[str, Sequence[float] | np.ndarray],
        *,
        unk_token: str | None = None,
        name: str = "",
    ) -> EmbeddingTable:
        """A table from ``{token: vector}``; every vector must have the same length."""
        vocab = tuple(mapping)
        if not vocab:
            raise ValueError("an embedding table needs at least one token")
        rows = [np.asarray(mapping[token], dtype=np.float64).ravel() for token in vocab]
        if len({row.shape[0] for row in rows}) != 1:
            raise ValueError("every vector of an embedding table must have the same length")
        return cls(vocab, np.stack(rows), unk_token=unk_token, name=name)

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[1])

    def __len__(self) -> int:
        return len(self.vocab)

    def index(self, token: str) -> int | None:
        """The row of ``token``, the row of ``unk_token`` when it is missing, or None."""
        row = self._index.get(token)
        if row is None and self.unk_token is not None:
            row = self._index.get(self.unk_token)
        return row


def token_vector(token: str, dim: int, seed: int) -> np.ndarray:
    """The random vector of one token: N(0, 1) entries, the same for the same (token, dim, seed)
    whatever sentence the token appears in."""
    rng = np.random.default_rng([int(seed) & 0xFFFFFFFF, zlib.crc32(token.encode("utf-8"))])
    return rng.standard_normal(int(dim))


def random_table(vocab: Iterable[str], dim: int, seed: int = 0) -> EmbeddingTable:
    """A small random table over ``vocab`` (duplicates dropped, order kept)."""
    if not 1 <= int(dim) <= MAX_DIM:
        raise ValueError(f"dim must be between 1 and {MAX_DIM}, got {dim}")
    words = tuple(dict.fromkeys(vocab))
    vectors = np.array([token_vector(w, dim, seed) for w in words]).reshape(len(words), int(dim))
    return EmbeddingTable(words, vectors, name="random")


@dataclass(frozen=True)
class EmbeddingLookup:
    """The tokens of a sentence and what the table gave for each of them."""

    tokens: list[str]
    ids: np.ndarray  # (n,) row of each token in the table; -1 when missing
    vectors: np.ndarray  # (n, d); zeros for missing tokens
    unknown: np.ndarray  # (n,) bool: the table had neither the token nor an unk row


def embed(tokens: Sequence[str], table: EmbeddingTable) -> EmbeddingLookup:
    """Look each token up in ``table``: x_i = E[id(token_i)]."""
    tokens = list(tokens)
    ids = np.array([-1 if (row := table.index(tok)) is None else row for tok in tokens], dtype=np.int64)
    unknown = ids < 0
    vectors = np.zeros((len(tokens), table.dim), dtype=np.float64)
    if len(tokens):
        vectors[~unknown] = table.vectors[ids[~unknown]]
    return EmbeddingLookup(tokens, ids, vectors, unknown)


def first_repeated_pair(tokens: Sequence[str]) -> tuple[int, int] | None:
    """Positions (i, j), i < j, of the first token that appears again; None when all differ."""
    seen: dict[str, int] = {}
    for j, token in enumerate(tokens):
        if token in seen:
            return seen[token], j
        seen[token] = j
    return None


def _rows_scaled_to_unit_max(rows: np.ndarray) -> np.ndarray:
    """Each row divided by its largest absolute entry: the cosine is unchanged, but squares of very
    small (1e-162) or very large (1e160) entries no longer underflow or overflow."""
    peaks = np.max(np.abs(rows), axis=1, keepdims=True) if rows.shape[1] else np.zeros((len(rows), 1))
    return np.divide(rows, peaks, out=np.zeros_like(rows), where=peaks > 0)


def cosine_similarity(a: np.ndarray, b: np.ndarray | None = None) -> np.ndarray:
    """cos(a_i, b_j) = a_i . b_j / (|a_i| |b_j|) for every pair of rows; 0 where a row is zero."""
    a = _rows_scaled_to_unit_max(np.atleast_2d(np.asarray(a, dtype=np.float64)))
    b = a if b is None else _rows_scaled_to_unit_max(np.atleast_2d(np.asarray(b, dtype=np.float64)))
    norms_a = np.linalg.norm(a, axis=1)
    norms_b = np.linalg.norm(b, axis=1)
    denominator = np.outer(norms_a, norms_b)
    dots = a @ b.T
    result = np.divide(dots, denominator, out=np.zeros_like(dots), where=denominator > 0)
    return np.clip(result, -1.0, 1.0)


@dataclass(frozen=True)
class SentenceEmbedding:
    """A sentence through the embedding layer, or the reason it could not go through."""

    problem: str | None  # None or "empty"
    tokens: list[str]  # every token of the sentence
    lookup: EmbeddingLookup | None  # the first MAX_TOKENS tokens, looked up
    table: EmbeddingTable | None
    similarity: np.ndarray | None  # (n, n) cosine similarity between the looked-up tokens

    @property
    def truncated(self) -> bool:
        return self.lookup is not None and len(self.lookup.tokens) < len(self.tokens)


def embed_sentence(
    text: str,
    *,
    dim: int = 8,
    seed: int = 0,
    table: EmbeddingTable | None = None,
    tokenize: Tokenizer = simple_tokenize,
    max_tokens: int = MAX_TOKENS,
) -> SentenceEmbedding:
    """Tokenise ``text``, look the tokens up and compare them.

    With no ``table``, a random one of width ``dim`` is built over the sentence's words.
    A sentence longer than ``max_tokens`` keeps its first ``max_tokens`` tokens
    (``truncated`` says so); an empty one returns ``problem="empty"``.
    """
    tokens = list(tokenize(text or ""))
    if not tokens:
        return SentenceEmbedding("empty", [], None, table, None)
    kept = tokens[:max_tokens]
    if table is None:
        table = random_table(kept, dim, seed)
    lookup = embed(kept, table)
    return SentenceEmbedding(None, tokens, lookup, table, cosine_similarity(lookup.vectors))
