"""The real pretrained checkpoint in ../shared (PyTorch-format safetensors only, BertModel names):
loaded through our numpy path and checked against an independent numpy forward pass."""

import os
import time

import numpy as np
import pytest

from tests.helpers.shared_data import MINILM

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (MINILM / "model.safetensors").is_file(), reason="../shared/models/all-MiniLM-L6-v2 absent"
    ),
]

SENTENCE = "The film was a charming and often affecting journey, and I loved it."


@pytest.fixture(scope="module")
def minilm():
    from attnviz.nlp.attention import AttentionExtractor
    from attnviz.nlp.loading import load_classifier

    before = sorted(os.listdir(MINILM))
    started = time.perf_counter()
    loaded = load_classifier(MINILM)
    print(f"MiniLM load: {time.perf_counter() - started:.2f} s")
    assert sorted(os.listdir(MINILM)) == before  # nothing written beside the checkpoint
    return loaded, AttentionExtractor(loaded)


def numpy_bert_attentions(weights: dict, config: dict, ids: list[int]) -> list[np.ndarray]:
    """BERT's encoder written out in numpy (float64), straight from the checkpoint's tensors."""
    w = {k: v.astype(np.float64) for k, v in weights.items()}
    heads, eps = config["num_attention_heads"], config["layer_norm_eps"]
    n = len(ids)

    def norm(x, prefix):
        mean, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + eps) * w[prefix + ".weight"] + w[prefix + ".bias"]

    def dense(x, prefix):
        return x @ w[prefix + ".weight"].T + w[prefix + ".bias"]

    def gelu(x):
        from math import erf

        return 0.5 * x * (1 + np.vectorize(erf)(x / np.sqrt(2)))

    h = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][:n]
        + w["embeddings.token_type_embeddings.weight"][0]
    )
    h = norm(h, "embeddings.LayerNorm")
    attentions = []
    for layer in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{layer}."
        split = lambda x: x.reshape(n, heads, -1).transpose(1, 0, 2)  # noqa: E731
        q, k, v = (split(dense(h, p + f"attention.self.{name}")) for name in ("query", "key", "value"))
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(q.shape[-1])
        probs = np.exp(scores - scores.max(-1, keepdims=True))
        probs /= probs.sum(-1, keepdims=True)
        attentions.append(probs)
        context = (probs @ v).transpose(1, 0, 2).reshape(n, -1)
        h = norm(dense(context, p + "attention.output.dense") + h, p + "attention.output.LayerNorm")
        h = norm(
            dense(gelu(dense(h, p + "intermediate.dense")), p + "output.dense") + h, p + "output.LayerNorm"
        )
    return attentions


def test_attention_equals_an_independent_numpy_forward_pass(minilm):
    import json

    from safetensors.numpy import load_file

    loaded, extract = minilm
    assert (loaded.num_layers, loaded.num_heads, loaded.architecture) == (6, 12, "bert")
    assert loaded.new_head  # a BertModel checkpoint: the classification layer is new
    out = extract(SENTENCE)
    expected = np.stack(
        numpy_bert_attentions(
            load_file(str(MINILM / "model.safetensors")),
            json.loads((MINILM / "config.json").read_text()),
            out.token_ids,
        )
    )
    assert out.attentions.shape == expected.shape == (6, 12, len(out.tokens), len(out.tokens))
    assert np.abs(out.attentions - expected).max() < 1e-5
    assert np.abs(out.attentions.sum(-1) - 1).max() < 1e-6


def test_real_attention_patterns(minilm):
    """What random tiny models cannot show: pretrained heads lean on [SEP]/[CLS] and some are sharp."""
    _, extract = minilm
    out = extract(SENTENCE)
    tokens = out.tokens
    assert tokens[0] == "[CLS]" and tokens[-1] == "[SEP]" and "charming" in tokens
    n = len(tokens)
    special = out.attentions[..., [0, n - 1]].sum(-1).mean(-1)  # (layers, heads): share on [CLS] + [SEP]
    assert special[1:5].mean() > 3 * (2 / n)  # far above what uniform attention would give
    entropy = -(out.attentions * np.log(out.attentions + 1e-12)).sum(-1).mean(-1)
    assert entropy.min() < 0.5 * np.log(n)  # at least one sharply focused head


def test_minilm_has_no_fill_in_head_and_is_refused():
    """The real sentence encoder has no cls.* weights: fill-in refuses it instead of a random head."""
    from attnviz.nlp.errors import NlpError
    from attnviz.nlp.fill_mask import load_masked_lm

    with pytest.raises(NlpError) as caught:
        load_masked_lm(MINILM, "all-MiniLM-L6-v2")
    assert caught.value.code == "no_mlm_head"
