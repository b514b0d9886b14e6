"""View transforms: hide special tokens, merge word pieces, average, compare, export."""

import csv
import io
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attnviz.core.attention_views import (
    CSV_COLUMNS,
    SpecialTokens,
    attention_change,
    attention_csv,
    attention_json,
    average_attention,
    build_view,
    clean_token,
    drop_tokens,
    head_divergence,
    hide_special_tokens,
    merge_word_pieces,
    rank_heads,
    token_labels,
    word_groups,
)

TOKENS = ["[CLS]", "play", "##ing", "[SEP]"]
WORD_IDS = [None, 0, 0, None]
A = np.array(
    [
        [0.4, 0.3, 0.2, 0.1],
        [0.1, 0.2, 0.3, 0.4],
        [0.3, 0.3, 0.2, 0.2],
        [0.25, 0.25, 0.25, 0.25],
    ]
)
ONE = A[None, None]  # (1, 1, 4, 4)


def softmax_stack(rng, shape, sharpness=3.0):
    logits = rng.normal(size=shape) * sharpness
    a = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return a / a.sum(axis=-1, keepdims=True)


# --- merging word pieces --------------------------------------------------------------------


def test_merge_hand_computed():
    merged = merge_word_pieces(ONE, TOKENS, WORD_IDS)
    # to a word: sum over its pieces' columns; from a word: mean of its pieces' rows
    expected = np.array(
        [
            [0.4, 0.5, 0.1],
            [0.2, 0.5, 0.3],
            [0.25, 0.5, 0.25],
        ]
    )
    np.testing.assert_allclose(merged.attentions[0, 0], expected)
    assert merged.labels == ["[CLS]", "playing", "[SEP]"]
    assert merged.groups == [[0], [1, 2], [3]]


def test_word_groups_use_runs_so_pairs_do_not_mix():
    # word ids restart for the second text of a pair
    assert word_groups([None, 0, 1, 1, None, 0, 0, None]) == [[0], [1], [2, 3], [4], [5, 6], [7]]
    assert word_groups([]) == []


def test_roberta_pieces_and_byte_level_decoding():
    tokens = ["<s>", "Ġcaf", "Ã©", "Ġcon", "Ġleche", "</s>"]
    word_ids = [None, 0, 0, 1, 2, None]
    a = np.full((1, 1, 6, 6), 1 / 6)
    assert merge_word_pieces(a, tokens, word_ids, byte_level=True).labels == [
        "<s>",
        "café",
        "con",
        "leche",
        "</s>",
    ]
    assert merge_word_pieces(a, tokens, word_ids).labels == ["<s>", "cafÃ©", "con", "leche", "</s>"]
    assert token_labels(tokens, byte_level=True) == ["<s>", "caf", "é", "con", "leche", "</s>"]
    assert clean_token("Ã", byte_level=True) == "\ufffd"  # half of a two-byte character
    assert (
        clean_token("##ing") == "ing" and clean_token("Ġhouse") == "house" and clean_token("▁casa") == "casa"
    )
    assert clean_token("##") == "" and clean_token("#") == "#"


def test_merge_rejects_mismatched_word_ids():
    with pytest.raises(ValueError):
        merge_word_pieces(ONE, TOKENS, [None, 0, None])


# --- hiding special tokens ------------------------------------------------------------------


def test_hide_special_tokens_renormalises_rows():
    filtered = hide_special_tokens(ONE, TOKENS)
    np.testing.assert_array_equal(filtered.kept, [1, 2])
    # rows of "play" and "##ing" restricted to those two columns, then divided by their sum
    np.testing.assert_allclose(filtered.attentions[0, 0], [[0.4, 0.6], [0.6, 0.4]])
    assert not filtered.empty_rows.any()


def test_rows_that_only_looked_at_removed_tokens_become_zero_and_flagged():
    a = np.array(
        [
            [1.0, 0.0, 0.0, 0.0],
            [1.0, 0.0, 0.0, 0.0],  # "a" looks only at [CLS]
            [0.5, 0.25, 0.25, 0.0],
            [0.0, 0.0, 0.0, 1.0],
        ]
    )[None, None]
    filtered = hide_special_tokens(a, ["[CLS]", "a", "b", "[SEP]"])
    np.testing.assert_allclose(filtered.attentions[0, 0], [[0.0, 0.0], [0.5, 0.5]])
    np.testing.assert_array_equal(filtered.empty_rows[0, 0], [True, False])
    assert np.all(np.isfinite(filtered.attentions))


def test_float32_residue_counts_as_empty():
    a = np.array([[1.0, 0.0, 0.0], [1.0 - 2e-8, 1e-8, 1e-8], [0.5, 0.25, 0.25]], dtype=np.float32)[None, None]
    filtered = drop_tokens(a, [True, False, False])
    np.testing.assert_allclose(filtered.attentions[0, 0], [[0.0, 0.0], [0.5, 0.5]])
    np.testing.assert_array_equal(filtered.empty_rows[0, 0], [True, False])


def test_drop_without_renormalising_and_roles():
    filtered = hide_special_tokens(ONE, TOKENS, roles=("sep",), renormalise=False)
    np.testing.assert_array_equal(filtered.kept, [0, 1, 2])
    np.testing.assert_allclose(filtered.attentions[0, 0], A[:3, :3])
    with pytest.raises(ValueError):
        hide_special_tokens(ONE, TOKENS, roles=("bos",))
    with pytest.raises(ValueError):
        drop_tokens(ONE, [True, False])


def test_roberta_and_custom_special_tokens_are_hidden():
    a = np.full((1, 1, 5, 5), 0.2)
    filtered = hide_special_tokens(a, ["<s>", "Ġhi", "Ġthere", "</s>", "<pad>"])
    np.testing.assert_array_equal(filtered.kept, [1, 2])
    custom = SpecialTokens(cls={"<cls>"}, sep={"<sep>"}, pad=set())
    filtered = hide_special_tokens(a[:, :, :3, :3] / 0.6, ["<cls>", "x", "<sep>"], special_tokens=custom)
    np.testing.assert_array_equal(filtered.kept, [1])


# --- averaging and the combined view ----------------------------------------------------------


def test_average_keeps_four_dimensions():
    rng = np.random.default_rng(0)
    a = softmax_stack(rng, (3, 4, 5, 5))
    assert average_attention(a, "none").shape == (3, 4, 5, 5)
    np.testing.assert_allclose(average_attention(a, "heads")[:, 0], a.mean(axis=1))
    np.testing.assert_allclose(average_attention(a, "layers")[0], a.mean(axis=0))
    np.testing.assert_allclose(average_attention(a, "both")[0, 0], a.mean(axis=(0, 1)))
    with pytest.raises(ValueError):
        average_attention(a, "tokens")


def test_build_view_merges_then_averages_then_hides():
    rng = np.random.default_rng(1)
    a = softmax_stack(rng, (2, 3, 4, 4))
    view = build_view(a, TOKENS, WORD_IDS, merge_words=True, average="heads", hide_special=True)
    assert view.labels == ["playing"] and view.positions == [[1, 2]]
    assert view.attentions.shape == (2, 1, 1, 1)
    np.testing.assert_allclose(view.attentions, 1.0)
    assert view.layer_ids == [0, 1] and view.head_ids is None

    plain = build_view(a, TOKENS)
    assert plain.labels == ["[CLS]", "play", "##ing", "[SEP]"]
    np.testing.assert_allclose(plain.attentions, a)
    assert plain.layer_ids == [0, 1] and plain.head_ids == [0, 1, 2] and not plain.empty_rows.any()

    hidden = build_view(a, TOKENS, hide_special=True, average="both")
    assert hidden.labels == ["play", "##ing"] and hidden.positions == [[1], [2]]
    assert hidden.layer_ids is None and hidden.head_ids is None
    np.testing.assert_allclose(hidden.attentions.sum(axis=-1), 1.0)
    with pytest.raises(ValueError):
        build_view(a, TOKENS, merge_words=True)  # no word ids


@st.composite
def pieces_case(draw):
    n_words = draw(st.integers(1, 6))
    sizes = draw(st.lists(st.integers(1, 3), min_size=n_words, max_size=n_words))
    word_ids: list[int | None] = [None]
    tokens = ["[CLS]"]
    for w, size in enumerate(sizes):
        word_ids += [w] * size
        tokens += [f"w{w}"] + [f"##p{k}" for k in range(1, size)]
    word_ids.append(None)
    tokens.append("[SEP]")
    n_layers, n_heads = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    seed = draw(st.integers(0, 2**32 - 1))
    sharpness = draw(st.sampled_from([0.5, 3.0, 40.0]))
    a = softmax_stack(np.random.default_rng(seed), (n_layers, n_heads, len(tokens), len(tokens)), sharpness)
    return a.astype(np.float32), tokens, word_ids, n_words


@settings(max_examples=120, deadline=None)
@given(pieces_case(), st.booleans(), st.booleans(), st.sampled_from(["none", "heads", "layers", "both"]))
def test_rows_still_sum_to_one(case, merge, hide, average):
    a, tokens, word_ids, n_words = case
    merged = merge_word_pieces(a, tokens, word_ids)
    assert merged.attentions.shape[-1] == n_words + 2
    np.testing.assert_allclose(merged.attentions.sum(axis=-1), 1.0, atol=1e-6)
    assert merged.labels[1:-1] == [
        f"w{w}" + "".join(f"p{k}" for k in range(1, len(g))) for w, g in enumerate(merged.groups[1:-1])
    ]

    view = build_view(a, tokens, word_ids, merge_words=merge, hide_special=hide, average=average)
    sums = view.attentions.sum(axis=-1)
    assert np.all(np.isfinite(view.attentions)) and np.all(view.attentions >= 0)
    np.testing.assert_allclose(sums[~view.empty_rows], 1.0, atol=1e-6)
    assert np.all(sums[view.empty_rows] == 0)
    assert len(view.labels) == len(view.positions) == view.attentions.shape[-1]
    assert sorted(p for group in view.positions for p in group) == sorted(
        p for p in range(len(tokens)) if not (hide and tokens[p] in ("[CLS]", "[SEP]"))
    )


# --- comparing two models --------------------------------------------------------------------


def test_attention_change_and_divergence_hand_computed():
    before = np.array([[0.5, 0.5], [0.5, 0.5]])[None, None]
    after = np.array([[1.0, 0.0], [0.5, 0.5]])[None, None]
    np.testing.assert_allclose(attention_change(before, after)[0, 0], [[0.5, -0.5], [0, 0]])
    # mean |after - before| over the 4 cells
    assert head_divergence(before, after, "mean_abs")[0, 0] == pytest.approx(0.25)
    # JS(row 0) = 0.5 KL(p||m) + 0.5 KL(q||m), m = (0.75, 0.25), log base 2; row 1 is 0
    kl_p = 0.5 * np.log2(0.5 / 0.75) + 0.5 * np.log2(0.5 / 0.25)
    kl_q = np.log2(1 / 0.75)
    assert head_divergence(before, after, "js")[0, 0] == pytest.approx(0.5 * (0.5 * kl_p + 0.5 * kl_q))
    assert head_divergence(before, after, "js", query_mask=[True, False])[0, 0] == pytest.approx(
        0.5 * kl_p + 0.5 * kl_q
    )


def test_divergence_extremes_and_ranking():
    t = 4
    one_hot_first = np.zeros((t, t))
    one_hot_first[:, 0] = 1
    one_hot_last = np.zeros((t, t))
    one_hot_last[:, -1] = 1
    before = np.stack([np.stack([one_hot_first, one_hot_first, one_hot_first])] * 2)  # (2, 3, t, t)
    after = before.copy()
    after[1, 2] = one_hot_last  # completely different
    after[0, 1] = 0.5 * (one_hot_first + one_hot_last)
    js = head_divergence(before, after, "js")
    assert js[1, 2] == pytest.approx(1.0) and js[0, 0] == 0.0
    assert 0 < js[0, 1] < 1
    ranking = rank_heads(js, top=2)
    assert [(l, h) for l, h, _ in ranking] == [(1, 2), (0, 1)]  # noqa: E741
    assert ranking[0][2] == pytest.approx(1.0)
    assert rank_heads(js, descending=False)[0][2] == 0.0
    with pytest.raises(ValueError):
        head_divergence(before, after[:, :2])
    with pytest.raises(ValueError):
        head_divergence(before, after, "kl")


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 6))
def test_divergences_in_unit_range(seed, t):
    rng = np.random.default_rng(seed)
    a, b = softmax_stack(rng, (2, 2, t, t), 5), softmax_stack(rng, (2, 2, t, t), 5)
    for metric in ("js", "mean_abs"):
        d = head_divergence(a, b, metric)
        assert np.all(d >= 0) and np.all(d <= 1)
        np.testing.assert_allclose(head_divergence(a, a, metric), 0, atol=1e-12)


# --- export ----------------------------------------------------------------------------------


def test_csv_long_format():
    rng = np.random.default_rng(2)
    a = softmax_stack(rng, (2, 3, 4, 4))
    tokens = ["[CLS]", 'say "hi", ok', "=1+1", "[SEP]"]
    rows = list(csv.reader(io.StringIO(attention_csv(a, tokens))))
    assert tuple(rows[0]) == CSV_COLUMNS
    body = rows[1:]
    assert len(body) == 2 * 3 * 4 * 4
    layer, head, i, from_token, j, to_token, weight = body[
        ((0 * 3 + 2) * 4 + 1) * 4 + 3
    ]  # layer 0, head 2, from 1, to 3
    assert (layer, head, i, j) == ("0", "2", "1", "3")
    assert from_token == 'say "hi", ok' and to_token == "[SEP]"
    assert float(weight) == pytest.approx(a[0, 2, 1, 3], abs=1e-6)
    weights = np.array([float(r[-1]) for r in body]).reshape(a.shape)
    np.testing.assert_allclose(weights, a, atol=1e-6)


def test_csv_ids_and_index_base():
    a = np.full((1, 2, 2, 2), 0.5)
    rows = list(csv.reader(io.StringIO(attention_csv(a, ["a", "b"], layers=[4], heads=[7, 9], index_base=1))))
    assert rows[1][:5] == ["5", "8", "1", "a", "1"]
    assert rows[-1][:5] == ["5", "10", "2", "b", "2"]
    with pytest.raises(ValueError):
        attention_csv(a, ["a"])
    with pytest.raises(ValueError):
        attention_csv(a, ["a", "b"], heads=[1])


def test_json_round_trip():
    rng = np.random.default_rng(3)
    a = softmax_stack(rng, (1, 2, 3, 3))
    tokens = ["<s>", "</script>", "ñandú"]
    text = attention_json(a, tokens, metadata={"model": "distilbert", "text": "ñandú"})
    doc = json.loads(text)
    assert doc["format"] == "attnviz.attention/1" and doc["index_base"] == 0
    assert doc["shape"] == [1, 2, 3, 3] and doc["layers"] == [0] and doc["heads"] == [0, 1]
    assert doc["from_tokens"] == tokens == doc["to_tokens"]
    np.testing.assert_allclose(doc["attentions"], a, atol=1e-6)
    assert doc["metadata"] == {"model": "distilbert", "text": "ñandú"}
    assert "ñandú" in text  # UTF-8, not \u escapes


def test_wordpiece_continuations_keep_their_marker_in_labels():
    assert token_labels(["[CLS]", "prof", "##es", "##or", "##", "[SEP]"]) == [
        "[CLS]",
        "prof",
        "##es",
        "##or",
        "##",
        "[SEP]",
    ]


def test_sentencepiece_pieces_become_words():
    from attnviz.core.attention_views import sentencepiece_word_ids

    tokens = ["\u2581el", "\u2581ga", "to", "\u2581come", "</s>"]
    assert sentencepiece_word_ids(tokens, ["</s>"]) == [0, 1, 1, 2, None]
    # a piece after a special token starts a word even without the marker
    assert sentencepiece_word_ids(["<pad>", "to", "\u2581x"], ["<pad>"]) == [None, 0, 1]


def test_merged_cross_attention_keeps_rows_as_distributions():
    from attnviz.core.attention_views import merge_rectangular, sentencepiece_word_ids

    rng = np.random.default_rng(0)
    rows = ["<pad>", "\u2581the", "\u2581c", "at"]
    cols = ["\u2581el", "\u2581ga", "to", "</s>"]
    weights = rng.dirichlet(np.ones(len(cols)), size=(2, len(rows)))  # (heads, rows, cols)
    merged, row_words, col_words = merge_rectangular(
        weights, rows, sentencepiece_word_ids(rows, ["<pad>"]), cols, sentencepiece_word_ids(cols, ["</s>"])
    )
    assert row_words == ["<pad>", "the", "cat"] and col_words == ["el", "gato", "</s>"]
    assert merged.shape == (2, 3, 3) and np.allclose(merged.sum(axis=-1), 1)
    # "gato" gets the sum of its pieces' columns; "cat" the mean of its pieces' rows
    expected = (weights[:, 2, 1] + weights[:, 2, 2] + weights[:, 3, 1] + weights[:, 3, 2]) / 2
    assert np.allclose(merged[:, 2, 1], expected)
    with pytest.raises(ValueError):
        merge_rectangular(weights, rows[:2], [0, 1], cols, [0, 1, 1, None])
