"""Tokenisation with a chosen maximum length and per-batch (dynamic) padding, ready for Keras fit."""

import numpy as np
import pytest

from attnviz.nlp.data import SplitSizes, load_upload
from attnviz.nlp.tokenize import length_stats, to_tf_dataset, tokenize_dataset

SHORT, LONG = "good", " ".join(["a boring film with an awful plot"] * 6)


@pytest.fixture(scope="module")
def data():
    rows = "text,label\n" + "".join(
        f"{SHORT if i % 4 else LONG},{'pos' if i % 2 else 'neg'}\n" for i in range(24)
    )
    return load_upload(rows.encode(), "reviews.csv", sizes=SplitSizes(validation=4, test=4), seed=0)


def test_tokenize_truncates_without_padding(tiny_loaded, data):
    loaded, _ = tiny_loaded("distilbert")
    tokenized = tokenize_dataset(data, loaded.tokenizer, max_length=16)
    lengths = {len(ids) for ids in tokenized["train"]["input_ids"]}
    assert max(lengths) == 16 and min(lengths) == 3  # [CLS] good [SEP], and cut long reviews
    assert tokenized["train"]["label"] == data["train"]["label"]


def test_batches_are_padded_to_their_own_longest(tiny_loaded, data):
    loaded, _ = tiny_loaded("distilbert")
    tokenized = tokenize_dataset(data, loaded.tokenizer, max_length=16)
    widths = []
    for features, labels in to_tf_dataset(tokenized["train"], loaded.tokenizer, batch_size=2):
        ids, mask = features["input_ids"].numpy(), features["attention_mask"].numpy()
        widths.append(ids.shape[1])
        assert ids.shape == mask.shape and labels.shape == (ids.shape[0],)
        assert mask.sum(1).max() == ids.shape[1]  # the longest example fills the batch
        assert np.all(ids[mask == 0] == loaded.tokenizer.pad_token_id)
    assert set(widths) == {3, 16}  # short-only batches stay short


def test_text_split_tokenised_on_the_fly_and_shuffled_reproducibly(tiny_loaded, data):
    loaded, _ = tiny_loaded("bert")
    first = [
        b[1].numpy().tolist()
        for b in to_tf_dataset(data["train"], loaded.tokenizer, 4, max_length=8, shuffle=True, seed=1)
    ]
    again = [
        b[1].numpy().tolist()
        for b in to_tf_dataset(data["train"], loaded.tokenizer, 4, max_length=8, shuffle=True, seed=1)
    ]
    assert first == again and sum(len(b) for b in first) == data["train"].num_rows


def test_keras_fit_takes_the_batches(tiny_dir, data):
    import tensorflow as tf

    from attnviz.nlp.loading import load_classifier

    loaded = load_classifier(tiny_dir("distilbert"))  # its own copy: training changes the weights
    loaded.model.compile(
        optimizer=tf.keras.optimizers.Adam(1e-3),
        loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    batches = to_tf_dataset(data["train"], loaded.tokenizer, 4, max_length=16, shuffle=True)
    history = loaded.model.fit(batches, epochs=1, steps_per_epoch=2, verbose=0)
    assert np.isfinite(history.history["loss"][0])


def test_length_stats(tiny_loaded):
    loaded, _ = tiny_loaded("distilbert")
    stats = length_stats(loaded.tokenizer, [SHORT, LONG])
    assert (
        stats["count"] == 2 and stats["max"] > 16 and stats["median"] == pytest.approx((3 + stats["max"]) / 2)
    )
