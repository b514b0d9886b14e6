"""Head metrics (Clark et al. 2019) against hand-computed values and their bounds."""

from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attnviz.core.attention_views import SpecialTokens, is_punctuation, token_roles
from attnviz.core.head_metrics import METRIC_NAMES, HeadMetrics, attention_entropy, head_metrics

BERT_TOKENS = ["[CLS]", "the", "cat", ",", "sat", ".", "[SEP]"]
T = len(BERT_TOKENS)


def stack(*heads: np.ndarray) -> np.ndarray:
    """One layer holding the given (T, T) heads."""
    return np.stack(heads)[None]


def uniform(t: int = T) -> np.ndarray:
    return np.full((t, t), 1.0 / t)


def on_column(column: int, t: int = T) -> np.ndarray:
    a = np.zeros((t, t))
    a[:, column] = 1.0
    return a


def random_attention(rng, shape) -> np.ndarray:
    logits = rng.normal(size=shape) * 3
    a = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return a / a.sum(axis=-1, keepdims=True)


def test_all_weight_on_cls_scores_one_and_zero_entropy():
    m = head_metrics(stack(on_column(0)), BERT_TOKENS)
    assert m.cls[0, 0] == 1.0
    assert m.entropy[0, 0] == 0.0
    assert m.max_weight[0, 0] == 1.0
    assert m.sep[0, 0] == 0.0 and m.punct[0, 0] == 0.0
    # only query 0 attends to itself; query 1 attends to its previous token
    assert m.same[0, 0] == pytest.approx(1 / T)
    assert m.previous[0, 0] == pytest.approx(1 / T)
    assert m.next[0, 0] == 0.0


def test_all_weight_on_sep_and_on_punctuation():
    m = head_metrics(stack(on_column(T - 1), on_column(3)), BERT_TOKENS)
    np.testing.assert_array_equal(m.sep, [[1.0, 0.0]])
    np.testing.assert_array_equal(m.punct, [[0.0, 1.0]])
    np.testing.assert_array_equal(m.cls, [[0.0, 0.0]])


def test_uniform_head():
    m = head_metrics(stack(uniform()), BERT_TOKENS)
    assert m.entropy[0, 0] == pytest.approx(np.log(T))
    assert m.max_entropy == pytest.approx(np.log(T))
    assert m.max_weight[0, 0] == pytest.approx(1 / T)
    assert m.cls[0, 0] == pytest.approx(1 / T)
    assert m.sep[0, 0] == pytest.approx(1 / T)
    assert m.punct[0, 0] == pytest.approx(2 / T)  # "," and "."
    assert m.same[0, 0] == pytest.approx(1 / T)
    # Clark et al. average over all T queries; the first has no previous token
    assert m.previous[0, 0] == pytest.approx((T - 1) / T / T)
    assert m.next[0, 0] == pytest.approx((T - 1) / T / T)


def test_previous_and_next_token_heads():
    prev = np.eye(T, k=-1)
    prev[0, 0] = 1.0
    nxt = np.eye(T, k=1)
    nxt[-1, -1] = 1.0
    m = head_metrics(stack(prev, nxt, np.eye(T)), BERT_TOKENS)
    np.testing.assert_allclose(m.previous, [[(T - 1) / T, 0.0, 0.0]])
    np.testing.assert_allclose(m.next, [[0.0, (T - 1) / T, 0.0]])
    np.testing.assert_allclose(m.same, [[1 / T, 1 / T, 1.0]])
    np.testing.assert_allclose(m.entropy, [[0.0, 0.0, 0.0]])


def test_hand_computed_three_tokens():
    tokens = ["[CLS]", "hola", "[SEP]"]
    a = np.array(
        [
            [0.5, 0.25, 0.25],
            [0.2, 0.6, 0.2],
            [0.1, 0.1, 0.8],
        ]
    )
    m = head_metrics(stack(a), tokens)
    assert m.cls[0, 0] == pytest.approx((0.5 + 0.2 + 0.1) / 3)
    assert m.sep[0, 0] == pytest.approx((0.25 + 0.2 + 0.8) / 3)
    assert m.same[0, 0] == pytest.approx((0.5 + 0.6 + 0.8) / 3)
    assert m.previous[0, 0] == pytest.approx((0.2 + 0.1) / 3)
    assert m.next[0, 0] == pytest.approx((0.25 + 0.2) / 3)
    assert m.max_weight[0, 0] == pytest.approx((0.5 + 0.6 + 0.8) / 3)
    h0 = -(0.5 * np.log(0.5) + 2 * 0.25 * np.log(0.25))
    h1 = -(0.6 * np.log(0.6) + 2 * 0.2 * np.log(0.2))
    h2 = -(0.8 * np.log(0.8) + 2 * 0.1 * np.log(0.1))
    assert m.entropy[0, 0] == pytest.approx((h0 + h1 + h2) / 3)


def test_roberta_tokens():
    tokens = ["<s>", "Ġhello", "Ġ,", "Ġworld", "</s>"]
    m = head_metrics(stack(on_column(0, 5), on_column(4, 5), on_column(2, 5)), tokens)
    np.testing.assert_array_equal(m.cls, [[1.0, 0.0, 0.0]])
    np.testing.assert_array_equal(m.sep, [[0.0, 1.0, 0.0]])
    np.testing.assert_array_equal(m.punct, [[0.0, 0.0, 1.0]])


def test_special_tokens_passed_explicitly():
    tokens = ["<cls>", "a", "<sep>"]
    custom = SpecialTokens(cls={"<cls>"}, sep={"<sep>"}, pad={"<pad>"})
    m = head_metrics(stack(on_column(0, 3)), tokens, special_tokens=custom)
    assert m.cls[0, 0] == 1.0
    assert head_metrics(stack(on_column(0, 3)), tokens).cls[0, 0] == 0.0  # the default does not know them


def test_special_tokens_from_a_tokenizers_map():
    # what transformers' special_tokens_map holds: only the tokens that are set
    bert = SimpleNamespace(
        special_tokens_map={
            "unk_token": "[UNK]",
            "sep_token": "[SEP]",
            "pad_token": "[PAD]",
            "cls_token": "[CLS]",
            "mask_token": "[MASK]",
        }
    )
    roberta = SimpleNamespace(
        special_tokens_map={
            "bos_token": "<s>",
            "eos_token": "</s>",
            "unk_token": "<unk>",
            "sep_token": "</s>",
            "pad_token": "<pad>",
            "cls_token": "<s>",
            "mask_token": "<mask>",
        }
    )
    assert SpecialTokens.from_tokenizer(bert) == SpecialTokens(cls={"[CLS]"}, sep={"[SEP]"}, pad={"[PAD]"})
    assert SpecialTokens.from_tokenizer(roberta) == SpecialTokens(cls={"<s>"}, sep={"</s>"}, pad={"<pad>"})


def test_special_tokens_from_tokenizer_attributes():
    bert = SimpleNamespace(
        cls_token="[CLS]", sep_token="[SEP]", pad_token="[PAD]", bos_token=None, eos_token=None
    )
    roberta = SimpleNamespace(
        cls_token="<s>", sep_token="</s>", pad_token="<pad>", bos_token="<s>", eos_token="</s>"
    )
    only_bos = SimpleNamespace(bos_token="<s>", eos_token="</s>", pad_token=None)
    assert SpecialTokens.from_tokenizer(bert) == SpecialTokens(cls={"[CLS]"}, sep={"[SEP]"}, pad={"[PAD]"})
    assert SpecialTokens.from_tokenizer(roberta) == SpecialTokens(cls={"<s>"}, sep={"</s>"}, pad={"<pad>"})
    assert SpecialTokens.from_tokenizer(only_bos) == SpecialTokens(cls={"<s>"}, sep={"</s>"}, pad=set())


def test_padding_queries_are_left_out():
    tokens = BERT_TOKENS + ["[PAD]", "[PAD]"]
    rng = np.random.default_rng(1)
    real = random_attention(rng, (2, 3, T, T))
    padded = np.zeros((2, 3, T + 2, T + 2))
    padded[:, :, :T, :T] = real
    padded[:, :, T:, :T] = 1.0 / T  # whatever padding queries do must not count
    m_padded = head_metrics(padded, tokens)
    m_real = head_metrics(real, BERT_TOKENS)
    assert m_padded.n_queries == T
    for name in METRIC_NAMES:
        np.testing.assert_allclose(m_padded.get(name), m_real.get(name), atol=1e-12, err_msg=name)


def test_vectorised_over_layers_and_heads_matches_a_per_head_loop():
    rng = np.random.default_rng(2)
    a = random_attention(rng, (3, 4, T, T))
    m = head_metrics(a, BERT_TOKENS)
    assert m.shape == (3, 4)
    for layer in range(3):
        for head in range(4):
            one = head_metrics(a[layer : layer + 1, head : head + 1], BERT_TOKENS)
            for name in METRIC_NAMES:
                assert one.get(name)[0, 0] == pytest.approx(m.get(name)[layer, head]), name
            w = a[layer, head]
            assert m.cls[layer, head] == pytest.approx(w[:, 0].mean())
            assert m.previous[layer, head] == pytest.approx(sum(w[i, i - 1] for i in range(1, T)) / T)


def test_bundle_helpers():
    m = head_metrics(stack(uniform(), on_column(0)), BERT_TOKENS)
    assert isinstance(m, HeadMetrics)
    assert m.names == METRIC_NAMES == tuple(m.as_dict())
    assert m.stack().shape == (len(METRIC_NAMES), 1, 2)
    np.testing.assert_array_equal(m.stack()[METRIC_NAMES.index("cls")], m.cls)
    assert m.bounds("entropy") == (0.0, pytest.approx(np.log(T)))
    assert m.bounds("cls") == (0.0, 1.0)
    with pytest.raises(KeyError):
        m.get("nope")


def test_bad_input():
    with pytest.raises(ValueError):
        head_metrics(np.ones((T, T)) / T, BERT_TOKENS)  # not 4-D
    with pytest.raises(ValueError):
        head_metrics(stack(uniform()), BERT_TOKENS[:-1])  # tokens do not match
    with pytest.raises(ValueError):
        head_metrics(stack(uniform(2)), ["[PAD]", "[PAD]"])  # nothing but padding
    bad = stack(uniform())
    bad[0, 0, 0, 0] = np.nan
    with pytest.raises(ValueError):
        head_metrics(bad, BERT_TOKENS)


@pytest.mark.parametrize(
    "token, expected",
    [
        (".", True),
        (",", True),
        ("...", True),
        ("!", True),
        ("¿", True),
        ("Ġ,", True),
        ("##.", True),
        ('"', True),
        ("[CLS]", False),
        ("</s>", False),
        ("a", False),
        ("Ġ", False),
        ("$", False),
        ("1.5", False),
    ],
)
def test_punctuation(token, expected):
    assert is_punctuation(token) is expected


def test_token_roles():
    roles = token_roles(["[CLS]", "a", ".", "[SEP]", "[PAD]"])
    np.testing.assert_array_equal(roles.cls, [1, 0, 0, 0, 0])
    np.testing.assert_array_equal(roles.sep, [0, 0, 0, 1, 0])
    np.testing.assert_array_equal(roles.pad, [0, 0, 0, 0, 1])
    np.testing.assert_array_equal(roles.punct, [0, 0, 1, 0, 0])
    np.testing.assert_array_equal(roles.special, [1, 0, 0, 1, 1])


def test_entropy_treats_zero_weights_as_zero():
    assert attention_entropy(np.array([1.0, 0.0, 0.0])) == 0.0
    assert attention_entropy(np.array([0.5, 0.5, 0.0])) == pytest.approx(np.log(2))


VOCAB = ["[CLS]", "[SEP]", "[PAD]", "the", "##s", ".", ",", "<s>", "</s>", "Ġword", "!"]


@st.composite
def attention_and_tokens(draw):
    n_layers = draw(st.integers(1, 3))
    n_heads = draw(st.integers(1, 3))
    t = draw(st.integers(1, 9))
    tokens = draw(st.lists(st.sampled_from(VOCAB), min_size=t, max_size=t))
    if all(tok == "[PAD]" for tok in tokens):
        tokens[0] = "the"
    seed = draw(st.integers(0, 2**32 - 1))
    sharpness = draw(st.sampled_from([0.1, 1.0, 10.0, 60.0]))
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=(n_layers, n_heads, t, t)) * sharpness
    a = np.exp(logits - logits.max(axis=-1, keepdims=True))
    a = (a / a.sum(axis=-1, keepdims=True)).astype(np.float32)  # the model's dtype: rows sum to 1 +- 1e-7
    return a, tokens


@settings(max_examples=150, deadline=None)
@given(attention_and_tokens())
def test_metrics_stay_in_range(case):
    a, tokens = case
    m = head_metrics(a, tokens)
    t = len(tokens)
    for name in METRIC_NAMES:
        values = m.get(name)
        assert values.shape == a.shape[:2]
        assert np.all(np.isfinite(values))
        low, high = m.bounds(name)
        assert np.all(values >= low) and np.all(values <= high), name
    assert np.all(m.entropy <= np.log(t) + 1e-12)
    assert np.all(m.cls + m.sep + m.punct <= 1 + 1e-6)
    assert np.all(m.previous + m.same + m.next <= 1 + 1e-6)
    assert np.all(m.max_weight >= 1.0 / t - 1e-6)
