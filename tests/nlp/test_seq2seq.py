"""Pretrained-translator code paths on tiny random Marian and T5 models with real sentencepiece
tokenizers, saved in the Hub's layout: loading (TF h5, PyTorch-format safetensors), greedy
translation agreeing with the teacher-forced forward pass, the three attentions, the Hub download
by catalog name, and the refusals (not a translator, no usable weights, over the memory budget)."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from attnviz.nlp import hub, seq2seq
from attnviz.nlp.errors import NlpError
from tests.nlp.standin_hub import StandinHub

SOURCE = "el gato come pescado en la casa"


@pytest.fixture(scope="module")
def translator_dirs(tmp_path_factory):
    from tests.helpers.tiny_models import make_tiny_translator_dir

    root = tmp_path_factory.mktemp("tiny-translators")
    return {
        (arch, weights): make_tiny_translator_dir(root, arch, weights)
        for arch in ("marian", "t5")
        for weights in ("h5", "pt-safetensors")
    }


@pytest.mark.parametrize("arch", ["marian", "t5"])
def test_greedy_translation_and_the_three_attentions(translator_dirs, arch):
    folder = translator_dirs[(arch, "h5")]
    translator = seq2seq.load_translator(folder, folder.name)
    assert translator.architecture == arch and translator.scaled == (arch == "marian")
    assert (translator.layers, translator.heads) == (2, 4)
    ids = seq2seq.greedy_ids(translator, SOURCE, max_new_tokens=8)
    assert 1 <= len(ids) <= 8 and ids[-1] == translator.model.config.eos_token_id
    seen = seq2seq.forward(translator, SOURCE, ids)
    src, tgt = len(seen.source_tokens), len(seen.target_tokens)
    assert seen.source_tokens[-1] == "</s>" and tgt == len(ids) == len(seen.output_tokens)
    assert seen.cross.shape == (2, 4, tgt, src)
    assert seen.decoder_self.shape == (2, 4, tgt, tgt) and seen.encoder_self.shape == (2, 4, src, src)
    for stack in (seen.cross, seen.decoder_self, seen.encoder_self):
        assert np.allclose(stack.sum(axis=-1), 1, atol=1e-5)
    assert np.allclose(np.triu(seen.decoder_self, 1), 0)  # causal: nothing not yet written
    # The teacher-forced pass is the decoder generate() ran: each written piece (but the end,
    # forced when the length runs out) is the most likely one of its step.
    assert np.argmax(seen.logits, axis=-1)[:-1].tolist() == ids[:-1]
    choices = seq2seq.step_choices(seen, translator.tokenizer)
    assert choices[0][0][0] == seen.output_tokens[0] or len(ids) == 1
    assert isinstance(seq2seq.output_text(translator, ids), str)


@pytest.mark.parametrize("arch", ["marian", "t5"])
def test_pytorch_safetensors_give_the_same_model_as_h5(translator_dirs, arch):
    h5 = seq2seq.load_translator(translator_dirs[(arch, "h5")], "h5")
    pt_folder = translator_dirs[(arch, "pt-safetensors")]
    assert not (pt_folder / "tf_model.h5").exists()
    pt = seq2seq.load_translator(pt_folder, "pt")
    ids = seq2seq.greedy_ids(h5, SOURCE, max_new_tokens=6)
    a, b = seq2seq.forward(h5, SOURCE, ids), seq2seq.forward(pt, SOURCE, ids)
    assert np.allclose(a.logits, b.logits, atol=1e-4) and np.allclose(a.cross, b.cross, atol=1e-5)


def test_t5_gets_its_prefix_from_the_catalog(translator_dirs, tmp_path):
    folder = shutil.copytree(translator_dirs[("t5", "h5")], tmp_path / "t5-small")
    translator = seq2seq.load_translator(folder, "t5-small")
    assert translator.prefix == "translate English to German: "
    seen = seq2seq.forward(translator, "hello world", [translator.model.config.eos_token_id])
    tokenizer = translator.tokenizer
    with_prefix = tokenizer("translate English to German: hello world")["input_ids"]
    assert seen.source_tokens == tokenizer.convert_ids_to_tokens(with_prefix)
    assert len(seen.source_tokens) > len(tokenizer("hello world")["input_ids"])


def test_a_classifier_is_not_a_translator(tiny_dir):
    with pytest.raises(NlpError) as caught:
        seq2seq.load_translator(tiny_dir("bert"), "tiny-bert")
    assert caught.value.code == "not_a_translator" and caught.value.details["architecture"] == "bert"


def test_pickles_are_never_read(translator_dirs, tmp_path):
    """A folder or Hub repository with only pytorch_model.bin is refused with a sentence."""
    from attnviz.nlp.loading import resolve_model_folder

    folder = tmp_path / "only-bin"
    folder.mkdir()
    shutil.copy(translator_dirs[("marian", "h5")] / "config.json", folder)
    (folder / "pytorch_model.bin").write_bytes(b"not read")
    with pytest.raises(NlpError) as caught:
        resolve_model_folder(str(folder))
    assert caught.value.code == "not_a_model"
    with pytest.raises(NlpError) as caught:
        hub._choose_weights("org/only-bin", {"config.json": 10, "pytorch_model.bin": 8})
    assert caught.value.code == "no_weights"


def test_a_catalog_translator_downloads_with_its_sentencepiece_files(translator_dirs, monkeypatch):
    import huggingface_hub.constants

    with StandinHub() as server:
        server.add_model("Helsinki-NLP/opus-mt-es-en", translator_dirs[("marian", "h5")])
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
        folder = hub.download_model("opus-mt-es-en")
    assert folder.name == "opus-mt-es-en"
    assert {"source.spm", "target.spm", "vocab.json", "tf_model.h5"} <= {p.name for p in folder.iterdir()}
    assert seq2seq.fetched_or_local("opus-mt-es-en") == folder
    translator = seq2seq.load_translator(folder, "opus-mt-es-en")
    assert seq2seq.greedy_ids(translator, SOURCE, max_new_tokens=4)


@pytest.mark.parametrize("arch", ["marian", "t5"])
def test_a_cross_attention_head_from_its_own_q_k_v_equals_the_model(translator_dirs, arch):
    translator = seq2seq.load_translator(translator_dirs[(arch, "h5")], arch)
    ids = seq2seq.greedy_ids(translator, SOURCE, max_new_tokens=6)
    source_length = len(translator.tokenizer(SOURCE)["input_ids"])
    for layer in range(translator.layers):
        for head in range(translator.heads):
            vectors = seq2seq.cross_head_vectors(translator, SOURCE, ids, layer, head)
            assert vectors.q.shape == (len(ids), 8) and vectors.k.shape == vectors.v.shape == (
                source_length,
                8,
            )
            assert np.abs(vectors.weights - vectors.model_weights).max() < 1e-5
    assert vectors.scaled == (arch == "marian")  # T5 does not divide by sqrt(d_k)
    other = seq2seq.cross_head_vectors(translator, SOURCE, ids, 1, 0)
    assert np.abs(other.weights - vectors.model_weights).max() > 1e-3  # a wrong head does not match
    attention = seq2seq._cross_attention_layer(translator.model, 1)[0]
    assert "call" not in vars(attention)  # the capture left the layer as it was
    with pytest.raises(NlpError):
        seq2seq.cross_head_vectors(translator, SOURCE, ids, translator.layers, 0)
