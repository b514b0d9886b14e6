"""Attention extraction on tiny real models: shapes, exactness, padding, truncation, no retracing."""

import threading

import numpy as np
import pytest

from attnviz.nlp.errors import NlpError
from tests.helpers.tiny_models import TINY_HEADS, TINY_LAYERS, TINY_MAX_LENGTH

TEXT = "the movie was good, really good!"


@pytest.mark.parametrize("arch", ["distilbert", "bert", "roberta"])
def test_matches_the_model_called_directly(tiny_loaded, arch):
    loaded, extract = tiny_loaded(arch)
    out = extract(TEXT)
    batch = loaded.tokenizer(TEXT, return_tensors="tf")
    direct = loaded.model(dict(batch), output_attentions=True, training=False)
    expected = np.stack([a.numpy()[0] for a in direct.attentions])
    assert out.attentions.dtype == np.float32
    assert out.attentions.shape == (TINY_LAYERS, TINY_HEADS, len(out.tokens), len(out.tokens))
    np.testing.assert_allclose(out.attentions, expected, atol=1e-6)
    np.testing.assert_allclose(out.attentions.sum(-1), 1.0, atol=1e-6)
    probabilities = np.exp(direct.logits.numpy()[0]) / np.exp(direct.logits.numpy()[0]).sum()
    np.testing.assert_allclose(out.probabilities, probabilities, atol=1e-6)
    assert out.label == loaded.id2label[out.label_id] and out.label_id == int(np.argmax(probabilities))
    assert out.tokens == loaded.tokenizer.convert_ids_to_tokens(batch["input_ids"][0].numpy().tolist())


def test_tokens_and_words(tiny_loaded):
    _, extract = tiny_loaded("bert")
    out = extract("Hello world, movies!")
    assert out.tokens == ["[CLS]", "hello", "world", ",", "movie", "##s", "!", "[SEP]"]
    assert out.word_ids == [None, 0, 1, 2, 3, 3, 4, None]
    assert out.offsets[4:6] == [(13, 18), (18, 19)]
    assert out.truncated_tokens == 0 and out.num_layers == TINY_LAYERS and out.num_heads == TINY_HEADS


def test_new_lengths_do_not_retrace(tiny_loaded):
    _, extract = tiny_loaded("distilbert")
    for words in (1, 3, 7, 20, 40):
        extract(" ".join(["good"] * words))
    assert extract.tracing_count == 1


def test_batch_equals_one_by_one_and_padding_gets_no_attention(tiny_loaded):
    loaded, extract = tiny_loaded("distilbert")
    texts = ["good", "a boring film with an awful plot , i hated it", "the movie was good"]
    batched = extract.batch(texts)
    for text, out in zip(texts, batched):
        np.testing.assert_allclose(out.attentions, extract(text).attentions, atol=1e-6)
    # Inside the padded batch itself, keys at padding positions get exactly zero weight.
    encoded = loaded.tokenizer(texts, padding=True, return_tensors="np")
    _, attentions = extract._forward(
        encoded["input_ids"].astype(np.int32), encoded["attention_mask"].astype(np.int32)
    )
    attentions = attentions.numpy()
    n = int(encoded["attention_mask"][0].sum())
    assert n < encoded["input_ids"].shape[1]
    assert np.abs(attentions[:, 0, :, :n, n:]).max() < 1e-9


def test_long_text_is_cut_and_says_how_much(tiny_loaded):
    _loaded, extract = tiny_loaded("bert")
    text = " ".join(["good"] * 100)
    out = extract(text)
    assert len(out.tokens) == TINY_MAX_LENGTH and out.tokens[-1] == "[SEP]"
    assert out.truncated_tokens == 102 - TINY_MAX_LENGTH
    np.testing.assert_allclose(out.attentions.sum(-1), 1.0, atol=1e-6)


@pytest.mark.parametrize("arch", ["bert", "distilbert"])
def test_cut_to_a_limit_from_the_tokenizer_alone(tiny_loaded, arch):
    """The heatmap page cuts a long text before the model sees it, so the model runs once."""
    _loaded, extract = tiny_loaded(arch)
    text = " ".join(f"good{i % 7} film" for i in range(400))
    used, total = extract.cut_to(text, 32)
    assert total > 400 and text.startswith(used) and len(used) < len(text)
    out = extract(used)
    assert len(out.tokens) <= 32 and out.truncated_tokens == 0
    short = "a good film"
    assert extract.cut_to(short, 32) == (short, len(extract(short).tokens))


def test_question_answering_pair(tiny_loaded):
    _loaded, extract = tiny_loaded("distilbert", "qa")
    out = extract("what is the capital of france ?", "paris is the capital of france .")
    assert out.label_id == -1 and out.probabilities.size == 0
    first_context = out.sequence_ids.index(1)
    assert out.tokens[first_context] == "paris" and out.tokens[first_context - 1] == "[SEP]"
    assert out.start_logits.shape == out.end_logits.shape == (len(out.tokens),)


def test_bert_pairs_use_segment_ids(tiny_dir):
    from attnviz.nlp.attention import AttentionExtractor
    from attnviz.nlp.loading import load_question_answering

    loaded = load_question_answering(tiny_dir("bert", task="qa"))
    extract = AttentionExtractor(loaded)
    out = extract("what is it ?", "it is paris .")
    batch = loaded.tokenizer("what is it ?", "it is paris .", return_tensors="tf")
    assert "token_type_ids" in batch
    direct = loaded.model(dict(batch), output_attentions=True, training=False)
    np.testing.assert_allclose(out.start_logits, direct.start_logits.numpy()[0], atol=1e-5)


def test_empty_text_is_refused(tiny_loaded):
    _, extract = tiny_loaded("distilbert")
    with pytest.raises(NlpError) as caught:
        extract("   ")
    assert caught.value.code == "empty_text"


def test_shared_by_many_threads(tiny_loaded):
    _, extract = tiny_loaded("distilbert")
    texts = [" ".join(["good", "bad", "movie"][: 1 + i % 3] * (1 + i)) for i in range(8)]
    expected = [extract(t).attentions for t in texts]
    results, errors = {}, []

    def work(i):
        try:
            results[i] = extract(texts[i]).attentions
        except Exception as error:  # noqa: BLE001  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    for i, attention in results.items():
        np.testing.assert_allclose(attention, expected[i], atol=1e-6)


def test_json_form(tiny_loaded):
    _, extract = tiny_loaded("distilbert")
    out = extract(TEXT)
    data = out.to_json_dict()
    assert set(data) >= {"tokens", "attentions", "label", "label_id", "probabilities"}
    assert np.array_equal(np.asarray(data["attentions"], np.float32), out.attentions)  # exact float32 values


def test_a_bert_tokenizer_can_serve_a_distilbert_model(tiny_dir):
    from attnviz.nlp.attention import AttentionExtractor
    from attnviz.nlp.loading import build_from_scratch

    loaded = build_from_scratch(
        "distilbert", tiny_dir("bert"), 2, seed=0, n_layers=1, n_heads=2, dim=8, hidden_dim=8
    )
    out = AttentionExtractor(loaded)("good movie")
    assert out.tokens == ["[CLS]", "good", "movie", "[SEP]"] and out.attentions.shape == (1, 2, 4, 4)
