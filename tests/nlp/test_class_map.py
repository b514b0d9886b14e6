"""Placing a data set's examples: only data and models already on the server (inside
ATTNVIZ_HOME on a public one), [CLS] vectors computed once and kept on disk, a separation score."""

import numpy as np
import pytest

from attnviz.nlp import class_map
from attnviz.nlp.inside import cls_vectors, layer_states
from attnviz.nlp.paths import attnviz_home
from tests.helpers.shared_data import MINILM, SHARED

RT_POLARITY = SHARED / "data" / "rt-polarity"


def test_data_on_disk_never_a_download_nor_another_machines_path(tmp_path, isolated_home):
    outside = tmp_path / "elsewhere.csv"
    outside.write_text("text,label\na,pos\n")
    inside = attnviz_home() / "mine.csv"
    inside.write_text("text,label\na,pos\n")
    assert class_map.data_on_disk("upload:reviews.csv", restricted=False) is None
    assert class_map.data_on_disk("/no/such/file.csv", restricted=False) is None
    assert class_map.data_on_disk("imdb", restricted=False) is None  # never fetched here
    assert class_map.data_on_disk(str(outside), restricted=False) == str(outside)
    assert class_map.data_on_disk(str(outside), restricted=True) is None
    assert class_map.data_on_disk(str(inside), restricted=True) == str(inside)
    assert class_map.data_on_disk(str(attnviz_home() / ".." / "x.csv"), restricted=True) is None


def test_model_on_disk_restricted_to_the_data_folder(tiny_dir, isolated_home):
    folder = tiny_dir("distilbert")
    assert class_map.model_on_disk(str(folder), restricted=False) == folder
    assert class_map.model_on_disk(str(folder), restricted=True) is None
    assert class_map.model_on_disk("nobody/nothing", restricted=False) is None


def test_vectors_are_computed_once_and_a_damaged_file_again(tmp_path):
    calls = []

    def compute():
        calls.append(1)
        return np.arange(6, dtype=np.float32).reshape(3, 2)

    first = class_map.vectors(tmp_path, "k1", compute)
    second = class_map.vectors(tmp_path, "k1", compute)
    assert len(calls) == 1 and np.array_equal(first, second)
    (tmp_path / "k1.npy").write_bytes(b"not numpy")
    again = class_map.vectors(tmp_path, "k1", compute)
    assert len(calls) == 2 and np.array_equal(again, first)
    assert not list(tmp_path.glob("*.tmp"))


def test_the_key_changes_with_the_texts_and_the_weights(tiny_dir):
    folder = tiny_dir("bert")
    a = class_map.cache_key(folder, ["one", "two"])
    assert a == class_map.cache_key(folder, ["one", "two"])
    assert a != class_map.cache_key(folder, ["one", "three"])
    assert a != class_map.cache_key(tiny_dir("distilbert"), ["one", "two"])


def test_centroid_accuracy_from_chance_to_apart():
    rng = np.random.default_rng(0)
    labels = np.array([0] * 50 + [1] * 50)
    mixed = rng.normal(size=(100, 8))
    apart = mixed + labels[:, None] * 20
    assert class_map.centroid_accuracy(apart, labels) == 1.0
    assert 0.3 < class_map.centroid_accuracy(mixed, labels) < 0.8


@pytest.mark.parametrize("arch", ["distilbert", "bert"])
def test_cls_vectors_are_the_last_layers_first_token(tiny_loaded, arch):
    loaded, _ = tiny_loaded(arch)
    texts = ["the movie was good", "an awful film , really awful", "ok"]
    seen = []
    vectors = cls_vectors(
        loaded, texts, batch_size=2, progress=lambda done, total: seen.append((done, total))
    )
    assert vectors.shape == (3, loaded.model.config.hidden_size)
    assert seen == [(2, 3), (3, 3)]
    for text, vector in zip(texts, vectors):  # padding in a batch changes nothing
        alone = layer_states(loaded, text).hidden[-1, 0]
        assert np.allclose(vector, alone, atol=1e-4)


@pytest.mark.slow
@pytest.mark.skipif(not (MINILM / "model.safetensors").is_file(), reason="../shared's MiniLM absent")
@pytest.mark.skipif(not RT_POLARITY.is_dir(), reason="../shared's rt-polarity absent")
def test_real_sentences_on_the_real_checkpoint_lean_apart():
    """MiniLM (a sentence-similarity model) already places positive and negative reviews apart
    better than chance before any fine-tuning."""
    from attnviz.nlp.data import load_data
    from attnviz.nlp.loading import load_classifier
    from attnviz.nlp.splits import SplitSizes

    data = load_data(RT_POLARITY, sizes=SplitSizes(train=8, validation=120, test=8), seed=0)["validation"]
    loaded = load_classifier(MINILM)
    points = cls_vectors(loaded, list(data["text"]), max_length=class_map.MAX_TOKENS)
    assert points.shape == (120, 384)
    assert class_map.centroid_accuracy(points, np.asarray(data["label"])) > 0.6
