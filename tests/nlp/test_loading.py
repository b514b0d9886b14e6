"""Loading real (tiny) TensorFlow models from every kind of folder, building from scratch, saving."""

import json
import shutil

import numpy as np
import pytest

from attnviz.nlp.errors import NlpError
from attnviz.nlp.loading import build_from_scratch, load_classifier, load_question_answering, save_model
from tests.helpers.tiny_models import TINY_HEADS, TINY_LAYERS, TINY_MAX_LENGTH, save_as_pytorch_safetensors

TEXTS = ["the movie was good", "a boring film , i hated it !"]


def logits(loaded, texts=TEXTS):
    batch = loaded.tokenizer(texts, padding=True, return_tensors="tf")
    return loaded.model(dict(batch), training=False).logits.numpy()


@pytest.mark.parametrize("arch", ["distilbert", "bert", "roberta"])
def test_tensorflow_folder(tiny_dir, arch):
    loaded = load_classifier(tiny_dir(arch))
    assert (loaded.num_layers, loaded.num_heads) == (TINY_LAYERS, TINY_HEADS)
    assert loaded.architecture == arch and loaded.task == "classification"
    assert loaded.label_names == ["neg", "pos"] and not loaded.new_head
    assert loaded.max_length == TINY_MAX_LENGTH
    assert logits(loaded).shape == (2, 2)


@pytest.mark.parametrize("arch", ["distilbert", "roberta"])
def test_pytorch_safetensors_give_the_same_model(tiny_dir, tmp_path, arch):
    """A checkpoint with only PyTorch-format model.safetensors (what transformers 4.57 TF cannot
    read) loads to exactly the model it was written from."""
    original = load_classifier(tiny_dir(arch))
    folder = tmp_path / "pt-only"
    shutil.copytree(tiny_dir(arch), folder, ignore=shutil.ignore_patterns("tf_model.h5"))
    save_as_pytorch_safetensors(original.model, folder / "model.safetensors")
    converted = load_classifier(folder)
    assert not converted.new_head
    np.testing.assert_allclose(logits(converted), logits(original), atol=1e-6)


def test_encoder_only_safetensors_get_a_new_head(tiny_dir):
    # Like all-MiniLM-L6-v2: saved from BertModel, names without the "bert." prefix.
    loaded = load_classifier(tiny_dir("bert", weights="pt-base-safetensors"))
    assert loaded.new_head and loaded.notes


def test_other_number_of_labels_replaces_the_head(tiny_dir):
    loaded = load_classifier(tiny_dir("distilbert"), num_labels=4)
    assert loaded.num_labels == 4 and loaded.new_head
    assert logits(loaded).shape == (2, 4)
    named = load_classifier(tiny_dir("distilbert"), id2label={0: "sad", 1: "joy", 2: "fear"})
    assert named.label_names == ["sad", "joy", "fear"]
    same = load_classifier(tiny_dir("distilbert"), num_labels=2)
    assert not same.new_head


def test_question_answering(tiny_dir):
    loaded = load_question_answering(tiny_dir("distilbert", task="qa"))
    assert loaded.task == "qa" and loaded.num_labels == 0 and loaded.id2label == {}
    batch = loaded.tokenizer("what is it ?", "it is paris .", return_tensors="tf")
    out = loaded.model(dict(batch), training=False)
    assert out.start_logits.shape == out.end_logits.shape == batch["input_ids"].shape


@pytest.mark.parametrize("arch", ["distilbert", "roberta"])
def test_build_from_scratch(tiny_dir, arch):
    overrides = (
        {"n_layers": 1, "n_heads": 2, "dim": 16, "hidden_dim": 20}
        if arch == "distilbert"
        else {"num_hidden_layers": 1, "num_attention_heads": 2, "hidden_size": 16, "intermediate_size": 20}
    )
    loaded = build_from_scratch(arch, tiny_dir(arch), num_labels=3, seed=1, **overrides)
    assert (loaded.num_layers, loaded.num_heads, loaded.num_labels) == (1, 2, 3)
    assert loaded.new_head and loaded.folder is None and loaded.source == f"scratch:{arch}"
    assert loaded.model.config.vocab_size == len(loaded.tokenizer)
    assert logits(loaded).shape == (2, 3)
    again = build_from_scratch(arch, tiny_dir(arch), num_labels=3, seed=1, **overrides)
    np.testing.assert_array_equal(logits(again), logits(loaded))  # the seed fixes the random weights


def test_build_from_scratch_unknown_architecture(tiny_dir):
    with pytest.raises(NlpError) as caught:
        build_from_scratch("gpt9", tiny_dir("bert"), 2)
    assert caught.value.code == "unsupported_architecture"


def test_save_and_load_again(tiny_dir, tmp_path):
    loaded = load_classifier(tiny_dir("bert"), num_labels=3)
    folder = save_model(loaded, tmp_path / "saved")
    assert (folder / "tf_model.h5").is_file() and (folder / "tokenizer_config.json").is_file()
    again = load_classifier(folder)
    assert again.num_labels == 3 and not again.new_head
    np.testing.assert_allclose(logits(again), logits(loaded), atol=1e-6)


def test_a_folder_under_attnviz_home_by_name(tiny_dir, isolated_home):
    shutil.copytree(tiny_dir("distilbert"), isolated_home / "models" / "my-model")
    assert load_classifier("my-model").folder == isolated_home / "models" / "my-model"


def test_weights_of_another_architecture_are_refused(tiny_dir, tmp_path):
    folder = tmp_path / "mixed"
    shutil.copytree(tiny_dir("bert", weights="pt-safetensors"), folder)
    config = json.loads((tiny_dir("roberta") / "config.json").read_text())
    config["vocab_size"] = json.loads((folder / "config.json").read_text())["vocab_size"]
    (folder / "config.json").write_text(json.dumps(config))
    with pytest.raises(NlpError) as caught:
        load_classifier(folder)
    assert caught.value.code == "weights_mismatch"


def test_corrupt_weights_are_one_clear_error(tiny_dir, tmp_path):
    folder = tmp_path / "corrupt"
    shutil.copytree(tiny_dir("distilbert"), folder)
    (folder / "tf_model.h5").write_bytes(b"not an hdf5 file")
    with pytest.raises(NlpError) as caught:
        load_classifier(folder)
    assert caught.value.code == "bad_weights" and str(folder) in str(caught.value)
