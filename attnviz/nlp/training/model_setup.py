"""Everything TensorFlow needs before ``fit``: which layers train, the optimizer and its learning
rate schedule, ``compile`` as the course does it, and the batches.

Batches are padded per batch (never to 512) and, so that ``jit_compile`` compiles a handful of
shapes instead of one per length, the padded length is rounded up to a multiple of ``bucket``.
"""
from __future__ import annotations

import math
import os
import threading

import numpy as np

from attnviz.nlp.training.settings import TrainLayers

_THREADS_LOCK = threading.Lock()
_THREADS_SET: dict[str, int] | None = None


def limit_tf_threads(intra: int | None = None, inter: int | None = None) -> dict[str, int]:
    """Cap TensorFlow's thread pools (process-wide, possible only before TF's runtime starts).

    ``ATTNVIZ_TF_THREADS`` overrides ``intra``. Returns what TF uses now; if the runtime had started
    already (another page ran a model first), the current values are kept and returned."""
    global _THREADS_SET
    import tensorflow as tf

    with _THREADS_LOCK:
        if _THREADS_SET is not None:
            return dict(_THREADS_SET)
        env = os.environ.get("ATTNVIZ_TF_THREADS", "").strip()
        intra = int(env) if env.isdigit() and int(env) > 0 else (intra or default_threads())
        inter = inter or 1
        try:
            tf.config.threading.set_intra_op_parallelism_threads(intra)
            tf.config.threading.set_inter_op_parallelism_threads(inter)
        except RuntimeError:  # the runtime is initialised: too late to change
            pass
        _THREADS_SET = {"intra": tf.config.threading.get_intra_op_parallelism_threads() or (os.cpu_count() or 1),
                        "inter": tf.config.threading.get_inter_op_parallelism_threads() or (os.cpu_count() or 1)}
        return dict(_THREADS_SET)


def default_threads() -> int:
    """Threads for TF's math: all cores (a 2-core server trains at full speed; the OS still shares
    the cores with the pages' own threads, and a page's work is short)."""
    return max(1, os.cpu_count() or 1)


def main_layer(model):
    return getattr(model, model.base_model_prefix)


def encoder_blocks(model) -> list:
    """The transformer blocks, bottom first (DistilBERT ``transformer.layer``, BERT/RoBERTa ``encoder.layer``)."""
    main = main_layer(model)
    stack = getattr(main, "transformer", None) or getattr(main, "encoder", None)
    if stack is None or not hasattr(stack, "layer"):
        raise ValueError(f"cannot find the transformer blocks of {type(model).__name__}")
    return list(stack.layer)


def count_parameters(weights) -> int:
    return int(sum(int(np.prod(w.shape)) for w in weights))


def apply_train_layers(model, spec: TrainLayers) -> tuple[int, int]:
    """Freeze what ``spec`` leaves out; returns (trainable, total) parameter counts.

    Keras 2 skips a frozen layer's children, so the main layer itself stays trainable and its
    embeddings and blocks are frozen one by one. The task head (DistilBERT's pre_classifier and
    classifier, BERT's pooler and classifier, RoBERTa's classification head) always trains."""
    blocks = encoder_blocks(model)
    main = main_layer(model)
    keep = len(blocks) if spec.kind == "all" else (0 if spec.kind == "classifier" else min(spec.top, len(blocks)))
    main.trainable = True
    for layer in main._flatten_layers(include_self=False, recursive=False):
        layer.trainable = True
    if spec.kind != "all":
        main.embeddings.trainable = False
        for block in blocks[: len(blocks) - keep]:
            block.trainable = False
    return count_parameters(model.trainable_weights), count_parameters(model.weights)


def make_schedule(learning_rate: float, total_steps: int, warmup_steps: int):
    """Linear warm-up to ``learning_rate``, then linear decay to 0 at ``total_steps`` (as in
    Hugging Face's ``create_optimizer``)."""
    import tensorflow as tf

    class WarmupLinear(tf.keras.optimizers.schedules.LearningRateSchedule):
        def __init__(self, peak, total, warmup):
            self.peak, self.total, self.warmup = float(peak), max(1, int(total)), max(0, int(warmup))

        def __call__(self, step):
            step = tf.cast(step, tf.float32)
            warm = self.peak * (step + 1.0) / float(max(1, self.warmup))
            decay = self.peak * tf.maximum(0.0, (self.total - step) / float(max(1, self.total - self.warmup)))
            return tf.where(step < self.warmup, warm, decay)

        def get_config(self):
            return {"peak": self.peak, "total": self.total, "warmup": self.warmup}

    return WarmupLinear(learning_rate, total_steps, warmup_steps)


def learning_rate_at(schedule, step: int) -> float:
    return float(schedule(step).numpy())


def compile_model(model, schedule, jit_compile: bool) -> None:
    """The course's ``compile``: Adam, sparse categorical cross-entropy on the logits, accuracy."""
    import tensorflow as tf

    model.compile(
        optimizer=tf.keras.optimizers.Adam(learning_rate=schedule),
        loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=[tf.keras.metrics.SparseCategoricalAccuracy(name="accuracy")],
        jit_compile=bool(jit_compile),
    )


def bucket_length(length: int, bucket: int, max_length: int) -> int:
    return int(min(max_length, max(bucket, math.ceil(length / bucket) * bucket)))


def batches(split, tokenizer, batch_size: int, max_length: int, *, bucket: int = 16, shuffle: bool = False,
            seed: int = 0, repeat: bool = False, drop_remainder: bool = False):
    """``({"input_ids", "attention_mask"}, label)`` batches of a tokenised split, each padded to its
    longest example rounded up to a multiple of ``bucket`` (at most ``max_length``)."""
    import tensorflow as tf

    from attnviz.nlp.tokenize import to_tf_dataset

    data = to_tf_dataset(split, tokenizer, batch_size, max_length=max_length, shuffle=shuffle, seed=seed,
                         drop_remainder=drop_remainder)
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    if bucket > 1:
        def to_bucket(features, labels):
            length = tf.shape(features["input_ids"])[1]
            target = tf.minimum(tf.cast(max_length, tf.int32),
                                tf.maximum(bucket, (length + bucket - 1) // bucket * bucket))
            extra = [[0, 0], [0, target - length]]
            return ({"input_ids": tf.pad(features["input_ids"], extra, constant_values=pad),
                     "attention_mask": tf.pad(features["attention_mask"], extra)}, labels)

        data = data.map(to_bucket)
    if repeat:
        data = data.repeat()
    return data.prefetch(2)
