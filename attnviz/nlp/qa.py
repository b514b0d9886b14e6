"""Extractive question answering: where in the context the answer starts and where it ends.

A question answering model gives every token of ``[CLS] question [SEP] context [SEP]`` two scores
(logits): ``s_i``, how much the answer looks like starting at token i, and ``e_j``, how much it
looks like ending at token j. A span (i, j) scores ``s_i + e_j``. Only spans inside the context,
with ``i <= j`` and at most ``max_answer_tokens`` tokens, can be answers; their probability is the
softmax of ``s_i + e_j`` over all those valid spans of the window (:func:`span_probabilities`).

Long contexts do not fit the model (384 or 512 tokens at most): the tokenizer cuts the context into
overlapping windows (``stride`` tokens shared by neighbours, the "document stride"), each with the
whole question, and each window is answered on its own. The best span over all windows wins, and
the alternatives come from every window, a span found in two windows counted once.

A SQuAD 1 model (the default, distilbert-base-cased-distilled-squad) was never shown a question
without an answer: it always returns some span. A low probability is the only sign that the answer
is not in the context, so the page compares it with a threshold (:func:`is_reliable`).

The span maths (:func:`span_probabilities`, :func:`top_spans`, :func:`token_probabilities`,
:func:`merge_answers`, :func:`attention_to_span`) is numpy over logits, testable with hand-made
arrays. :func:`plan_windows` needs only a fast tokenizer; :func:`answer_question` runs the model
through an :class:`attnviz.nlp.attention.AttentionExtractor`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from attnviz.nlp.errors import NlpError

__all__ = [
    "TokenSpan",
    "Answer",
    "WindowPlan",
    "WindowResult",
    "QAResult",
    "valid_spans",
    "span_probabilities",
    "top_spans",
    "token_probabilities",
    "is_reliable",
    "merge_answers",
    "attention_to_span",
    "neighbourhood",
    "plan_windows",
    "word_bounds",
    "answer_question",
    "DEFAULT_MAX_ANSWER_TOKENS",
    "DEFAULT_TOP_K",
    "DEFAULT_THRESHOLD",
    "DEFAULT_STRIDE",
    "MAX_CONTEXT_CHARS",
]

DEFAULT_MAX_ANSWER_TOKENS = 30  # as in the SQuAD scripts
DEFAULT_TOP_K = 5
DEFAULT_THRESHOLD = 0.5
DEFAULT_STRIDE = 128  # tokens shared by neighbouring windows (Hugging Face's doc_stride)
MAX_CONTEXT_CHARS = 20_000  # longer contexts are refused before any tokenising (~5,000 tokens)
MIN_CONTEXT_BUDGET = 8  # a window must leave at least this many tokens for the context

ProgressCallback = Callable[[int, int], None]  # (windows done, windows in total)
_FALLBACK_LOCK = threading.Lock()


# --- spans over logits ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TokenSpan:
    start: int  # token index in the window, inclusive
    end: int  # token index in the window, inclusive
    score: float  # probability among the window's valid spans
    logit: float  # start_logits[start] + end_logits[end]


def _vector(values, name: str) -> np.ndarray:
    v = np.asarray(values, dtype=np.float64)
    if v.ndim != 1:
        raise ValueError(f"{name} must be one score per token; got shape {v.shape}")
    if not np.all(np.isfinite(v)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return v


def valid_spans(
    context_mask: Sequence[bool], max_answer_tokens: int = DEFAULT_MAX_ANSWER_TOKENS
) -> np.ndarray:
    """(T, T) bool: True where (start i, end j) can be an answer: both in the context, i <= j,
    at most ``max_answer_tokens`` tokens long."""
    if int(max_answer_tokens) < 1:
        raise ValueError("max_answer_tokens must be at least 1")
    mask = np.asarray(context_mask, dtype=bool)
    positions = np.arange(mask.size)
    length = positions[None, :] - positions[:, None]  # j - i
    return mask[:, None] & mask[None, :] & (length >= 0) & (length < int(max_answer_tokens))


def span_probabilities(
    start_logits, end_logits, context_mask, max_answer_tokens: int = DEFAULT_MAX_ANSWER_TOKENS
) -> np.ndarray:
    """(T, T): softmax of ``start_logits[i] + end_logits[j]`` over the valid spans (0 elsewhere).
    All zeros when there is no valid span (a window without context tokens)."""
    start, end = _vector(start_logits, "start_logits"), _vector(end_logits, "end_logits")
    if start.shape != end.shape or np.asarray(context_mask).shape != start.shape:
        raise ValueError("start_logits, end_logits and context_mask need one entry per token each")
    valid = valid_spans(context_mask, max_answer_tokens)
    if not valid.any():
        return np.zeros(valid.shape)
    total = np.where(valid, start[:, None] + end[None, :], -np.inf)
    weights = np.exp(total - total.max())
    return weights / weights.sum()


def top_spans(
    start_logits,
    end_logits,
    context_mask,
    *,
    k: int = DEFAULT_TOP_K,
    max_answer_tokens: int = DEFAULT_MAX_ANSWER_TOKENS,
) -> list[TokenSpan]:
    """The ``k`` most probable valid spans, best first (ties: the earlier span first)."""
    if int(k) < 1:
        raise ValueError("k must be at least 1")
    probabilities = span_probabilities(start_logits, end_logits, context_mask, max_answer_tokens)
    valid = valid_spans(context_mask, max_answer_tokens).ravel()
    candidates = np.flatnonzero(valid)
    flat = probabilities.ravel()
    chosen = candidates[np.argsort(-flat[candidates], kind="stable")][: int(k)]
    start, end = np.asarray(start_logits, np.float64), np.asarray(end_logits, np.float64)
    n = probabilities.shape[0]
    return [
        TokenSpan(int(c // n), int(c % n), float(flat[c]), float(start[c // n] + end[c % n])) for c in chosen
    ]


def token_probabilities(logits, context_mask) -> np.ndarray:
    """Softmax of one row of logits (start or end) over the context tokens; 0 elsewhere."""
    v = _vector(logits, "logits")
    mask = np.asarray(context_mask, dtype=bool)
    if mask.shape != v.shape:
        raise ValueError("logits and context_mask need one entry per token each")
    out = np.zeros_like(v)
    if mask.any():
        shifted = np.exp(v[mask] - v[mask].max())
        out[mask] = shifted / shifted.sum()
    return out


def is_reliable(score: float, threshold: float) -> bool:
    """The model's "no good answer" judgement: a span below the threshold is not trusted."""
    return float(score) >= float(threshold)


# --- answers over windows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    text: str  # exactly context[char_start:char_end]
    char_start: int
    char_end: int
    score: float  # probability among its window's valid spans
    logit: float  # start + end logit
    window: int  # the window it was found in (0-based)
    token_start: int  # token indices in that window, inclusive
    token_end: int


def merge_answers(candidates: Sequence[Answer], k: int = DEFAULT_TOP_K) -> list[Answer]:
    """The ``k`` best answers over all windows, a span found in several windows counted once
    (with its best score). Best first; ties by logit, then by position in the context."""
    best: dict[tuple[int, int], Answer] = {}
    for answer in candidates:
        key = (answer.char_start, answer.char_end)
        kept = best.get(key)
        if kept is None or (answer.score, answer.logit) > (kept.score, kept.logit):
            best[key] = answer
    ranked = sorted(best.values(), key=lambda a: (-a.score, -a.logit, a.char_start, a.char_end))
    return ranked[: max(0, int(k))]


def attention_to_span(attention, span_start: int, span_end: int) -> np.ndarray:
    """(L, H): of the attention that the question's tokens give the context, the share that lands
    on the answer's tokens (context columns ``span_start..span_end``, inclusive).

    ``attention``: (L, H, Q, C), rows = question tokens, columns = context tokens. A head that
    spreads its attention evenly scores (answer tokens) / (context tokens).
    """
    a = np.asarray(attention, dtype=np.float64)
    if a.ndim != 4:
        raise ValueError(f"attention must be (layers, heads, question, context); got shape {a.shape}")
    if not 0 <= span_start <= span_end < a.shape[3]:
        raise ValueError(f"span {span_start}..{span_end} is outside {a.shape[3]} context tokens")
    on_span = a[..., span_start : span_end + 1].sum(axis=(2, 3))
    on_context = a.sum(axis=(2, 3))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(on_context > 0, on_span / np.where(on_context > 0, on_context, 1.0), 0.0)


def neighbourhood(count: int, start: int, end: int, radius: int) -> tuple[int, int]:
    """[first, stop) of at most ``2 * radius + (end - start + 1)`` positions around start..end,
    moved inward at the edges so that as many positions as possible are kept."""
    count, start, end, radius = int(count), int(start), int(end), max(0, int(radius))
    width = min(count, end - start + 1 + 2 * radius)
    first = min(max(0, start - radius), max(0, count - width))
    return first, first + width


# --- windows -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WindowPlan:
    index: int
    char_start: int  # the part of the context it covers: context[char_start:char_end]
    char_end: int
    first_token: int  # its first and last context token (in the context tokenised alone)
    last_token: int


def _question_tokens(tokenizer, question: str) -> int:
    return len(tokenizer(question, add_special_tokens=False, verbose=False)["input_ids"])


def plan_windows(tokenizer, question: str, context: str, max_length: int, stride: int) -> list[WindowPlan]:
    """Overlapping windows over ``context``, each fitting ``max_length`` tokens with ``question``.

    The tokenizer's own overflow (``return_overflowing_tokens`` with ``stride``) cuts the context;
    then each cut is moved to the nearest word boundary inside the window, so that the model sees
    whole words (a window starting at ``##ing`` would read it as a new word), unless that would
    leave a word out of every window. Callers check the question length first
    (:func:`answer_question` does).
    """
    encoded = tokenizer(
        question,
        context,
        truncation="only_second",
        max_length=int(max_length),
        stride=int(stride),
        return_overflowing_tokens=True,
        return_offsets_mapping=True,
        verbose=False,
    )
    context_offsets = tokenizer(
        context, add_special_tokens=False, return_offsets_mapping=True, verbose=False
    )["offset_mapping"]
    first_token_at = {int(a): n for n, (a, b) in enumerate(context_offsets)}
    last_token_at = {int(b): n for n, (a, b) in enumerate(context_offsets)}
    raw, snapped = [], []
    for w in range(len(encoded["input_ids"])):
        sequence_ids, word_ids = encoded.sequence_ids(w), encoded.word_ids(w)
        offsets = encoded["offset_mapping"][w]
        positions = [p for p, s in enumerate(sequence_ids) if s == 1]
        if not positions:
            continue
        first, last = positions[0], positions[-1]
        start = first
        if offsets[first][0] > encoded.word_to_chars(w, word_ids[first], sequence_index=1).start:
            start = next((p for p in positions if word_ids[p] != word_ids[first]), first)
        end = last
        if offsets[last][1] < encoded.word_to_chars(w, word_ids[last], sequence_index=1).end:
            end = next((p for p in reversed(positions) if word_ids[p] != word_ids[last]), last)
        raw.append([(offsets[first][0], word_ids[first]), (offsets[last][1], word_ids[last])])
        snapped.append(
            [(offsets[start][0], word_ids[start]), (offsets[end][1], word_ids[end])]
            if start <= end
            else list(raw[-1])
        )
    # A word cut by both neighbours' snaps would be in no window: keep those two cuts where the tokenizer made them.
    for k in range(len(snapped) - 1):
        if snapped[k + 1][0][1] > snapped[k][1][1] + 1:
            snapped[k][1], snapped[k + 1][0] = raw[k][1], raw[k + 1][0]
    plans = []
    for index, ((char_start, _), (char_end, _)) in enumerate(snapped):
        plans.append(
            WindowPlan(
                index,
                int(char_start),
                int(char_end),
                first_token_at.get(int(char_start), -1),
                last_token_at.get(int(char_end), -1),
            )
        )
    return plans


# --- running the model ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WindowResult:
    index: int
    char_start: int  # the part of the context the model read in this window
    char_end: int
    tokens: list[str]  # [CLS] question [SEP] context-part [SEP] (the model's own strings)
    sequence_ids: list[int | None]  # 0 question, 1 context, None special
    offsets: list[
        tuple[int, int]
    ]  # context tokens: characters in the whole context; others: in their own text
    start_logits: np.ndarray
    end_logits: np.ndarray
    truncated_tokens: int = 0  # tokens the extractor still had to cut (0 normally)
    word_ids: list[int | None] = field(default_factory=list)  # word of each token within its own text

    @property
    def context_mask(self) -> np.ndarray:
        return np.array([s == 1 for s in self.sequence_ids], dtype=bool)

    @property
    def context_positions(self) -> list[int]:
        return [p for p, s in enumerate(self.sequence_ids) if s == 1]

    @property
    def question_positions(self) -> list[int]:
        return [p for p, s in enumerate(self.sequence_ids) if s == 0]


@dataclass
class QAResult:
    question: str
    context: str
    answers: list[Answer]  # best first; empty only if the context has no tokens at all
    windows: list[WindowResult]
    context_tokens: int  # the context alone, tokenised
    max_length: int  # tokens per window, question and special tokens included
    stride: int  # tokens shared by neighbouring windows (after any reduction)
    stride_asked: int
    max_answer_tokens: int
    attention: np.ndarray | None = None  # (L, H, Q, C) question -> context, in the best answer's window
    attention_window: int = -1
    notes: list[str] = field(default_factory=list)

    @property
    def best(self) -> Answer | None:
        return self.answers[0] if self.answers else None

    def reliable(self, threshold: float) -> bool:
        return self.best is not None and is_reliable(self.best.score, threshold)


def word_bounds(window: WindowResult, start: int, end: int) -> tuple[int, int]:
    """Characters of tokens start..end widened to whole words (as far as the window has them):
    a span starting at ``##ing`` starts at its word instead."""
    if not window.word_ids:
        return window.offsets[start][0], window.offsets[end][1]
    first_word, last_word = window.word_ids[start], window.word_ids[end]
    positions = window.context_positions
    char_start = min(window.offsets[p][0] for p in positions if window.word_ids[p] == first_word)
    char_end = max(window.offsets[p][1] for p in positions if window.word_ids[p] == last_word)
    return char_start, char_end


def _check_inputs(question: str, context: str) -> None:
    if not str(question).strip():
        raise NlpError("empty_question", "The question is empty.")
    if not str(context).strip():
        raise NlpError("empty_context", "The context is empty.")
    if len(context) > MAX_CONTEXT_CHARS:
        raise NlpError(
            "context_too_long",
            f"The context has {len(context):,} characters; the limit is {MAX_CONTEXT_CHARS:,}.",
            chars=f"{len(context):,}",
            limit=f"{MAX_CONTEXT_CHARS:,}",
        )


def answer_question(
    extractor,
    question: str,
    context: str,
    *,
    max_length: int | None = None,
    stride: int = DEFAULT_STRIDE,
    top_k: int = DEFAULT_TOP_K,
    max_answer_tokens: int = DEFAULT_MAX_ANSWER_TOKENS,
    align_to_words: bool = True,
    progress: ProgressCallback | None = None,
) -> QAResult:
    """Answer ``question`` from ``context`` with a question answering model.

    ``extractor``: an :class:`~attnviz.nlp.attention.AttentionExtractor` of a QA model. Windows of
    ``max_length`` tokens (default and upper limit: the extractor's) overlapping by ``stride``
    tokens; the stride is reduced to half of what a window leaves for the context when it would
    not fit. ``align_to_words``: an answer that starts or ends inside a word is widened to the
    whole word (as Hugging Face's pipeline does); spans that become the same text count once.
    Keeps the question -> context attention of the best answer's window.
    Raises :class:`NlpError` for an empty question or context, a context over
    :data:`MAX_CONTEXT_CHARS`, or a question that takes more than half a window.
    """
    _check_inputs(question, context)
    tokenizer = extractor.loaded.tokenizer
    max_length = int(min(max_length or extractor.max_length, extractor.max_length))
    lock = getattr(extractor, "_tokenizer_lock", _FALLBACK_LOCK)  # fast tokenizers are not thread-safe
    with lock:
        question_tokens = _question_tokens(tokenizer, question)
        budget = max_length - question_tokens - tokenizer.num_special_tokens_to_add(pair=True)
        if question_tokens > max_length // 2 or budget < MIN_CONTEXT_BUDGET:
            limit = min(
                max_length // 2,
                max_length - tokenizer.num_special_tokens_to_add(pair=True) - MIN_CONTEXT_BUDGET,
            )
            raise NlpError(
                "question_too_long",
                f"The question has {question_tokens} tokens; at most {limit} fit a window of {max_length}.",
                tokens=question_tokens,
                limit=limit,
            )
        used_stride = max(0, min(int(stride), budget // 2))
        plans = plan_windows(tokenizer, question, context, max_length, used_stride)
        context_tokens = len(tokenizer(context, add_special_tokens=False, verbose=False)["input_ids"])

    windows: list[WindowResult] = []
    candidates: list[Answer] = []
    best_key, attention, attention_window = None, None, -1
    for number, plan in enumerate(plans):
        out = extractor(question, context[plan.char_start : plan.char_end])
        offsets = [
            (a + plan.char_start, b + plan.char_start) if s == 1 else (a, b)
            for (a, b), s in zip(out.offsets, out.sequence_ids)
        ]
        context_positions = [p for p, s in enumerate(out.sequence_ids) if s == 1]
        window = WindowResult(
            index=plan.index,
            char_start=offsets[context_positions[0]][0] if context_positions else plan.char_start,
            char_end=offsets[context_positions[-1]][1] if context_positions else plan.char_start,
            tokens=list(out.tokens),
            sequence_ids=list(out.sequence_ids),
            offsets=offsets,
            start_logits=np.asarray(out.start_logits, np.float32),
            end_logits=np.asarray(out.end_logits, np.float32),
            truncated_tokens=int(out.truncated_tokens),
            word_ids=list(out.word_ids),
        )
        windows.append(window)
        # widening to words merges spans: take more per window so that top_k different answers remain
        spans = (
            top_spans(
                window.start_logits,
                window.end_logits,
                window.context_mask,
                k=top_k * (4 if align_to_words else 1),
                max_answer_tokens=max_answer_tokens,
            )
            if context_positions
            else []
        )
        for span in spans:
            char_start, char_end = (
                word_bounds(window, span.start, span.end)
                if align_to_words
                else (offsets[span.start][0], offsets[span.end][1])
            )
            candidates.append(
                Answer(
                    context[char_start:char_end],
                    char_start,
                    char_end,
                    span.score,
                    span.logit,
                    plan.index,
                    span.start,
                    span.end,
                )
            )
        top = candidates[-len(spans)] if spans else None  # ordered as merge_answers orders them
        key = (top.score, top.logit, -top.char_start, -top.char_end) if top else None
        if key is not None and (best_key is None or key > best_key):
            best_key = key
            rows = window.question_positions
            attention = np.ascontiguousarray(
                out.attentions[:, :, rows][:, :, :, context_positions], dtype=np.float32
            )
            attention_window = plan.index
        if progress is not None:
            progress(number + 1, len(plans))
    return QAResult(
        question,
        context,
        merge_answers(candidates, top_k),
        windows,
        context_tokens,
        max_length,
        used_stride,
        int(stride),
        int(max_answer_tokens),
        attention,
        attention_window,
    )
