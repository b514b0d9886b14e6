"""Views of a model's attention: hide special tokens, merge word pieces, average, compare, export.

Everything works on the whole stack at once: ``attentions`` is a float array of shape
``(layers, heads, T, T)`` (rows: the query token that attends; columns: the key token it attends
to; every row sums to 1), as a Hugging Face model returns it with ``output_attentions=True``.
All transforms are vectorised over heads; results are float64. The functions that take a whole
stack work one layer at a time where they can (a 512-token stack of 6 x 12 heads is 75 MB in
float32 and twice that in float64: temporaries of the whole stack made one request cost ~800 MB).

Token strings are the tokenizer's own pieces (``convert_ids_to_tokens``): ``[CLS]``, ``##ing``
(WordPiece) or ``<s>``, ``Ġword`` (RoBERTa's byte-level BPE). Which strings are special is told
explicitly with :class:`SpecialTokens` (build it from the tokenizer with
:meth:`SpecialTokens.from_tokenizer`); the default knows BERT/DistilBERT and RoBERTa.

Indices are 0-based everywhere in this module (as in ``outputs.attentions[layer][0, head]``).
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import numpy as np

__all__ = [
    "SpecialTokens",
    "DEFAULT_SPECIAL_TOKENS",
    "TokenRoles",
    "check_attentions",
    "token_roles",
    "is_punctuation",
    "clean_token",
    "token_labels",
    "word_groups",
    "MergedAttention",
    "merge_word_pieces",
    "sentencepiece_word_ids",
    "merge_rectangular",
    "FilteredAttention",
    "drop_tokens",
    "hide_special_tokens",
    "average_attention",
    "AttentionView",
    "build_view",
    "attention_change",
    "head_divergence",
    "rank_heads",
    "attention_csv",
    "attention_json",
    "DIVERGENCES",
]

# Below this, what is left of a row after removing tokens is float32 rounding noise
# (a model's rows sum to 1 within ~3e-7): such rows become zeros and are flagged.
MIN_ROW_MASS = 1e-6

# Markers that tokenizers put on pieces: "##" (WordPiece continuation), "Ġ" (byte-level BPE:
# the piece starts with a space), "▁" (SentencePiece: the piece starts a word).
_PREFIX_MARKERS = ("##", "\u0120", "\u2581")


@dataclass(frozen=True)
class SpecialTokens:
    """Which token strings are special, by role.

    ``cls``: the sequence-start token whose final state feeds the classifier ([CLS], <s>).
    ``sep``: separators / sequence ends ([SEP], </s>).
    ``pad``: padding ([PAD], <pad>): padding queries are left out of averages.
    """

    cls: frozenset[str] = frozenset({"[CLS]", "<s>"})
    sep: frozenset[str] = frozenset({"[SEP]", "</s>"})
    pad: frozenset[str] = frozenset({"[PAD]", "<pad>"})

    def __post_init__(self) -> None:
        for name in ("cls", "sep", "pad"):  # accept any iterable of strings, store frozensets
            object.__setattr__(self, name, frozenset(getattr(self, name)))

    @property
    def all(self) -> frozenset[str]:
        return self.cls | self.sep | self.pad

    @classmethod
    def from_tokenizer(cls, tokenizer: Any) -> SpecialTokens:
        """Read the roles from a Hugging Face tokenizer (duck-typed: no transformers import).

        Uses ``tokenizer.special_tokens_map`` (only the tokens that are set: reading an unset
        ``tokenizer.bos_token`` logs an error in transformers 4.x), else the attributes.
        BERT/DistilBERT: [CLS], [SEP], [PAD]. RoBERTa: <s>, </s>, <pad>. Tokenizers without a
        cls/sep token fall back to bos/eos.
        """
        mapping = getattr(tokenizer, "special_tokens_map", None)
        if isinstance(mapping, Mapping):
            lookup = mapping.get
        else:

            def lookup(name: str) -> Any:
                return getattr(tokenizer, name, None)

        def pick(*names: str) -> frozenset[str]:
            return frozenset(str(v) for v in map(lookup, names) if v)

        return cls(
            cls=pick("cls_token") or pick("bos_token"),
            sep=pick("sep_token") or pick("eos_token"),
            pad=pick("pad_token"),
        )


DEFAULT_SPECIAL_TOKENS = SpecialTokens()


@dataclass(frozen=True)
class TokenRoles:
    """Boolean masks of shape (T,) telling what each token is."""

    cls: np.ndarray
    sep: np.ndarray
    pad: np.ndarray
    punct: np.ndarray

    @property
    def special(self) -> np.ndarray:
        return self.cls | self.sep | self.pad


def check_attention_stack(attentions: np.ndarray, n_tokens: int | None = None) -> np.ndarray:
    """Validate a (layers, heads, T, S) stack and return it as a float array, without copying a
    float32 one (callers then convert one layer at a time).

    S may differ from T only for cross-attention; ``n_tokens`` checks T == S == n_tokens.
    """
    a = np.asarray(attentions)
    if a.ndim != 4:
        raise ValueError(f"attentions must have shape (layers, heads, T, T); got shape {a.shape}")
    if 0 in a.shape:
        raise ValueError(f"attentions is empty (shape {a.shape})")
    if not np.issubdtype(a.dtype, np.floating):
        a = a.astype(np.float64)
    if not all(np.isfinite(layer).all() for layer in a):
        raise ValueError("attentions contain NaN or infinite values")
    if n_tokens is not None and a.shape[-2:] != (n_tokens, n_tokens):
        raise ValueError(f"attentions cover {a.shape[-2:]} tokens but {n_tokens} tokens were given")
    return a


def check_attentions(attentions: np.ndarray, n_tokens: int | None = None) -> np.ndarray:
    """Validate a (layers, heads, T, S) stack and return it as float64 (see
    :func:`check_attention_stack`)."""
    return check_attention_stack(attentions, n_tokens).astype(np.float64, copy=False)


def _strip_marker(token: str) -> str:
    for marker in _PREFIX_MARKERS:
        if token.startswith(marker):
            return token[len(marker) :]
    return token


def is_punctuation(token: str, special_tokens: SpecialTokens = DEFAULT_SPECIAL_TOKENS) -> bool:
    """True for a token made only of punctuation characters (Unicode category P*), e.g.
    ``.``, ``,``, ``!``, ``...``, ``"``, ``Ġ,``. Special tokens are never punctuation.

    Clark et al. (2019) counted only "." and ","; we count every punctuation mark.
    """
    if token in special_tokens.all:
        return False
    core = _strip_marker(token)
    return bool(core) and all(unicodedata.category(ch).startswith("P") for ch in core)


def token_roles(tokens: Sequence[str], special_tokens: SpecialTokens = DEFAULT_SPECIAL_TOKENS) -> TokenRoles:
    """Which tokens are [CLS], separators, padding and punctuation (one pass over the T tokens)."""
    tokens = list(tokens)
    return TokenRoles(
        cls=np.array([t in special_tokens.cls for t in tokens], dtype=bool),
        sep=np.array([t in special_tokens.sep for t in tokens], dtype=bool),
        pad=np.array([t in special_tokens.pad for t in tokens], dtype=bool),
        punct=np.array([is_punctuation(t, special_tokens) for t in tokens], dtype=bool),
    )


@lru_cache(maxsize=1)
def _byte_decoder() -> dict[str, int]:
    """GPT-2 / RoBERTa byte-level BPE: the printable character standing for each byte."""
    printable = (
        list(range(ord("!"), ord("~") + 1))
        + list(range(ord("¡"), ord("¬") + 1))
        + list(range(ord("®"), ord("ÿ") + 1))
    )
    chars = printable[:]
    extra = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            chars.append(256 + extra)
            extra += 1
    return {chr(c): b for b, c in zip(printable, chars)}


def _decode_byte_level(text: str) -> str:
    decoder = _byte_decoder()
    if not all(ch in decoder for ch in text):
        return text  # not byte-level text after all: leave it alone
    return bytes(decoder[ch] for ch in text).decode("utf-8", errors="replace")


def clean_token(token: str, *, byte_level: bool = False) -> str:
    """A piece as a reader would write it: ``##ing`` -> ``ing``, ``Ġhouse`` -> ``house``.

    ``byte_level=True`` (RoBERTa, GPT-2 tokenizers) also decodes the byte alphabet, so
    ``Ġcaf`` ``Ã©`` reads ``caf`` ``é`` once merged (a lone piece holding half of a
    multi-byte character shows U+FFFD). Never pass it for WordPiece tokens.
    """
    if byte_level:
        text = _decode_byte_level(token)
        return text.strip() if text.strip() else text
    return _strip_marker(token)


def token_labels(
    tokens: Sequence[str],
    *,
    special_tokens: SpecialTokens = DEFAULT_SPECIAL_TOKENS,
    byte_level: bool = False,
) -> list[str]:
    """Display labels for the pieces: special tokens as they are, byte-level pieces decoded, and
    WordPiece continuations *with* their ``##`` ("prof ##es ##or"), so that a piece is never read
    as a word of its own (as on the question-answering page and in the command line's output)."""

    def label(token: str) -> str:
        if token in special_tokens.all or (not byte_level and token.startswith("##")):
            return token
        return clean_token(token, byte_level=byte_level)

    return [label(t) for t in tokens]


def word_groups(word_ids: Sequence[int | None]) -> list[list[int]]:
    """Token positions grouped into words: consecutive tokens with the same word id.

    Tokens with word id ``None`` (special tokens) are groups of their own. Consecutive runs
    (not equal ids) are used because ids restart for the second text of a pair.
    """
    groups: list[list[int]] = []
    previous: int | None = None
    for position, word in enumerate(word_ids):
        if word is not None and groups and word == previous:
            groups[-1].append(position)
        else:
            groups.append([position])
        previous = word
    return groups


def _group_matrix(groups: Sequence[Sequence[int]], n_tokens: int) -> np.ndarray:
    """(W, T) 0/1 matrix: row g has ones at the tokens of group g."""
    member = np.zeros((len(groups), n_tokens))
    rows = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    member[rows, np.concatenate([np.asarray(g, dtype=int) for g in groups])] = 1.0
    return member


@dataclass(frozen=True)
class MergedAttention:
    attentions: np.ndarray  # (L, H, W, W)
    labels: list[str]  # one per word
    groups: list[list[int]]  # the token positions of each word


def merge_word_pieces(
    attentions: np.ndarray,
    tokens: Sequence[str],
    word_ids: Sequence[int | None],
    *,
    special_tokens: SpecialTokens = DEFAULT_SPECIAL_TOKENS,
    byte_level: bool = False,
) -> MergedAttention:
    """Merge word pieces into words (Clark et al. 2019, section 4.1).

    Attention *to* a word is the sum of the attention to its pieces; attention *from* a word is
    the mean of its pieces' rows. Rows that summed to 1 still sum to 1.
    """
    tokens = list(tokens)
    a = check_attentions(attentions, len(tokens))
    if len(word_ids) != len(tokens):
        raise ValueError(f"{len(word_ids)} word ids for {len(tokens)} tokens")
    groups = word_groups(word_ids)
    member = _group_matrix(groups, len(tokens))  # (W, T)
    mean_rows = member / member.sum(axis=1, keepdims=True)  # averages the pieces' rows
    merged = mean_rows @ a @ member.T  # (L, H, W, W)
    labels = []
    for g in groups:
        pieces = [tokens[i] for i in g]
        if len(g) == 1 and pieces[0] in special_tokens.all:
            labels.append(pieces[0])
        elif byte_level:
            labels.append(clean_token("".join(pieces), byte_level=True))
        else:
            labels.append("".join(_strip_marker(p) for p in pieces))
    return MergedAttention(attentions=merged, labels=labels, groups=groups)


SENTENCEPIECE_SPACE = "\u2581"  # "▁": sentencepiece marks a piece that starts a word with it


def sentencepiece_word_ids(tokens: Sequence[str], special: Sequence[str]) -> list[int | None]:
    """Word ids for sentencepiece pieces (Marian, T5): a piece starting with "▁" starts a word,
    the others continue it; special tokens get ``None``."""
    ids: list[int | None] = []
    word = -1
    for token in tokens:
        if token in special:
            ids.append(None)
            continue
        if token.startswith(SENTENCEPIECE_SPACE) or word < 0 or ids[-1] is None:
            word += 1
        ids.append(word)
    return ids


def merge_rectangular(
    weights: np.ndarray,
    row_tokens: Sequence[str],
    row_word_ids: Sequence[int | None],
    col_tokens: Sequence[str],
    col_word_ids: Sequence[int | None],
) -> tuple[np.ndarray, list[str], list[str]]:
    """Attention between two different texts (cross-attention: (..., rows, cols)) merged into
    words, as :func:`merge_word_pieces` does for one text: a row word is the mean of its pieces'
    rows, a column word the sum of its pieces' columns, so rows that summed to 1 still do.
    Returns the merged weights and the row and column words."""
    weights = np.asarray(weights, np.float64)
    if weights.shape[-2:] != (len(row_tokens), len(col_tokens)):
        raise ValueError(f"weights {weights.shape} for {len(row_tokens)} x {len(col_tokens)} tokens")
    rows, cols = word_groups(row_word_ids), word_groups(col_word_ids)
    row_member = _group_matrix(rows, len(row_tokens))
    col_member = _group_matrix(cols, len(col_tokens))
    merged = (row_member / row_member.sum(axis=1, keepdims=True)) @ weights @ col_member.T

    def words(tokens: Sequence[str], groups: list[list[int]]) -> list[str]:
        return [
            "".join(tokens[i] for i in g).replace(SENTENCEPIECE_SPACE, " ").strip() or tokens[g[0]]
            for g in groups
        ]

    return merged, words(row_tokens, rows), words(col_tokens, cols)


@dataclass(frozen=True)
class FilteredAttention:
    attentions: np.ndarray  # (L, H, K, K): kept rows and columns, rows renormalised
    kept: np.ndarray  # (K,) int: the original positions kept
    empty_rows: np.ndarray  # (L, H, K) bool: rows with no mass left (all zeros now)


def drop_tokens(
    attentions: np.ndarray,
    drop: np.ndarray | Sequence[bool],
    *,
    renormalise: bool = True,
    min_mass: float = MIN_ROW_MASS,
) -> FilteredAttention:
    """Remove the tokens where ``drop`` is True (as queries and as keys).

    With ``renormalise``, each remaining row is divided by its remaining mass, so it sums to 1
    again: "how this token splits the attention it does *not* give to the removed tokens".
    Rows whose remaining mass is below ``min_mass`` (all of it went to removed tokens) become
    zeros and are flagged in ``empty_rows``; the result never holds NaN.
    """
    a = check_attentions(attentions)
    drop = np.asarray(drop, dtype=bool)
    if drop.shape != (a.shape[-1],) or a.shape[-1] != a.shape[-2]:
        raise ValueError(f"drop mask of shape {drop.shape} does not fit attentions {a.shape}")
    kept = np.flatnonzero(~drop)
    sub = a[:, :, kept][:, :, :, kept]
    mass = sub.sum(axis=-1)
    empty = mass < min_mass
    if renormalise:
        sub = np.divide(sub, mass[..., None], out=np.zeros_like(sub), where=~empty[..., None])
    else:
        sub = np.where(empty[..., None], 0.0, sub)
    return FilteredAttention(attentions=sub, kept=kept, empty_rows=empty)


def hide_special_tokens(
    attentions: np.ndarray,
    tokens: Sequence[str],
    *,
    special_tokens: SpecialTokens = DEFAULT_SPECIAL_TOKENS,
    roles: Iterable[str] = ("cls", "sep", "pad"),
    renormalise: bool = True,
    min_mass: float = MIN_ROW_MASS,
) -> FilteredAttention:
    """:func:`drop_tokens` for the special tokens of the given roles ("cls", "sep", "pad")."""
    found = token_roles(tokens, special_tokens)
    drop = np.zeros(len(tokens), dtype=bool)
    for role in roles:
        if role not in ("cls", "sep", "pad"):
            raise ValueError(f"unknown role {role!r}")
        drop |= getattr(found, role)
    return drop_tokens(attentions, drop, renormalise=renormalise, min_mass=min_mass)


Average = Literal["none", "heads", "layers", "both"]


def average_attention(attentions: np.ndarray, over: Average = "heads") -> np.ndarray:
    """Mean over heads and/or layers, keeping 4 dimensions (an averaged axis has size 1)."""
    a = check_attentions(attentions)
    axes = {"none": (), "heads": (1,), "layers": (0,), "both": (0, 1)}
    if over not in axes:
        raise ValueError(f"over must be one of {tuple(axes)}; got {over!r}")
    return a.mean(axis=axes[over], keepdims=True) if axes[over] else a


@dataclass(frozen=True)
class AttentionView:
    """What the figures draw: an attention stack, its token labels and where they came from."""

    attentions: np.ndarray  # (L', H', N, N)
    labels: list[str]  # N labels (tokens or words)
    positions: list[list[int]]  # for each of the N, the original token positions
    empty_rows: np.ndarray  # (L', H', N) bool: rows with no weight left after hiding
    layer_ids: list[int] | None  # original layer of each of the L' (None: averaged)
    head_ids: list[int] | None  # original head of each of the H' (None: averaged)


def build_view(
    attentions: np.ndarray,
    tokens: Sequence[str],
    word_ids: Sequence[int | None] | None = None,
    *,
    special_tokens: SpecialTokens = DEFAULT_SPECIAL_TOKENS,
    hide_special: bool = False,
    merge_words: bool = False,
    average: Average = "none",
    byte_level: bool = False,
    min_mass: float = MIN_ROW_MASS,
) -> AttentionView:
    """The page's options in one call, applied in this order:

    1. merge word pieces (needs ``word_ids``): special tokens stay tokens of their own;
    2. average over heads and/or layers;
    3. hide [CLS]/[SEP]/padding and renormalise the rows.

    Averaging before hiding means a row is empty only if *every* averaged head sent all its
    attention to special tokens. Every non-empty row of the result sums to 1. A text of only
    special tokens gives N = 0 tokens with ``hide_special``: check ``view.labels`` before drawing.
    """
    tokens = list(tokens)
    stack = check_attention_stack(attentions, len(tokens))
    n_layers, n_heads = stack.shape[:2]
    if merge_words and word_ids is None:
        raise ValueError("merging word pieces needs the word ids")
    # Averaging is linear and so is merging: averaging first gives the same numbers and lets the
    # rest run one layer at a time (float64 temporaries of one layer, not of the whole stack).
    if average in ("layers", "both"):
        stack = stack.mean(axis=0, keepdims=True, dtype=np.float64)
    a = empty = None
    for index, layer in enumerate(stack):
        one = average_attention(
            layer[None].astype(np.float64), "heads" if average in ("heads", "both") else "none"
        )
        if merge_words:
            merged = merge_word_pieces(
                one, tokens, word_ids, special_tokens=special_tokens, byte_level=byte_level
            )
            one, labels, positions = merged.attentions, merged.labels, merged.groups
            unit_tokens = [tokens[g[0]] if len(g) == 1 else "" for g in positions]
        else:
            labels = token_labels(tokens, special_tokens=special_tokens, byte_level=byte_level)
            positions = [[i] for i in range(len(tokens))]
            unit_tokens = tokens
        if hide_special:
            filtered = hide_special_tokens(one, unit_tokens, special_tokens=special_tokens, min_mass=min_mass)
            one, one_empty = filtered.attentions, filtered.empty_rows
            labels = [labels[i] for i in filtered.kept]
            positions = [positions[i] for i in filtered.kept]
        else:
            one_empty = np.zeros(one.shape[:3], dtype=bool)
        if a is None:  # the whole result, filled layer by layer (no second copy)
            a = np.empty((len(stack), *one.shape[1:]))
            empty = np.empty((len(stack), *one_empty.shape[1:]), dtype=bool)
        a[index], empty[index] = one[0], one_empty[0]
    return AttentionView(
        attentions=a,
        labels=labels,
        positions=positions,
        empty_rows=empty,
        layer_ids=None if average in ("layers", "both") else list(range(n_layers)),
        head_ids=None if average in ("heads", "both") else list(range(n_heads)),
    )


# --- comparing two models (e.g. fine-tuned vs pretrained) on the same tokens ---------------

DIVERGENCES = ("js", "mean_abs")


def attention_change(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """``after - before`` per cell (same tokens, same shape): positive where attention grew."""
    a, b = check_attentions(before), check_attentions(after)
    if a.shape != b.shape:
        raise ValueError(f"the two attention stacks differ in shape: {a.shape} vs {b.shape}")
    return b - a


def _xlog2x_over(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """p * log2(p / q), with 0 where p == 0."""
    safe_p = np.where(p > 0, p, 1.0)
    safe_q = np.where(q > 0, q, 1.0)
    return np.where(p > 0, p * np.log2(safe_p / safe_q), 0.0)


def head_divergence(
    before: np.ndarray,
    after: np.ndarray,
    metric: str = "js",
    *,
    query_mask: np.ndarray | None = None,
) -> np.ndarray:
    """How much each head's attention changed, as an (L, H) array.

    ``"js"``: Jensen-Shannon divergence between the two rows of each query (log base 2, so
    in [0, 1]: 0 identical, 1 disjoint), averaged over the queries.
    ``"mean_abs"``: mean absolute difference over all T x T cells (in [0, 1], small for long
    texts since each row's weights are spread over T keys).
    ``query_mask``: (T,) bool, the queries to average over (default: all).
    """
    a, b = check_attentions(before), check_attentions(after)
    if a.shape != b.shape:
        raise ValueError(f"the two attention stacks differ in shape: {a.shape} vs {b.shape}")
    if metric not in DIVERGENCES:
        raise ValueError(f"metric must be one of {DIVERGENCES}; got {metric!r}")
    rows = np.ones(a.shape[-2], dtype=bool) if query_mask is None else np.asarray(query_mask, dtype=bool)
    if rows.shape != (a.shape[-2],) or not rows.any():
        raise ValueError("query_mask must be a (T,) bool array with at least one True")
    if metric == "mean_abs":
        per_row = np.abs(b - a).mean(axis=-1)
    else:
        m = 0.5 * (a + b)
        per_row = 0.5 * (_xlog2x_over(a, m).sum(axis=-1) + _xlog2x_over(b, m).sum(axis=-1))
    return np.clip(per_row[..., rows].mean(axis=-1), 0.0, 1.0)


def rank_heads(
    values: np.ndarray, top: int | None = None, *, descending: bool = True
) -> list[tuple[int, int, float]]:
    """(layer, head, value) of the heads sorted by value (largest first by default)."""
    v = np.asarray(values, dtype=np.float64)
    if v.ndim != 2:
        raise ValueError(f"values must be (layers, heads); got shape {v.shape}")
    order = np.argsort(-v if descending else v, axis=None, kind="stable")[:top]
    layers, heads = np.unravel_index(order, v.shape)
    return list(zip(layers.tolist(), heads.tolist(), v.ravel()[order].tolist()))


# --- export ----------------------------------------------------------------------------------

CSV_COLUMNS = ("layer", "head", "from_index", "from_token", "to_index", "to_token", "weight")


def _export_parts(attentions, from_labels, to_labels, layers, heads, decimals):
    a = check_attentions(attentions)
    n_layers, n_heads, n_from, n_to = a.shape
    from_labels = [str(x) for x in from_labels]
    to_labels = from_labels if to_labels is None else [str(x) for x in to_labels]
    if len(from_labels) != n_from or len(to_labels) != n_to:
        raise ValueError(f"{len(from_labels)} / {len(to_labels)} labels for attentions of shape {a.shape}")
    layers = list(range(n_layers)) if layers is None else [int(x) for x in layers]
    heads = list(range(n_heads)) if heads is None else [int(x) for x in heads]
    if len(layers) != n_layers or len(heads) != n_heads:
        raise ValueError("one layer id per layer and one head id per head are needed")
    return np.round(a, decimals), from_labels, to_labels, layers, heads


def attention_csv(
    attentions: np.ndarray,
    from_labels: Sequence[str],
    to_labels: Sequence[str] | None = None,
    *,
    layers: Sequence[int] | None = None,
    heads: Sequence[int] | None = None,
    decimals: int = 6,
    index_base: int = 0,
) -> str:
    """Long-format CSV, one row per (layer, head, from, to) with the columns of ``CSV_COLUMNS``.

    ``layers`` / ``heads``: the ids to write for each layer / head of the array (e.g. the
    original ids after slicing); default 0..L-1, 0..H-1. ``index_base`` is added to every
    index (1 for counting from 1). Tokens are quoted as CSV needs. Rows: L*H*T*T, so a
    128-token text gives ~1.2 M rows (~50 MB): offer it through a deferred download.
    """
    a, from_labels, to_labels, layers, heads = _export_parts(
        attentions, from_labels, to_labels, layers, heads, decimals
    )
    grid = np.indices(a.shape).reshape(4, -1)
    columns = (
        (np.asarray(layers)[grid[0]] + index_base).tolist(),
        (np.asarray(heads)[grid[1]] + index_base).tolist(),
        (grid[2] + index_base).tolist(),
        np.asarray(from_labels, dtype=object)[grid[2]].tolist(),
        (grid[3] + index_base).tolist(),
        np.asarray(to_labels, dtype=object)[grid[3]].tolist(),
        a.ravel().tolist(),
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(zip(*columns))
    return out.getvalue()


def attention_json(
    attentions: np.ndarray,
    from_labels: Sequence[str],
    to_labels: Sequence[str] | None = None,
    *,
    layers: Sequence[int] | None = None,
    heads: Sequence[int] | None = None,
    decimals: int = 6,
    index_base: int = 0,
    metadata: Mapping[str, Any] | None = None,
) -> str:
    """JSON: ``{"format", "index_base", "shape", "layers", "heads", "from_tokens", "to_tokens",
    "attentions" (nested [layer][head][from][to]), "metadata"}``. UTF-8 text, no NaN."""
    a, from_labels, to_labels, layers, heads = _export_parts(
        attentions, from_labels, to_labels, layers, heads, decimals
    )
    document = {
        "format": "attnviz.attention/1",
        "index_base": index_base,
        "shape": list(a.shape),
        "layers": [x + index_base for x in layers],
        "heads": [x + index_base for x in heads],
        "from_tokens": from_labels,
        "to_tokens": to_labels,
        "attentions": a.tolist(),
        "metadata": dict(metadata or {}),
    }
    return json.dumps(document, ensure_ascii=False, allow_nan=False)
