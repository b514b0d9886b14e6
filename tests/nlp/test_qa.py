"""Question answering mechanics: span decoding against hand-made logits (and brute force), the
"no good answer" threshold, windows over a long context, and offsets that map every answer back to
the exact characters of the context. Tiny random-weight models: answers mean nothing, so nothing
here checks answer quality."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attnviz.nlp.errors import NlpError
from attnviz.nlp.qa import (
    Answer,
    QAResult,
    answer_question,
    attention_to_span,
    is_reliable,
    merge_answers,
    neighbourhood,
    plan_windows,
    span_probabilities,
    token_probabilities,
    top_spans,
    valid_spans,
)

# [CLS] q q [SEP] c c c c c [SEP]
MASK = np.array([0, 0, 0, 0, 1, 1, 1, 1, 1, 0], dtype=bool)
LONG_CONTEXT = (
    " ".join(
        f"the {word} team won the game in the city , and the market was happy ."
        for word in (
            "red",
            "blue",
            "green",
            "old",
            "young",
            "big",
            "small",
            "fast",
            "slow",
            "good",
            "bad",
            "best",
        )
    )
    + " paris is the capital of france ."
)
QUESTION = "what is the capital of france ?"


def logits(peaks: dict[int, float], size: int = MASK.size) -> np.ndarray:
    out = np.zeros(size)
    for position, value in peaks.items():
        out[position] = value
    return out


# --- spans over hand-made logits ------------------------------------------------------------------------


def test_best_span_is_the_start_and_end_peaks():
    spans = top_spans(logits({5: 6.0}), logits({7: 6.0}), MASK, k=3)
    assert (spans[0].start, spans[0].end) == (5, 7)
    assert spans[0].logit == pytest.approx(12.0)
    assert [s.score for s in spans] == sorted((s.score for s in spans), reverse=True)
    assert spans[0].score > 0.5


def test_question_and_special_tokens_are_never_answers():
    start = logits({0: 50.0, 1: 40.0, 9: 30.0, 6: 1.0})
    end = logits({2: 50.0, 3: 40.0, 9: 30.0, 6: 1.0})
    spans = top_spans(start, end, MASK, k=20)
    assert all(MASK[s.start] and MASK[s.end] for s in spans)
    assert (spans[0].start, spans[0].end) == (6, 6)
    assert len(spans) == 15  # 5 context tokens: 5 + 4 + 3 + 2 + 1 spans with start <= end


def test_end_before_start_is_not_a_span():
    # The start peaks after the end peak: the pair (7, 4) is not allowed.
    spans = top_spans(logits({7: 8.0}), logits({4: 8.0}), MASK, k=15)
    assert all(s.start <= s.end for s in spans)
    assert (7, 4) not in {(s.start, s.end) for s in spans}


def test_answers_longer_than_the_limit_are_excluded():
    start, end = logits({4: 9.0}), logits({8: 9.0})
    assert (
        top_spans(start, end, MASK, k=1, max_answer_tokens=5)[0].start,
        top_spans(start, end, MASK, k=1, max_answer_tokens=5)[0].end,
    ) == (4, 8)
    short = top_spans(start, end, MASK, k=15, max_answer_tokens=2)
    assert all(s.end - s.start + 1 <= 2 for s in short)
    assert len(short) == 5 + 4


def test_scores_are_a_softmax_over_start_plus_end_of_valid_spans():
    rng = np.random.default_rng(0)
    start, end = rng.normal(size=MASK.size), rng.normal(size=MASK.size)
    p = span_probabilities(start, end, MASK, max_answer_tokens=3)
    valid = [
        (i, j)
        for i, j in itertools.product(range(MASK.size), repeat=2)
        if MASK[i] and MASK[j] and 0 <= j - i < 3
    ]
    total = sum(np.exp(start[i] + end[j]) for i, j in valid)
    for i, j in itertools.product(range(MASK.size), repeat=2):
        expected = np.exp(start[i] + end[j]) / total if (i, j) in valid else 0.0
        assert p[i, j] == pytest.approx(expected, rel=1e-12, abs=1e-15)
    assert p.sum() == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-30, 30), min_size=1, max_size=14),
    st.data(),
)
def test_top_spans_agree_with_brute_force(start_values, data):
    size = len(start_values)
    end_values = data.draw(st.lists(st.floats(-30, 30), min_size=size, max_size=size))
    mask = np.array(data.draw(st.lists(st.booleans(), min_size=size, max_size=size)))
    limit = data.draw(st.integers(1, 6))
    k = data.draw(st.integers(1, 8))
    spans = top_spans(start_values, end_values, mask, k=k, max_answer_tokens=limit)
    valid = sorted(
        (
            (start_values[i] + end_values[j], i, j)
            for i, j in itertools.product(range(size), repeat=2)
            if mask[i] and mask[j] and 0 <= j - i < limit
        ),
        key=lambda x: -x[0],
    )
    assert len(spans) == min(k, len(valid))
    if valid:
        assert spans[0].logit == pytest.approx(valid[0][0])
        assert sum(s.score for s in spans) <= 1.0 + 1e-9
        assert all(a.score >= b.score for a, b in zip(spans, spans[1:]))
        assert all(mask[s.start] and mask[s.end] and 0 <= s.end - s.start < limit for s in spans)


def test_no_context_tokens_means_no_span():
    empty = np.zeros(4, dtype=bool)
    assert top_spans(np.ones(4), np.ones(4), empty) == []
    assert not span_probabilities(np.ones(4), np.ones(4), empty).any()
    assert not token_probabilities(np.ones(4), empty).any()


def test_token_probabilities_only_over_the_context():
    p = token_probabilities(logits({0: 100.0, 5: 2.0, 6: 1.0}), MASK)
    assert p[~MASK].sum() == 0
    assert p[MASK].sum() == pytest.approx(1.0)
    assert p.argmax() == 5


def test_bad_arrays_raise_value_errors():
    with pytest.raises(ValueError):
        top_spans([0.0, np.nan], [0.0, 0.0], [True, True])
    with pytest.raises(ValueError):
        top_spans([0.0, 1.0], [0.0], [True, True])
    with pytest.raises(ValueError):
        top_spans([0.0], [0.0], [True], k=0)
    with pytest.raises(ValueError):
        valid_spans([True], max_answer_tokens=0)


# --- the threshold and answers over windows ------------------------------------------------------------------


def answer(text: str, start: int, score: float, window: int, logit: float = 0.0) -> Answer:
    return Answer(text, start, start + len(text), score, logit, window, 0, 0)


def test_threshold_judgement():
    assert is_reliable(0.5, 0.5) and is_reliable(0.9, 0.5)
    assert not is_reliable(0.49, 0.5)
    result = QAResult("q", "c", [answer("c", 0, 0.3, 0)], [], 1, 64, 8, 8, 30)
    assert result.reliable(0.25) and not result.reliable(0.3 + 1e-9)
    assert not QAResult("q", "c", [], [], 0, 64, 8, 8, 30).reliable(0.0)  # no span at all: never reliable


def test_merge_answers_counts_a_span_once_and_ranks_by_score():
    merged = merge_answers(
        [
            answer("paris", 10, 0.4, 0),
            answer("paris", 10, 0.7, 1),
            answer("france", 30, 0.5, 1),
            answer("the", 0, 0.5, 0, logit=3.0),
            answer("x", 50, 0.1, 2),
        ],
        k=3,
    )
    assert [(a.text, a.window) for a in merged] == [("paris", 1), ("the", 0), ("france", 1)]


def test_attention_to_span_is_the_share_of_context_attention_on_the_answer():
    a = np.zeros((1, 2, 2, 4))
    a[0, 0] = [[0.1, 0.2, 0.1, 0.0], [0.0, 0.4, 0.0, 0.0]]  # head 1: 0.7 of 0.8 on columns 1..2
    a[0, 1] = 0.25  # head 2: uniform
    share = attention_to_span(a, 1, 2)
    assert share[0, 0] == pytest.approx(0.7 / 0.8)
    assert share[0, 1] == pytest.approx(2 / 4)
    with pytest.raises(ValueError):
        attention_to_span(a, 2, 4)


@pytest.mark.parametrize(
    "count,start,end,radius,expected",
    [
        (100, 50, 52, 5, (45, 58)),
        (100, 1, 1, 5, (0, 11)),
        (100, 98, 99, 5, (88, 100)),
        (6, 2, 3, 10, (0, 6)),
    ],
)
def test_neighbourhood(count, start, end, radius, expected):
    assert neighbourhood(count, start, end, radius) == expected


# --- windows and the model ---------------------------------------------------------------------------------


@pytest.fixture(params=["distilbert", "roberta"])
def qa_model(request, tiny_loaded):
    return tiny_loaded(request.param, "qa")


def test_windows_overlap_and_cover_every_context_token(qa_model):
    loaded, extractor = qa_model
    result = answer_question(extractor, QUESTION, LONG_CONTEXT, stride=8)
    assert len(result.windows) > 1
    assert result.context_tokens > extractor.max_length
    ranges = [(w.char_start, w.char_end) for w in result.windows]
    assert ranges == sorted(ranges)
    assert all(nxt[0] < prev[1] for prev, nxt in zip(ranges, ranges[1:])), "neighbouring windows must overlap"
    assert ranges[0][0] == 0 and ranges[-1][1] == len(LONG_CONTEXT)
    offsets = loaded.tokenizer(LONG_CONTEXT, add_special_tokens=False, return_offsets_mapping=True)[
        "offset_mapping"
    ]
    for a, b in offsets:
        assert any(start <= a and b <= stop for start, stop in ranges), (
            f"token {LONG_CONTEXT[a:b]!r} in no window"
        )
    for w in result.windows:
        assert len(w.tokens) <= extractor.max_length
        assert w.question_positions and w.context_positions


def test_windows_start_and_end_on_whole_words(tiny_loaded):
    loaded, extractor = tiny_loaded("distilbert", "qa")
    plans = plan_windows(loaded.tokenizer, QUESTION, LONG_CONTEXT, extractor.max_length, 8)
    assert len(plans) > 1
    for plan in plans:
        assert plan.char_start == 0 or LONG_CONTEXT[plan.char_start - 1] == " "
        assert plan.char_end == len(LONG_CONTEXT) or LONG_CONTEXT[plan.char_end] == " "


def test_every_answer_is_the_exact_context_substring(qa_model):
    loaded, extractor = qa_model
    context = "Hello world: the actors, the movie — and PARIS (the capital) of France! " * 3
    for long_context in (context, LONG_CONTEXT):
        result = answer_question(extractor, QUESTION, long_context, stride=8, top_k=10, align_to_words=False)
        assert result.answers
        for a in result.answers:
            assert a.text == long_context[a.char_start : a.char_end]
            window = result.windows[a.window]
            assert window.offsets[a.token_start][0] == a.char_start
            assert window.offsets[a.token_end][1] == a.char_end
        for window in result.windows:  # every context token's offsets point at its own characters
            for p in window.context_positions:
                a, b = window.offsets[p]
                piece = window.tokens[p].replace("##", "").replace("\u0120", " ")
                if loaded.architecture != "roberta" and piece != loaded.tokenizer.unk_token:
                    assert long_context[a:b].lower() == piece


def test_answers_widened_to_whole_words(tiny_loaded):
    _loaded, extractor = tiny_loaded("distilbert", "qa")
    context = "zyxwvut qwertyuiop paris asdfghjkl mnbvcxz the capital"  # unknown words: one token per letter
    result = answer_question(extractor, QUESTION, context, top_k=10)
    assert len(result.answers) == 10
    for a in result.answers:
        assert a.text == context[a.char_start : a.char_end]
        assert a.char_start == 0 or context[a.char_start - 1] == " "
        assert a.char_end == len(context) or context[a.char_end] == " "
    assert len({(a.char_start, a.char_end) for a in result.answers}) == 10


def test_best_answer_is_the_best_over_all_windows(tiny_loaded):
    _loaded, extractor = tiny_loaded("distilbert", "qa")
    result = answer_question(extractor, QUESTION, LONG_CONTEXT, stride=8, top_k=5, align_to_words=False)
    per_window = [
        top_spans(w.start_logits, w.end_logits, w.context_mask, k=1)[0].score for w in result.windows
    ]
    assert result.best.score == pytest.approx(max(per_window))
    assert result.best.window == int(np.argmax(per_window))
    assert [a.score for a in result.answers] == sorted((a.score for a in result.answers), reverse=True)
    assert len({(a.char_start, a.char_end) for a in result.answers}) == len(result.answers) == 5


def test_attention_is_question_rows_by_context_columns_of_the_best_window(tiny_loaded):
    loaded, extractor = tiny_loaded("distilbert", "qa")
    result = answer_question(extractor, QUESTION, LONG_CONTEXT, stride=8)
    window = result.windows[result.best.window]
    assert result.attention_window == result.best.window
    assert result.attention.shape == (
        loaded.num_layers,
        loaded.num_heads,
        len(window.question_positions),
        len(window.context_positions),
    )
    again = extractor(QUESTION, LONG_CONTEXT[window.char_start : window.char_end])
    expected = again.attentions[:, :, window.question_positions][:, :, :, window.context_positions]
    np.testing.assert_allclose(result.attention, expected, atol=1e-6)


def test_short_context_is_one_window(tiny_loaded):
    _loaded, extractor = tiny_loaded("distilbert", "qa")
    context = "paris is the capital of france ."
    result = answer_question(extractor, QUESTION, context)
    assert len(result.windows) == 1
    assert (result.windows[0].char_start, result.windows[0].char_end) == (0, len(context))
    assert result.context_tokens == 7


def test_bad_inputs_raise_codes_the_page_translates(tiny_loaded):
    _loaded, extractor = tiny_loaded("distilbert", "qa")
    cases = [
        ("", "context", "empty_question"),
        ("   ", "context", "empty_question"),
        (QUESTION, "\n ", "empty_context"),
        (QUESTION, "a" * 20_001, "context_too_long"),
        ("what " * 40, "paris", "question_too_long"),
    ]
    for question, context, code in cases:
        with pytest.raises(NlpError) as caught:
            answer_question(extractor, question, context)
        assert caught.value.code == code


def test_too_large_stride_is_reduced_and_reported(tiny_loaded):
    _loaded, extractor = tiny_loaded("distilbert", "qa")
    result = answer_question(extractor, QUESTION, LONG_CONTEXT, stride=1000)
    assert result.stride_asked == 1000 and 0 < result.stride < 1000
    assert len(result.windows) > 1


def test_progress_is_reported_per_window(tiny_loaded):
    _loaded, extractor = tiny_loaded("distilbert", "qa")
    seen = []
    result = answer_question(
        extractor, QUESTION, LONG_CONTEXT, stride=8, progress=lambda d, n: seen.append((d, n))
    )
    assert seen == [(i + 1, len(result.windows)) for i in range(len(result.windows))]
