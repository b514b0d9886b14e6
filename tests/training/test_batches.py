"""Training batches grouped by length, evaluation batches sorted by length, and head + tail
truncation: what goes into fit, checked on a real tokenizer."""

from __future__ import annotations

import numpy as np
import pytest

from attnviz.nlp.tokenize import encode_texts
from attnviz.nlp.training.batches import TokenizedSplit, evaluation_batches, training_batches, training_order

LENGTHS = np.array([3, 40, 5, 38, 7, 36, 9, 34, 11, 32, 13, 30, 15, 28, 17, 26] * 8)


def test_an_epoch_uses_every_full_batch_once_in_a_seeded_order():
    order = training_order(LENGTHS, 16, seed=3)
    assert order.shape == (len(LENGTHS) // 16, 16)
    assert sorted(order.ravel().tolist()) == list(range(len(LENGTHS)))
    assert np.array_equal(order, training_order(LENGTHS, 16, seed=3))
    assert not np.array_equal(order, training_order(LENGTHS, 16, seed=3, epoch=1))


def test_grouping_by_length_cuts_the_padding():
    def padded(order):
        return sum(LENGTHS[batch].max() * len(batch) for batch in order)

    grouped = padded(training_order(LENGTHS, 16, seed=0, group_by_length=True))
    random = padded(training_order(LENGTHS, 16, seed=0, group_by_length=False))
    assert grouped < 0.75 * random
    # the batches are still in random order: not sorted by length
    widths = [LENGTHS[b].max() for b in training_order(LENGTHS, 16, seed=0)]
    assert widths != sorted(widths) and widths != sorted(widths, reverse=True)


def test_the_last_incomplete_batch_is_dropped():
    order = training_order(np.arange(1, 40), 16, seed=0)
    assert order.shape == (2, 16)


def split_of(lengths, pad=0):
    ids = [[101] + [7] * (n - 2) + [102] for n in lengths]
    return TokenizedSplit(ids, np.arange(len(lengths)) % 2, [f"text {i}" for i in range(len(lengths))])


def test_training_batches_pad_each_batch_to_its_longest_and_never_end():
    split = split_of(LENGTHS)
    seen = 0
    for features, labels in training_batches(split, 16, pad_id=0, seed=1).take(20):
        ids, mask = features["input_ids"].numpy(), features["attention_mask"].numpy()
        assert ids.shape == mask.shape and ids.shape[0] == 16 and labels.shape == (16,)
        assert mask.sum(1).max() == ids.shape[1]
        assert np.all(ids[mask == 0] == 0) and np.all(ids[mask == 1] != 0)
        seen += 1
    assert seen == 20  # 8 batches per epoch: the data set repeats


def test_rounded_lengths_for_xla():
    for features, _ in training_batches(split_of(LENGTHS), 16, pad_id=0, round_to=16).take(8):
        assert features["input_ids"].shape[1] % 16 == 0


def test_evaluation_batches_cover_every_example_once_in_length_order():
    split = split_of([9, 3, 12, 5, 3, 30, 7])
    data, order = evaluation_batches(split, 3, pad_id=0)
    rows = [(f["input_ids"].numpy(), y.numpy()) for f, y in data]
    assert [len(y) for _, y in rows] == [3, 3, 1]
    assert list(np.concatenate([y for _, y in rows])) == list(split.labels[order])
    assert [r[0].shape[1] for r in rows] == [5, 12, 30]  # 3 3 5 | 7 9 12 | 30


@pytest.fixture(scope="module")
def tokenizer(tiny_model_dir):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(tiny_model_dir("distilbert"))


def test_head_and_tail_keeps_the_end_of_a_long_text(tokenizer):
    text = "good " + "the movie " * 30 + "awful plot"  # words of the tiny tokenizer's vocabulary
    ids = encode_texts(tokenizer, [text], max_length=24, truncation="head_tail")[0]
    tokens = tokenizer.convert_ids_to_tokens(ids)
    assert len(ids) == 24 and tokens[0] == "[CLS]" and tokens[-1] == "[SEP]"
    assert tokens[1] == "good" and tokens[-3:-1] == ["awful", "plot"]
    assert tokens.count("good") == 1 and len(tokens) - 2 == 22  # 5 from the head, 17 from the tail
    head_only = tokenizer.convert_ids_to_tokens(encode_texts(tokenizer, [text], 24, "head")[0])
    assert head_only[1] == "good" and "awful" not in head_only


def test_short_texts_are_the_same_either_way(tokenizer):
    texts = ["a short review", "good"]
    assert encode_texts(tokenizer, texts, 24, "head_tail") == encode_texts(tokenizer, texts, 24, "head")


def test_progress_is_reported_per_chunk(tokenizer):
    calls = []
    encode_texts(tokenizer, ["good film"] * 1100, 16, "head_tail", progress=lambda d, n: calls.append((d, n)))
    assert calls == [(512, 1100), (1024, 1100), (1100, 1100)]


def test_an_unknown_truncation_is_refused(tokenizer):
    with pytest.raises(ValueError):
        encode_texts(tokenizer, ["x"], 16, "middle")
