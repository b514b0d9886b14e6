"""Token ids in, ``tf.data`` batches out: for training (shuffled, grouped by length, endless) and
for evaluation (sorted by length, once).

Each batch is padded to its own longest text, never to ``max_length``. Training batches go one
step further: texts of similar length share a batch ("sortish" batching: shuffle, cut into chunks
of ``GROUP_BATCHES`` batches, sort each chunk by length, cut into batches, shuffle the batches).
Random batches of 16 rt-polarity sentences are padded to 49 tokens on average for 27 real ones;
grouped, to about 29: the same examples in ~40 % less compute (README, "Time to accuracy").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

GROUP_BATCHES = 50  # batches per sorted chunk: long enough to find neighbours, short enough to stay random


@dataclass
class TokenizedSplit:
    """One split, tokenised: ids per example (special tokens included, not padded) and labels."""

    ids: list[list[int]]
    labels: np.ndarray
    texts: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def lengths(self) -> np.ndarray:
        return np.fromiter((len(x) for x in self.ids), dtype=np.int64, count=len(self.ids))


def training_order(
    lengths: np.ndarray, batch_size: int, seed: int, *, group_by_length: bool = True, epoch: int = 0
) -> np.ndarray:
    """The examples of one epoch as a (batches, batch_size) index array; the last, incomplete
    batch is dropped (Keras then sees one batch shape). Same seed and epoch, same order."""
    rng = np.random.default_rng([seed, epoch])
    order = rng.permutation(len(lengths))
    if group_by_length:
        chunk = batch_size * GROUP_BATCHES
        parts = [order[s : s + chunk] for s in range(0, len(order), chunk)]
        order = np.concatenate([p[np.argsort(lengths[p], kind="stable")] for p in parts]) if parts else order
    usable = len(order) // batch_size * batch_size
    batches = order[:usable].reshape(-1, batch_size)
    return batches[rng.permutation(len(batches))] if group_by_length else batches


def training_batches(
    split: TokenizedSplit,
    batch_size: int,
    pad_id: int,
    *,
    seed: int = 0,
    group_by_length: bool = True,
    round_to: int = 1,
):
    """An endless ``tf.data.Dataset`` of ``({"input_ids", "attention_mask"}, labels)``, reshuffled
    every epoch. Batches hold exactly ``batch_size`` examples; their padded length is a multiple
    of ``round_to`` (XLA compiles once per shape: fewer shapes, fewer compilations)."""
    import tensorflow as tf

    rows, labels = _ragged(split)
    lengths = split.lengths

    def index_batches():
        epoch = 0
        while True:
            yield from training_order(lengths, batch_size, seed, group_by_length=group_by_length, epoch=epoch)
            epoch += 1

    indices = tf.data.Dataset.from_generator(
        index_batches, output_signature=tf.TensorSpec([batch_size], tf.int64)
    )
    return indices.map(lambda idx: _padded(rows, labels, idx, pad_id, round_to)).prefetch(2)


def evaluation_batches(split: TokenizedSplit, batch_size: int, pad_id: int):
    """``(dataset, order)``: batches of the split sorted by length (little padding), and the
    example index of each row they yield, in that order."""
    import tensorflow as tf

    rows, labels = _ragged(split)
    order = np.argsort(split.lengths, kind="stable")
    batches = [order[s : s + batch_size] for s in range(0, len(order), batch_size)]
    indices = tf.data.Dataset.from_generator(
        lambda: iter(batches), output_signature=tf.TensorSpec([None], tf.int64)
    )
    return indices.map(lambda idx: _padded(rows, labels, idx, pad_id)).prefetch(2), order


def _ragged(split: TokenizedSplit):
    import tensorflow as tf

    lengths = split.lengths
    flat = np.fromiter((t for row in split.ids for t in row), dtype=np.int32, count=int(lengths.sum()))
    return (
        tf.RaggedTensor.from_row_lengths(tf.constant(flat), tf.constant(lengths)),
        tf.constant(np.asarray(split.labels, np.int64)),
    )


def _padded(rows, labels, idx, pad_id: int, round_to: int = 1):
    import tensorflow as tf

    picked = tf.gather(rows, idx)
    ids = picked.to_tensor(default_value=np.int32(pad_id))
    mask = tf.ones_like(picked, dtype=tf.int32).to_tensor(default_value=0)
    if round_to > 1:
        length = tf.shape(ids)[1]
        extra = [[0, 0], [0, (length + round_to - 1) // round_to * round_to - length]]
        ids, mask = tf.pad(ids, extra, constant_values=pad_id), tf.pad(mask, extra)
    return {"input_ids": ids, "attention_mask": mask}, tf.gather(labels, idx)
